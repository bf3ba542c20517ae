// The general algorithm (members subscribe to different topics), checked against Kafka's own
// tests: apache/kafka @1eb76443, clients/src/test/.../consumer/internals/AbstractStickyAssignorTest.java
// and clients/src/test/.../consumer/StickyAssignorTest.java (test names below).
import { describe, expect, it } from 'vitest';
import type { TopicPartition } from './assignors';
import { buildStickyAssignment, type StickyMember } from './stickyAssignor';
import { expectValidAndBalanced, isFullyBalanced, member, named, rejoin } from './stickyTestSupport';

const topics = (entries: Record<string, number>) => new Map(Object.entries(entries));
/** Kafka's test names: getTopicName(3, 20) = "t03", getConsumerName(3, 20) = "c03". */
const padded = (prefix: string, i: number, max: number) => prefix + String(i).padStart(String(max).length, '0');

function assign(members: readonly StickyMember[], partitionsPerTopic: ReadonlyMap<string, number>) {
  const result = buildStickyAssignment(members, partitionsPerTopic);
  expectValidAndBalanced(members, partitionsPerTopic, result.byMember);
  return result;
}

function isSubset(part: readonly TopicPartition[] | undefined, whole: readonly TopicPartition[] | undefined): boolean {
  return (part ?? []).every((a) => (whole ?? []).some((b) => a.topic === b.topic && a.partition === b.partition));
}

