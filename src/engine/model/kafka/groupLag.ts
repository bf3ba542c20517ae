/**
 * A consumer group's lag, read off its committed offsets: in records per partition, as
 * `kafka-consumer-groups --describe` prints it (LAG = LOG-END-OFFSET − CURRENT-OFFSET, the
 * committed offset), and in time, the age of the oldest record not committed yet. Plus each
 * partition's position, the next offset its owner fetches.
 *
 * Sources: apache/kafka @1eb76443 — tools/.../consumer/group/ConsumerGroupCommand.java
 * (`--describe`). Lag in time is not a Kafka figure: monitoring tools (Burrow, kafka-lag-exporter)
 * derive it from offsets and record timestamps. Before the group's first commit, lag counts what
 * the group will read when it starts (auto.offset.reset).
 */
import type { Consumer } from './consumer';
import type { ConsumerGroup } from './consumerGroup';
import { highWatermark, logStartOffset, recordAtOrAfter } from './topic';

/** The owning consumer's position on a partition (the next offset it fetches), −1 when unowned. */
export function positionOf(group: ConsumerGroup, topicIndexInGroup: number, partition: number): number {
  const slot = (group.owners[topicIndexInGroup] as Int32Array)[partition] as number;
  if (slot < 0) return -1;
  const owner = group.ctx.consumers[slot] as Consumer;
  for (let k = 0; k < owner.assignedTopic.length; k++) {
    if (owner.assignedTopic[k] === topicIndexInGroup && owner.assignedPartition[k] === partition) {
      return owner.positions[k] as number;
    }
  }
  return -1;
}

/** Lag of one partition: log end offset − committed offset (what kafka-consumer-groups shows). */
export function lagOf(group: ConsumerGroup, topicIndexInGroup: number, partition: number): number {
  const topic = group.topicOf(topicIndexInGroup);
  const end = highWatermark(topic, partition);
  const committed = (group.committed[topicIndexInGroup] as Float64Array)[partition] as number;
  if (committed >= 0) return end - committed;
  // No commit yet: count what the group will read when it starts.
  return group.config.autoOffsetReset === 'earliest' ? end - logStartOffset(topic, partition) : 0;
}

/**
 * Lag in time: how long ago the oldest record the group has not committed was produced — the
 * "time lag" that monitoring tools (Burrow, kafka-lag-exporter) derive from offsets, and what a
 * user of the system feels. 0 when the group is caught up.
 */
export function lagAgeOf(group: ConsumerGroup, topicIndexInGroup: number, partition: number): number {
  const topic = group.topicOf(topicIndexInGroup);
  const end = highWatermark(topic, partition);
  const committed = (group.committed[topicIndexInGroup] as Float64Array)[partition] as number;
  const oldest =
    committed >= 0
      ? Math.max(committed, logStartOffset(topic, partition))
      : group.config.autoOffsetReset === 'earliest'
        ? logStartOffset(topic, partition)
        : end;
  if (oldest >= end) return 0;
  const msgId = recordAtOrAfter(topic, partition, oldest);
  return msgId < 0 ? 0 : group.ctx.now - group.ctx.producedAt(msgId);
}

/** The largest lag in time over the group's partitions (ms). */
export function maxLagAge(group: ConsumerGroup): number {
  let age = 0;
  for (let ti = 0; ti < group.topics.length; ti++) {
    const partitions = group.topicOf(ti).partitions;
    for (let p = 0; p < partitions; p++) age = Math.max(age, lagAgeOf(group, ti, p));
  }
  return age;
}

/** The group's lag in records, summed over its partitions. */
export function totalLag(group: ConsumerGroup): number {
  let lag = 0;
  for (let ti = 0; ti < group.topics.length; ti++) {
    const partitions = group.topicOf(ti).partitions;
    for (let p = 0; p < partitions; p++) lag += lagOf(group, ti, p);
  }
  return lag;
}
