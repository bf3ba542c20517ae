/**
 * "Why?" answers about single records: where a record went and the numbers behind it (the key,
 * its murmur2 hash, toPositive, the modulo), its life so far (written, replicated, acknowledged,
 * written twice, cut off, deleted), and how far each consumer group has got with it.
 */
import { formatMs } from './kernel/formatMs';
import type { Consumer } from './model/kafka/consumer';
import { ASSIGNOR_NAMES, type GroupEvent } from './model/kafka/consumerGroup';
import type { RangeNote } from './model/kafka/groupLedger';
import { GROUP_STATE_NAMES } from './model/kafka/groupStates';
import { explainKeyPartition, type KeyPartitionExplanation } from './model/kafka/partitioner';
import type { ConsumerGroup } from './model/kafka/consumerGroup';
import type { PartitionLog, SegmentView } from './model/kafka/partitionLog';
import { recordAt, type Topic, type Truncation } from './model/kafka/topic';
import type { Producer } from './model/producer';
import { BY_EXPLICIT, BY_KEY, type Simulation } from './simulation';

export type RecordInfo = {
  msgId: number;
  producer: string;
  topicNodeId: string;
  topic: string;
  partition: number;
  offset: number;
  producedAtMs: number;
  bytes: number;
  key: string | null;
  /** The value of a scripted message; null for a tombstone. */
  body?: string | null;
  /** A tombstone: a record with a null value (in a compacted topic it deletes its key). */
  tombstone: boolean;
  /** Still in the partition's log; false once retention deleted it, the cleaner removed it, or a leader change cut it off. */
  inLog: boolean;
  /** Why it is no longer in the log, when it is not. */
  gone: 'retention' | 'compacted' | 'truncated' | null;
  headers?: Record<string, string | number | boolean | null>;
  by: 'key' | 'sticky' | 'explicit';
  /** The key partitioner's numbers, when the record has a key and no explicit partition. */
  keyHash?: KeyPartitionExplanation;
  /** The answer to "why this partition?", step by step. */
  explanation: string[];
  /** The record's life so far, in order: sent, written, replicated, acknowledged, gone. */
  lifecycle: { atMs: number | null; text: string; tone?: 'warn' | 'bad' }[];
  groups: {
    nodeId: string;
    groupId: string;
    /** The group's committed offset on this partition (the next offset it will read), or null. */
    committedOffset: number | null;
    /** The group has committed past this record. */
    committed: boolean;
    /** The member that owns the partition now, if any. */
    owner: string | null;
    /** The owner has fetched this record (its position is past it). */
    fetched: boolean;
    /** How often the group processed it: 0, 1, 2 (= more than once); 'lost' or 'skipped' when it never will. */
    processed: 0 | 1 | 2 | 'lost' | 'skipped';
    /** Why it was processed twice, or never (which crash, which commit). */
    note: string | null;
  }[];
};

/** A consumer group as its inspector shows it. */
export type GroupInfo = {
  nodeId: string;
  groupId: string;
  state: string;
  generation: number;
  assignor: string;
  protocol: 'eager' | 'cooperative';
  /** The current assignment's reasoning, step by step. */
  explanation: string[];
  /** Rebalances, crashes, removals and resets, oldest first (the last 200). */
  history: GroupEvent[];
  duplicates: number;
  lost: number;
  replayed: number;
  skipped: number;
  /** Ranges of records processed twice, and ranges never processed, each with its cause (the last 500 each). */
  duplicateNotes: {
    topic: string;
    partition: number;
    fromOffset: number;
    toOffset: number;
    atMs: number;
    text: string;
  }[];
  lossNotes: { topic: string; partition: number; fromOffset: number; toOffset: number; atMs: number; text: string }[];
};

export function inspectGroup(sim: Simulation, nodeId: string): GroupInfo | null {
  const group = sim.groups.find((g) => g.nodeId === nodeId);
  if (!group) return null;
  const notes = (list: RangeNote[]) =>
    list.map((n) => ({
      topic: (sim.topics[group.topics[n.topicIndex] as number] as Topic).name,
      partition: n.partition,
      fromOffset: n.fromOffset,
      toOffset: n.toOffset,
      atMs: n.atMs,
      text: n.text,
    }));
  return {
    nodeId,
    groupId: group.groupId,
    state: GROUP_STATE_NAMES[group.state] as string,
    generation: group.generation,
    assignor: ASSIGNOR_NAMES[group.config.assignor],
    protocol: group.cooperative ? 'cooperative' : 'eager',
    explanation: group.explanation.slice(),
    history: group.history.map((e) => ({ ...e })),
    duplicates: group.duplicates,
    lost: group.lost,
    replayed: group.replayed,
    skipped: group.skipped,
    duplicateNotes: notes(group.duplicateNotes),
    lossNotes: notes(group.lossNotes),
  };
}

