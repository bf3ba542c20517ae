import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTopicPartition } from './assignors';
import { assignCooperativeSticky } from './cooperativeStickyAssignor';
import type { StickyMember } from './stickyAssignor';
import {
  expectValidAndBalanced,
  member,
  memberIdsArb,
  named,
  partitionsPerTopicArb,
  rejoin,
  topics,
} from './stickyTestSupport';

/** Member id → step → "topic-partition" names. */
function plan(result: ReturnType<typeof assignCooperativeSticky>) {
  return Object.fromEntries(
    [...result.plan].map(([id, step]) => [
      id,
      Object.fromEntries(Object.entries(step).map(([k, tps]) => [k, tps.map(formatTopicPartition)])),
    ]),
  );
}

describe('CooperativeStickyAssignor', () => {
  it('moves only the partition that changes hands when a 4th member joins 3 members with 6 partitions (KIP-429)', () => {
    const group = [
      member('c1', ['t'], ['t-0', 't-1'], 3),
      member('c2', ['t'], ['t-2', 't-3'], 3),
      member('c3', ['t'], ['t-4', 't-5'], 3),
      member('c4', ['t']),
    ];
    const first = assignCooperativeSticky(group, topics({ t: 6 }));
    // 6 over 4 members is 2, 2, 1, 1: one partition moves. Java's HashMap walks c3, c4, c1, c2, so
    // c3 and c1 keep their two and c2 gives up t-3.
    expect(named(first.target)).toEqual({ c1: ['t-0', 't-1'], c2: ['t-2'], c3: ['t-4', 't-5'], c4: ['t-3'] });
    expect(named(first.byMember)).toEqual({ c1: ['t-0', 't-1'], c2: ['t-2'], c3: ['t-4', 't-5'], c4: [] });
    expect(plan(first)).toEqual({
      c1: { keep: ['t-0', 't-1'], assignNow: [], revoke: [], assignNextRound: [] },
      c2: { keep: ['t-2'], assignNow: [], revoke: ['t-3'], assignNextRound: [] },
      c3: { keep: ['t-4', 't-5'], assignNow: [], revoke: [], assignNextRound: [] },
      c4: { keep: [], assignNow: [], revoke: [], assignNextRound: ['t-3'] },
    });
    expect(first.explanation).toContain(
      'Cooperative: t-3 would go from one member to another, so this rebalance holds it back. Its owner revokes it and rejoins at once, and the follow-up rebalance hands it out. Everything else stays put:',
    );

    // The follow-up rebalance: c2 no longer owns t-3, so it goes straight to c4 and nothing is revoked.
    const second = assignCooperativeSticky(rejoin(group, first.byMember, 4), topics({ t: 6 }));
    expect(named(second.byMember)).toEqual(named(first.target));
    for (const step of second.plan.values()) expect(step.revoke).toEqual([]);
  });

  it('revokes exactly the 2 partitions that move when a 3rd member joins 2 members with 6 partitions', () => {
    const group = [
      member('c1', ['t'], ['t-0', 't-1', 't-2'], 3),
      member('c2', ['t'], ['t-3', 't-4', 't-5'], 3),
      member('c3', ['t']),
    ];
    const first = assignCooperativeSticky(group, topics({ t: 6 }));
    expect(plan(first)).toEqual({
      c1: { keep: ['t-0', 't-1'], assignNow: [], revoke: ['t-2'], assignNextRound: [] },
      c2: { keep: ['t-3', 't-4'], assignNow: [], revoke: ['t-5'], assignNextRound: [] },
      c3: { keep: [], assignNow: [], revoke: [], assignNextRound: ['t-2', 't-5'] },
    });
  });

  it('assigns the partitions of a member that left at once: nobody has to revoke them', () => {
    const result = assignCooperativeSticky(
      [member('c1', ['t'], ['t-0', 't-1'], 3), member('c2', ['t'], ['t-2', 't-3'], 3)],
      topics({ t: 6 }),
    );
    expect(named(result.byMember)).toEqual(named(result.target));
    expect(plan(result)).toEqual({
      c1: { keep: ['t-0', 't-1'], assignNow: ['t-4'], revoke: [], assignNextRound: [] },
      c2: { keep: ['t-2', 't-3'], assignNow: ['t-5'], revoke: [], assignNextRound: [] },
    });
  });

  it.each([
    [3, { consumer1: ['topic-1'], consumer2: ['topic-2'], consumer3: [] }],
    [4, { consumer1: ['topic-1', 'topic-3'], consumer2: ['topic-2'], consumer3: [] }],
  ])(
    'holds back a partition two members claim in one generation (%i partitions; CooperativeStickyAssignorTest …ClaimedByMultipleConsumersInSameGeneration…)',
    (count, expected) => {
      const result = assignCooperativeSticky(
        [
          member('consumer1', ['topic'], ['topic-0', 'topic-1'], 1),
          member('consumer2', ['topic'], ['topic-0', 'topic-2'], 1),
          member('consumer3', ['topic'], [], 1),
        ],
        topics({ topic: count }),
      );
      expect(named(result.byMember)).toEqual(expected);
      expect(result.plan.get('consumer3')?.assignNextRound.map(formatTopicPartition)).toEqual(['topic-0']);
    },
  );

  it('holds back moved and doubly claimed partitions after the general algorithm (values from Kafka run on OpenJDK 17)', () => {
    const result = assignCooperativeSticky(
      [
        member('a', ['t0'], [], 1),
        member('b', ['t0', 't1'], ['t0-0', 't0-2', 't1-0', 't1-1', 't1-2', 't1-3'], 1),
        member('c', ['t1'], ['t0-0'], 1),
      ],
      topics({ t0: 4, t1: 4 }),
    );
    expect(named(result.byMember)).toEqual({ a: ['t0-1', 't0-3'], b: ['t1-2', 't1-3', 't0-2'], c: [] });
    expect(named(result.target)).toEqual({
      a: ['t0-0', 't0-1', 't0-3'],
      b: ['t1-2', 't1-3', 't0-2'],
      c: ['t1-0', 't1-1'],
    });
  });

  it('works out what changes hands itself after the general algorithm', () => {
    const result = assignCooperativeSticky(
      [member('a', ['x', 'y'], ['x-0', 'x-1', 'x-2', 'y-0'], 2), member('b', ['x'], [], 2), member('c', ['y'], [], 2)],
      topics({ x: 3, y: 2 }),
    );
    expect(plan(result)).toEqual({
      a: { keep: ['x-2', 'y-0'], assignNow: [], revoke: ['x-0', 'x-1'], assignNextRound: [] },
      b: { keep: [], assignNow: [], revoke: [], assignNextRound: ['x-0', 'x-1'] },
      c: { keep: [], assignNow: ['y-1'], revoke: [], assignNextRound: [] },
    });
  });
});

