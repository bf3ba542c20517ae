/**
 * Kafka's CooperativeStickyAssignor ("cooperative-sticky", KIP-429): the sticky assignment, minus
 * every partition that would go straight from one member to another. The owner revokes such a
 * partition first; members that revoked something rejoin at once, and in that follow-up rebalance
 * the partition, now owned by nobody, goes to its new member. Nobody else stops consuming.
 * Source: apache/kafka @1eb76443, clients/.../consumer/CooperativeStickyAssignor.java
 * (`assignPartitions`, `adjustAssignment`, `computePartitionsTransferringOwnership`) and
 * clients/.../consumer/internals/ConsumerCoordinator.java (`onJoinComplete`: a member revokes
 * owned − assigned and rejoins if that is not empty). KIP: https://cwiki.apache.org/confluence/display/KAFKA/KIP-429
 */
import { formatTopicPartition, formatTopicPartitions, type Assignment, type TopicPartition } from './assignors';
import type { StickyMember } from './ownedPartitions';
import { buildStickyAssignment } from './stickyAssignor';

/** What one member does in this rebalance and the next. */
export type CooperativeStep = {
  /** Owned before and assigned again: it keeps consuming them without a pause. */
  keep: TopicPartition[];
  /** Assigned now and owned by no member before (a member left, or the partition is new). */
  assignNow: TopicPartition[];
  /** Owned before but not assigned now: the member revokes them (onPartitionsRevoked) and rejoins. */
  revoke: TopicPartition[];
  /** Its share of the target that another member still owns: assigned in the follow-up rebalance. */
  assignNextRound: TopicPartition[];
};

export type CooperativeAssignment = Assignment & {
  /** The sticky assignment the group reaches after the follow-up rebalance. `byMember` is this rebalance's. */
  target: Map<string, TopicPartition[]>;
  /** Member id → its two-phase plan, members in the order given. */
  plan: Map<string, CooperativeStep>;
};

/** CooperativeStickyAssignor.assignPartitions, with the plan each member follows. */
export function assignCooperativeSticky(
  members: readonly StickyMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): CooperativeAssignment {
  const sticky = buildStickyAssignment(members, partitionsPerTopic);
  const target = sticky.byMember;
  const partitionsTransferringOwnership =
    sticky.partitionsTransferringOwnership ?? computePartitionsTransferringOwnership(members, target);

  // adjustAssignment: hold back every partition that changes hands.
  const byMember = new Map<string, TopicPartition[]>();
  for (const [memberId, tps] of target) {
    byMember.set(
      memberId,
      tps.filter((tp) => partitionsTransferringOwnership.get(formatTopicPartition(tp)) !== memberId),
    );
  }

  const plan = new Map<string, CooperativeStep>();
  for (const member of members) {
    const owned = new Set((member.ownedPartitions ?? []).map(formatTopicPartition));
    const now = byMember.get(member.memberId) as TopicPartition[];
    const assignedNow = new Set(now.map(formatTopicPartition));
    plan.set(member.memberId, {
      keep: now.filter((tp) => owned.has(formatTopicPartition(tp))),
      assignNow: now.filter((tp) => !owned.has(formatTopicPartition(tp))),
      revoke: (member.ownedPartitions ?? []).filter((tp) => !assignedNow.has(formatTopicPartition(tp))),
      assignNextRound: (target.get(member.memberId) as TopicPartition[]).filter(
        (tp) => !assignedNow.has(formatTopicPartition(tp)),
      ),
    });
  }
  const explanation = [
    'CooperativeStickyAssignor first works out the sticky assignment, the target:',
    ...sticky.explanation,
    ...explainPlan(members, plan),
  ];
  return { byMember, explanation, target, plan };
}

/**
 * computePartitionsTransferringOwnership, for the general algorithm: partitions a member is
 * assigned but did not own, that some member owned but is not assigned.
 */
function computePartitionsTransferringOwnership(
  members: readonly StickyMember[],
  assignment: ReadonlyMap<string, readonly TopicPartition[]>,
): Map<string, string> {
  const allAddedPartitions = new Map<string, string>();
  const allRevokedPartitions = new Set<string>();
  for (const member of members) {
    const owned = (member.ownedPartitions ?? []).map(formatTopicPartition);
    const assigned = (assignment.get(member.memberId) ?? []).map(formatTopicPartition);
    for (const key of assigned) if (!owned.includes(key)) allAddedPartitions.set(key, member.memberId);
    for (const key of owned) if (!assigned.includes(key)) allRevokedPartitions.add(key);
  }
  return new Map([...allAddedPartitions].filter(([key]) => allRevokedPartitions.has(key)));
}

function explainPlan(members: readonly StickyMember[], plan: ReadonlyMap<string, CooperativeStep>): string[] {
  const steps = members.map((member) => plan.get(member.memberId) as CooperativeStep);
  const heldBack = steps.flatMap((step) => step.assignNextRound);
  const lines = [
    heldBack.length === 0
      ? 'Cooperative: no partition goes from one member to another, so every member gets its target now:'
      : heldBack.length === 1
        ? `Cooperative: ${formatTopicPartitions(heldBack)} would go from one member to another, so this rebalance holds it back. ` +
          'Its owner revokes it and rejoins at once, and the follow-up rebalance hands it out. Everything else stays put:'
        : `Cooperative: ${formatTopicPartitions(heldBack)} would go from one member to another, so this rebalance holds them back. ` +
          'Their owners revoke them and rejoin at once, and the follow-up rebalance hands them out. Everything else stays put:',
  ];
  members.forEach((member, i) => {
    const step = steps[i] as CooperativeStep;
    const parts: string[] = [];
    if (step.keep.length > 0) parts.push(`keeps ${formatTopicPartitions(step.keep)}`);
    if (step.assignNow.length > 0) parts.push(`gets ${formatTopicPartitions(step.assignNow)} now`);
    if (step.revoke.length > 0) parts.push(`revokes ${formatTopicPartitions(step.revoke)}`);
    if (step.assignNextRound.length > 0) {
      parts.push(`gets ${formatTopicPartitions(step.assignNextRound)} in the follow-up rebalance`);
    }
    lines.push(`  ${i + 1}. ${member.memberId}: ${parts.length === 0 ? 'nothing' : parts.join('; ')}`);
  });
  return lines;
}