/** The note whose range covers an offset of a partition, newest first. */
function noteFor(list: readonly RangeNote[], ti: number, partition: number, offset: number): RangeNote | null {
  for (let i = list.length - 1; i >= 0; i--) {
    const n = list[i] as RangeNote;
    if (n.topicIndex === ti && n.partition === partition && offset >= n.fromOffset && offset < n.toOffset) return n;
  }
  return null;
}

export function inspectMessage(sim: Simulation, msgId: number, atOffset?: number): RecordInfo | null {
  const messages = sim.messages;
  if (!Number.isInteger(msgId) || msgId < 0 || msgId >= messages.length) return null;
  const topic = sim.topics[messages.topic[msgId] as number] as Topic;
  const partition = messages.partition[msgId] as number;
  // A record a retry wrote twice has two offsets: the one asked about, else its first.
  const offset = atOffset ?? (messages.offset[msgId] as number);
  const keyId = messages.key[msgId] as number;
  const key = keyId >= 0 ? (sim.keyTable.keys[keyId] as string) : null;
  const byCode = messages.by[msgId] as number;
  const by = byCode === BY_KEY ? 'key' : byCode === BY_EXPLICIT ? 'explicit' : 'sticky';
  const producer = sim.producers[messages.producer[msgId] as number];
  const explanation: string[] = [];
  let keyHash: KeyPartitionExplanation | undefined;
  if (by === 'explicit') {
    explanation.push(`The producer named partition ${partition} explicitly, so the partitioner was not asked.`);
  } else if (by === 'key' && key !== null) {
    keyHash = explainKeyPartition(key, topic.partitions);
    explanation.push(
      `Key "${key}" is serialized as ${keyHash.keyBytes} UTF-8 byte${keyHash.keyBytes === 1 ? '' : 's'}.`,
      `murmur2(bytes) = ${keyHash.murmur2} (Kafka's Utils.murmur2, seed 0x9747b28c).`,
      `toPositive(${keyHash.murmur2}) = ${keyHash.positive} (the sign bit cleared).`,
      `${keyHash.positive} mod ${keyHash.numPartitions} partitions = ${keyHash.partition}.`,
      `Every record with this key goes to partition ${keyHash.partition} while the topic has ${topic.partitions} partitions, so their order is kept.`,
    );
  } else {
    explanation.push(
      'The record has no key, so the producer used the built-in uniform sticky partitioner (KIP-794).',
      `It stays on one partition until batch.size (${producer?.config.batchSizeBytes ?? 16384} bytes) went there and that partition's last batch is full (or twice batch.size regardless), then picks another at random.`,
      `Partition ${partition} was the sticky partition when this record was sent.`,
    );
  }
  const groups = sim.groups
    .map((group) => {
      const ti = group.topics.indexOf(topic.index);
      if (ti < 0) return null;
      const committedOffset = (group.committed[ti] as Float64Array)[partition] as number;
      const ownerSlot = (group.owners[ti] as Int32Array)[partition] as number;
      const owner = ownerSlot >= 0 ? (sim.consumers[ownerSlot] as Consumer) : null;
      let fetched = false;
      if (owner) {
        const k = owner.assignedTopic.findIndex((t, i) => t === ti && owner.assignedPartition[i] === partition);
        fetched = k >= 0 && (owner.positions[k] as number) > offset;
      }
      const count = group.processedCount(msgId);
      const processed = count === -1 ? ('lost' as const) : count === -2 ? ('skipped' as const) : (count as 0 | 1 | 2);
      const note =
        processed === 2
          ? noteFor(group.duplicateNotes, ti, partition, offset)
          : processed === 'lost' || processed === 'skipped'
            ? noteFor(group.lossNotes, ti, partition, offset)
            : null;
      return {
        nodeId: group.nodeId,
        groupId: group.groupId,
        committedOffset: committedOffset >= 0 ? committedOffset : null,
        committed: committedOffset > offset,
        owner: owner ? `${owner.label} (${owner.memberId})` : null,
        fetched,
        processed,
        note: note ? note.text : processed === 2 ? 'It was processed again: an offset reset went back over it.' : null,
      };
    })
    .filter((g): g is NonNullable<typeof g> => g !== null);
  const scripted = sim.scripted.get(msgId);
  const inLog = recordAt(topic, partition, offset) === msgId;
  return {
    msgId,
    producer: producer?.nodeId ?? '',
    topicNodeId: topic.nodeId,
    topic: topic.name,
    partition,
    offset,
    producedAtMs: messages.producedAt[msgId] as number,
    bytes: messages.bytes[msgId] as number,
    key,
    ...(scripted ? scripted : {}),
    tombstone: messages.tombstone[msgId] === 1,
    inLog,
    gone:
      inLog || (messages.appendedAt[msgId] as number) < 0
        ? null
        : messages.copies[msgId] === 0
          ? 'truncated'
          : offset < (topic.logs[partition] as PartitionLog).logStartOffset
            ? 'retention'
            : 'compacted',
    by,
    ...(keyHash ? { keyHash } : {}),
    explanation,
    lifecycle: lifecycleOf(sim, msgId, topic, offset, inLog),
    groups,
  };
}

