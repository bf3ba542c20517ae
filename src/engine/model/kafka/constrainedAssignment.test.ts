// The constrained algorithm (every member subscribes to the same topics), checked against the
// expectations of Kafka's own tests: apache/kafka @1eb76443,
// clients/src/test/.../consumer/internals/AbstractStickyAssignorTest.java and StickyAssignorTest.java
// (test names below). Members are listed in the order the Kafka test puts them into its HashMap.
import { describe, expect, it } from 'vitest';
import { buildStickyAssignment } from './stickyAssignor';
import { isFullyBalanced, member, named, rejoin } from './stickyTestSupport';

const topics = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('sticky assignor, constrained algorithm (matches Kafka)', () => {
  it('splits a fresh group in turn (testTwoConsumersTwoTopicsSixPartitions)', () => {
    const both = ['topic1', 'topic2'];
    const result = buildStickyAssignment(
      [member('consumer1', both), member('consumer2', both)],
      topics({ topic1: 3, topic2: 3 }),
    );
    expect(named(result.byMember)).toEqual({
      consumer1: ['topic1-0', 'topic1-2', 'topic2-1'],
      consumer2: ['topic1-1', 'topic2-0', 'topic2-2'],
    });
    expect(result.partitionsTransferringOwnership).toEqual(new Map());
  });

  it('tops up a member at minQuota to maxQuota (testConsumerOwningMinQuotaExpectedMaxQuota)', () => {
    const both = ['topic1', 'topic2'];
    const result = buildStickyAssignment(
      [member('consumer1', both, ['topic1-0', 'topic2-1'], 1), member('consumer2', both, ['topic1-1', 'topic2-2'], 1)],
      topics({ topic1: 2, topic2: 3 }),
    );
    expect(named(result.byMember)).toEqual({
      consumer1: ['topic1-0', 'topic2-1', 'topic2-0'],
      consumer2: ['topic1-1', 'topic2-2'],
    });
  });

  it('lets only P % C members keep maxQuota, in HashMap order (testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers)', () => {
    const both = ['topic1', 'topic2'];
    const result = buildStickyAssignment(
      [
        member('consumer1', both, ['topic1-0', 'topic2-0'], 1),
        member('consumer2', both, ['topic1-1', 'topic2-1'], 1),
        member('consumer3', both, [], 1),
      ],
      topics({ topic1: 2, topic2: 2 }),
    );
    // Java's HashMap walks consumer3, consumer2, consumer1: consumer2 takes the one place for 2.
    expect(named(result.byMember)).toEqual({
      consumer1: ['topic1-0'],
      consumer2: ['topic1-1', 'topic2-1'],
      consumer3: ['topic2-0'],
    });
    expect(result.partitionsTransferringOwnership).toEqual(new Map([['topic2-0', 'consumer3']]));
    expect(result.explanation).toContain(
      '  consumer1 owned topic1-0, topic2-0: keeps topic1-0, gives up topic2-0 (the one place for 2 is taken by members before it).',
    );
  });

  it("walks a 14-member group in Java's HashMap order (32 buckets), so m12 is the one that gives up a partition", () => {
    // Expected values from running Kafka's StickyAssignor code @1eb76443 on OpenJDK 17. In member-id
    // order m9 would come last and give up t-17.
    const owners = Array.from({ length: 13 }, (_, i) =>
      member(`m${i + 1}`, ['t'], [`t-${2 * i}`, `t-${2 * i + 1}`], 7),
    );
    const result = buildStickyAssignment([...owners, member('m14', ['t'])], topics({ t: 26 }));
    const sizes = Object.fromEntries([...result.byMember].map(([id, tps]) => [id, tps.length]));
    expect(sizes).toEqual({ ...Object.fromEntries(owners.map((m) => [m.memberId, 2])), m12: 1, m14: 1 });
    expect(named(result.byMember).m14).toEqual(['t-23']);
    expect(result.partitionsTransferringOwnership).toEqual(new Map([['t-23', 'm14']]));
  });

  it('keeps everything when all members are under minQuota (testAllConsumersAreUnderMinQuota)', () => {
    const both = ['topic1', 'topic2'];
    const result = buildStickyAssignment(
      [
        member('consumer1', both, ['topic1-0'], 1),
        member('consumer2', both, ['topic1-1'], 1),
        member('consumer3', both, [], 1),
      ],
      topics({ topic1: 2, topic2: 3 }),
    );
    expect(named(result.byMember)).toEqual({
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic1-1', 'topic2-2'],
      consumer3: ['topic2-0'],
    });
    expect(result.partitionsTransferringOwnership).toEqual(new Map());
  });

  it('stops filling once P % C members reached maxQuota (testAllConsumersReachExpectedQuotaAndAreConsideredFilled)', () => {
    const result = buildStickyAssignment(
      [
        member('consumer1', ['topic'], ['topic-0', 'topic-1'], 1),
        member('consumer2', ['topic'], ['topic-2'], 1),
        member('consumer3', ['topic'], [], 1),
      ],
      topics({ topic: 4 }),
    );
    expect(named(result.byMember)).toEqual({
      consumer1: ['topic-0', 'topic-1'],
      consumer2: ['topic-2'],
      consumer3: ['topic-3'],
    });
  });

  it('adds and removes a member (testAddRemoveConsumerOneTopic)', () => {
    const partitions = topics({ topic: 3 });
    const first = buildStickyAssignment([member('consumer1', ['topic'])], partitions);
    expect(named(first.byMember)).toEqual({ consumer1: ['topic-0', 'topic-1', 'topic-2'] });

    const second = buildStickyAssignment(
      [...rejoin([member('consumer1', ['topic'])], first.byMember, 1), member('consumer2', ['topic'], [], 1)],
      partitions,
    );
    expect(named(second.byMember)).toEqual({ consumer1: ['topic-0', 'topic-1'], consumer2: ['topic-2'] });
    expect(second.partitionsTransferringOwnership).toEqual(new Map([['topic-2', 'consumer2']]));

    const third = buildStickyAssignment(rejoin([member('consumer2', ['topic'])], second.byMember, 1), partitions);
    expect(named(third.byMember)).toEqual({ consumer2: ['topic-2', 'topic-0', 'topic-1'] });
    expect(third.partitionsTransferringOwnership).toEqual(new Map());
  });

  it('adds two members, then removes two (testAddRemoveTwoConsumersTwoTopics)', () => {
    const both = ['topic1', 'topic2'];
    const partitions = topics({ topic1: 3, topic2: 4 });
    const first = buildStickyAssignment([member('consumer1', both), member('consumer2', both)], partitions);
    expect(named(first.byMember)).toEqual({
      consumer1: ['topic1-0', 'topic1-2', 'topic2-1', 'topic2-3'],
      consumer2: ['topic1-1', 'topic2-0', 'topic2-2'],
    });

    const grown = [
      ...rejoin([member('consumer1', both), member('consumer2', both)], first.byMember, 1),
      member('consumer3', both, [], 1),
      member('consumer4', both, [], 1),
    ];
    const second = buildStickyAssignment(grown, partitions);
    expect(named(second.byMember)).toEqual({
      consumer1: ['topic1-0', 'topic2-1'],
      consumer2: ['topic2-0', 'topic1-1'],
      consumer3: ['topic1-2', 'topic2-3'],
      consumer4: ['topic2-2'],
    });
    expect(second.partitionsTransferringOwnership).toEqual(
      new Map([
        ['topic1-2', 'consumer3'],
        ['topic2-2', 'consumer4'],
        ['topic2-3', 'consumer3'],
      ]),
    );

    const shrunk = rejoin([member('consumer3', both), member('consumer4', both)], second.byMember, 1);
    const third = buildStickyAssignment(shrunk, partitions);
    expect(named(third.byMember)).toEqual({
      consumer3: ['topic1-2', 'topic2-3', 'topic1-0', 'topic2-1'],
      consumer4: ['topic2-2', 'topic1-1', 'topic2-0'],
    });
    expect(third.partitionsTransferringOwnership).toEqual(new Map());
  });

  it('drops owned partitions of topics nobody subscribes to (testOnlyAssignsPartitionsFromSubscribedTopics)', () => {
    const result = buildStickyAssignment(
      [member('consumer', ['topic'], ['topic-0', 'topic-1', 'other-0', 'other-1'], 1)],
      topics({ topic: 2, other: 2 }),
    );
    expect(named(result.byMember)).toEqual({ consumer: ['topic-0', 'topic-1'] });
  });

  it('lets nobody keep a partition two members claim in one generation (testPartitionsTransferringOwnershipInclude…SameGeneration)', () => {
    const result = buildStickyAssignment(
      [
        member('consumer1', ['topic'], ['topic-0', 'topic-1'], 1),
        member('consumer2', ['topic'], ['topic-0', 'topic-2'], 1),
        member('consumer3', ['topic'], [], 1),
      ],
      topics({ topic: 3 }),
    );
    expect(named(result.byMember)).toEqual({ consumer1: ['topic-1'], consumer2: ['topic-2'], consumer3: ['topic-0'] });
    expect(result.partitionsTransferringOwnership).toEqual(new Map([['topic-0', 'consumer3']]));
    expect(result.explanation).toContain(
      'topic-0 is claimed by both consumer2 and consumer1 in generation 1: Kafka cannot tell who owns it, so neither keeps it.',
    );
  });

  it('gives a doubly claimed partition out again with unequal counts (StickyAssignorTest …WithUnequalPartitionsPerConsumer)', () => {
    const result = buildStickyAssignment(
      [
        member('consumer1', ['topic'], ['topic-0', 'topic-1'], 1),
        member('consumer2', ['topic'], ['topic-0', 'topic-2'], 1),
        member('consumer3', ['topic'], [], 1),
      ],
      topics({ topic: 4 }),
    );
    expect(named(result.byMember)).toEqual({
      consumer1: ['topic-1', 'topic-3'],
      consumer2: ['topic-2'],
      consumer3: ['topic-0'],
    });
  });

  it.each([
    ['a stale generation', 9],
    ['no generation', undefined],
  ])('believes the highest generation over %s (testOwnedPartitionsAreInvalidatedForConsumerWith…)', (_, older) => {
    const both = ['topic', 'topic2'];
    const claim = ['topic-0', 'topic-2', 'topic2-1'];
    const result = buildStickyAssignment(
      [member('consumer1', both, claim, 10), member('consumer2', both, claim, older)],
      topics({ topic: 3, topic2: 3 }),
    );
    const sorted = named(result.byMember);
    expect(sorted.consumer1?.sort()).toEqual(['topic-0', 'topic-2', 'topic2-1']);
    expect(sorted.consumer2?.sort()).toEqual(['topic-1', 'topic2-0', 'topic2-2']);
    expect(result.partitionsTransferringOwnership).toEqual(new Map());
  });

  it('sorts out claims from three generations (testEnsurePartitionsAssignedToHighestGeneration)', () => {
    const all = ['topic', 'topic2', 'topic3'];
    const result = buildStickyAssignment(
      [
        member('consumer1', all, ['topic-0', 'topic2-0', 'topic3-0'], 10),
        member('consumer2', all, ['topic-1', 'topic2-1', 'topic3-1'], 9),
        member('consumer3', all, ['topic2-1', 'topic3-0', 'topic3-2'], 8),
      ],
      topics({ topic: 3, topic2: 3, topic3: 3 }),
    );
    const sorted = named(result.byMember);
    expect(sorted.consumer1?.sort()).toEqual(['topic-0', 'topic2-0', 'topic3-0']);
    expect(sorted.consumer2?.sort()).toEqual(['topic-1', 'topic2-1', 'topic3-1']);
    expect(sorted.consumer3?.sort()).toEqual(['topic-2', 'topic2-2', 'topic3-2']);
    expect(result.partitionsTransferringOwnership).toEqual(new Map());
  });

  it('gives a new member only unowned partitions (testNoReassignmentOnCurrentMembers)', () => {
    const all = ['topic', 'topic2', 'topic3', 'topic1'];
    const result = buildStickyAssignment(
      [
        member('consumer1', all, []),
        member('consumer2', all, ['topic-0', 'topic2-0', 'topic1-0'], 9),
        member('consumer3', all, ['topic3-2', 'topic2-2', 'topic1-1'], 8),
        member('consumer4', all, ['topic3-1', 'topic-1', 'topic-2'], 7),
      ],
      topics({ topic: 3, topic1: 3, topic2: 3, topic3: 3 }),
    );
    expect(named(result.byMember).consumer1?.sort()).toEqual(['topic1-2', 'topic2-1', 'topic3-0']);
    expect(result.partitionsTransferringOwnership).toEqual(new Map());
    expect(isFullyBalanced(result.byMember)).toBe(true);
  });

  it('keeps the higher generation claims of a member (testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration)', () => {
    const both = ['topic', 'topic2'];
    const result = buildStickyAssignment(
      [
        member('consumer1', both, ['topic-0', 'topic2-1', 'topic-1'], 10),
        member('consumer2', both, ['topic-0', 'topic2-1', 'topic2-2'], 8),
      ],
      topics({ topic: 3, topic2: 3 }),
    );
    const sorted = named(result.byMember);
    expect(sorted.consumer1?.sort()).toEqual(['topic-0', 'topic-1', 'topic2-1']);
    expect(sorted.consumer2?.sort()).toEqual(['topic-2', 'topic2-0', 'topic2-2']);
  });
});
