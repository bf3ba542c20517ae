/**
 * The Kafka producer's record accumulator and sender thread, and the partition leader's side of a
 * produce request: records wait in per-partition batches, a batch goes when it is full or has
 * lingered `linger.ms`, every ready partition led by the same broker rides in one request, at most
 * `max.in.flight.requests.per.connection` requests per broker await their answer, retriable errors
 * put the batch back at the front of its queue after an exponential backoff, and an idempotent
 * producer's retried batch is recognised by the leader and not written twice.
 *
 * Sources: apache/kafka @1eb76443 —
 * - clients/.../producer/internals/RecordAccumulator.java: `append` (a record joins the partition's
 *   last batch if it has room, else starts a new one; `allBatchesFull` gates the sticky switch),
 *   `batchReady` (sendable when `full || expired` and not backing off; full = more than one batch
 *   queued or the batch is full; expired = waited ≥ linger.ms, or ≥ the retry backoff for a retry),
 *   `drainBatchesForOneNode` (once a broker is ready, the first batch of *every* partition it leads
 *   goes, lingering or not, up to max.request.size; partitions backing off are skipped; with
 *   max.in.flight = 1 a partition with a batch in flight is muted), `shouldStopDrainBatchesForPartition`
 *   (an idempotent retry waits until it is the first in flight), `reenqueue`, `expiredBatches`
 *   (delivery.timeout.ms counted from the batch's creation).
 * - clients/.../producer/internals/Sender.java: `sendProducerData`, `completeBatch` /
 *   `canRetry` (retriable errors retry until delivery.timeout.ms), acks=0 requests complete on send.
 * - clients/.../producer/internals/ProducerBatch.java: `tryAppend` / `hasRoomFor`, `isFull`.
 * - clients/.../common/record/DefaultRecordBatch.java: RECORD_BATCH_OVERHEAD = 61 bytes.
 * - clients/.../producer/ProducerConfig.java: batch.size 16384, max.in.flight 5, request.timeout.ms
 *   30000, delivery.timeout.ms 120000, max.request.size 1048576; linger.ms 5 since Kafka 4.0
 *   (KIP-1030; 0 before); enable.idempotence true since 3.0, turned off without a word when acks is
 *   not all or more than 5 requests may be in flight (`postProcessAndValidateIdempotenceConfigs`).
 * - core/.../server/ReplicaManager.scala and DelayedProduce.scala: an acks=all request waits at the
 *   leader until the high watermark passes its batches, or answers REQUEST_TIMED_OUT after the
 *   request's timeout; a partition whose leader moved answers NOT_LEADER_OR_FOLLOWER.
 * - storage/.../internals/log/ProducerStateManager.java and ProducerAppendInfo.java: the leader
 *   keeps the last 5 batches (NUM_BATCHES_TO_RETAIN) of each producer id per partition; a batch whose
 *   sequence numbers match one of them is a duplicate, answered with the original offsets and not
 *   appended. The state is rebuilt from the log, so it follows a leader change and a truncation.
 *
 * Simplified, said out loud: the producer learns a new leader at once (no metadata round trip);
 * a broker that is down accepts no connection, so batches for the partitions it leads wait in the
 * accumulator (they expire after delivery.timeout.ms) rather than erroring; a crash breaks the
 * connection, failing its unanswered requests at once with a network error; one network latency
 * (the leader broker's `networkLatencyMs`, 0 for the implicit broker) each way; a record's framing
 * in a batch is a constant 8 bytes (Kafka's varints vary by a few); buffer.memory is unlimited;
 * a sequence gap after a batch expired is not treated as OUT_OF_ORDER_SEQUENCE_NUMBER; no
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND; adaptive partitioning is off (partitioner.ts).
 */
import type { MessageTable } from '../../kernel/messageTable';
import type { RandomStream } from '../../kernel/rng';
import type { TraceSink } from '../../kernel/trace';
import type { Producer } from '../producer';
import { NO_LEADER } from './leaderElection';
import type { Cluster } from './replication';
import type { Topic } from './topic';

export const EV_SENDER_WAKE = 17;
export const EV_PRODUCE_ARRIVE = 18;
export const EV_PRODUCE_RESPONSE = 19;
export const EV_PRODUCE_TIMEOUT = 20;

