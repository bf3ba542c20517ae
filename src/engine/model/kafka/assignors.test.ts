import { describe, expect, it } from 'vitest';
import vectors from '../../../../vectors/kafka-assign.json';
import { assignRange, compareMembers } from './assignors';

type Row = {
  scenario: string;
  partitionsPerTopic: Record<string, number>;
  members: { id: string; instanceId?: string; topics: string[] }[];
  javaRange: Record<string, string[]>;
};

describe('RangeAssignor', () => {
  it.each((vectors.rows as Row[]).map((row) => [row.scenario, row] as const))('matches Kafka: %s', (_, row) => {
    const members = row.members.map((m) => ({
      memberId: m.id,
      topics: m.topics,
      ...(m.instanceId !== undefined ? { instanceId: m.instanceId } : {}),
    }));
    const { byMember } = assignRange(members, new Map(Object.entries(row.partitionsPerTopic)));
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
