import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RandomStream } from '../../kernel/rng';
import { createStream } from '../../kernel/rng';
import type { UsableBroker } from './replicaPlacement';
import { placeReplicas, placeReplicasOnCluster, ReplicaPlacementError } from './replicaPlacement';

/**
 * Kafka's test Random (server-common/src/test/java/org/apache/kafka/server/util/MockRandom.java,
 * apache/kafka @1eb76443): an LCG behind `next(bits)`, read through java.util.Random.nextInt(bound).
 * Only `nextInt` is allowed: the placer must draw nothing else.
 */
function mockRandom(seed = 17n): RandomStream & { draws: number } {
  let state = BigInt.asUintN(64, seed);
  const next = (bits: number): number => {
    state = BigInt.asUintN(64, state * 2862933555777941757n + 3037000493n);
    return Number(BigInt.asIntN(32, state >> BigInt(64 - bits)));
  };
  const stream = {
    draws: 0,
    nextInt(bound: number): number {
      stream.draws++;
      // java.util.Random.nextInt(int bound)
      let r = next(31);
      const m = bound - 1;
      if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
      for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = next(31));
      return r;
    },
    next: (): number => {
      throw new Error('the placer only calls nextInt');
    },
    nextUint32: (): number => {
      throw new Error('the placer only calls nextInt');
    },
  };
  return stream;
}

const broker = (id: number, rack: string | null, fenced = false): UsableBroker => ({ id, rack, fenced });

describe('placeReplicasOnCluster reproduces StripedReplicaPlacerTest (MockRandom(17))', () => {
  it('testSuccessfulPlacement: 5 partitions, RF 3 on brokers 0, 3, 2, 1', () => {
    expect(placeReplicas([0, 3, 2, 1], 5, 3, mockRandom())).toEqual([
      [2, 3, 0],
      [3, 0, 1],
      [0, 1, 2],
      [1, 2, 3],
      [1, 0, 2],
    ]);
  });

  it('testEvenDistribution: 200 partitions, RF 2 on 4 brokers give Kafka’s exact pair counts', () => {
    const placements = placeReplicas([0, 1, 2, 3], 200, 2, mockRandom());
    const counts = new Map<string, number>();
    for (const replicas of placements) counts.set(replicas.join(','), (counts.get(replicas.join(',')) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      '0,1': 14,
      '0,2': 22,
      '0,3': 14,
      '1,0': 17,
      '1,2': 17,
      '1,3': 16,
      '2,0': 13,
      '2,1': 17,
      '2,3': 20,
      '3,0': 20,
      '3,1': 19,
      '3,2': 11,
    });
  });

  it('testAvoidFencedReplicaIfPossibleOnSingleRack: a fenced broker is not used while others are free', () => {
    const brokers = [broker(3, null), broker(1, null, true), broker(0, null), broker(4, null), broker(2, null)];
    expect(placeReplicasOnCluster(brokers, 5, 4, mockRandom())).toEqual([
      [3, 4, 0, 2],
      [4, 0, 2, 3],
      [0, 2, 3, 4],
      [2, 3, 4, 0],
      [0, 4, 3, 2],
    ]);
  });

  it('testPlacementOnFencedReplicaOnSingleRack: the fenced broker is used last, never as leader', () => {
    const brokers = [broker(3, null), broker(1, null, true), broker(2, null)];
    expect(placeReplicasOnCluster(brokers, 4, 3, mockRandom())).toEqual([
      [3, 2, 1],
      [2, 3, 1],
      [3, 2, 1],
      [2, 3, 1],
    ]);
  });

  it('testMultiPartitionTopicPlacementOnSingleUnfencedBroker', () => {
    expect(placeReplicasOnCluster([broker(0, null), broker(1, null, true)], 3, 1, mockRandom())).toEqual([
      [0],
      [0],
      [0],
    ]);
  });

  it('testRackListWithMultipleRacks', () => {
    const brokers = [
      broker(11, '1'),
      broker(10, '1'),
      broker(30, '3'),
      broker(31, '3'),
      broker(21, '2'),
      broker(20, '2', true),
    ];
    expect(placeReplicasOnCluster(brokers, 3, 4, mockRandom())).toEqual([
      [11, 21, 31, 10],
      [21, 30, 10, 20],
      [31, 11, 21, 30],
    ]);
  });

  it('testRackListWithInvalidRacks: racks with only fenced brokers still take followers', () => {
    const brokers = [
      broker(11, '1'),
      broker(10, '1'),
      broker(30, '3', true),
      broker(31, '3', true),
      broker(20, '2', true),
      broker(21, '2', true),
      broker(41, '4'),
      broker(40, '4', true),
    ];
    expect(placeReplicasOnCluster(brokers, 3, 4, mockRandom())).toEqual([
      [41, 11, 21, 30],
      [10, 20, 31, 41],
      [41, 21, 30, 11],
    ]);
  });

  it('testAllBrokersFenced / testNotEnoughBrokers: Kafka’s messages, as the client sees them', () => {
    const fenced = [broker(11, '1', true), broker(10, '1', true)];
    expect(() => placeReplicasOnCluster(fenced, 1, 1, mockRandom())).toThrow(
      'Unable to replicate the partition 1 time(s): All brokers are currently fenced.',
    );
    expect(() => placeReplicas([11, 10], 1, 3, mockRandom())).toThrow(
      'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached ' +
        'because only 2 broker(s) are registered.',
    );
  });
});