/** DefaultRecordBatch.RECORD_BATCH_OVERHEAD: a batch's header. */
export const RECORD_BATCH_OVERHEAD = 61;
/** A record's framing inside a batch (length, attributes, deltas, key and value lengths), about 8 bytes. */
export const RECORD_FRAMING_BYTES = 8;
/** ProducerConfig max.request.size. */
const MAX_REQUEST_SIZE = 1_048_576;
/** ProducerStateManager.NUM_BATCHES_TO_RETAIN. */
const BATCHES_TO_RETAIN = 5;
/** The one broker of a scenario without broker nodes: always up, leads everything, no latency. */
export const IMPLICIT_BROKER = -10;

/** A batch of one producer's records for one partition (ProducerBatch). */
export type ProducerBatch = {
  readonly queue: PartitionQueue;
  readonly msgIds: number[];
  /** Estimated size in bytes, header included. */
  bytes: number;
  readonly createdAt: number;
  /** Times it was put back after an error; the time it was, and the backoff drawn then. */
  attempts: number;
  lastAttemptAt: number;
  backoffMs: number;
  /** The idempotent producer's first sequence number, −1 until first sent. */
  baseSequence: number;
};

/** One producer's queue of batches for one partition (a deque of RecordAccumulator). */
export type PartitionQueue = {
  readonly producer: Producer;
  readonly topic: Topic;
  readonly partition: number;
  readonly batches: ProducerBatch[];
  /** Batches of this partition in unanswered requests. */
  inFlight: number;
  nextSequence: number;
};

const FREE = 0;
const IN_TRANSIT = 1;
const AT_LEADER = 2;
const ANSWERING = 3;

type ProduceRequest = {
  readonly slot: number;
  /** Bumped when the slot is reused: events of an earlier request are stale. */
  seq: number;
  state: number;
  producer: Producer;
  broker: number;
  batches: ProducerBatch[];
  /** Per batch: '' while pending, 'ok', or the error. */
  results: string[];
  /** Per batch: the offset range it holds in the log (for the duplicate and ack bookkeeping). */
  firstOffsets: number[];
  waiting: number;
  acks0: boolean;
};

/** An acks=all batch appended at the leader, waiting for the high watermark to pass it. */
type Waiter = { request: ProduceRequest; seq: number; index: number; requiredOffset: number };

/** The leader's memory of one producer's recent batches in one partition. */
type BatchMetadata = { firstSeq: number; firstOffset: number; lastOffset: number };

/** What the sender needs from the simulation. */
export type SenderContext = {
  readonly now: number;
  readonly messages: MessageTable;
  readonly cluster: Cluster | null;
  readonly trace: TraceSink | null;
  readonly retryStream: RandomStream;
  schedule(time: number, kind: number, target: number, arg: number): void;
  /** The leader appends one record; returns its offset. */
  leaderAppend(producer: Producer, topic: Topic, partition: number, msgId: number): number;
  /** A batch was appended: followers fetch, or readers wake. */
  afterBatchAppended(topic: Topic, partition: number): void;
  failRecord(producer: Producer, topic: Topic, msgId: number, reason: string): void;
  /** A retry wrote records the log already had, at [fromOffset, toOffset). */
  onDuplicateAppend(producer: Producer, topic: Topic, partition: number, fromOffset: number, toOffset: number): void;
};

export class Sender {
  private readonly requests: ProduceRequest[] = [];
  private readonly freeSlots: number[] = [];
  /** Per topic index and partition: acks=all batches waiting for the high watermark. */
  private readonly waiters = new Map<number, Waiter[]>();
  /** Per topic index and partition, per producer index: its last batches in the log. */
  private readonly producerStates = new Map<number, Map<number, BatchMetadata[]>>();

  constructor(
    private readonly ctx: SenderContext,
    private readonly producers: readonly Producer[],
  ) {}

  // ——— The accumulator ———

  /** The size a record takes in a batch. */
  static recordSize(recordBytes: number): number {
    return recordBytes + RECORD_FRAMING_BYTES;
  }

  private queueOf(producer: Producer, j: number, topic: Topic, partition: number): PartitionQueue {
    const byPartition = producer.queueByTopic[j] as (PartitionQueue | undefined)[];
    let queue = byPartition[partition];
    if (!queue) {
      queue = { producer, topic, partition, batches: [], inFlight: 0, nextSequence: 0 };
      byPartition[partition] = queue;
      producer.queues.push(queue);
    }
    return queue;
  }

