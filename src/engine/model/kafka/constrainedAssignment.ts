/**
 * The sticky assignors' quick algorithm for a group whose members all subscribe to the same topics.
 * Source: apache/kafka @1eb76443, clients/.../consumer/internals/AbstractStickyAssignor.java
 * (ConstrainedAssignmentBuilder: `build`, `assignOwnedPartitions`, `assignRoundRobin`,
 * `assignNewPartition`, `getUnassignedPartitions`), rack-unaware.
 *
 * With P partitions and C members every member gets minQuota = floor(P/C) partitions and P % C of
 * them get maxQuota = ceil(P/C). Example: 7 partitions, 4 members → 1 each, and 3 members get 2.
 * 1. Walk the members in Kafka's HashMap order (javaHashOrder.ts). Each keeps its owned partitions, lowest
 *    partition number first: all of them if fewer than minQuota; maxQuota while fewer than P % C
 *    members have been allowed maxQuota; otherwise minQuota. What it does not keep, it gives up.
 * 2. Deal the partitions nobody kept, by topic then number, to the members below minQuota in turn
 *    (by member id), then one each to members at minQuota until P % C members have maxQuota.
 * A partition a member gave up that lands with another member "transfers ownership": the
 * cooperative assignor holds it back for one rebalance.
 */
import { compareJavaStrings, formatTopicPartition, formatTopicPartitions, type TopicPartition } from './assignors';
import type { OwnedPartitions } from './ownedPartitions';

export type ConstrainedResult = {
  assignment: Map<string, TopicPartition[]>;
  /** Partition (as "topic-partition") → the member it moves to from another member. */
  partitionsTransferringOwnership: Map<string, string>;
};

