/**
 * A Kafka consumer's loop, as the Java client runs it: poll() returns up to `max.poll.records`
 * records from the owned partitions, the application processes them one by one (a
 * processing-time draw each), then polls again. With `enable.auto.commit` the positions of
 * records already returned are committed inside poll() every `auto.commit.interval.ms` (an idle
 * consumer's poll() keeps doing so while it waits); without it the application commits with
 * commitSync() after each processed batch (at-least-once) or right after poll() returns, before
 * processing (at-most-once). An idle consumer's poll() long-polls and returns as soon as a record
 * arrives (`fetch.min.bytes` = 1). A committed offset is the next offset to read.
 *
 * Inside poll(), in this order (ConsumerCoordinator.poll): a finished rebalance is applied
 * (onJoinComplete), a requested one is joined (onJoinPrepare: auto-commit, then revoke all under
 * EAGER or nothing under COOPERATIVE), auto-commit runs, then the fetch.
 *
 * Sources: apache/kafka @1eb76443 — clients/.../consumer/KafkaConsumer.java and
 * internals/ConsumerCoordinator.java (`poll`, `onJoinPrepare`, `onJoinComplete`,
 * `maybeAutoCommitOffsetsAsync`), internals/Fetcher.java / FetchCollector.java (at most
 * max.poll.records per poll), internals/AbstractCoordinator.java (the heartbeat thread leaves the
 * group when max.poll.interval.ms passes without a poll).
 *
 * Simplified: no network time, so a fetch returns at once; the order across owned partitions is a
 * rotation (the Java fetcher also rotates partitions between fetches). A batch is a copy of the
 * records' ids, as the Java client holds fetched records in memory. Membership and rebalancing
 * live in consumerGroup.ts.
 */
import type { TraceSink } from '../../kernel/trace';
import type { ConsumerGroup } from './consumerGroup';
import { MemberState } from './groupStates';
import type { PartitionLog } from './partitionLog';
import type { Topic } from './topic';

/** Event kinds the consumer loop schedules (see Simulation.dispatch). */
export const EV_CONSUMER_DONE = 2;
export const EV_AUTO_COMMIT = 5;
export const EV_POLL_TIMEOUT = 8;

/** What the consumer loop and the group need from the simulation around them. */
export type KafkaContext = {
  now: number;
  readonly topics: readonly Topic[];
  schedule(time: number, kind: number, target: number, arg: number): void;
  producedAt(msgId: number): number;
  recordLatency(ms: number): void;
  trace: TraceSink | null;
  /** Something visible changed (assignment, membership): the snapshot layout must be rebuilt. */
  invalidateLayout(): void;
  /** Global consumer table, so events can address a consumer by one integer. */
  readonly consumers: Consumer[];
  /** Number of messages produced so far (message ids are below it). */
  messageCount(): number;
  /** The offset a message was appended at. */
  offsetOf(msgId: number): number;
};

export type Consumer = {
  readonly slot: number;
  readonly group: ConsumerGroup;
  /** "C1", "C2", … as drawn on the canvas; a process keeps its label when it rejoins. */
  readonly label: string;
  /** As the coordinator assigns it: clientId + "-" + UUID; a new one after the member was removed. */
  memberId: string;
  state: number;
  /** The coordinator counts it as a member (false once removed: left, timed out or kicked out). */
  inGroup: boolean;
  /** It has sent JoinGroup for the rebalance in progress. */
  joined: boolean;
  /** Owned partitions (indices into `group.topics` and partition numbers). */
  assignedTopic: number[];
  assignedPartition: number[];
  /** The owned partitions' topics, resolved once per assignment for the hot path. */
  assignedRef: Topic[];
  /** Next offset to fetch, per owned partition. */
  positions: number[];
  /** The generation of the owned partitions (sent as sticky userData / ownedPartitions). */
  ownedGeneration: number;
  /** Eager sticky's userData: the partitions owned before this rebalance revoked them. */
  previousTopic: number[];
  previousPartition: number[];
  /** The assignment SyncGroup returned, applied at the member's next poll() (onJoinComplete). */
  pendingAssignment: { topic: number[]; partition: number[]; generation: number } | null;
  /** The batch returned by the last poll: copies of the records' ids, offsets and partitions. */
  batchMsg: Int32Array;
  batchOffset: Float64Array;
  batchTopic: Int32Array;
  batchPartition: Int32Array;
  batchLength: number;
  /** Index in the batch of the record in hand. */
  batchPos: number;
  /** Rotation start of the next fetch. */
  rotate: number;
  processed: number;
  mustRejoin: boolean;
  /** Inside its own poll() (the group must not re-enter it). */
  inPoll: boolean;
  leaveRequested: boolean;
  nextAutoCommitAt: number;
  /** Heartbeats happen at heartbeatPhase + k × heartbeat.interval.ms. */
  heartbeatPhase: number;
  /** An auto-commit timer is pending for this consumer (at most one at a time). */
  autoCommitTimerPending: boolean;
  /** When poll() last returned records, for max.poll.interval.ms. */
  lastPollMs: number;
  pollTimerPending: boolean;
  /** Bumped when the process dies: a pending "record done" event of the dead process is ignored. */
  epoch: number;
  /** Virtual time of the crash, or of the kick-out, for the "why". */
  crashedAtMs: number;
  kickedAtMs: number;
};