  /** Whether the partition's last batch is full or there is none (RecordAccumulator.allBatchesFull). */
  allBatchesFull(producer: Producer, j: number, partition: number): boolean {
    const queue = (producer.queueByTopic[j] as (PartitionQueue | undefined)[])[partition];
    const last = queue?.batches.at(-1);
    return last === undefined || last.bytes >= producer.config.batchSizeBytes;
  }

  /**
   * RecordAccumulator.append of one record of `recordBytes` (key + value) to the producer's j-th
   * topic; returns the bytes it added to the partition (for the sticky partitioner).
   */
  append(producer: Producer, j: number, topic: Topic, partition: number, msgId: number, recordBytes: number): number {
    const ctx = this.ctx;
    const size = Sender.recordSize(recordBytes);
    const queue = this.queueOf(producer, j, topic, partition);
    producer.sent++;
    if (
      queue.batches.length === 0 &&
      producer.config.lingerMs <= 0 &&
      this.leaderOf(topic, partition) === IMPLICIT_BROKER
    ) {
      // The implicit broker answers at once and nothing waits: a one-record batch goes, is written
      // and acknowledged now, which is what the general path would do, without its bookkeeping.
      producer.requests++;
      producer.batchesSent++;
      ctx.leaderAppend(producer, topic, partition, msgId);
      if (producer.idempotent) queue.nextSequence++;
      ctx.afterBatchAppended(topic, partition);
      this.ack(producer, msgId);
      return RECORD_BATCH_OVERHEAD + size;
    }
    producer.buffered++;
    const batchSize = producer.config.batchSizeBytes;
    const last = queue.batches.at(-1);
    if (last && last.attempts === 0 && last.baseSequence < 0 && last.bytes + size <= batchSize) {
      last.msgIds.push(msgId);
      last.bytes += size;
      if (last.bytes >= batchSize || queue.batches.length > 1) this.runSender(producer);
      return size;
    }
    const batch: ProducerBatch = {
      queue,
      msgIds: [msgId],
      bytes: RECORD_BATCH_OVERHEAD + size,
      createdAt: ctx.now,
      attempts: 0,
      lastAttemptAt: ctx.now,
      backoffMs: 0,
      baseSequence: -1,
    };
    queue.batches.push(batch);
    const linger = producer.config.lingerMs;
    if (linger <= 0 || batch.bytes >= batchSize || queue.batches.length > 1) this.runSender(producer);
    else this.wakeAt(producer, ctx.now + linger);
    return batch.bytes;
  }

  private wakeAt(producer: Producer, time: number): void {
    if (time >= producer.wakeAt) return;
    producer.wakeAt = time;
    this.ctx.schedule(time, EV_SENDER_WAKE, producer.index, ++producer.wakeSeq);
  }

  onWake(producer: Producer, seq: number): void {
    if (seq !== producer.wakeSeq) return;
    producer.wakeAt = Infinity;
    this.runSender(producer);
  }

  /** The broker a partition's batches go to, or NO_LEADER when none takes connections now. */
  private leaderOf(topic: Topic, partition: number): number {
    const cluster = this.ctx.cluster;
    if (!cluster || !topic.replicated) return IMPLICIT_BROKER;
    const rp = cluster.partitionOf(topic, partition);
    if (!rp) return IMPLICIT_BROKER;
    const leader = rp.state.leader;
    return leader !== NO_LEADER && cluster.brokerById(leader)?.alive === true ? leader : NO_LEADER;
  }

  private backingOff(batch: ProducerBatch, now: number): boolean {
    return batch.attempts > 0 && now < batch.lastAttemptAt + batch.backoffMs;
  }

  /** Sender.sendProducerData: expire, find the ready brokers, drain and send. */
  runSender(producer: Producer): void {
    if (producer.inSender) {
      producer.rerunSender = true;
      return;
    }
    producer.inSender = true;
    do {
      producer.rerunSender = false;
      this.sendProducerData(producer);
    } while (producer.rerunSender);
    producer.inSender = false;
  }

