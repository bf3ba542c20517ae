/**
 * The sticky assignors' general algorithm, for a group whose members subscribe to different topics.
 * Source: apache/kafka @1eb76443, clients/.../consumer/internals/AbstractStickyAssignor.java
 * (GeneralAssignmentBuilder: `build`, `prepopulateCurrentAssignments`, `assignOwnedPartitions`,
 * `balance`, `isBalanced`, `performReassignments`, `reassignPartition`, `getBalanceScore`), rack-unaware.
 *
 * 1. Each member keeps the partitions it owned on topics it still subscribes to.
 * 2. Each remaining partition, topics with the fewest possible members first, goes to the member
 *    with the fewest partitions (then the lowest member id) that subscribes to its topic.
 * 3. Topics only one member subscribes to, and members that already have everything they could
 *    get and nothing anyone else could take, are set aside.
 * 4. While some member has two or more partitions more than another member that could take one of
 *    them, move a partition: back to the member that owned it in an older generation if that one
 *    has fewer, otherwise to the least loaded member that can take it (partitionMovements.ts may
 *    pick a partition that undoes an earlier move). First only the partitions of step 2 move, then
 *    any. If balancing moved partitions without making the counts more even (the sum of the
 *    differences between every two members), Kafka returns to the assignment before it.
 */
import { compareJavaStrings, formatTopicPartition, formatTopicPartitions, type TopicPartition } from './assignors';
import { generationOf, removePartition, type OwnedPartitions, type StickyMember } from './ownedPartitions';
import { PartitionMovements } from './partitionMovements';

/**
 * GeneralAssignmentBuilder.build. `members` are in Kafka's HashMap order; `partitionsPerTopic` holds only
 * the subscribed topics. Returns member id → partitions.
 */
