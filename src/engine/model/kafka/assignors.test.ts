import { describe, expect, it } from 'vitest';
import vectors from '../../../../vectors/kafka-assign.json';
import { assignRange, assignRoundRobin, compareMembers, type AssignorMember, type TopicPartition } from './assignors';

type Row = {
  scenario: string;
  partitionsPerTopic: Record<string, number>;
  members: { id: string; instanceId?: string; topics: string[] }[];
  javaRange: Record<string, string[]>;
  javaRoundRobin: Record<string, string[]>;
};

const rows = vectors.rows as Row[];

function membersOf(row: Row): AssignorMember[] {
  return row.members.map((m) => ({
    memberId: m.id,
    topics: m.topics,
    ...(m.instanceId !== undefined ? { instanceId: m.instanceId } : {}),
  }));
}

/** Member id → "topic-partition" strings, in assignment order. */
function named(byMember: ReadonlyMap<string, TopicPartition[]>): Record<string, string[]> {
  return Object.fromEntries([...byMember].map(([id, tps]) => [id, tps.map((tp) => `${tp.topic}-${tp.partition}`)]));
}

describe('RangeAssignor', () => {
  it.each(rows.map((row) => [row.scenario, row] as const))('matches Kafka: %s', (_, row) => {
    const { byMember } = assignRange(membersOf(row), new Map(Object.entries(row.partitionsPerTopic)));
    const actual = Object.fromEntries(
      [...byMember].map(([id, tps]) => [id, tps.map((tp) => `${tp.topic}-${tp.partition}`).sort()]),
    );
    const expected = Object.fromEntries(Object.entries(row.javaRange).map(([id, tps]) => [id, [...tps].sort()]));
    expect(actual).toEqual(expected);
  });

  it('gives the first members one more when partitions do not divide evenly (javadoc example)', () => {
    // RangeAssignor javadoc: C0, C1 subscribed to t0 and t1 with 3 partitions each
    // → C0: [t0p0, t0p1, t1p0, t1p1], C1: [t0p2, t1p2].
    const { byMember } = assignRange(
      [
        { memberId: 'C0', topics: ['t0', 't1'] },
        { memberId: 'C1', topics: ['t0', 't1'] },
      ],
      new Map([
        ['t0', 3],
        ['t1', 3],
      ]),
    );
    expect(byMember.get('C0')).toEqual([
      { topic: 't0', partition: 0 },
      { topic: 't0', partition: 1 },
      { topic: 't1', partition: 0 },
      { topic: 't1', partition: 1 },
    ]);
    expect(byMember.get('C1')).toEqual([
      { topic: 't0', partition: 2 },
      { topic: 't1', partition: 2 },
    ]);
  });

  it('sorts member ids as Java strings, so "m10" comes before "m2"', () => {
    expect(compareMembers({ memberId: 'm10', topics: [] }, { memberId: 'm2', topics: [] })).toBeLessThan(0);
  });

  it('leaves extra members idle and says so', () => {
    const { byMember, explanation } = assignRange(
      ['a', 'b', 'c'].map((memberId) => ({ memberId, topics: ['t'] })),
      new Map([['t', 2]]),
    );
    expect(byMember.get('c')).toEqual([]);
    expect(explanation.join('\n')).toMatch(/c: nothing \(more members than partitions/);
  });
});

describe('RoundRobinAssignor', () => {
  const twoTopics = new Map([
    ['t0', 3],
    ['t1', 3],
  ]);

  it.each(rows.map((row) => [row.scenario, row] as const))('matches Kafka: %s', (_, row) => {
    const { byMember } = assignRoundRobin(membersOf(row), new Map(Object.entries(row.partitionsPerTopic)));
    // The vectors list each member's partitions in assignment order, so the order is compared too.
    expect(named(byMember)).toEqual(row.javaRoundRobin);
  });

  it('deals partitions in turn across topics (javadoc: C0, C1 on t0 and t1 with 3 partitions each)', () => {
    const { byMember } = assignRoundRobin(
      [
        { memberId: 'C0', topics: ['t0', 't1'] },
        { memberId: 'C1', topics: ['t0', 't1'] },
      ],
      twoTopics,
    );
    expect(named(byMember)).toEqual({ C0: ['t0-0', 't0-2', 't1-1'], C1: ['t0-1', 't1-0', 't1-2'] });
  });

  it('skips members not subscribed to the topic, which can unbalance the assignment (javadoc)', () => {
    const { byMember, explanation } = assignRoundRobin(
      [
        { memberId: 'C0', topics: ['t0'] },
        { memberId: 'C1', topics: ['t0', 't1'] },
        { memberId: 'C2', topics: ['t0', 't1', 't2'] },
      ],
      new Map([
        ['t0', 1],
        ['t1', 2],
        ['t2', 3],
      ]),
    );
    expect(named(byMember)).toEqual({ C0: ['t0-0'], C1: ['t1-0'], C2: ['t1-1', 't2-0', 't2-1', 't2-2'] });
    expect(explanation).toContain('  t2-0: C0, C1 are not subscribed to "t2" and lose their turns, so it goes to C2.');
  });

  it('reshuffles everything when member ids change in a rolling bounce, unless members are static (javadoc)', () => {
    const bounce = (ids: string[], instanceIds?: string[]) =>
      named(
        assignRoundRobin(
          ids.map((memberId, i) => ({
            memberId,
            topics: ['t0', 't1'],
            ...(instanceIds ? { instanceId: instanceIds[i] as string } : {}),
          })),
          twoTopics,
        ).byMember,
      );
    expect(bounce(['C0', 'C1', 'C2'])).toEqual({ C0: ['t0-0', 't1-0'], C1: ['t0-1', 't1-1'], C2: ['t0-2', 't1-2'] });
    // C0 → C5, C1 → C3, C2 → C4: the consumer that was C1 now gets what C0 had.
    expect(bounce(['C5', 'C3', 'C4'])).toEqual({ C5: ['t0-2', 't1-2'], C3: ['t0-0', 't1-0'], C4: ['t0-1', 't1-1'] });
    // With group.instance.id I0, I1, I2 the same consumers keep the same partitions.
    expect(bounce(['C5', 'C3', 'C4'], ['I0', 'I1', 'I2'])).toEqual({
      C5: ['t0-0', 't1-0'],
      C3: ['t0-1', 't1-1'],
      C4: ['t0-2', 't1-2'],
    });
  });

  it('keeps static members in place when a dynamic member is replaced (Kafka testStaticMemberRoundRobinAssignmentPersistent)', () => {
    const statics = [1, 2, 3].map((i) => ({
      memberId: `consumer${i}`,
      instanceId: `instance${i}`,
      topics: ['topic1', 'topic2'],
    }));
    const topics = new Map([
      ['topic1', 3],
      ['topic2', 3],
    ]);
    const expected = {
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic1-1', 'topic2-2'],
      consumer3: ['topic1-2'],
    };
    const before = assignRoundRobin([...statics, { memberId: 'consumer4', topics: ['topic1', 'topic2'] }], topics);
    expect(named(before.byMember)).toEqual({ ...expected, consumer4: ['topic2-0'] });
    const after = assignRoundRobin([...statics, { memberId: 'consumer5', topics: ['topic1', 'topic2'] }], topics);
    expect(named(after.byMember)).toEqual({ ...expected, consumer5: ['topic2-0'] });
  });

  it('explains the order and who got nothing', () => {
    const { explanation } = assignRoundRobin(
      ['m2', 'm10', 'm1'].map((memberId) => ({ memberId, topics: ['t'] })),
      new Map([['t', 2]]),
    );
    expect(explanation).toEqual([
      'All 2 subscribed partitions, by topic name then number: t-0, t-1.',
      'Members take turns in this order: m1, m10, m2 (members with a group.instance.id first, by instance id; then by member id). The turns carry on from one topic to the next; they do not restart at the first member.',
      '  1. m1: t-0',
      '  2. m10: t-1',
      '  3. m2: nothing (no partition was left when its turn came)',
    ]);
  });
});