/** KafkaConsumer.poll(): rebalance work, maybe auto-commit, then fetch a batch or wait for records. */
export function poll(consumer: Consumer): void {
  const group = consumer.group;
  const ctx = group.ctx;
  const state = consumer.state;
  if (state === MemberState.Crashed || state === MemberState.Stopped) return;
  if (consumer.leaveRequested) {
    group.leave(consumer);
    return;
  }
  // Rebalance work (AbstractCoordinator.joinGroupIfNeeded): a rejoin may complete the rebalance at
  // once, and a cooperative revocation asks for another, so loop; `inPoll` keeps the group from
  // polling this consumer again from inside.
  consumer.inPoll = true;
  // The heartbeat thread left the group; this poll finds the member id reset and rejoins.
  if (state === MemberState.KickedOut) group.rejoinAfterKickOut(consumer);
  for (let round = 0; round < 4; round++) {
    if (consumer.pendingAssignment) group.applyAssignment(consumer);
    if (!consumer.mustRejoin) break;
    group.rejoin(consumer);
  }
  consumer.inPoll = false;
  if (consumer.state === MemberState.Joining) return;
  const config = group.config;
  if (config.enableAutoCommit && ctx.now >= consumer.nextAutoCommitAt) {
    group.commit(consumer);
    consumer.nextAutoCommitAt = ctx.now + config.autoCommitIntervalMs;
  }
  // Fetch: up to max.poll.records, rotating over owned partitions.
  const owned = consumer.assignedTopic.length;
  let count = 0;
  const max = config.maxPollRecords;
  for (let k = 0; k < owned && count < max; k++) {
    const i = (consumer.rotate + k) % owned;
    const topic = consumer.assignedRef[i] as Topic;
    const partition = consumer.assignedPartition[i] as number;
    if (topic.readable[partition] === 0) continue; // no leader up: the fetch fails, retried later
    const log = topic.logs[partition] as PartitionLog;
    let from = consumer.positions[i] as number;
    if (from < log.logStartOffset || from > log.logEndOffset) {
      // OFFSET_OUT_OF_RANGE: retention deleted what the consumer was about to read, or a new
      // leader's log ends before it.
      from = group.resetOutOfRange(consumer, i);
    }
    // Consumers read below the high watermark (read_uncommitted).
    const hw = topic.highWatermarks[partition] as number;
    if (hw <= from) continue;
    const ti = consumer.assignedTopic[i] as number;
    let index = log.indexOf(from);
    const take = Math.min(log.indexOf(hw) - index, max - count);
    if (take <= 0) continue;
    if (consumer.batchMsg.length < count + take) growBatch(consumer, count + take, count);
    let last = from;
    for (let r = 0; r < take; r++, index++) {
      last = log.offsetAt(index);
      consumer.batchMsg[count] = log.msgIdAt(index);
      consumer.batchOffset[count] = last;
      consumer.batchTopic[count] = ti;
      consumer.batchPartition[count] = partition;
      count++;
    }
    consumer.positions[i] = last + 1;
  }
  consumer.batchLength = count;
  consumer.batchPos = 0;
  if (owned > 0) consumer.rotate = (consumer.rotate + 1) % owned;
  if (count === 0) {
    consumer.state = MemberState.Idle;
    if (config.enableAutoCommit && group.hasUncommitted(consumer)) scheduleAutoCommitTimer(consumer);
    return;
  }
  consumer.lastPollMs = ctx.now;
  if (!consumer.pollTimerPending) {
    consumer.pollTimerPending = true;
    ctx.schedule(ctx.now + config.maxPollIntervalMs, EV_POLL_TIMEOUT, consumer.slot, consumer.epoch);
  }
  if (!config.enableAutoCommit && config.commitTiming === 'before-processing') group.commit(consumer);
  consumer.state = MemberState.Processing;
  if (ctx.trace) traceDelivered(consumer);
  startRecord(consumer);
}