describe('CooperativeStickyAssignor properties (CooperativeStickyAssignorTest.verifyValidityAndBalance)', () => {
  const groupArb = fc
    .record({ partitionsPerTopic: partitionsPerTopicArb, ids: memberIdsArb, newIds: memberIdsArb })
    .chain(({ partitionsPerTopic, ids, newIds }) => {
      const names = [...partitionsPerTopic.keys()];
      const subscription = fc.subarray(names, { minLength: 1 });
      return fc.record({
        partitionsPerTopic: fc.constant(partitionsPerTopic),
        before: fc.tuple(...ids.map((id) => subscription.map((t) => member(id, t)))),
        after: fc.tuple(...ids.map(() => fc.option(subscription))),
        joiners: fc.tuple(...newIds.map((id) => subscription.map((t) => member(`${id}-new`, t)))),
      });
    });

  it('never revokes and assigns a partition in the same rebalance, and settles within 4 follow-ups', () => {
    fc.assert(
      fc.property(groupArb, (c) => {
        const first = assignCooperativeSticky(c.before, c.partitionsPerTopic);
        let members: StickyMember[] = [
          ...rejoin(c.before, first.target, 1).flatMap((m, i) => {
            const topicsNow = c.after[i];
            return topicsNow === null || topicsNow === undefined ? [] : [{ ...m, topics: topicsNow }];
          }),
          ...c.joiners,
        ];
        if (members.length === 0) return;
        for (let generation = 2; ; generation++) {
          const result = assignCooperativeSticky(members, c.partitionsPerTopic);
          const revoked = new Set([...result.plan.values()].flatMap((s) => s.revoke).map(formatTopicPartition));
          const added = [...result.plan.values()].flatMap((s) => s.assignNow).map(formatTopicPartition);
          expect(added.filter((p) => revoked.has(p))).toEqual([]);
          for (const [id, step] of result.plan) {
            expect([...step.keep, ...step.assignNow, ...step.assignNextRound].map(formatTopicPartition).sort()).toEqual(
              (result.target.get(id) ?? []).map(formatTopicPartition).sort(),
            );
          }
          if (revoked.size === 0) {
            expectValidAndBalanced(members, c.partitionsPerTopic, result.byMember);
            return;
          }
          expect(generation, 'follow-up rebalances').toBeLessThanOrEqual(5);
          members = rejoin(members, result.byMember, generation);
        }
      }),
      { numRuns: 300 },
    );
  });
});