/** ConstrainedAssignmentBuilder.build. `partitionsPerTopic` holds only the subscribed topics. */
export function buildConstrainedAssignment(
  partitionsPerTopic: ReadonlyMap<string, number>,
  owned: OwnedPartitions,
  explanation: string[],
): ConstrainedResult {
  const { consumerToOwnedPartitions, partitionsWithMultiplePreviousOwners } = owned;
  const total = [...partitionsPerTopic.values()].reduce((sum, n) => sum + n, 0);
  const numberOfConsumers = consumerToOwnedPartitions.size;
  const minQuota = Math.floor(total / numberOfConsumers);
  const maxQuota = Math.ceil(total / numberOfConsumers);
  const expectedNumMembersWithOverMinQuotaPartitions = total % numberOfConsumers;
  let currentNumMembersWithOverMinQuotaPartitions = 0;
  explanation.push(
    `Quota: ${total} / ${numberOfConsumers} → at least ${minQuota} each` +
      (expectedNumMembersWithOverMinQuotaPartitions > 0
        ? `, and ${expectedNumMembersWithOverMinQuotaPartitions} member${expectedNumMembersWithOverMinQuotaPartitions === 1 ? '' : 's'} get ${maxQuota}.`
        : '.'),
    'Each member keeps what it owned, up to its quota, lowest partition numbers first. Kafka goes through the members in the order of its HashMap, which decides who may keep more:',
  );

  const assignment = new Map<string, TopicPartition[]>();
  const assigned = new Set<string>();
  const maybeRevokedPartitions = new Map<string, string>();
  const unfilledMembersWithUnderMinQuotaPartitions: string[] = [];
  const unfilledMembersWithExactlyMinQuotaPartitions: string[] = [];
  const keep = (consumer: string, tps: TopicPartition[], giveUp: TopicPartition[]): void => {
    assignment.set(consumer, tps);
    for (const tp of tps) assigned.add(formatTopicPartition(tp));
    for (const tp of giveUp) maybeRevokedPartitions.set(formatTopicPartition(tp), consumer);
  };

  // assignOwnedPartitions
  for (const [consumer, claimed] of consumerToOwnedPartitions) {
    const ownedPartitions = [...claimed].sort(
      (a, b) => a.partition - b.partition || compareJavaStrings(a.topic, b.topic),
    );
    const doublyClaimed = ownedPartitions.filter((tp) =>
      partitionsWithMultiplePreviousOwners.has(formatTopicPartition(tp)),
    );
    if (doublyClaimed.length > 0) {
      for (const tp of doublyClaimed) ownedPartitions.splice(ownedPartitions.indexOf(tp), 1);
      explanation.push(
        `  ${consumer} drops ${formatTopicPartitions(doublyClaimed)}: two members of one generation claimed it too.`,
      );
    }
    const count = ownedPartitions.length;
    if (count < minQuota) {
      keep(consumer, ownedPartitions, []);
      unfilledMembersWithUnderMinQuotaPartitions.push(consumer);
      explanation.push(
        `  ${consumer} owned ${count === 0 ? 'nothing' : `${formatTopicPartitions(ownedPartitions)}: keeps all`}, fewer than ${minQuota}, so it will be topped up.`,
      );
    } else if (
      count >= maxQuota &&
      currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions
    ) {
      currentNumMembersWithOverMinQuotaPartitions++;
      if (currentNumMembersWithOverMinQuotaPartitions === expectedNumMembersWithOverMinQuotaPartitions) {
        unfilledMembersWithExactlyMinQuotaPartitions.length = 0;
      }
      keep(consumer, ownedPartitions.slice(0, maxQuota), ownedPartitions.slice(maxQuota));
      explanation.push(
        `  ${consumer} ${explainKeep(ownedPartitions, maxQuota)} (one of the members allowed ${maxQuota}).`,
      );
    } else {
      keep(consumer, ownedPartitions.slice(0, minQuota), ownedPartitions.slice(minQuota));
      const reason =
        count >= maxQuota && maxQuota > minQuota
          ? ` (${expectedNumMembersWithOverMinQuotaPartitions === 1 ? 'the one place' : `the ${expectedNumMembersWithOverMinQuotaPartitions} places`} for ${maxQuota} ${expectedNumMembersWithOverMinQuotaPartitions === 1 ? 'is' : 'are'} taken by members before it)`
          : '';
      explanation.push(`  ${consumer} ${explainKeep(ownedPartitions, minQuota)}${reason}.`);
      if (currentNumMembersWithOverMinQuotaPartitions < expectedNumMembersWithOverMinQuotaPartitions) {
        unfilledMembersWithExactlyMinQuotaPartitions.push(consumer);
      }
    }
  }

  const sortedTopics = [...partitionsPerTopic.keys()].sort(compareJavaStrings);
  const unassignedPartitions = sortedTopics
    .flatMap((topic) =>
      Array.from({ length: partitionsPerTopic.get(topic) as number }, (_, partition) => ({ topic, partition })),
    )
    .filter((tp) => !assigned.has(formatTopicPartition(tp)));
  unfilledMembersWithUnderMinQuotaPartitions.sort(compareJavaStrings);
  unfilledMembersWithExactlyMinQuotaPartitions.sort(compareJavaStrings);
  if (unassignedPartitions.length > 0) {
    explanation.push(
      `Partitions nobody kept, by topic then number: ${formatTopicPartitions(unassignedPartitions)}. ` +
        `They go in turn to the members below ${minQuota} (by member id)` +
        (expectedNumMembersWithOverMinQuotaPartitions > 0
          ? `, then one each to members at ${minQuota} until ${expectedNumMembersWithOverMinQuotaPartitions} member${expectedNumMembersWithOverMinQuotaPartitions === 1 ? ' has' : 's have'} ${maxQuota}.`
          : '.'),
    );
  }

  // assignRoundRobin. `cursor` is Java's iterator over the members below minQuota.
  const partitionsTransferringOwnership = new Map<string, string>();
  let cursor = 0;
  for (const tp of unassignedPartitions) {
    let consumer: string | undefined;
    if (cursor < unfilledMembersWithUnderMinQuotaPartitions.length) {
      consumer = unfilledMembersWithUnderMinQuotaPartitions[cursor++];
    } else if (unfilledMembersWithUnderMinQuotaPartitions.length === 0) {
      consumer = unfilledMembersWithExactlyMinQuotaPartitions.shift();
    } else {
      cursor = 0;
      consumer = unfilledMembersWithUnderMinQuotaPartitions[cursor++];
    }
    // The quotas add up to the partition count, so someone is always unfilled (Kafka throws otherwise).
    if (consumer === undefined) throw new Error('No more unfilled consumers to be assigned.');
    const consumerAssignment = assignment.get(consumer) as TopicPartition[];
    consumerAssignment.push(tp);
    // assignNewPartition: it moves from another member if that member gave it up, or if two claimed it.
    const key = formatTopicPartition(tp);
    const previousOwner = maybeRevokedPartitions.get(key);
    if ((previousOwner !== undefined && previousOwner !== consumer) || partitionsWithMultiplePreviousOwners.has(key)) {
      partitionsTransferringOwnership.set(key, consumer);
    }
    // (Kafka also counts the members reaching maxQuota here, but only to log an error.)
    if (consumerAssignment.length === minQuota) {
      unfilledMembersWithUnderMinQuotaPartitions.splice(--cursor, 1);
      unfilledMembersWithExactlyMinQuotaPartitions.push(consumer);
    }
  }
  return { assignment, partitionsTransferringOwnership };
}

/** "owned a-0, a-1, a-2: keeps a-0, a-1, gives up a-2". */
function explainKeep(ownedPartitions: readonly TopicPartition[], quota: number): string {
  if (ownedPartitions.length === 0) return 'owned nothing';
  const kept = ownedPartitions.slice(0, quota);
  const givenUp = ownedPartitions.slice(quota);
  return (
    `owned ${formatTopicPartitions(ownedPartitions)}: keeps ${kept.length === ownedPartitions.length ? 'all' : formatTopicPartitions(kept)}` +
    (givenUp.length > 0 ? `, gives up ${formatTopicPartitions(givenUp)}` : '')
  );
}
