/**
 * Kafka's RangeAssignor and RoundRobinAssignor, exactly as the Java client computes them
 * (rack-unaware path), and the types every assignor here shares. The sticky assignors are in
 * stickyAssignor.ts and cooperativeStickyAssignor.ts.
 * Source: apache/kafka @1eb76443, clients/.../consumer/RangeAssignor.java (`assignPartitions`),
 * clients/.../consumer/RoundRobinAssignor.java (`assign`, `allPartitionsSorted`) and
 * AbstractPartitionAssignor.MemberInfo (`compareTo`).
 *
 * Both sort members the same way: members with a group.instance.id first, by instance id; then by
 * member.id, with Java `String.compareTo`, i.e. UTF-16 code-unit order, so "m10" < "m2".
 * Range, per topic, independently: each subscribed member gets floor(P/C) partitions and the first
 * P % C members one more, as contiguous ranges in partition order.
 * RoundRobin: all subscribed partitions, by topic name then partition, dealt one at a time to the
 * members in turn; a member not subscribed to the partition's topic loses its turn.
 */

export type AssignorMember = {
  memberId: string;
  /** `group.instance.id` of a static member. */
  instanceId?: string;
  topics: readonly string[];
};

export type TopicPartition = { topic: string; partition: number };

export type Assignment = {
  /** Member id → its partitions, in assignment order. */
  byMember: Map<string, TopicPartition[]>;
  /** Plain-language steps that answer "why does this consumer own these partitions?". */
  explanation: string[];
};

/** Kafka's `TopicPartition.toString()`, e.g. "orders-3". Unique per partition, so also used as a map key. */
export function formatTopicPartition(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** "orders-0, orders-3", or "nothing". */
export function formatTopicPartitions(tps: readonly TopicPartition[]): string {
  return tps.length === 0 ? 'nothing' : tps.map(formatTopicPartition).join(', ');
}

/** MemberInfo.compareTo. */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  if (a.instanceId !== undefined && b.instanceId !== undefined) return compareJavaStrings(a.instanceId, b.instanceId);
  if (a.instanceId !== undefined) return -1;
  if (b.instanceId !== undefined) return 1;
  return compareJavaStrings(a.memberId, b.memberId);
}

/** Java `String.compareTo`: lexicographic over UTF-16 code units. JS `<` on strings is the same order. */
export function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** RangeAssignor.assign. `partitionsPerTopic` lists the topics in any order; members likewise. */
export function assignRange(
  members: readonly AssignorMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): Assignment {
  const byMember = new Map<string, TopicPartition[]>();
  for (const member of members) byMember.set(member.memberId, []);
  const explanation: string[] = [];
  const topics = [...partitionsPerTopic.keys()].sort();
  for (const topic of topics) {
    const numPartitions = partitionsPerTopic.get(topic) as number;
    const subscribers = members.filter((m) => m.topics.includes(topic)).sort(compareMembers);
    if (subscribers.length === 0) continue;
    const perMember = Math.floor(numPartitions / subscribers.length);
    const extra = numPartitions % subscribers.length;
    explanation.push(
      `Topic "${topic}": ${numPartitions} partition${numPartitions === 1 ? '' : 's'} over ${subscribers.length} member${subscribers.length === 1 ? '' : 's'} sorted by member id → ${perMember} each` +
        (extra > 0 ? `, and the first ${extra} get one more.` : '.'),
    );
    let next = 0;
    subscribers.forEach((member, i) => {
      const count = perMember + (i < extra ? 1 : 0);
      const owned = byMember.get(member.memberId) as TopicPartition[];
      for (let p = next; p < next + count; p++) owned.push({ topic, partition: p });
      explanation.push(
        count === 0
          ? `  ${i + 1}. ${member.memberId}: nothing (more members than partitions, so it stays idle)`
          : `  ${i + 1}. ${member.memberId}: partition${count === 1 ? '' : 's'} ${next}${count > 1 ? `–${next + count - 1}` : ''}`,
      );
      next += count;
    });
  }
  return { byMember, explanation };
}

/** RoundRobinAssignor.assign. `partitionsPerTopic` lists the topics in any order; members likewise. */
export function assignRoundRobin(
  members: readonly AssignorMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
): Assignment {
  const byMember = new Map<string, TopicPartition[]>();
  for (const member of members) byMember.set(member.memberId, []);
  const turns = [...members].sort(compareMembers);
  // allPartitionsSorted: the subscribed topics that exist, by name, each with partitions 0..n-1.
  const topics = [...new Set(members.flatMap((m) => m.topics))].filter((t) => partitionsPerTopic.has(t)).sort();
  const allPartitions = topics.flatMap((topic) =>
    Array.from({ length: partitionsPerTopic.get(topic) as number }, (_, partition) => ({ topic, partition })),
  );
  const explanation = [
    `All ${allPartitions.length} subscribed partition${allPartitions.length === 1 ? '' : 's'}, by topic name then number: ${formatTopicPartitions(allPartitions)}.`,
    `Members take turns in this order: ${turns.map((m) => m.memberId).join(', ')} (members with a group.instance.id first, by instance id; then by member id). ` +
      'The turns carry on from one topic to the next; they do not restart at the first member.',
  ];
  // Kafka's CircularIterator over the sorted members: `turn` only ever moves forward.
  let turn = 0;
  for (const tp of allPartitions) {
    const skipped: string[] = [];
    let member = turns[turn % turns.length] as AssignorMember;
    while (!member.topics.includes(tp.topic)) {
      skipped.push(member.memberId);
      turn++;
      member = turns[turn % turns.length] as AssignorMember;
    }
    turn++;
    (byMember.get(member.memberId) as TopicPartition[]).push(tp);
    if (skipped.length > 0) {
      explanation.push(
        `  ${formatTopicPartition(tp)}: ${skipped.join(', ')} ${skipped.length === 1 ? 'is' : 'are'} not subscribed to "${tp.topic}" and ${skipped.length === 1 ? 'loses its turn' : 'lose their turns'}, so it goes to ${member.memberId}.`,
      );
    }
  }
  turns.forEach((member, i) => {
    const owned = byMember.get(member.memberId) as TopicPartition[];
    explanation.push(
      owned.length === 0
        ? `  ${i + 1}. ${member.memberId}: nothing (no partition was left when its turn came)`
        : `  ${i + 1}. ${member.memberId}: ${formatTopicPartitions(owned)}`,
    );
  });
  return { byMember, explanation };
}
