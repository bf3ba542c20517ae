/**
 * The moves the general sticky algorithm makes while it balances, so that a move can undo an
 * earlier one instead of starting a chain (KIP-341). Example: t-0 moved from A to B; when a
 * partition of topic t must now go from B back to A, Kafka moves t-0 back rather than another one.
 * Source: apache/kafka @1eb76443, clients/.../consumer/internals/AbstractStickyAssignor.java
 * (PartitionMovements: `movePartition`, `getTheActualPartitionToBeMoved`; ConsumerPair).
 * Kafka keeps the partitions of each (from, to) pair in a HashSet and takes the first it yields;
 * we compute that with OpenJDK's order (javaHashOrder.ts).
 * Left out: `isSticky` / `hasCycles`, which Kafka only uses to log and in tests.
 */
import { formatTopicPartition, type TopicPartition } from './assignors';
import { javaHashMapCapacity, javaHashMapOrder, topicPartitionHashCode } from './javaHashOrder';

type Movement = { src: string; dst: string };
/** A Java HashSet of partitions: its members in insertion order, and the most it has held (its capacity follows). */
type PartitionSet = { partitions: TopicPartition[]; maxSize: number };

export class PartitionMovements {
  /** Partition (as "topic-partition") → its first owner in this assignment and its current owner. */
  private readonly partitionMovements = new Map<string, Movement>();
  /** Topic → [src, dst] → the partitions of that topic that moved from src to dst. */
  private readonly partitionMovementsByTopic = new Map<string, Map<string, PartitionSet>>();

  movePartition(partition: TopicPartition, oldConsumer: string, newConsumer: string): void {
    const existing = this.partitionMovements.get(formatTopicPartition(partition));
    if (existing === undefined) {
      this.add(partition, { src: oldConsumer, dst: newConsumer });
      return;
    }
    // It has moved before: record one move from its first owner, or none if it goes back there.
    this.remove(partition, existing);
    if (existing.src !== newConsumer) this.add(partition, { src: existing.src, dst: newConsumer });
  }

  /**
   * If partitions of this topic already moved the opposite way (from `newConsumer` to the
   * partition's first owner), move one of those back instead: the first one Kafka's HashSet yields.
   */
  getTheActualPartitionToBeMoved(partition: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const topicMovements = this.partitionMovementsByTopic.get(partition.topic);
    if (topicMovements === undefined) return partition;
    const src = this.partitionMovements.get(formatTopicPartition(partition))?.src ?? oldConsumer;
    const reverse = topicMovements.get(pairKey({ src: newConsumer, dst: src }));
    if (reverse === undefined) return partition;
    const order = javaHashMapOrder(
      reverse.partitions,
      (tp) => topicPartitionHashCode(tp.topic, tp.partition),
      javaHashMapCapacity(reverse.maxSize),
    );
    return order[0] as TopicPartition;
  }

  private add(partition: TopicPartition, movement: Movement): void {
    this.partitionMovements.set(formatTopicPartition(partition), movement);
    let topicMovements = this.partitionMovementsByTopic.get(partition.topic);
    if (topicMovements === undefined) {
      topicMovements = new Map();
      this.partitionMovementsByTopic.set(partition.topic, topicMovements);
    }
    const key = pairKey(movement);
    const set = topicMovements.get(key) ?? { partitions: [], maxSize: 0 };
    set.partitions.push(partition);
    set.maxSize = Math.max(set.maxSize, set.partitions.length);
    topicMovements.set(key, set);
  }

  private remove(partition: TopicPartition, movement: Movement): void {
    this.partitionMovements.delete(formatTopicPartition(partition));
    const topicMovements = this.partitionMovementsByTopic.get(partition.topic) as Map<string, PartitionSet>;
    const key = pairKey(movement);
    const set = topicMovements.get(key) as PartitionSet;
    set.partitions = set.partitions.filter((tp) => tp.partition !== partition.partition);
    if (set.partitions.length === 0) topicMovements.delete(key);
    if (topicMovements.size === 0) this.partitionMovementsByTopic.delete(partition.topic);
  }
}

function pairKey(movement: Movement): string {
  return JSON.stringify([movement.src, movement.dst]);
}