/** A record's life so far, from what the simulation keeps about it (the CLI trace has every step). */
function lifecycleOf(
  sim: Simulation,
  msgId: number,
  topic: Topic,
  offset: number,
  inLog: boolean,
): RecordInfo['lifecycle'] {
  const messages = sim.messages;
  const partition = messages.partition[msgId] as number;
  const producer = sim.producers[messages.producer[msgId] as number] as Producer;
  const sentAt = messages.producedAt[msgId] as number;
  const appendedAt = messages.appendedAt[msgId] as number;
  const firstOffset = messages.offset[msgId] as number;
  const acks = producer.config.acks;
  const steps: RecordInfo['lifecycle'] = [
    {
      atMs: sentAt,
      text: `${producer.nodeId} called send(): the record joined a batch for ${topic.name}-${partition}.`,
    },
  ];
  if (appendedAt < 0) {
    steps.push({
      atMs: null,
      text: 'Not written yet: it waits in the producer (lingering, retrying, or for a leader).',
    });
    return steps;
  }
  const waited = appendedAt - sentAt;
  steps.push({
    atMs: appendedAt,
    text: `The leader wrote it at offset ${firstOffset}, ${formatMs(waited)} after send() (its batch lingers up to linger.ms, ${producer.config.lingerMs} ms; any more is the network, requests in flight, retries or a missing leader).`,
  });
  if (offset !== firstOffset)
    steps.push({
      atMs: null,
      text: `Offset ${offset} is a second copy: the producer sent its batch again after the first answer was lost, and without idempotence the leader wrote it again.`,
      tone: 'warn',
    });
  const copies = messages.copies[msgId] as number;
  if (copies === 0) {
    steps.push({
      atMs: null,
      text:
        messages.acked[msgId] === 1
          ? `A leader change cut it off every replica after it had been acknowledged (acks=${acks}): the write is lost.`
          : 'A leader change cut it off every replica before it was acknowledged.',
      tone: messages.acked[msgId] === 1 ? 'bad' : 'warn',
    });
    return steps;
  }
  const hw = topic.highWatermarks[partition] as number;
  if (topic.replicated)
    steps.push(
      offset < hw
        ? { atMs: null, text: `Every in-sync replica has it (below the high watermark, ${hw}): consumers may read it.` }
        : {
            atMs: null,
            text: `Not on every in-sync replica yet (the high watermark is ${hw}): consumers cannot read it.`,
            tone: 'warn',
          },
    );
  steps.push(
    messages.acked[msgId] === 1
      ? {
          atMs: null,
          text:
            acks === '0'
              ? 'acks=0: the producer counted it as sent once it left, without an answer.'
              : `The producer got its acknowledgement (acks=${acks}${acks === 'all' ? ': once every in-sync replica had it' : ': once the leader had written it'}).`,
        }
      : { atMs: null, text: `No acknowledgement yet (acks=${acks}).`, tone: 'warn' },
  );
  if (!inLog) {
    const log = topic.logs[partition] as PartitionLog;
    steps.push({
      atMs: null,
      text:
        offset < log.logStartOffset
          ? `Gone: retention deleted its segment (the log now starts at ${log.logStartOffset}).`
          : 'Gone: the log cleaner removed it (a later record has its key).',
    });
  }
  return steps;
}

export function inspectRecord(
  sim: Simulation,
  topicNodeId: string,
  partition: number,
  offset: number,
): RecordInfo | null {
  const topic = sim.topics.find((t) => t.nodeId === topicNodeId);
  if (!topic) return null;
  const msgId = recordAt(topic, partition, offset);
  return msgId < 0 ? null : inspectMessage(sim, msgId, offset);
}

