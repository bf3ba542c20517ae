/**
 * Kafka's RangeAssignor, exactly as the Java client computes it (rack-unaware path).
 * Source: apache/kafka @1eb76443, clients/.../consumer/RangeAssignor.java (`assignPartitions`)
 * and AbstractPartitionAssignor.MemberInfo (`compareTo`).
 *
 * Per topic, independently: sort the subscribed members (members with a group.instance.id first,
 * by instance id; then by member.id, with Java `String.compareTo`, i.e. UTF-16 code-unit order, so
 * "m10" < "m2"); each gets floor(P/C) partitions and the first P % C members one more, as
 * contiguous ranges in partition order.
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

/** MemberInfo.compareTo. */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  if (a.instanceId !== undefined && b.instanceId !== undefined) return compareJavaStrings(a.instanceId, b.instanceId);
  if (a.instanceId !== undefined) return -1;
  if (b.instanceId !== undefined) return 1;
  return compareJavaStrings(a.memberId, b.memberId);
}

/** Java `String.compareTo`: lexicographic over UTF-16 code units. JS `<` on strings is the same order. */
function compareJavaStrings(a: string, b: string): number {
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
