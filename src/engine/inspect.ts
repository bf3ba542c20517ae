/**
 * "Why?" answers about single records: where a record went and the numbers behind it (the key,
 * its murmur2 hash, toPositive, the modulo), and how far each consumer group has got with it.
 */
import type { Consumer } from './model/kafka/consumer';
import { explainKeyPartition, type KeyPartitionExplanation } from './model/kafka/partitioner';
import { recordAt, type Topic } from './model/kafka/topic';
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
  body?: string;
  headers?: Record<string, string>;
  by: 'key' | 'sticky' | 'explicit';
  /** The key partitioner's numbers, when the record has a key and no explicit partition. */
  keyHash?: KeyPartitionExplanation;
  /** The answer to "why this partition?", step by step. */
  explanation: string[];
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
  }[];
};

export function inspectMessage(sim: Simulation, msgId: number): RecordInfo | null {
  const messages = sim.messages;
  if (!Number.isInteger(msgId) || msgId < 0 || msgId >= messages.length) return null;
  const topic = sim.topics[messages.topic[msgId] as number] as Topic;
  const partition = messages.partition[msgId] as number;
  const offset = messages.offset[msgId] as number;
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
      `It stays on one partition until batch.size (${producer?.config.batchSizeBytes ?? 16384} bytes) went there, then picks another at random.`,
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
      return {
        nodeId: group.nodeId,
        groupId: group.groupId,
        committedOffset: committedOffset >= 0 ? committedOffset : null,
        committed: committedOffset > offset,
        owner: owner ? `${owner.label} (${owner.memberId})` : null,
        fetched,
      };
    })
    .filter((g): g is NonNullable<typeof g> => g !== null);
  const scripted = sim.scripted.get(msgId);
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
    by,
    ...(keyHash ? { keyHash } : {}),
    explanation,
    groups,
  };
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
  return msgId < 0 ? null : inspectMessage(sim, msgId);
}