  private sendProducerData(producer: Producer): void {
    const now = this.ctx.now;
    const config = producer.config;
    let nextCheck = Infinity;
    let sent = true;
    while (sent) {
      sent = false;
      nextCheck = Infinity;
      const ready: number[] = [];
      for (const queue of producer.queues) {
        this.expire(queue, now);
        const head = queue.batches[0];
        if (!head) continue;
        const leader = this.leaderOf(queue.topic, queue.partition);
        if (leader === NO_LEADER) {
          // No broker to connect to: the batch waits for a leader, or for delivery.timeout.ms.
          nextCheck = Math.min(nextCheck, head.createdAt + config.deliveryTimeoutMs);
          continue;
        }
        if (ready.includes(leader)) continue;
        if (config.maxInFlightRequestsPerConnection === 1 && queue.inFlight > 0) continue;
        // Times are compared as sums (not differences), the way their wake-ups were scheduled.
        const sendableAt = head.lastAttemptAt + (head.attempts > 0 ? head.backoffMs : config.lingerMs);
        const backingOff = head.attempts > 0 && now < sendableAt;
        const full = queue.batches.length > 1 || head.bytes >= config.batchSizeBytes;
        if ((full || now >= sendableAt) && !backingOff) ready.push(leader);
        else nextCheck = Math.min(nextCheck, sendableAt);
      }
      for (const broker of ready) {
        // NetworkClient.canSendMore: at most max.in.flight unanswered requests per connection;
        // an answer runs the sender again.
        if ((producer.inFlightByBroker.get(broker) ?? 0) >= config.maxInFlightRequestsPerConnection) continue;
        const batches = this.drain(producer, broker, now);
        if (batches.length === 0) continue;
        this.send(producer, broker, batches);
        sent = true;
      }
    }
    if (nextCheck < Infinity) this.wakeAt(producer, Math.max(nextCheck, now));
  }

  /** RecordAccumulator.expiredBatches: batches still in the accumulator after delivery.timeout.ms fail. */
  private expire(queue: PartitionQueue, now: number): void {
    const producer = queue.producer;
    const timeout = producer.config.deliveryTimeoutMs;
    while (queue.batches.length > 0 && now >= (queue.batches[0] as ProducerBatch).createdAt + timeout) {
      const batch = queue.batches.shift() as ProducerBatch;
      producer.buffered -= batch.msgIds.length;
      const reason = `Expiring ${batch.msgIds.length} record(s) for ${queue.topic.name}-${queue.partition}:${now - batch.createdAt} ms has passed since batch creation`;
      for (const msgId of batch.msgIds) this.ctx.failRecord(producer, queue.topic, msgId, reason);
    }
  }

  /** RecordAccumulator.drainBatchesForOneNode: the first batch of each partition this broker leads. */
  private drain(producer: Producer, broker: number, now: number): ProducerBatch[] {
    const drained: ProducerBatch[] = [];
    const muteInFlight = producer.config.maxInFlightRequestsPerConnection === 1;
    let size = 0;
    for (const queue of producer.queues) {
      const first = queue.batches[0];
      if (!first || (muteInFlight && queue.inFlight > 0)) continue;
      if (this.leaderOf(queue.topic, queue.partition) !== broker) continue;
      if (this.backingOff(first, now)) continue;
      if (size + first.bytes > MAX_REQUEST_SIZE && drained.length > 0) break;
      // An idempotent retry goes again only as the partition's first batch in flight.
      if (producer.idempotent && first.baseSequence >= 0 && queue.inFlight > 0) break;
      queue.batches.shift();
      drained.push(first);
      size += first.bytes;
    }
    return drained;
  }