/** A topic's logs as the topic inspector shows them. */
export type TopicInfo = {
  nodeId: string;
  name: string;
  cleanupPolicy: string;
  deletedByRetention: number;
  compactedAway: number;
  partitions: {
    partition: number;
    logStartOffset: number;
    logEndOffset: number;
    records: number;
    sizeBytes: number;
    /** Oldest first; at most the last 24. */
    segments: SegmentView[];
    /** Segments before the shown ones. */
    olderSegments: number;
    highWatermark: number;
    /** The last OFFSET_WINDOW offsets as cells: `present[i]` is offset `fromOffset + i` still in the log. */
    cells: { fromOffset: number; present: boolean[] };
    /** With broker nodes: each replica's log end offset and whether it is in sync; the leader first. */
    replicas: { broker: number; logEndOffset: number; inSync: boolean; leader: boolean; alive: boolean }[];
    /** Each reading group's committed offset (−1: none). */
    committed: { groupId: string; offset: number }[];
    /** Partition changes: elections, ISR shrinks and expansions, truncations (newest last). */
    history: { atMs: number; text: string }[];
    /** The last leader changes that cut the log, with the records they removed (oldest first). */
    truncations: Truncation[];
    /** The last cleaner pass that removed records: the log before and after it. */
    lastClean: {
      atMs: number;
      removed: number;
      tombstonesRemoved: number;
      bytesBefore: number;
      bytesAfter: number;
      segmentsBefore: SegmentView[];
      segmentsAfter: SegmentView[];
    } | null;
  }[];
};

const SEGMENTS_SHOWN = 24;
/** Offsets shown as cells in the partition view. */
export const OFFSET_WINDOW = 48;

export function inspectTopic(sim: Simulation, nodeId: string): TopicInfo | null {
  const topic = sim.topics.find((t) => t.nodeId === nodeId);
  if (!topic) return null;
  return {
    nodeId,
    name: topic.name,
    cleanupPolicy: topic.config.cleanupPolicy,
    deletedByRetention: topic.deletedByRetention,
    compactedAway: topic.compactedAway,
    partitions: topic.logs.map((log, p) => {
      const segments = log.segments();
      const clean = topic.lastClean[p];
      const fromOffset = Math.max(0, log.logEndOffset - OFFSET_WINDOW);
      const present: boolean[] = [];
      for (let o = fromOffset; o < log.logEndOffset; o++) present.push(recordAt(topic, p, o) >= 0);
      const rp = sim.cluster?.partitionOf(topic, p);
      const replicas = rp
        ? rp.state.replicas
            .map((broker, k) => ({
              broker,
              logEndOffset: rp.leo[k] as number,
              inSync: rp.state.isr.includes(broker),
              leader: rp.state.leader === broker,
              alive: sim.cluster?.brokerById(broker)?.alive ?? false,
            }))
            .sort((a, b) => Number(b.leader) - Number(a.leader))
        : [];
      const committed = topic.groups.map((g, k) => {
        const group = sim.groups[g] as ConsumerGroup;
        const ti = topic.groupTopicIndex[k] as number;
        return { groupId: group.groupId, offset: (group.committed[ti] as Float64Array)[p] as number };
      });
      return {
        highWatermark: topic.highWatermarks[p] as number,
        cells: { fromOffset, present },
        replicas,
        committed,
        history: rp ? rp.history.slice() : [],
        truncations: (topic.truncations[p] ?? []).map((t) => ({ ...t, records: t.records.map((r) => ({ ...r })) })),
        partition: p,
        logStartOffset: log.logStartOffset,
        logEndOffset: log.logEndOffset,
        records: log.length,
        sizeBytes: log.sizeBytes,
        segments: segments.slice(-SEGMENTS_SHOWN),
        olderSegments: Math.max(0, segments.length - SEGMENTS_SHOWN),
        lastClean: clean
          ? {
              atMs: clean.atMs,
              removed: clean.result.removedMsgIds.length,
              tombstonesRemoved: clean.result.tombstonesRemoved,
              bytesBefore: clean.result.bytesBefore,
              bytesAfter: clean.result.bytesAfter,
              segmentsBefore: clean.result.segmentsBefore.slice(-SEGMENTS_SHOWN),
              segmentsAfter: clean.result.segmentsAfter.slice(-SEGMENTS_SHOWN),
            }
          : null,
      };
    }),
  };
}