export function buildGeneralAssignment(
  members: readonly StickyMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
  owned: OwnedPartitions,
  explanation: string[],
): Map<string, TopicPartition[]> {
  const partitionsOf = (topic: string): TopicPartition[] =>
    Array.from({ length: partitionsPerTopic.get(topic) as number }, (_, partition) => ({ topic, partition }));
  const topic2AllPotentialConsumers = new Map<string, string[]>();
  for (const topic of partitionsPerTopic.keys()) topic2AllPotentialConsumers.set(topic, []);
  const consumer2AllPotentialTopics = new Map<string, string[]>();
  for (const member of members) {
    const topics = member.topics.filter((topic) => partitionsPerTopic.has(topic));
    consumer2AllPotentialTopics.set(member.memberId, topics);
    for (const topic of topics) (topic2AllPotentialConsumers.get(topic) as string[]).push(member.memberId);
  }
  const potentialConsumers = (topic: string): string[] => topic2AllPotentialConsumers.get(topic) as string[];
  const potentialTopics = (consumer: string): string[] => consumer2AllPotentialTopics.get(consumer) as string[];
  const maxAssignmentSize = (consumer: string): number =>
    potentialTopics(consumer).reduce((sum, topic) => sum + (partitionsPerTopic.get(topic) as number), 0);

  const currentAssignment = owned.consumerToOwnedPartitions;
  const assigned = (consumer: string): TopicPartition[] => currentAssignment.get(consumer) as TopicPartition[];
  const currentPartitionConsumer = new Map<string, string>();
  for (const [consumer, tps] of currentAssignment) {
    for (const tp of tps) currentPartitionConsumer.set(formatTopicPartition(tp), consumer);
  }
  // TopicComparator: fewest potential consumers first, then by name.
  const sortedAllTopics = [...partitionsPerTopic.keys()].sort(
    (a, b) => potentialConsumers(a).length - potentialConsumers(b).length || compareJavaStrings(a, b),
  );
  let sortedAllPartitions = sortedAllTopics.flatMap(partitionsOf);
  // sortedCurrentSubscriptions (a TreeSet): fewest partitions first, then by member id.
  const byLoad = (): string[] =>
    [...currentAssignment.keys()].sort((a, b) => assigned(a).length - assigned(b).length || compareJavaStrings(a, b));

  // prepopulateCurrentAssignments: who owned each partition in an older generation than the newest.
  // On equal generations the first member in HashMap order wins.
  const prevAssignment = new Map<string, { consumer: string; generation: number }>();
  for (const member of members) {
    const generation = generationOf(member);
    if (generation >= owned.maxGeneration) continue;
    for (const tp of member.ownedPartitions ?? []) {
      const key = formatTopicPartition(tp);
      const previous = prevAssignment.get(key);
      if (previous === undefined || generation > previous.generation) {
        prevAssignment.set(key, { consumer: member.memberId, generation });
      }
    }
  }

  // assignOwnedPartitions
  explanation.push('Each member keeps the partitions it owned on topics it still subscribes to.');
  let revocationRequired = false;
  const assignedPartitions = new Set<string>();
  for (const member of members) {
    const kept = assigned(member.memberId).filter((tp) => member.topics.includes(tp.topic));
    const dropped = assigned(member.memberId).filter((tp) => !kept.includes(tp));
    if (dropped.length > 0) {
      revocationRequired = true;
      const topics = [...new Set(dropped.map((tp) => tp.topic))].join(', ');
      explanation.push(
        `  ${member.memberId} no longer subscribes to ${topics}: gives up ${formatTopicPartitions(dropped)}.`,
      );
    }
    currentAssignment.set(member.memberId, kept);
    for (const tp of kept) assignedPartitions.add(formatTopicPartition(tp));
  }
  let unassignedPartitions = sortedAllPartitions.filter((tp) => !assignedPartitions.has(formatTopicPartition(tp)));

  // balance
  const initializing = assigned(byLoad().at(-1) as string).length === 0;
  if (unassignedPartitions.length > 0) {
    explanation.push(
      'The other partitions, topics with the fewest possible members first, each go to the member with the fewest partitions (then the lowest member id) that subscribes to the topic:',
    );
  }
  for (const tp of unassignedPartitions) {
    const consumer = byLoad().find((c) => potentialTopics(c).includes(tp.topic)) as string;
    assigned(consumer).push(tp);
    currentPartitionConsumer.set(formatTopicPartition(tp), consumer);
    explanation.push(`  ${formatTopicPartition(tp)} → ${consumer}`);
  }

  // Narrow balancing down to the partitions and members that can change.
  const canTopicParticipateInReassignment = (topic: string): boolean => potentialConsumers(topic).length >= 2;
  const fixedTopics = sortedAllTopics.filter((topic) => !canTopicParticipateInReassignment(topic));
  sortedAllPartitions = sortedAllPartitions.filter((tp) => canTopicParticipateInReassignment(tp.topic));
  unassignedPartitions = unassignedPartitions.filter((tp) => canTopicParticipateInReassignment(tp.topic));
  if (fixedTopics.length > 0) {
    explanation.push(
      `Only one member subscribes to ${fixedTopics.join(', ')}, so those partitions stay where they are.`,
    );
  }
  const fixedAssignments = new Map<string, TopicPartition[]>();
  for (const member of members) {
    const consumer = member.memberId;
    const canParticipate =
      assigned(consumer).length < maxAssignmentSize(consumer) ||
      assigned(consumer).some((tp) => canTopicParticipateInReassignment(tp.topic));
    if (!canParticipate) {
      fixedAssignments.set(consumer, assigned(consumer));
      currentAssignment.delete(consumer);
    }
  }

  const isBalanced = (): boolean => {
    const sorted = byLoad();
    if (assigned(sorted[0] as string).length >= assigned(sorted.at(-1) as string).length - 1) return true;
    for (const consumer of sorted) {
      const count = assigned(consumer).length;
      if (count === maxAssignmentSize(consumer)) continue;
      // Could a partition it subscribes to move to it from a member with two or more partitions more?
      const mine = new Set(assigned(consumer).map(formatTopicPartition));
      for (const topic of potentialTopics(consumer)) {
        for (const tp of partitionsOf(topic)) {
          const other = currentPartitionConsumer.get(formatTopicPartition(tp)) as string;
          if (!mine.has(formatTopicPartition(tp)) && count + 1 < assigned(other).length) return false;
        }
      }
    }
    return true;
  };

  const partitionMovements = new PartitionMovements();
  let moves = 0;
  const reassignPartition = (partition: TopicPartition, newConsumer: string, why: string): void => {
    const consumer = currentPartitionConsumer.get(formatTopicPartition(partition)) as string;
    const toMove = partitionMovements.getTheActualPartitionToBeMoved(partition, consumer, newConsumer);
    // processPartitionMovement
    const oldConsumer = currentPartitionConsumer.get(formatTopicPartition(toMove)) as string;
    const moved =
      formatTopicPartition(toMove) === formatTopicPartition(partition)
        ? formatTopicPartition(partition)
        : `${formatTopicPartition(toMove)} (in place of ${formatTopicPartition(partition)}, undoing an earlier move)`;
    if (moves++ === 0) {
      explanation.push(
        'Balancing: while a member has two or more partitions more than one that could take a partition from it:',
      );
    }
    explanation.push(
      `  ${moved}: ${oldConsumer} (${assigned(oldConsumer).length} partitions) → ${newConsumer} (${assigned(newConsumer).length})${why}.`,
    );
    partitionMovements.movePartition(toMove, oldConsumer, newConsumer);
    removePartition(assigned(oldConsumer), formatTopicPartition(toMove));
    assigned(newConsumer).push(toMove);
    currentPartitionConsumer.set(formatTopicPartition(toMove), newConsumer);
  };

  const performReassignments = (reassignablePartitions: readonly TopicPartition[]): boolean => {
    let reassignmentPerformed = false;
    let modified: boolean;
    do {
      modified = false;
      for (const partition of reassignablePartitions) {
        if (isBalanced()) break;
        const consumer = currentPartitionConsumer.get(formatTopicPartition(partition)) as string;
        const previous = prevAssignment.get(formatTopicPartition(partition));
        // Kafka does not check that the previous owner still subscribes to the topic. If that owner was
        // set aside in step 3, Kafka throws a NullPointerException; we skip the rule instead.
        if (
          previous !== undefined &&
          currentAssignment.has(previous.consumer) &&
          assigned(consumer).length > assigned(previous.consumer).length + 1
        ) {
          reassignPartition(
            partition,
            previous.consumer,
            `, which owned ${formatTopicPartition(partition)} in generation ${previous.generation}`,
          );
          reassignmentPerformed = modified = true;
          continue;
        }
        if (
          potentialConsumers(partition.topic).some((other) => assigned(consumer).length > assigned(other).length + 1)
        ) {
          const newConsumer = byLoad().find((c) => potentialTopics(c).includes(partition.topic)) as string;
          reassignPartition(partition, newConsumer, '');
          reassignmentPerformed = modified = true;
        }
      }
    } while (modified);
    return reassignmentPerformed;
  };

  const preBalanceAssignment = new Map([...currentAssignment].map(([c, tps]) => [c, [...tps]]));
  const preBalancePartitionConsumers = new Map(currentPartitionConsumer);
  if (!revocationRequired) performReassignments(unassignedPartitions);
  const reassignmentPerformed = performReassignments(sortedAllPartitions);
  if (
    !initializing &&
    reassignmentPerformed &&
    getBalanceScore(currentAssignment) >= getBalanceScore(preBalanceAssignment)
  ) {
    explanation.push(
      'Those moves did not make the counts more even (the sum of the differences between every two members), so Kafka undoes them.',
    );
    for (const [consumer, tps] of preBalanceAssignment) currentAssignment.set(consumer, tps);
    currentPartitionConsumer.clear();
    for (const [key, consumer] of preBalancePartitionConsumers) currentPartitionConsumer.set(key, consumer);
  }
  for (const [consumer, tps] of fixedAssignments) currentAssignment.set(consumer, tps);
  return currentAssignment;
}

/** getBalanceScore: the sum, over every two members, of the difference of their partition counts. */
function getBalanceScore(assignment: ReadonlyMap<string, readonly TopicPartition[]>): number {
  const sizes = [...assignment.values()].map((tps) => tps.length);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) {
    for (let j = i + 1; j < sizes.length; j++) score += Math.abs((sizes[i] as number) - (sizes[j] as number));
  }
  return score;
}