describe('placeReplicas checks its input like ReplicationControlManager.createTopic', () => {
  it.each([0, -1, 1.5])('rejects replication factor %d without drawing', (rf) => {
    const stream = mockRandom();
    expect(() => placeReplicas([0, 1, 2], 1, rf, stream)).toThrow(ReplicaPlacementError);
    expect(() => placeReplicas([0, 1, 2], 1, rf, stream)).toThrow(
      'Replication factor must be larger than 0, or -1 to use the default value.',
    );
    expect(stream.draws).toBe(0);
  });

  it('rejects 0 partitions', () => {
    expect(() => placeReplicas([0, 1, 2], 0, 1, mockRandom())).toThrow(
      'Number of partitions was set to an invalid non-positive value.',
    );
  });

  it('draws as Kafka does even when RF > brokers (the RackList is built first)', () => {
    const stream = mockRandom();
    try {
      placeReplicas([0, 1], 1, 3, stream);
    } catch (error) {
      expect((error as ReplicaPlacementError).code).toBe('INVALID_REPLICATION_FACTOR');
    }
    expect(stream.draws).toBe(2); // BrokerList offset + rack offset
  });

  it('draws once per list and once for the rack offset, then once per swap at each shuffle', () => {
    const three = mockRandom();
    placeReplicas([0, 1, 2], 3, 2, three);
    expect(three.draws).toBe(2);
    const four = mockRandom();
    placeReplicas([0, 1, 2], 4, 2, four);
    expect(four.draws).toBe(2 + 2); // the 4th partition shuffles 3 brokers: nextInt(3), nextInt(2)
  });
});

describe('placeReplicas properties (what StripedReplicaPlacer guarantees)', () => {
  const cluster = fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 12 }).chain((brokers) =>
    fc.record({
      brokers: fc.constant(brokers),
      replicationFactor: fc.integer({ min: 1, max: brokers.length }),
      partitions: fc.integer({ min: 1, max: 60 }),
      seed: fc.integer(),
    }),
  );

  it('puts replicationFactor distinct live brokers in every partition', () => {
    fc.assert(
      fc.property(cluster, ({ brokers, replicationFactor, partitions, seed }) => {
        const placements = placeReplicas(brokers, partitions, replicationFactor, createStream(seed, 'placer'));
        expect(placements).toHaveLength(partitions);
        for (const replicas of placements) {
          expect(replicas).toHaveLength(replicationFactor);
          expect(new Set(replicas).size).toBe(replicationFactor);
          for (const id of replicas) expect(brokers).toContain(id);
        }
      }),
    );
  });

  it('spreads leaders and replicas evenly: each broker leads once per brokers.length partitions', () => {
    fc.assert(
      fc.property(cluster, ({ brokers, replicationFactor, partitions, seed }) => {
        const placements = placeReplicas(brokers, partitions, replicationFactor, createStream(seed, 'placer'));
        const n = brokers.length;
        for (let start = 0; start + n <= partitions; start += n) {
          const block = placements.slice(start, start + n);
          expect(new Set(block.map((r) => r[0])).size).toBe(n);
          const replicaCounts = new Map<number, number>();
          for (const id of block.flat()) replicaCounts.set(id, (replicaCounts.get(id) ?? 0) + 1);
          for (const id of brokers) expect(replicaCounts.get(id)).toBe(replicationFactor);
        }
        const leaders = brokers.map((id) => placements.filter((r) => r[0] === id).length);
        expect(Math.max(...leaders) - Math.min(...leaders)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('never makes a fenced broker leader, and uses it only when the unfenced ones run out', () => {
    const arb = fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 10 }).chain((ids) =>
      fc.record({
        brokers: fc
          .array(fc.boolean(), { minLength: ids.length, maxLength: ids.length })
          .map((fenced) => ids.map((id, i) => broker(id, null, fenced[i] === true && i > 0))),
        replicationFactor: fc.integer({ min: 1, max: ids.length }),
        seed: fc.integer(),
      }),
    );
    fc.assert(
      fc.property(arb, ({ brokers, replicationFactor, seed }) => {
        const fenced = new Set(brokers.filter((b) => b.fenced).map((b) => b.id));
        const unfenced = brokers.length - fenced.size;
        for (const replicas of placeReplicasOnCluster(brokers, 20, replicationFactor, createStream(seed, 'p'))) {
          expect(fenced.has(replicas[0] as number)).toBe(false);
          const fencedUsed = replicas.filter((id) => fenced.has(id)).length;
          expect(fencedUsed).toBe(Math.max(0, replicationFactor - unfenced));
        }
      }),
    );
  });

  it('puts each replica on a different rack when every broker is unfenced and RF ≤ racks', () => {
    const arb = fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 2, maxLength: 12 }).chain((ids) =>
      fc.record({
        brokers: fc
          .array(fc.constantFrom('a', 'b', 'c', 'rack-1', 'eu-west-1a'), {
            minLength: ids.length,
            maxLength: ids.length,
          })
          .map((racks) => ids.map((id, i) => broker(id, racks[i] as string))),
        seed: fc.integer(),
      }),
    );
    fc.assert(
      fc.property(arb, ({ brokers, seed }) => {
        const rackOf = new Map(brokers.map((b) => [b.id, b.rack]));
        const rf = new Set(rackOf.values()).size;
        for (const replicas of placeReplicasOnCluster(brokers, 15, rf, createStream(seed, 'p'))) {
          expect(new Set(replicas.map((id) => rackOf.get(id))).size).toBe(rf);
        }
      }),
    );
  });

  it('is deterministic for a seed', () => {
    const a = placeReplicas([1, 2, 3, 4, 5], 10, 3, createStream(7, 'topic-orders'));
    const b = placeReplicas([1, 2, 3, 4, 5], 10, 3, createStream(7, 'topic-orders'));
    expect(a).toEqual(b);
  });
});
