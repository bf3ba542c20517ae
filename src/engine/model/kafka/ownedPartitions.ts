/**
 * What each member of a sticky group owned, as the group leader sees it when it assigns.
 * Source: apache/kafka @1eb76443, clients/.../consumer/internals/AbstractStickyAssignor.java
 * (`MemberData`, `allSubscriptionsEqual`, `DEFAULT_GENERATION`).
 *
 * A claim on a partition of a topic nobody subscribes to is dropped. Two members claiming one
 * partition: the higher generation keeps it; in the same generation neither does, and Kafka
 * remembers it as claimed by several owners. Members are walked in Kafka's HashMap order
 * (javaHashOrder.ts); here the order matters only when three members claim one partition, and
 * for members that subscribe to nothing (below).
 */
import { formatTopicPartition, type AssignorMember, type TopicPartition } from './assignors';

/** A member's `Subscription` as the sticky assignors read it. */
export type StickyMember = AssignorMember & {
  /** `ownedPartitions` (cooperative) or the userData's previous assignment (eager); absent for a new member. */
  ownedPartitions?: readonly TopicPartition[];
  /** The generation in which it owned them; absent for a member that was never assigned anything. */
  generation?: number;
};

/** `AbstractStickyAssignor.DEFAULT_GENERATION`: what Kafka assumes for a member without one. */
const DEFAULT_GENERATION = -1;

export function generationOf(member: StickyMember): number {
  return member.generation ?? DEFAULT_GENERATION;
}

/** What `allSubscriptionsEqual` finds out while it walks the members. */
export type OwnedPartitions = {
  allSubscriptionsEqual: boolean;
  /** Member id → the partitions it owned that are still valid, in the order it listed them. */
  consumerToOwnedPartitions: Map<string, TopicPartition[]>;
  /** Partitions claimed by two members of the same generation (as "topic-partition"). */
  partitionsWithMultiplePreviousOwners: Set<string>;
  maxGeneration: number;
};

/**
 * AbstractStickyAssignor.allSubscriptionsEqual: do all members subscribe to the same topics, and
 * which owned partitions are still valid. `members` are in Kafka's HashMap order; `partitionsPerTopic`
 * holds only subscribed topics.
 */
export function collectOwnedPartitions(
  members: readonly StickyMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
  explanation: string[],
): OwnedPartitions {
  let allSubscriptionsEqual = true;
  // Kafka takes the first non-empty subscription as the reference, so members that subscribe to
  // nothing and come before it do not make the subscriptions unequal.
  let subscribedTopics = new Set<string>();
  const consumerToOwnedPartitions = new Map<string, TopicPartition[]>();
  const partitionsWithMultiplePreviousOwners = new Set<string>();
  const previousOwners = new Map<string, StickyMember>();
  let maxGeneration = DEFAULT_GENERATION;
  for (const member of members) {
    if (subscribedTopics.size === 0) {
      subscribedTopics = new Set(member.topics);
    } else if (
      allSubscriptionsEqual &&
      !(member.topics.length === subscribedTopics.size && member.topics.every((t) => subscribedTopics.has(t)))
    ) {
      allSubscriptionsEqual = false;
    }
    const generation = generationOf(member);
    maxGeneration = Math.max(maxGeneration, generation);
    const owned: TopicPartition[] = [];
    consumerToOwnedPartitions.set(member.memberId, owned);
    for (const tp of member.ownedPartitions ?? []) {
      // Kafka drops claims on topics outside partitionsPerTopic (unsubscribed or deleted). It never
      // shrinks a topic, so it checks only the topic; we also drop partition numbers the topic lacks.
      if (tp.partition >= (partitionsPerTopic.get(tp.topic) ?? 0)) {
        explanation.push(
          `${member.memberId} owned ${formatTopicPartition(tp)}, which is not a partition of any subscribed topic now: the claim is ignored.`,
        );
        continue;
      }
      const key = formatTopicPartition(tp);
      const other = previousOwners.get(key);
      if (other === undefined) {
        owned.push(tp);
        previousOwners.set(key, member);
        continue;
      }
      const otherGeneration = generationOf(other);
      const otherOwned = consumerToOwnedPartitions.get(other.memberId) as TopicPartition[];
      if (generation === otherGeneration) {
        partitionsWithMultiplePreviousOwners.add(key);
        removePartition(otherOwned, key);
        previousOwners.set(key, member);
        explanation.push(
          `${key} is claimed by both ${other.memberId} and ${member.memberId} in generation ${generation}: Kafka cannot tell who owns it, so neither keeps it.`,
        );
      } else if (generation > otherGeneration) {
        owned.push(tp);
        removePartition(otherOwned, key);
        previousOwners.set(key, member);
        explanation.push(
          `${key} is claimed by ${other.memberId} (generation ${otherGeneration}) and ${member.memberId} (generation ${generation}): the higher generation wins, ${member.memberId}.`,
        );
      } else {
        explanation.push(
          `${key} is claimed by ${other.memberId} (generation ${otherGeneration}) and ${member.memberId} (generation ${generation}): the higher generation wins, ${other.memberId}.`,
        );
      }
    }
  }
  return { allSubscriptionsEqual, consumerToOwnedPartitions, partitionsWithMultiplePreviousOwners, maxGeneration };
}

/** Java `List.remove(Object)`: removes the first equal element, if any. */
export function removePartition(list: TopicPartition[], key: string): void {
  const i = list.findIndex((tp) => formatTopicPartition(tp) === key);
  if (i >= 0) list.splice(i, 1);
}
