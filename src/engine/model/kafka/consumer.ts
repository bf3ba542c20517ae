/**
 * A Kafka consumer's loop, as the Java client runs it: poll() returns up to `max.poll.records`
 * records from the owned partitions, the application processes them one by one (a
 * processing-time draw each), then polls again. With `enable.auto.commit` the positions of
 * records already returned are committed inside poll() every `auto.commit.interval.ms` (an idle
 * consumer's poll() keeps doing so while it waits); without it the application commits after
 * each processed batch. An idle consumer's poll() long-polls and returns as soon as a record
 * arrives (`fetch.min.bytes` = 1). A committed offset is the next offset to read.
 *
 * Sources: apache/kafka @1eb76443 — clients/.../consumer/KafkaConsumer.java and
 * internals/ConsumerCoordinator.java (`maybeAutoCommitOffsetsAsync` inside poll()),
 * internals/Fetcher.java / FetchCollector.java (at most max.poll.records per poll).
 *
 * Simplified: one broker and no network time, so a fetch returns at once; the order across
 * owned partitions is a rotation (the Java fetcher also rotates partitions between fetches).
 * Group membership and rebalancing live in consumerGroup.ts.
 */
import type { TraceSink } from '../../kernel/trace';
import type { ConsumerGroup } from './consumerGroup';
import { GroupState, MemberState } from './groupStates';
import { logEndOffset, recordAt, type Topic } from './topic';

/** Event kinds the consumer loop schedules (see Simulation.dispatch). */
export const EV_CONSUMER_DONE = 2;
export const EV_AUTO_COMMIT = 5;

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
};

export type Consumer = {
  readonly slot: number;
  readonly group: ConsumerGroup;
  /** "C1", "C2", … as drawn on the canvas. */
  readonly label: string;
  /** As the coordinator assigns it: clientId + "-" + UUID. */
  readonly memberId: string;
  state: number;
  /** Owned partitions (indices into `group.topics` and partition numbers). */
  assignedTopic: number[];
  assignedPartition: number[];
  /** The owned partitions' topics, resolved once per assignment for the hot path. */
  assignedRef: Topic[];
  /** Next offset to fetch, per owned partition. */
  positions: number[];
  /** The batch returned by the last poll, as contiguous offset ranges per owned partition. */
  batchAssigned: number[];
  batchFrom: number[];
  batchTo: number[];
  /** Number of ranges in the current batch (the arrays above are reused, not cleared). */
  batchCount: number;
  batchSegment: number;
  batchOffset: number;
  /** Rotation start of the next fetch. */
  rotate: number;
  processed: number;
  mustRejoin: boolean;
  leaveRequested: boolean;
  nextAutoCommitAt: number;
  /** Heartbeats happen at heartbeatPhase + k × heartbeat.interval.ms. */
  heartbeatPhase: number;
  /** An auto-commit timer is pending for this consumer (at most one at a time). */
  autoCommitTimerPending: boolean;
};

/** KafkaConsumer.poll(): maybe auto-commit, then fetch a batch or wait for records. */
export function poll(consumer: Consumer): void {
  const group = consumer.group;
  const ctx = group.ctx;
  if (consumer.leaveRequested) {
    group.leave(consumer);
    return;
  }
  if (consumer.mustRejoin) {
    group.rejoin(consumer);
    return;
  }
  if (group.state !== GroupState.Stable && group.state !== GroupState.PreparingRebalance) return;
  if (consumer.state === MemberState.Joining || consumer.state === MemberState.Stopped) return;
  const config = group.config;
  if (config.enableAutoCommit && ctx.now >= consumer.nextAutoCommitAt) {
    group.commit(consumer);
    consumer.nextAutoCommitAt = ctx.now + config.autoCommitIntervalMs;
  }
  // Fetch: up to max.poll.records, rotating over owned partitions.
  const owned = consumer.assignedTopic.length;
  let count = 0;
  let remaining = config.maxPollRecords;
  for (let k = 0; k < owned && remaining > 0; k++) {
    const i = (consumer.rotate + k) % owned;
    const from = consumer.positions[i] as number;
    const available = logEndOffset(consumer.assignedRef[i] as Topic, consumer.assignedPartition[i] as number) - from;
    if (available <= 0) continue;
    const take = available < remaining ? available : remaining;
    consumer.batchAssigned[count] = i;
    consumer.batchFrom[count] = from;
    consumer.batchTo[count] = from + take;
    count++;
    consumer.positions[i] = from + take;
    remaining -= take;
  }
  consumer.batchCount = count;
  if (owned > 0) consumer.rotate = (consumer.rotate + 1) % owned;
  if (count === 0) {
    consumer.state = MemberState.Idle;
    if (config.enableAutoCommit && group.hasUncommitted(consumer)) {
      scheduleAutoCommitTimer(consumer);
    }
    return;
  }
  consumer.state = MemberState.Processing;
  consumer.batchSegment = 0;
  consumer.batchOffset = consumer.batchFrom[0] as number;
  if (ctx.trace) traceDelivered(consumer);
  startRecord(consumer);
}

function startRecord(consumer: Consumer): void {
  const group = consumer.group;
  group.ctx.schedule(group.ctx.now + group.processingSampler(), EV_CONSUMER_DONE, consumer.slot, 0);
}

/** The application finished the record in hand. */
export function onRecordProcessed(consumer: Consumer): void {
  const group = consumer.group;
  const ctx = group.ctx;
  const segment = consumer.batchSegment;
  const assigned = consumer.batchAssigned[segment] as number;
  const topic = consumer.assignedRef[assigned] as Topic;
  const partition = consumer.assignedPartition[assigned] as number;
  const log = topic.logs[partition] as Topic['logs'][number];
  const msgId = log.data[consumer.batchOffset - (topic.logStartOffsets[partition] as number)] as number;
  const latency = ctx.now - ctx.producedAt(msgId);
  group.latency.record(latency);
  group.latencySumMs += latency;
  ctx.recordLatency(latency);
  consumer.processed++;
  group.consumed++;
  if (ctx.trace) {
    ctx.trace({
      t: ctx.now,
      type: 'kafka.record.processed',
      msg: msgId,
      group: group.groupId,
      member: consumer.memberId,
      latencyMs: latency,
    });
  }
  consumer.batchOffset++;
  if (consumer.batchOffset >= (consumer.batchTo[segment] as number)) {
    consumer.batchSegment++;
    if (consumer.batchSegment >= consumer.batchCount) {
      // Batch done: commitSync() when auto-commit is off, then poll() again.
      if (!group.config.enableAutoCommit) group.commit(consumer);
      poll(consumer);
      return;
    }
    consumer.batchOffset = consumer.batchFrom[consumer.batchSegment] as number;
  }
  startRecord(consumer);
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
  for (let s = 0; s < consumer.batchCount; s++) {
    const assigned = consumer.batchAssigned[s] as number;
    const topic = ctx.topics[group.topics[consumer.assignedTopic[assigned] as number] as number] as Topic;
    const partition = consumer.assignedPartition[assigned] as number;
    for (let offset = consumer.batchFrom[s] as number; offset < (consumer.batchTo[s] as number); offset++) {
      trace({
        t: ctx.now,
        type: 'kafka.record.delivered',
        msg: recordAt(topic, partition, offset),
        group: group.groupId,
        member: consumer.memberId,
        topic: topic.name,
        partition,
        offset,
      });
    }
  }
}
