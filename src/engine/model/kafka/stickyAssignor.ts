/**
 * Kafka's StickyAssignor ("sticky", eager): an assignment as balanced as the subscriptions allow
 * that leaves as many partitions as possible with the member that owned them.
 * Source: apache/kafka @1eb76443 (4.0.0-SNAPSHOT), clients/.../consumer/internals/AbstractStickyAssignor.java
 * (`assignPartitions`, `allSubscriptionsEqual`) and clients/.../consumer/StickyAssignor.java
 * (`memberData`). The two algorithms it picks between are in constrainedAssignment.ts and
 * generalAssignment.ts; CooperativeStickyAssignor builds on this in cooperativeStickyAssignor.ts.
 *
 * Each member reports the partitions it owned and the generation it owned them in; ownedPartitions.ts
 * settles conflicting claims. Then, if every member subscribes to the same topics, Kafka (since
 * 2.6, KAFKA-9987) runs its quick "constrained" algorithm, otherwise the general one.
 *
 * Simplified:
 * - Rack-unaware: the path Kafka takes when consumers set no client.rack.
 * - One generation per member. Kafka reads it from the Subscription or from the StickyAssignor's
 *   userData, which normally agree.
 * - Kafka's leader keeps the highest generation it has seen in the assignor object across
 *   rebalances (`maxGeneration`); here it is the highest generation among this rebalance's members.
 * - Kafka walks the members in the order of a java.util.HashMap keyed by member id; we compute
 *   OpenJDK's order (javaHashOrder.ts). `members` should be in the order the group coordinator
 *   lists them (the order they joined); it only matters between ids that share a HashMap bucket.
 *   The walk decides, for example, which members may keep an extra partition.
 * - Consistency checks that only log or throw in Kafka (`isSticky`, `verifyUnfilledMembers`) are left out.
 */
import {
  compareJavaStrings,
  formatTopicPartition,
  formatTopicPartitions,
  type Assignment,
  type TopicPartition,
} from './assignors';
import { buildConstrainedAssignment } from './constrainedAssignment';
import { buildGeneralAssignment } from './generalAssignment';
import { javaHashMapOrder, javaStringHashCode } from './javaHashOrder';
import { collectOwnedPartitions, type StickyMember } from './ownedPartitions';

export type { StickyMember } from './ownedPartitions';

export type StickyResult = Assignment & {
  /**
   * Partition (as "topic-partition") → the member it moves to, as the constrained algorithm records
   * it; `null` after the general algorithm, where CooperativeStickyAssignor works it out itself.
   */
  partitionsTransferringOwnership: Map<string, string> | null;
};

/** StickyAssignor.assign: the eager sticky assignment. */
export function assignSticky(
  members: readonly StickyMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): Assignment {
  const { byMember, explanation } = buildStickyAssignment(members, partitionsPerTopic);
  return { byMember, explanation };
}

/** AbstractStickyAssignor.assignPartitions. `byMember` lists the members in the order given. */
export function buildStickyAssignment(
  members: readonly StickyMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): StickyResult {
  if (members.length === 0) {
    return {
      byMember: new Map(),
      explanation: ['No members, so nothing to assign.'],
      partitionsTransferringOwnership: null,
    };
  }
  // ConsumerCoordinator.onLeaderElected puts the members into a HashMap, and Kafka walks that.
  const hashMapOrder = javaHashMapOrder(members, (m) => javaStringHashCode(m.memberId));
  // AbstractPartitionAssignor.assign passes only the subscribed topics that have partitions.
  const subscribed = new Map<string, number>();
  for (const [topic, count] of partitionsPerTopic) {
    if (count > 0 && members.some((m) => m.topics.includes(topic))) subscribed.set(topic, count);
  }
  const total = [...subscribed.values()].reduce((sum, n) => sum + n, 0);
  const explanation = [
    `${total} subscribed partition${total === 1 ? '' : 's'} over ${members.length} member${members.length === 1 ? '' : 's'}.`,
  ];
  const owned = collectOwnedPartitions(hashMapOrder, subscribed, explanation);
  let assignment: Map<string, TopicPartition[]>;
  let partitionsTransferringOwnership: Map<string, string> | null = null;
  if (owned.allSubscriptionsEqual) {
    explanation.push('Every member subscribes to the same topics, so Kafka uses its quick "constrained" algorithm.');
    const unsubscribed = members.filter((m) => m.topics.length === 0).map((m) => m.memberId);
    if (unsubscribed.length > 0) {
      explanation.push(
        `(Not quite: ${unsubscribed.join(', ')} subscribe${unsubscribed.length === 1 ? 's' : ''} to nothing. Kafka compares subscriptions from the first non-empty one it meets, so a member with none that comes before it still counts, and gets partitions.)`,
      );
    }
    const constrained = buildConstrainedAssignment(subscribed, owned, explanation);
    assignment = constrained.assignment;
    partitionsTransferringOwnership = constrained.partitionsTransferringOwnership;
  } else {
    explanation.push('Members subscribe to different topics, so Kafka uses its general algorithm.');
    assignment = buildGeneralAssignment(hashMapOrder, subscribed, owned, explanation);
  }
  const byMember = new Map<string, TopicPartition[]>();
  for (const member of members) byMember.set(member.memberId, assignment.get(member.memberId) ?? []);
  const byId = [...members].sort((a, b) => compareJavaStrings(a.memberId, b.memberId));
  explanation.push('Result:', ...explainResult(byId, byMember));
  return { byMember, explanation, partitionsTransferringOwnership };
}

/** One line per member: which partitions it kept and which it gets, and from whom. */
function explainResult(members: readonly StickyMember[], byMember: ReadonlyMap<string, TopicPartition[]>): string[] {
  const claimedBy = new Map<string, string[]>();
  for (const member of members) {
    for (const tp of member.ownedPartitions ?? []) {
      const key = formatTopicPartition(tp);
      claimedBy.set(key, [...(claimedBy.get(key) ?? []), member.memberId]);
    }
  }
  return members.map((member, i) => {
    const assigned = byMember.get(member.memberId) ?? [];
    const kept = assigned.filter((tp) => claimedBy.get(formatTopicPartition(tp))?.includes(member.memberId));
    const gained = assigned.filter((tp) => !kept.includes(tp));
    const parts: string[] = [];
    if (kept.length > 0) parts.push(`keeps ${formatTopicPartitions(kept)}`);
    if (gained.length > 0) {
      const from = gained.map((tp) => {
        const previous = claimedBy.get(formatTopicPartition(tp));
        return `${formatTopicPartition(tp)} (${previous === undefined ? 'no member owned it' : `from ${previous.join(' and ')}`})`;
      });
      parts.push(`gets ${from.join(', ')}`);
    }
    return `  ${i + 1}. ${member.memberId}: ${parts.length === 0 ? 'nothing' : parts.join('; ')}`;
  });
}