describe('sticky assignor, general algorithm (matches Kafka)', () => {
  it('balances mixed subscriptions (testMultipleConsumersMixedTopicSubscriptions)', () => {
    const result = assign(
      [member('consumer1', ['topic1']), member('consumer2', ['topic1', 'topic2']), member('consumer3', ['topic1'])],
      topics({ topic1: 3, topic2: 2 }),
    );
    expect(named(result.byMember)).toEqual({
      consumer1: ['topic1-0', 'topic1-2'],
      consumer2: ['topic2-0', 'topic2-1'],
      consumer3: ['topic1-1'],
    });
    expect(result.partitionsTransferringOwnership).toBeNull();
  });

  it('does better than round robin where round robin is poor (testPoorRoundRobinAssignmentScenario)', () => {
    const all = ['topic1', 'topic2', 'topic3', 'topic4', 'topic5'];
    const odd = ['topic1', 'topic3', 'topic5'];
    const result = assign(
      [member('consumer1', all), member('consumer2', odd), member('consumer3', odd), member('consumer4', all)],
      topics({ topic1: 2, topic2: 1, topic3: 2, topic4: 1, topic5: 2 }),
    );
    expect(isFullyBalanced(result.byMember)).toBe(true);
  });

  it('moves existing assignments to balance (testMoveExistingAssignments)', () => {
    assign(
      [
        member('consumer1', ['topic1', 'topic2'], ['topic1-0'], 1),
        member('consumer2', ['topic1', 'topic2', 'topic3', 'topic4'], ['topic2-0', 'topic3-0'], 1),
        member(
          'consumer3',
          ['topic2', 'topic3', 'topic4', 'topic5', 'topic6'],
          ['topic4-0', 'topic5-0', 'topic6-0'],
          1,
        ),
      ],
      topics({ topic1: 1, topic2: 1, topic3: 1, topic4: 1, topic5: 1, topic6: 1 }),
    );
  });

  it.each([
    [1, 2, 3],
    [1, 3, 2],
    [2, 1, 3],
    [2, 3, 1],
    [3, 1, 2],
    [3, 2, 1],
  ])(
    'assigns a partition claimed in generations %i, %i, %i once (testSubscriptionNotEqualAndAssignSamePartitionWith3Generation)',
    (g1, g2, g3) => {
      const result = buildStickyAssignment(
        [
          member('consumer1', ['topic'], ['topic-0', 'topic-2'], g1),
          member('consumer2', ['topic'], ['topic-1', 'topic-2', 'topic-3'], g2),
          member('consumer3', ['topic'], ['topic-2', 'topic-4', 'topic-5'], g3),
          member('consumer4', ['topic1'], ['topic1-0'], 2),
        ],
        topics({ topic: 6, topic1: 1 }),
      );
      const all = [...result.byMember.values()].flat().map((tp) => `${tp.topic}-${tp.partition}`);
      expect(new Set(all).size).toBe(all.length);
      for (const tps of result.byMember.values()) expect(tps.length).toBeGreaterThanOrEqual(1);
      for (const tps of result.byMember.values()) expect(tps.length).toBeLessThanOrEqual(2);
    },
  );

  it('keeps the remaining members sticky when one of 19 leaves (testReassignmentAfterOneConsumerLeaves)', () => {
    const partitions = new Map(Array.from({ length: 19 }, (_, k) => [padded('t', k + 1, 20), k + 1] as const));
    const members = Array.from({ length: 19 }, (_, k) =>
      member(
        padded('c', k + 1, 20),
        Array.from({ length: k + 1 }, (_, j) => padded('t', j + 1, 20)),
      ),
    );
    const first = assign(members, partitions);
    const remaining = rejoin(members, first.byMember, 1).filter((m) => m.memberId !== 'c10');
    const second = assign(remaining, partitions);
    for (const m of remaining) {
      const kept = (second.byMember.get(m.memberId) ?? []).filter((tp) => isSubset([tp], m.ownedPartitions));
      expect(kept.length, m.memberId).toBeGreaterThan(0);
    }
  });

  it('handles a member that subscribes to more topics later (testNewSubscription)', () => {
    const partitions = topics({ t1: 1, t2: 1, t3: 1, t4: 1 });
    const members = [member('c0', []), member('c1', ['t1']), member('c2', ['t2', 't3', 't4'])];
    assign(members, partitions);
    assign([member('c0', ['t1']), ...members.slice(1)], partitions);
  });

  it('undoes an earlier move instead of moving another partition of the topic (PartitionMovements)', () => {
    // Expected values from running Kafka's AbstractStickyAssignor code @1eb76443 on OpenJDK 17.
    const result = assign(
      [
        member('a', ['t0'], [], 1),
        member('b', ['t0', 't1'], ['t0-0', 't0-2', 't1-0', 't1-1', 't1-2', 't1-3'], 1),
        member('c', ['t1'], ['t0-0'], 1),
      ],
      topics({ t0: 4, t1: 4 }),
    );
    expect(named(result.byMember)).toEqual({
      a: ['t0-0', 't0-1', 't0-3'],
      b: ['t1-2', 't1-3', 't0-2'],
      c: ['t1-0', 't1-1'],
    });
    expect(result.explanation).toContain(
      '  t0-2 (in place of t0-0, undoing an earlier move): a (4 partitions) → b (2).',
    );
  });

  it('hands a partition back to its owner from an older generation even if it no longer subscribes to the topic', () => {
    // performReassignments moves a partition to its prevAssignment owner without checking the
    // subscription. Kafka's consumer then finds a topic it did not subscribe to in its assignment.
    const result = buildStickyAssignment(
      [member('old', ['b'], ['a-0'], 1), member('p', ['a', 'b'], ['b-0', 'b-1'], 3), member('q', ['a', 'b'], [], 3)],
      topics({ a: 2, b: 2 }),
    );
    expect(named(result.byMember)).toEqual({ old: ['a-0'], p: ['b-0', 'b-1'], q: ['a-1'] });
    expect(result.explanation).toContain('  a-0: q (2 partitions) → old (0), which owned a-0 in generation 1.');
  });

  it.each([
    ['different', false],
    ['equal', true],
  ])(
    'gives partitions back to their older owner (testAssignmentWithMultipleGenerations1, subscriptions %s)',
    (_, equal) => {
      const all = ['topic', 'topic2'];
      const c2Topics = equal ? all : ['topic'];
      const partitions = topics({ topic: 6, topic2: 6 });
      const r1 = assign(
        [member('consumer1', all), member('consumer2', c2Topics), member('consumer3', all)],
        partitions,
      );
      for (const tps of r1.byMember.values()) expect(tps).toHaveLength(4);

      const r2 = assign(
        [
          member('consumer1', all, named(r1.byMember).consumer1, 1),
          member('consumer2', c2Topics, named(r1.byMember).consumer2, 1),
        ],
        partitions,
      );
      if (equal) expect(isSubset(r1.byMember.get('consumer1'), r2.byMember.get('consumer1'))).toBe(true);
      expect(isSubset(r1.byMember.get('consumer2'), r2.byMember.get('consumer2'))).toBe(true);
      expect(isSubset(r1.byMember.get('consumer3'), r2.byMember.get('consumer2'))).toBe(false);

      const r3 = assign(
        [
          member('consumer2', c2Topics, named(r2.byMember).consumer2, 2),
          member('consumer3', all, named(r1.byMember).consumer3, 1),
        ],
        partitions,
      );
      for (const tps of r3.byMember.values()) expect(tps).toHaveLength(6);
      expect(isFullyBalanced(r3.byMember)).toBe(true);
    },
  );

  it.each([
    ['different', false],
    ['equal', true],
  ])(
    'rebalances members that come back from an older generation (testAssignmentWithMultipleGenerations2, subscriptions %s)',
    (_, equal) => {
      const all = ['topic', 'topic2', 'topic3'];
      const c1Topics = equal ? all : ['topic'];
      const c3Topics = equal ? all : ['topic', 'topic2'];
      const partitions = topics({ topic: 4, topic2: 4, topic3: 4 });
      const r1 = assign(
        [member('consumer1', c1Topics), member('consumer2', all), member('consumer3', c3Topics)],
        partitions,
      );
      const r2 = assign([member('consumer2', all, named(r1.byMember).consumer2, 1)], partitions);
      expect(r2.byMember.get('consumer2')).toHaveLength(12);
      expect(isSubset(r1.byMember.get('consumer2'), r2.byMember.get('consumer2'))).toBe(true);
      const r3 = assign(
        [
          member('consumer1', c1Topics, named(r1.byMember).consumer1, 1),
          member('consumer2', all, named(r2.byMember).consumer2, 2),
          member('consumer3', c3Topics, named(r1.byMember).consumer3, 1),
        ],
        partitions,
      );
      for (const tps of r3.byMember.values()) expect(tps).toHaveLength(4);
    },
  );

  it.each([
    ['different', false],
    ['equal', true],
  ])(
    'prefers the newer of conflicting claims (testAssignmentWithConflictingPreviousGenerations, subscriptions %s)',
    (_, equal) => {
      const all = ['topic', 'topic2', 'topic3'];
      const c2Owned = ['topic-0', 'topic-1', 'topic2-0', 'topic2-1', 'topic2-2', 'topic2-3'];
      const c3Owned = ['topic-2', 'topic-3', 'topic3-0', 'topic3-1', 'topic3-2', 'topic3-3'];
      const result = assign(
        [
          member(
            'consumer1',
            equal ? all : ['topic'],
            equal
              ? ['topic-0', 'topic-1', 'topic-2', 'topic2-2', 'topic2-3', 'topic3-0']
              : ['topic-0', 'topic-1', 'topic-2', 'topic-3'],
            1,
          ),
          member('consumer2', equal ? all : ['topic', 'topic2'], c2Owned, 2),
          member('consumer3', all, c3Owned, 2),
        ],
        topics({ topic: 4, topic2: 4, topic3: 4 }),
      );
      for (const tps of result.byMember.values()) expect(tps).toHaveLength(4);
      expect(named(result.byMember).consumer2?.every((p) => c2Owned.includes(p))).toBe(true);
      expect(named(result.byMember).consumer3?.every((p) => c3Owned.includes(p))).toBe(true);
    },
  );
});