/** Grows the batch arrays to hold `size` records, keeping the first `kept`. */
function growBatch(consumer: Consumer, size: number, kept: number): void {
  let capacity = Math.max(16, consumer.batchMsg.length);
  while (capacity < size) capacity *= 2;
  const msg = new Int32Array(capacity);
  const offset = new Float64Array(capacity);
  const topic = new Int32Array(capacity);
  const partition = new Int32Array(capacity);
  msg.set(consumer.batchMsg.subarray(0, kept));
  offset.set(consumer.batchOffset.subarray(0, kept));
  topic.set(consumer.batchTopic.subarray(0, kept));
  partition.set(consumer.batchPartition.subarray(0, kept));
  consumer.batchMsg = msg;
  consumer.batchOffset = offset;
  consumer.batchTopic = topic;
  consumer.batchPartition = partition;
}

function startRecord(consumer: Consumer): void {
  const group = consumer.group;
  group.ctx.schedule(group.ctx.now + group.processingSampler(), EV_CONSUMER_DONE, consumer.slot, consumer.epoch);
}

/** The application finished the record in hand (`epoch` guards against a process that has since died). */
export function onRecordProcessed(consumer: Consumer, epoch: number): void {
  if (epoch !== consumer.epoch) return;
  const group = consumer.group;
  const ctx = group.ctx;
  const pos = consumer.batchPos;
  const msgId = consumer.batchMsg[pos] as number;
  const latency = ctx.now - ctx.producedAt(msgId);
  group.latency.record(latency);
  group.latencySumMs += latency;
  ctx.recordLatency(latency);
  consumer.processed++;
  group.consumed++;
  const again = group.recordProcessed(
    consumer.batchTopic[pos] as number,
    consumer.batchPartition[pos] as number,
    consumer.batchOffset[pos] as number,
    msgId,
  );
  if (ctx.trace) {
    ctx.trace({
      t: ctx.now,
      type: 'kafka.record.processed',
      msg: msgId,
      group: group.groupId,
      member: consumer.memberId,
      latencyMs: latency,
      ...(again ? { again } : {}),
    });
  }
  consumer.batchPos = pos + 1;
  if (consumer.batchPos < consumer.batchLength) {
    startRecord(consumer);
    return;
  }
  // Batch done: commitSync() when auto-commit is off (after-processing), then poll() again.
  consumer.batchLength = 0;
  consumer.batchPos = 0;
  const config = group.config;
  if (!config.enableAutoCommit && config.commitTiming === 'after-processing') group.commit(consumer);
  poll(consumer);
}

/** The heartbeat thread's check of max.poll.interval.ms, run when the timer set at a poll fires. */
export function onPollTimeout(consumer: Consumer, epoch: number): void {
  consumer.pollTimerPending = false;
  if (epoch !== consumer.epoch || consumer.state !== MemberState.Processing || !consumer.inGroup) return;
  const group = consumer.group;
  const deadline = consumer.lastPollMs + group.config.maxPollIntervalMs;
  if (group.ctx.now < deadline) {
    consumer.pollTimerPending = true;
    group.ctx.schedule(deadline, EV_POLL_TIMEOUT, consumer.slot, consumer.epoch);
    return;
  }
  group.kickOut(consumer);
}

/**
 * An idle consumer's poll() keeps auto-committing while it waits for records. One timer per
 * consumer: a busy consumer commits in its own poll(), so a timer that finds it busy lapses.
 */
function scheduleAutoCommitTimer(consumer: Consumer): void {
  const group = consumer.group;
  if (consumer.autoCommitTimerPending) return;
  consumer.autoCommitTimerPending = true;
  group.ctx.schedule(consumer.nextAutoCommitAt, EV_AUTO_COMMIT, consumer.slot, 0);
}

export function onAutoCommitTimer(consumer: Consumer): void {
  const group = consumer.group;
  consumer.autoCommitTimerPending = false;
  if (consumer.state !== MemberState.Idle || !group.config.enableAutoCommit) return;
  if (group.ctx.now < consumer.nextAutoCommitAt) {
    scheduleAutoCommitTimer(consumer);
    return;
  }
  group.commit(consumer);
  consumer.nextAutoCommitAt = group.ctx.now + group.config.autoCommitIntervalMs;
}

function traceDelivered(consumer: Consumer): void {
  const group = consumer.group;
  const ctx = group.ctx;
  const trace = ctx.trace as TraceSink;
  for (let i = 0; i < consumer.batchLength; i++) {
    const topic = ctx.topics[group.topics[consumer.batchTopic[i] as number] as number] as Topic;
    const partition = consumer.batchPartition[i] as number;
    const offset = consumer.batchOffset[i] as number;
    trace({
      t: ctx.now,
      type: 'kafka.record.delivered',
      msg: consumer.batchMsg[i] as number,
      group: group.groupId,
      member: consumer.memberId,
      topic: topic.name,
      partition,
      offset,
    });
  }
}