  private send(producer: Producer, broker: number, batches: ProducerBatch[]): void {
    const ctx = this.ctx;
    const acks0 = producer.config.acks === '0';
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.requests.length;
      this.requests.push({
        slot,
        seq: 0,
        state: FREE,
        producer,
        broker,
        batches,
        results: [],
        firstOffsets: [],
        waiting: 0,
        acks0,
      });
    }
    const request = this.requests[slot] as ProduceRequest;
    request.seq++;
    request.state = IN_TRANSIT;
    request.producer = producer;
    request.broker = broker;
    request.batches = batches;
    request.results = batches.map(() => '');
    request.firstOffsets = batches.map(() => -1);
    request.waiting = 0;
    request.acks0 = acks0;
    producer.requests++;
    producer.batchesSent += batches.length;
    for (const batch of batches) {
      const queue = batch.queue;
      if (producer.idempotent && batch.baseSequence < 0) {
        batch.baseSequence = queue.nextSequence;
        queue.nextSequence += batch.msgIds.length;
      }
      const n = batch.msgIds.length;
      producer.buffered -= n;
      if (acks0) {
        // acks=0 expects no answer: the batch is done once it is on the wire.
        for (const msgId of batch.msgIds) this.ack(producer, msgId);
      } else {
        producer.inFlight += n;
        queue.inFlight++;
      }
    }
    if (!acks0) producer.inFlightByBroker.set(broker, (producer.inFlightByBroker.get(broker) ?? 0) + 1);
    const latency = this.latencyTo(broker);
    if (latency === 0) this.onArrive(slot, request.seq);
    else ctx.schedule(ctx.now + latency, EV_PRODUCE_ARRIVE, slot, request.seq);
  }

  private latencyTo(broker: number): number {
    if (broker === IMPLICIT_BROKER) return 0;
    return this.ctx.cluster?.brokerById(broker)?.config.networkLatencyMs ?? 0;
  }

  private ack(producer: Producer, msgId: number): void {
    const acked = this.ctx.messages.acked;
    if (acked[msgId] === 1) return;
    acked[msgId] = 1;
    producer.acked++;
  }

  // ——— The leader ———

  /** ReplicaManager.appendRecords for each batch of a request that reached its broker. */
  onArrive(slot: number, seq: number): void {
    const request = this.requests[slot] as ProduceRequest;
    if (request.seq !== seq || request.state !== IN_TRANSIT) return;
    const ctx = this.ctx;
    const cluster = ctx.cluster;
    const producer = request.producer;
    const acksAll = producer.config.acks === 'all';
    request.state = AT_LEADER;
    for (let i = 0; i < request.batches.length; i++) {
      const batch = request.batches[i] as ProducerBatch;
      const { topic, partition } = batch.queue;
      let error: string | null = null;
      if (request.broker !== IMPLICIT_BROKER && cluster) {
        const rp = cluster.partitionOf(topic, partition);
        error =
          rp && rp.state.leader !== request.broker
            ? 'NOT_LEADER_OR_FOLLOWER'
            : cluster.writeError(topic, partition, acksAll);
      }
      if (error) {
        request.results[i] = error;
        continue;
      }
      const lastOffset = this.appendBatch(request, i);
      if (acksAll && (topic.highWatermarks[partition] as number) <= lastOffset) {
        request.waiting++;
        this.waitersOf(topic, partition).push({ request, seq, index: i, requiredOffset: lastOffset + 1 });
      } else {
        request.results[i] = 'ok';
      }
    }
    if (request.acks0) {
      // Nobody hears about a refused acks=0 batch: its records are gone.
      for (let i = 0; i < request.batches.length; i++) {
        if (request.results[i] === 'ok') continue;
        const batch = request.batches[i] as ProducerBatch;
        producer.dropped += batch.msgIds.length;
      }
      this.free(slot);
      return;
    }
    if (request.waiting === 0) this.answer(slot);
    else ctx.schedule(ctx.now + producer.config.requestTimeoutMs, EV_PRODUCE_TIMEOUT, slot, seq);
  }

  private waitersOf(topic: Topic, partition: number): Waiter[] {
    const key = topic.index * 1024 + partition;
    let list = this.waiters.get(key);
    if (!list) {
      list = [];
      this.waiters.set(key, list);
    }
    return list;
  }

  private producerState(topic: Topic, partition: number, producer: Producer): BatchMetadata[] {
    const key = topic.index * 1024 + partition;
    let byProducer = this.producerStates.get(key);
    if (!byProducer) {
      byProducer = new Map();
      this.producerStates.set(key, byProducer);
    }
    let list = byProducer.get(producer.index);
    if (!list) {
      list = [];
      byProducer.set(producer.index, list);
    }
    return list;
  }

  /** Appends one batch (or recognises it as a duplicate); returns the offset of its last record. */
  private appendBatch(request: ProduceRequest, i: number): number {
    const ctx = this.ctx;
    const producer = request.producer;
    const batch = request.batches[i] as ProducerBatch;
    const { topic, partition } = batch.queue;
    if (producer.idempotent) {
      const state = this.producerState(topic, partition, producer);
      const known = state.find((b) => b.firstSeq === batch.baseSequence);
      if (known) {
        // ProducerStateManager: a duplicate of one of the last 5 batches; answered with its offsets.
        producer.deduplicated++;
        request.firstOffsets[i] = known.firstOffset;
        ctx.trace?.({
          t: ctx.now,
          type: 'kafka.batch.deduplicated',
          producer: producer.nodeId,
          topic: topic.name,
          partition,
          sequence: batch.baseSequence,
          offset: known.firstOffset,
          records: batch.msgIds.length,
        });
        return known.lastOffset;
      }
    }
    const copies = ctx.messages.copies;
    let firstOffset = -1;
    let offset = -1;
    let duplicateFrom = -1;
    for (const msgId of batch.msgIds) {
      const wasInLog = (copies[msgId] as number) > 0;
      offset = ctx.leaderAppend(producer, topic, partition, msgId);
      if (firstOffset < 0) firstOffset = offset;
      if (wasInLog) {
        producer.duplicates++;
        if (duplicateFrom < 0) duplicateFrom = offset;
      } else if (duplicateFrom >= 0) {
        ctx.onDuplicateAppend(producer, topic, partition, duplicateFrom, offset);
        duplicateFrom = -1;
      }
    }
    if (duplicateFrom >= 0) ctx.onDuplicateAppend(producer, topic, partition, duplicateFrom, offset + 1);
    request.firstOffsets[i] = firstOffset;
    if (producer.idempotent) {
      const state = this.producerState(topic, partition, producer);
      if (state.length === BATCHES_TO_RETAIN) state.shift();
      state.push({ firstSeq: batch.baseSequence, firstOffset, lastOffset: offset });
    }
    ctx.afterBatchAppended(topic, partition);
    return offset;
  }

  /** The high watermark of a partition moved: acks=all batches it passed are answered. */
  onHighWatermark(topic: Topic, partition: number): void {
    const list = this.waiters.get(topic.index * 1024 + partition);
    if (!list || list.length === 0) return;
    const hw = topic.highWatermarks[partition] as number;
    this.settleWaiters(list, (w) => (hw >= w.requiredOffset ? 'ok' : null));
  }

  /** DelayedProduce: a partition whose leader moved answers NOT_LEADER_OR_FOLLOWER. */
  onLeaderChange(topic: Topic, partition: number, leader: number): void {
    const list = this.waiters.get(topic.index * 1024 + partition);
    if (list && list.length > 0)
      this.settleWaiters(list, (w) => (w.request.broker !== leader ? 'NOT_LEADER_OR_FOLLOWER' : null));
    this.onMetadataChange();
  }

  private settleWaiters(list: Waiter[], decide: (w: Waiter) => string | null): void {
    let kept = 0;
    const toAnswer: number[] = [];
    for (let k = 0; k < list.length; k++) {
      const w = list[k] as Waiter;
      const request = w.request;
      if (request.seq !== w.seq || request.state !== AT_LEADER) continue;
      const result = decide(w);
      if (result === null) {
        list[kept++] = w;
        continue;
      }
      request.results[w.index] = result;
      if (--request.waiting === 0) toAnswer.push(request.slot);
    }
    list.length = kept;
    for (const slot of toAnswer) this.answer(slot);
  }

  /** The leader's timeout for an acks=all request: what is still waiting answers REQUEST_TIMED_OUT. */
  onTimeout(slot: number, seq: number): void {
    const request = this.requests[slot] as ProduceRequest;
    if (request.seq !== seq || request.state !== AT_LEADER) return;
    for (let i = 0; i < request.results.length; i++)
      if (request.results[i] === '') request.results[i] = 'REQUEST_TIMED_OUT';
    request.waiting = 0;
    this.answer(slot);
  }

  private answer(slot: number): void {
    const request = this.requests[slot] as ProduceRequest;
    request.state = ANSWERING;
    const latency = this.latencyTo(request.broker);
    if (latency === 0 && request.broker === IMPLICIT_BROKER) this.onResponse(slot, request.seq);
    else this.ctx.schedule(this.ctx.now + latency, EV_PRODUCE_RESPONSE, slot, request.seq);
  }

  /** A broker crashed: its connections break, and the producer fails what it had not answered. */
  onBrokerCrashed(brokerId: number): void {
    for (let slot = 0; slot < this.requests.length; slot++) {
      const request = this.requests[slot] as ProduceRequest;
      if (request.broker !== brokerId || (request.state !== IN_TRANSIT && request.state !== AT_LEADER)) continue;
      if (request.acks0) {
        for (const batch of request.batches) request.producer.dropped += batch.msgIds.length;
        this.free(slot);
        continue;
      }
      for (let i = 0; i < request.results.length; i++)
        if (request.results[i] !== 'ok') request.results[i] = 'NETWORK_EXCEPTION';
      request.state = ANSWERING;
      this.ctx.schedule(this.ctx.now, EV_PRODUCE_RESPONSE, slot, request.seq);
    }
    this.onMetadataChange();
  }

  /**
   * Leaders or brokers changed: every producer looks again at what it can send, in an event of its
   * own (the cluster is mid-change when it calls this).
   */
  onMetadataChange(): void {
    for (const producer of this.producers) if (producer.queues.length > 0) this.wakeAt(producer, this.ctx.now);
  }

  /** A leader change cut a partition's log at `newLogEnd`: the leader forgets batches past it. */
  onTruncated(topic: Topic, partition: number, newLogEnd: number): void {
    const byProducer = this.producerStates.get(topic.index * 1024 + partition);
    if (!byProducer) return;
    for (const list of byProducer.values()) {
      let kept = 0;
      for (const b of list) if (b.lastOffset < newLogEnd) list[kept++] = b;
      list.length = kept;
    }
  }

  // ——— The producer gets its answer ———

  /** Sender.completeBatch for each batch of an answered request. */
  onResponse(slot: number, seq: number): void {
    const request = this.requests[slot] as ProduceRequest;
    if (request.seq !== seq || request.state !== ANSWERING) return;
    const ctx = this.ctx;
    const producer = request.producer;
    const config = producer.config;
    producer.inFlightByBroker.set(request.broker, (producer.inFlightByBroker.get(request.broker) ?? 1) - 1);
    const now = ctx.now;
    // Batches to put back, in reverse so that each goes to the front in its original order.
    for (let i = request.batches.length - 1; i >= 0; i--) {
      const batch = request.batches[i] as ProducerBatch;
      const queue = batch.queue;
      const n = batch.msgIds.length;
      queue.inFlight--;
      producer.inFlight -= n;
      const result = request.results[i] as string;
      if (result === 'ok') {
        for (const msgId of batch.msgIds) this.ack(producer, msgId);
        continue;
      }
      producer.errors++;
      ctx.trace?.({
        t: now,
        type: 'kafka.produce.error',
        producer: producer.nodeId,
        topic: queue.topic.name,
        partition: queue.partition,
        error: result,
        records: n,
      });
      if (now >= batch.createdAt + config.deliveryTimeoutMs) {
        const reason = `Expiring ${n} record(s) for ${queue.topic.name}-${queue.partition}:${now - batch.createdAt} ms has passed since batch creation`;
        for (const msgId of batch.msgIds) ctx.failRecord(producer, queue.topic, msgId, reason);
        continue;
      }
      this.reenqueue(batch, now);
    }
    this.free(slot);
    this.runSender(producer);
  }

  /**
   * RecordAccumulator.reenqueue: back to the front of its queue (an idempotent producer's in
   * sequence order), to wait retry.backoff.ms doubling up to retry.backoff.max.ms, ±20 % (KIP-580).
   */
  private reenqueue(batch: ProducerBatch, now: number): void {
    const queue = batch.queue;
    const producer = queue.producer;
    const config = producer.config;
    batch.attempts++;
    batch.lastAttemptAt = now;
    const exp = Math.min(config.retryBackoffMaxMs, config.retryBackoffMs * 2 ** Math.min(batch.attempts - 1, 30));
    const jitter = 1 + 0.2 * (2 * this.ctx.retryStream.next() - 1);
    batch.backoffMs = Math.min(config.retryBackoffMaxMs, exp * jitter);
    producer.buffered += batch.msgIds.length;
    const batches = queue.batches;
    let at = 0;
    if (producer.idempotent)
      while (
        at < batches.length &&
        (batches[at] as ProducerBatch).baseSequence >= 0 &&
        (batches[at] as ProducerBatch).baseSequence < batch.baseSequence
      )
        at++;
    batches.splice(at, 0, batch);
  }

  private free(slot: number): void {
    const request = this.requests[slot] as ProduceRequest;
    request.state = FREE;
    request.batches = [];
    this.freeSlots.push(slot);
  }
}
