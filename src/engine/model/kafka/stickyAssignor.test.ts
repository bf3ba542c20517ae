import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignRange, assignRoundRobin, formatTopicPartition, type TopicPartition } from './assignors';
import { assignSticky, type StickyMember } from './stickyAssignor';
import {
  expectValidAndBalanced,
  isFullyBalanced,
  member,
  memberIdsArb,
  named,
  partitionsPerTopicArb,
  rejoin,
  topics,
} from './stickyTestSupport';

/** How many of each remaining member's partitions stayed with it. */
function kept(before: ReadonlyMap<string, TopicPartition[]>, after: ReadonlyMap<string, TopicPartition[]>): number {
  let count = 0;
  for (const [id, tps] of after) {
    const previous = new Set((before.get(id) ?? []).map(formatTopicPartition));
    count += tps.filter((tp) => previous.has(formatTopicPartition(tp))).length;
  }
  return count;
}

describe('StickyAssignor', () => {
  describe('javadoc example 1: C0, C1, C2 on t0..t3 with 2 partitions each, then C1 leaves', () => {
    const all = ['t0', 't1', 't2', 't3'];
    const partitions = topics({ t0: 2, t1: 2, t2: 2, t3: 2 });
    const group = [member('C0', all), member('C1', all), member('C2', all)];
    const first = assignSticky(group, partitions);

    it('starts like round robin', () => {
      expect(named(first.byMember)).toEqual({
        C0: ['t0-0', 't1-1', 't3-0'],
        C1: ['t0-1', 't2-0', 't3-1'],
        C2: ['t1-0', 't2-1'],
      });
      expect(named(assignRoundRobin(group, partitions).byMember)).toEqual(named(first.byMember));
    });

    it('keeps every partition of C0 and C2 where Range and RoundRobin move some', () => {
      const remaining = rejoin(group, first.byMember, 1).filter((m) => m.memberId !== 'C1');
      const sticky = assignSticky(remaining, partitions).byMember;
      // The javadoc predates Kafka 2.8's constrained algorithm, which lists kept partitions by
      // partition number and hands out C1's in topic order: C0 gets t0-1, C2 gets t2-0 and t3-1
      // (the javadoc shows another split of them).
      expect(named(sticky)).toEqual({
        C0: ['t0-0', 't3-0', 't1-1', 't0-1'],
        C2: ['t1-0', 't2-1', 't2-0', 't3-1'],
      });
      expect(kept(first.byMember, sticky)).toBe(5);
      const roundRobin = assignRoundRobin(remaining, partitions).byMember;
      expect(named(roundRobin)).toEqual({ C0: ['t0-0', 't1-0', 't2-0', 't3-0'], C2: ['t0-1', 't1-1', 't2-1', 't3-1'] });
      expect(kept(first.byMember, roundRobin)).toBe(3);
      expect(kept(first.byMember, assignRange(remaining, partitions).byMember)).toBe(3);
    });
  });

  describe('javadoc example 2: C0 on t0, C1 on t0 and t1, C2 on t0..t2 (1, 2 and 3 partitions)', () => {
    const partitions = topics({ t0: 1, t1: 2, t2: 3 });
    const group = [member('C0', ['t0']), member('C1', ['t0', 't1']), member('C2', ['t0', 't1', 't2'])];
    const first = assignSticky(group, partitions);

    it('is more balanced than round robin', () => {
      expect(named(first.byMember)).toEqual({ C0: ['t0-0'], C1: ['t1-0', 't1-1'], C2: ['t2-0', 't2-1', 't2-2'] });
      expect(named(assignRoundRobin(group, partitions).byMember)).toEqual({
        C0: ['t0-0'],
        C1: ['t1-0'],
        C2: ['t1-1', 't2-0', 't2-1', 't2-2'],
      });
    });

    it('preserves 5 assignments when C0 leaves, where round robin preserves 3', () => {
      const remaining = rejoin(group, first.byMember, 1).filter((m) => m.memberId !== 'C0');
      const sticky = assignSticky(remaining, partitions);
      expect(named(sticky.byMember)).toEqual({ C1: ['t1-0', 't1-1', 't0-0'], C2: ['t2-0', 't2-1', 't2-2'] });
      expect(kept(first.byMember, sticky.byMember)).toBe(5);
      const roundRobin = assignRoundRobin(remaining, partitions).byMember;
      expect(named(roundRobin)).toEqual({ C1: ['t0-0', 't1-1'], C2: ['t1-0', 't2-0', 't2-1', 't2-2'] });
      expect(kept(assignRoundRobin(group, partitions).byMember, roundRobin)).toBe(3);
    });
  });

  it('keeps each member on its partition when the group shrinks (testStickiness)', () => {
    const group = ['consumer1', 'consumer2', 'consumer3', 'consumer4'].map((id) => member(id, ['topic1']));
    const partitions = topics({ topic1: 3 });
    const first = assignSticky(group, partitions);
    const remaining = rejoin(group, first.byMember, 1).filter((m) => m.memberId !== 'consumer1');
    const second = assignSticky(remaining, partitions);
    for (const m of remaining) {
      expect(second.byMember.get(m.memberId)).toHaveLength(1);
      if (m.ownedPartitions?.length) expect(second.byMember.get(m.memberId)).toEqual(m.ownedPartitions);
    }
  });

  it('assigns the partitions of existing topics only (testAssignmentUpdatedForDeletedTopic)', () => {
    const result = assignSticky(
      [member('consumer', ['topic1', 'topic2', 'topic3'])],
      topics({ topic1: 1, topic3: 100 }),
    );
    expect(result.byMember.get('consumer')).toHaveLength(101);
  });

  it('explains step by step why each member owns what it owns', () => {
    const group = [member('c1', ['t'], ['t-0', 't-1', 't-2'], 4), member('c2', ['t'], ['t-3', 't-4', 't-5'], 4)];
    const { explanation } = assignSticky([...group, member('c3', ['t'])], topics({ t: 6 }));
    expect(explanation).toEqual([
      '6 subscribed partitions over 3 members.',
      'Every member subscribes to the same topics, so Kafka uses its quick "constrained" algorithm.',
      'Quota: 6 / 3 → at least 2 each.',
      'Each member keeps what it owned, up to its quota, lowest partition numbers first. Kafka goes through the members in the order of its HashMap, which decides who may keep more:',
      // Java's HashMap puts "c3" in bucket 0 and "c1", "c2" in buckets 14 and 15.
      '  c3 owned nothing, fewer than 2, so it will be topped up.',
      '  c1 owned t-0, t-1, t-2: keeps t-0, t-1, gives up t-2.',
      '  c2 owned t-3, t-4, t-5: keeps t-3, t-4, gives up t-5.',
      'Partitions nobody kept, by topic then number: t-2, t-5. They go in turn to the members below 2 (by member id).',
      'Result:',
      '  1. c1: keeps t-0, t-1',
      '  2. c2: keeps t-3, t-4',
      '  3. c3: gets t-2 (from c1), t-5 (from c2)',
    ]);
  });

  it('explains the general algorithm: unowned partitions, then balancing', () => {
    const { explanation } = assignSticky(
      [member('a', ['x', 'y'], ['x-0', 'x-1', 'x-2', 'y-0'], 2), member('b', ['x'], [], 2), member('c', ['y'], [], 2)],
      topics({ x: 3, y: 2 }),
    );
    expect(explanation).toEqual([
      '5 subscribed partitions over 3 members.',
      'Members subscribe to different topics, so Kafka uses its general algorithm.',
      'Each member keeps the partitions it owned on topics it still subscribes to.',
      'The other partitions, topics with the fewest possible members first, each go to the member with the fewest partitions (then the lowest member id) that subscribes to the topic:',
      '  y-1 → c',
      'Balancing: while a member has two or more partitions more than one that could take a partition from it:',
      '  x-0: a (4 partitions) → b (0).',
      '  x-1: a (3 partitions) → b (1).',
      'Result:',
      '  1. a: keeps x-2, y-0',
      '  2. b: gets x-0 (from a), x-1 (from a)',
      '  3. c: gets y-1 (no member owned it)',
    ]);
  });

  it('gives partitions to a member that subscribes to nothing when Java walks it first, as Kafka does', () => {
    // Checked against Kafka's code on OpenJDK 17: "a" is first in HashMap order.
    const { byMember, explanation } = assignSticky(
      [member('a', []), member('b', ['t']), member('c', ['t'])],
      topics({ t: 4 }),
    );
    expect(named(byMember)).toEqual({ a: ['t-0', 't-3'], b: ['t-1'], c: ['t-2'] });
    expect(explanation[2]).toMatch(/^\(Not quite: a subscribes to nothing\./);
  });

  it('gives nothing to no members', () => {
    expect(assignSticky([], topics({ t: 3 })).byMember).toEqual(new Map());
  });
});

/** A group, then the next generation: some members leave, some join, subscriptions may change. */
const rebalanceArb = (sameTopics: boolean) =>
  fc
    .record({ partitionsPerTopic: partitionsPerTopicArb, ids: memberIdsArb, newIds: memberIdsArb })
    .chain(({ partitionsPerTopic, ids, newIds }) => {
      const names = [...partitionsPerTopic.keys()];
      const subscription = sameTopics ? fc.constant(names) : fc.subarray(names, { minLength: 1 });
      return fc.record({
        partitionsPerTopic: fc.constant(partitionsPerTopic),
        before: fc.tuple(...ids.map((id) => subscription.map((t) => member(id, t)))),
        stays: fc.tuple(...ids.map(() => fc.boolean())),
        resubscribe: fc.tuple(...ids.map(() => subscription)),
        joiners: fc.tuple(...newIds.map((id) => subscription.map((t) => member(`${id}-new`, t)))),
      });
    });

type Rebalance = {
  before: readonly StickyMember[];
  stays: readonly boolean[];
  resubscribe: readonly string[][];
  joiners: readonly StickyMember[];
};

function nextGeneration(c: Rebalance, firstByMember: ReadonlyMap<string, TopicPartition[]>): StickyMember[] {
  const stayed: StickyMember[] = rejoin(c.before, firstByMember, 1)
    .map((m, i) => ({ ...m, topics: c.resubscribe[i] as string[] }))
    .filter((_, i) => c.stays[i]);
  return [...stayed, ...c.joiners];
}

describe('StickyAssignor properties', () => {
  it('assigns every partition once, to a subscribed member, and balances as Kafka checks', () => {
    fc.assert(
      fc.property(rebalanceArb(false), (c) => {
        const first = assignSticky(c.before, c.partitionsPerTopic);
        expectValidAndBalanced(c.before, c.partitionsPerTopic, first.byMember);
        const members = nextGeneration(c, first.byMember);
        if (members.length === 0) return;
        expectValidAndBalanced(members, c.partitionsPerTopic, assignSticky(members, c.partitionsPerTopic).byMember);
      }),
      { numRuns: 300 },
    );
  });

  it('with the same subscriptions: counts differ by at most one, and members keep min(owned, quota)', () => {
    fc.assert(
      fc.property(rebalanceArb(true), (c) => {
        const first = assignSticky(c.before, c.partitionsPerTopic);
        expect(isFullyBalanced(first.byMember)).toBe(true);
        const members = nextGeneration(c, first.byMember);
        if (members.length === 0) return;
        const second = assignSticky(members, c.partitionsPerTopic).byMember;
        expect(isFullyBalanced(second)).toBe(true);
        const total = [...c.partitionsPerTopic.values()].reduce((a, b) => a + b, 0);
        const quota = Math.floor(total / members.length);
        for (const m of members) {
          const owned = new Set((m.ownedPartitions ?? []).map(formatTopicPartition));
          const still = (second.get(m.memberId) ?? []).filter((tp) => owned.has(formatTopicPartition(tp)));
          expect(still.length, m.memberId).toBeGreaterThanOrEqual(Math.min(owned.size, quota));
        }
      }),
      { numRuns: 300 },
    );
  });
});
