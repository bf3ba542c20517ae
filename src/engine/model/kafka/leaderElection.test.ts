import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ElectionOptions, ElectionResult, PartitionReplicaState } from './leaderElection';
import {
  canJoinIsr,
  effectiveMinIsr,
  electLeader,
  electPreferredLeader,
  highWatermarkCandidate,
  isCaughtUp,
  nextHighWatermark,
  NO_LEADER,
  onAlterPartition,
  onBrokerFenced,
  onBrokerUncleanShutdown,
  onBrokerUnfenced,
  outOfSyncReplicas,
  updateFollowerFetchState,
} from './leaderElection';

const CLEAN: ElectionOptions = { uncleanLeaderElectionEnable: false };
const UNCLEAN: ElectionOptions = { uncleanLeaderElectionEnable: true };

/** The partition after the controller's record. */
function apply(state: PartitionReplicaState, result: ElectionResult): PartitionReplicaState {
  const { leader, leaderEpoch, isr, elr, lastKnownElr } = result;
  return { replicas: state.replicas, leader, leaderEpoch, isr, elr, lastKnownElr };
}

const fresh = (): PartitionReplicaState => ({ replicas: [1, 2, 3], leader: 1, leaderEpoch: 0, isr: [1, 2, 3] });
const aliveSet =
  (...ids: number[]) =>
  (b: number) =>
    ids.includes(b);

describe('worked cases: 3 brokers, RF 3, ELR off (Kafka 4.0 default)', () => {
  it('leader dies → the next replica in assignment order that is in the ISR leads', () => {
    const r = onBrokerFenced(fresh(), 1, aliveSet(2, 3), CLEAN);
    expect(r).toMatchObject({ leader: 2, isr: [2, 3], leaderEpoch: 1, unclean: false, changed: true });
    expect(r.reason).toBe(
      'broker 1 is fenced (it was the leader); ISR [1, 2, 3] → [2, 3]; ' +
        'broker 2 is the first replica in assignment order [1, 2, 3] that is alive and in the ISR [2, 3].',
    );
  });

  it('follower dies → the ISR shrinks, the leader stays and the leader epoch does not move', () => {
    const r = onBrokerFenced(fresh(), 3, aliveSet(1, 2), CLEAN);
    expect(r).toMatchObject({ leader: 1, isr: [1, 2], leaderEpoch: 0, changed: true });
    expect(r.reason).toContain('broker 1 stays leader');
  });

  it('a broker outside the ISR dies → nothing changes', () => {
    const state = { ...fresh(), isr: [1, 2] };
    expect(onBrokerFenced(state, 3, aliveSet(1, 2), CLEAN)).toMatchObject({ changed: false, isr: [1, 2], leader: 1 });
  });

  it('all die one by one → offline, and the last ISR member stays in the ISR', () => {
    let state = fresh();
    state = apply(state, onBrokerFenced(state, 1, aliveSet(2, 3), CLEAN));
    state = apply(state, onBrokerFenced(state, 2, aliveSet(3), CLEAN));
    expect(state).toMatchObject({ leader: 3, isr: [3], leaderEpoch: 2 });
    const last = onBrokerFenced(state, 3, aliveSet(), CLEAN);
    expect(last).toMatchObject({ leader: NO_LEADER, isr: [3], leaderEpoch: 3, changed: true, unclean: false });
    expect(last.reason).toContain('with ELR off Kafka never empties the ISR: it stays [3]');
    expect(last.reason).toContain(
      'the partition is offline until one comes back (unclean.leader.election.enable=false)',
    );
  });

  const offline: PartitionReplicaState = { replicas: [1, 2, 3], leader: NO_LEADER, leaderEpoch: 3, isr: [3] };

  it('a replica outside the ISR returns → still offline', () => {
    expect(onBrokerUnfenced(offline, 1, aliveSet(), CLEAN)).toMatchObject({
      leader: NO_LEADER,
      isr: [3],
      changed: false,
    });
  });

  it('the last ISR member returns → it leads again (clean)', () => {
    const r = onBrokerUnfenced(offline, 3, aliveSet(1), CLEAN);
    expect(r).toMatchObject({ leader: 3, isr: [3], leaderEpoch: 4, unclean: false, changed: true });
  });

  it('unclean election on, only an out-of-ISR replica alive → it leads, unclean, as sole ISR member', () => {
    const r = onBrokerUnfenced(offline, 1, aliveSet(), UNCLEAN);
    expect(r).toMatchObject({ leader: 1, isr: [1], leaderEpoch: 4, unclean: true, changed: true });
    expect(r.reason).toContain('records it lacks are lost');
    // The controller also tries it at once when the last ISR member is fenced…
    const leading: PartitionReplicaState = { replicas: [1, 2, 3], leader: 3, leaderEpoch: 2, isr: [3] };
    expect(onBrokerFenced(leading, 3, aliveSet(2), UNCLEAN)).toMatchObject({ leader: 2, isr: [2], unclean: true });
    // …and in its periodic check of leaderless partitions.
    expect(electLeader(offline, aliveSet(2), UNCLEAN)).toMatchObject({ leader: 2, isr: [2], unclean: true });
    expect(electLeader(offline, aliveSet(2), CLEAN)).toMatchObject({ leader: NO_LEADER, changed: false });
  });

  it('preferred leader election moves leadership back to replicas[0] when it is alive and in sync', () => {
    const state: PartitionReplicaState = { replicas: [1, 2, 3], leader: 2, leaderEpoch: 5, isr: [2, 3, 1] };
    expect(electPreferredLeader(state, aliveSet(1, 2, 3), CLEAN)).toMatchObject({ leader: 1, leaderEpoch: 6 });
    // Not in the ISR yet: the current leader stays, nothing is written.
    const notInSync = { ...state, isr: [2, 3] };
    expect(electPreferredLeader(notInSync, aliveSet(1, 2, 3), CLEAN)).toMatchObject({ leader: 2, changed: false });
    // A plain election never moves a valid leader, preferred or not.
    expect(electLeader(state, aliveSet(1, 2, 3), CLEAN)).toMatchObject({ leader: 2, changed: false });
  });

  it('a returning broker rejoins the ISR through the leader (AlterPartition), not through unfencing', () => {
    const state: PartitionReplicaState = { replicas: [1, 2, 3], leader: 2, leaderEpoch: 1, isr: [2, 3] };
    expect(onBrokerUnfenced(state, 1, aliveSet(1, 2, 3), CLEAN)).toMatchObject({ changed: false, isr: [2, 3] });
    const r = onAlterPartition(state, [2, 3, 1], aliveSet(1, 2, 3), CLEAN);
    expect(r).toMatchObject({ error: 'NONE', leader: 2, isr: [2, 3, 1], leaderEpoch: 1 });
    expect(onAlterPartition(state, [3, 1], aliveSet(1, 2, 3), CLEAN).error).toBe('INVALID_REQUEST');
    expect(onAlterPartition(state, [2, 3, 1], aliveSet(2, 3), CLEAN).error).toBe('INELIGIBLE_REPLICA');
  });
});

describe('PartitionChangeBuilderTest cases (apache/kafka @1eb76443)', () => {
  // FOO: replicas [2, 1, 3], ISR [2, 1, 3], leader 1; broker 3 is not acceptable.
  const foo: PartitionReplicaState = { replicas: [2, 1, 3], leader: 1, leaderEpoch: 100, isr: [2, 1, 3] };
  const not3 = (b: number) => b !== 3;
  const withIsr = (isr: number[]) => ({ ...foo, isr });

  it('testElectLeader', () => {
    expect(electPreferredLeader(foo, not3, CLEAN)).toMatchObject({ leader: 2, unclean: false });
    expect(electLeader(foo, not3, CLEAN)).toMatchObject({ leader: 1, unclean: false });
    expect(electLeader(foo, not3, UNCLEAN)).toMatchObject({ leader: 1, unclean: false });
    expect(electLeader(withIsr([1, 3]), not3, CLEAN)).toMatchObject({ leader: 1, unclean: false });
    expect(electLeader(withIsr([1, 3]), not3, UNCLEAN)).toMatchObject({ leader: 1, unclean: false });
    expect(electLeader(withIsr([3]), not3, CLEAN)).toMatchObject({ leader: NO_LEADER, unclean: false });
    expect(electLeader(withIsr([3]), not3, UNCLEAN)).toMatchObject({ leader: 2, unclean: true });
    // BAZ: replicas [2, 1, 3], ISR [1, 3], leader 3; everyone acceptable.
    const baz: PartitionReplicaState = { replicas: [2, 1, 3], leader: 3, leaderEpoch: 100, isr: [1, 3] };
    const all = () => true;
    expect(electPreferredLeader(baz, all, CLEAN)).toMatchObject({ leader: 3 });
    expect(electLeader(baz, all, CLEAN)).toMatchObject({ leader: 3 });
    expect(electLeader(baz, all, UNCLEAN)).toMatchObject({ leader: 3 });
  });

  it('testNoLeaderEpochBumpOnIsrShrink (MV ≥ 3.6) and no bump on expansion', () => {
    const shrink = onAlterPartition(foo, [2, 1], () => true, CLEAN);
    expect(shrink).toMatchObject({ isr: [2, 1], leader: 1, leaderEpoch: 100, changed: true });
    expect(onAlterPartition(withIsr([1]), [1, 2], () => true, CLEAN)).toMatchObject({ leaderEpoch: 100 });
  });

  it('testUncleanLeaderElection: OFFLINE partitions, with and without ELR', () => {
    // OFFLINE_WITHOUT_ELR: replicas [2, 1, 3], ISR [3], leader −1; only broker 1 acceptable.
    const offline: PartitionReplicaState = { replicas: [2, 1, 3], leader: NO_LEADER, leaderEpoch: 100, isr: [3] };
    expect(electLeader(offline, (b) => b === 1, UNCLEAN)).toMatchObject({ leader: 1, isr: [1], unclean: true });
    // OFFLINE_WITH_ELR: ISR [], ELR [3], lastKnownElr [2]; the unclean election clears both.
    const withElr = { ...offline, isr: [], elr: [3], lastKnownElr: [2] };
    const elrOn = { ...UNCLEAN, eligibleLeaderReplicasEnabled: true, minIsr: 2 };
    expect(electLeader(withElr, (b) => b === 1, elrOn)).toMatchObject({
      leader: 1,
      isr: [1],
      elr: [],
      lastKnownElr: [],
      unclean: true,
    });
  });

  const elr = (minIsr: number): ElectionOptions => ({
    uncleanLeaderElectionEnable: false,
    eligibleLeaderReplicasEnabled: true,
    minIsr,
  });
  const four = (isr: number[], leader: number, more: Partial<PartitionReplicaState> = {}): PartitionReplicaState => ({
    replicas: [1, 2, 3, 4],
    leader,
    leaderEpoch: 100,
    isr,
    ...more,
  });

  it('testEligibleLeaderReplicas_IsrShrinkBelowMinISR / _IsrExpandAboveMinISR', () => {
    expect(onAlterPartition(four([1, 2, 3, 4], 1), [1, 2], not3, elr(3))).toMatchObject({
      isr: [1, 2],
      elr: [3, 4],
      lastKnownElr: [],
      leaderEpoch: 100,
    });
    const below = four([1, 2], 1, { elr: [3], lastKnownElr: [4] });
    expect(onAlterPartition(below, [1, 2, 3], () => true, elr(3))).toMatchObject({
      isr: [1, 2, 3],
      elr: [],
      lastKnownElr: [],
    });
  });

  it('testEligibleLeaderReplicas_ElrCanBeElected: ISR empty → the first live ELR member leads', () => {
    const state = four([1], 1, { elr: [3], lastKnownElr: [] });
    const r = onBrokerFenced(state, 1, (b) => b !== 1, elr(3));
    expect(r).toMatchObject({ leader: 3, isr: [3], elr: [1], lastKnownElr: [], unclean: false, leaderEpoch: 101 });
  });

  it('testEligibleLeaderReplicas_IsrCanShrinkToZero: the ISR empties and the last leader is remembered', () => {
    let state = four([1, 2, 3, 4], 1, { elr: [], lastKnownElr: [] });
    // Kafka's test drops all four at once (ELR [1, 2, 3, 4]); the controller fences one broker at a
    // time. Broker 2 leaves while the ISR [1, 3, 4] is still at min ISR 3 (the HW may move on without
    // it), so it is not eligible; 3, 4 and 1 leave below min ISR and are.
    const alive = new Set([1, 2, 3, 4]);
    for (const b of [2, 3, 4, 1]) {
      alive.delete(b);
      state = apply(
        state,
        onBrokerFenced(state, b, (x) => alive.has(x), elr(3)),
      );
    }
    expect(state).toMatchObject({ leader: NO_LEADER, isr: [], elr: [1, 3, 4], lastKnownElr: [1] });
  });

  it('testEligibleLeaderReplicas_ElectLastKnownLeader (and KAFKA-19522: not while it is fenced)', () => {
    const state = four([], NO_LEADER, { elr: [], lastKnownElr: [1] });
    expect(electPreferredLeader(state, () => true, elr(3))).toMatchObject({
      leader: 1,
      isr: [1],
      lastKnownElr: [],
      unclean: true,
    });
    expect(electPreferredLeader(state, () => false, elr(3))).toMatchObject({ leader: NO_LEADER, changed: false });
  });

  it('testEligibleLeaderReplicas_ElectLastKnownLeaderShouldFail: a non-empty ELR blocks it', () => {
    const state = four([], NO_LEADER, { elr: [3], lastKnownElr: [1] });
    expect(electPreferredLeader(state, (b) => b !== 3, elr(3))).toMatchObject({ changed: false });
  });
});

describe('ELR on (new 4.1+ clusters)', () => {
  const opts = (minIsr: number): ElectionOptions => ({
    uncleanLeaderElectionEnable: false,
    eligibleLeaderReplicasEnabled: true,
    minIsr,
  });

  it('min ISR 1: the ISR empties when the last member dies; it leads again when it returns', () => {
    const state: PartitionReplicaState = { replicas: [1, 2, 3], leader: 3, leaderEpoch: 2, isr: [3] };
    const down = apply(
      state,
      onBrokerFenced(state, 3, () => false, opts(1)),
    );
    expect(down).toMatchObject({ leader: NO_LEADER, isr: [], elr: [3], lastKnownElr: [3], leaderEpoch: 3 });
    expect(onBrokerUnfenced(down, 1, () => false, opts(1))).toMatchObject({ leader: NO_LEADER, changed: false });
    expect(onBrokerUnfenced(down, 3, () => false, opts(1))).toMatchObject({
      leader: 3,
      isr: [3],
      elr: [],
      unclean: false,
    });
  });

  it('min ISR 2: a replica that left the ISR below min ISR may lead when the ISR is gone', () => {
    let state: PartitionReplicaState = { replicas: [1, 2, 3], leader: 2, leaderEpoch: 1, isr: [2, 3] };
    state = apply(
      state,
      onBrokerFenced(state, 2, (b) => b === 3, opts(2)),
    );
    expect(state).toMatchObject({ leader: 3, isr: [3], elr: [2] });
    state = apply(
      state,
      onBrokerFenced(state, 3, () => false, opts(2)),
    );
    expect(state).toMatchObject({ leader: NO_LEADER, isr: [], elr: [2, 3] });
    // Broker 2 returns first: safe, because the HW could not move while the ISR was below 2.
    expect(onBrokerUnfenced(state, 2, () => false, opts(2))).toMatchObject({ leader: 2, isr: [2], elr: [3] });
    // With ELR off the same history leaves ISR [3], and broker 2 could not lead.
    expect(onBrokerUnfenced({ ...state, isr: [3], elr: [] }, 2, () => false, CLEAN)).toMatchObject({
      leader: NO_LEADER,
    });
  });

  it('an unclean shutdown removes the broker from the ELR; it can then only return as last known leader', () => {
    const state: PartitionReplicaState = {
      replicas: [1, 2, 3],
      leader: NO_LEADER,
      leaderEpoch: 3,
      isr: [],
      elr: [3],
      lastKnownElr: [3],
    };
    const restarted = apply(
      state,
      onBrokerUncleanShutdown(state, 3, () => false, opts(1)),
    );
    expect(restarted).toMatchObject({ leader: NO_LEADER, isr: [], elr: [], lastKnownElr: [3], leaderEpoch: 3 });
    expect(onBrokerUnfenced(restarted, 3, () => false, opts(1))).toMatchObject({ leader: 3, isr: [3], unclean: true });
  });
});

describe('broker-side rules (Partition.scala, Replica.scala)', () => {
  it('effectiveMinIsr caps min.insync.replicas at the replication factor (3.7+)', () => {
    expect(effectiveMinIsr(1, 3)).toBe(1);
    expect(effectiveMinIsr(2, 3)).toBe(2);
    expect(effectiveMinIsr(3, 2)).toBe(2);
  });

  it('the HW candidate is the smallest LEO in the ISR', () => {
    const leo = new Map([
      [1, 10],
      [2, 7],
      [3, 4],
    ]);
    expect(highWatermarkCandidate([1, 2], (b) => leo.get(b) ?? 0)).toBe(7);
    expect(highWatermarkCandidate([1, 2, 3], (b) => leo.get(b) ?? 0)).toBe(4);
  });

  it('the HW does not move while the ISR is below the effective min ISR, and never goes down', () => {
    const leo = new Map([
      [1, 10],
      [2, 7],
      [3, 4],
    ]);
    const base = {
      highWatermark: 5,
      leader: 1,
      replicas: [1, 2, 3],
      logEndOffsetOf: (b: number) => leo.get(b) ?? 0,
    };
    expect(nextHighWatermark({ ...base, isr: [1, 2], effectiveMinIsr: 2 }).highWatermark).toBe(7);
    const stuck = nextHighWatermark({ ...base, isr: [1], effectiveMinIsr: 2 });
    expect(stuck).toEqual({ highWatermark: 5, reason: 'ISR [1] is below min ISR 2: the high watermark stays at 5' });
    expect(nextHighWatermark({ ...base, isr: [1, 2, 3], effectiveMinIsr: 1 }).highWatermark).toBe(5);
    // A caught-up follower outside the ISR holds the HW back too (it is about to join).
    const waiting = { ...base, isr: [1], effectiveMinIsr: 1, isCaughtUpAndEligible: (b: number) => b === 2 };
    expect(nextHighWatermark(waiting).highWatermark).toBe(7);
  });

  it('a follower is out of sync once it has not caught up for more than replica.lag.time.max.ms', () => {
    const lag = 30_000;
    expect(isCaughtUp({ logEndOffset: 5, lastCaughtUpTimeMs: 0 }, 5, 100_000, lag)).toBe(true);
    expect(isCaughtUp({ logEndOffset: 4, lastCaughtUpTimeMs: 70_000 }, 5, 100_000, lag)).toBe(true);
    expect(isCaughtUp({ logEndOffset: 4, lastCaughtUpTimeMs: 69_999 }, 5, 100_000, lag)).toBe(false);
    const followers = new Map([
      [2, { logEndOffset: 4, lastCaughtUpTimeMs: 60_000 }],
      [3, { logEndOffset: 5, lastCaughtUpTimeMs: 0 }],
    ]);
    const follower = (b: number) => followers.get(b) ?? { logEndOffset: 0, lastCaughtUpTimeMs: 0 };
    expect(outOfSyncReplicas([1, 2, 3], 1, follower, 5, 100_000, lag)).toEqual([2]);
  });

  it('lastCaughtUpTimeMs: now when the fetch reaches the leader LEO, else the previous fetch time if it reached that LEO', () => {
    const prev = { logEndOffset: 0, lastFetchLeaderLogEndOffset: 8, lastFetchTimeMs: 1_000, lastCaughtUpTimeMs: 500 };
    expect(updateFollowerFetchState(prev, 10, 2_000, 10).lastCaughtUpTimeMs).toBe(2_000);
    expect(updateFollowerFetchState(prev, 8, 2_000, 12).lastCaughtUpTimeMs).toBe(1_000);
    expect(updateFollowerFetchState(prev, 7, 2_000, 12)).toEqual({
      logEndOffset: 7,
      lastFetchLeaderLogEndOffset: 12,
      lastFetchTimeMs: 2_000,
      lastCaughtUpTimeMs: 500,
    });
  });

  it('a follower may rejoin the ISR once it reaches the HW and the leader epoch start offset', () => {
    expect(canJoinIsr(10, 10, 3, true)).toBe(true);
    expect(canJoinIsr(9, 10, 3, true)).toBe(false);
    expect(canJoinIsr(10, 10, 11, true)).toBe(false);
    expect(canJoinIsr(10, 10, 3, false)).toBe(false);
  });
});

describe('properties over random broker failures', () => {
  type Event =
    | { kind: 'fence' | 'unfence' | 'restart'; broker: number }
    | { kind: 'alter'; pick: number }
    | { kind: 'elect' | 'preferred' };
  const event: fc.Arbitrary<Event> = fc.oneof(
    fc.record({ kind: fc.constantFrom('fence', 'unfence', 'restart'), broker: fc.integer({ min: 0, max: 4 }) }),
    fc.record({ kind: fc.constant('alter'), pick: fc.nat() }),
    fc.record({ kind: fc.constantFrom('elect', 'preferred') }),
  ) as fc.Arbitrary<Event>;
  const scenario = fc.record({
    rf: fc.integer({ min: 1, max: 5 }),
    unclean: fc.boolean(),
    elr: fc.boolean(),
    minInsync: fc.integer({ min: 1, max: 5 }),
    events: fc.array(event, { maxLength: 40 }),
  });

  it('leaders are alive and in the ISR, clean leaders come from the ISR/ELR, the epoch rises only with the leader', () => {
    fc.assert(
      fc.property(scenario, ({ rf, unclean, elr, minInsync, events }) => {
        const replicas = Array.from({ length: rf }, (_, i) => i);
        const options: ElectionOptions = {
          uncleanLeaderElectionEnable: unclean,
          eligibleLeaderReplicasEnabled: elr,
          minIsr: effectiveMinIsr(minInsync, rf),
        };
        const alive = new Set(replicas);
        const isAlive = (b: number) => alive.has(b);
        let state: PartitionReplicaState = { replicas, leader: 0, leaderEpoch: 0, isr: [...replicas] };
        for (const e of events) {
          let result: ElectionResult;
          if (e.kind === 'fence' || e.kind === 'restart' || e.kind === 'unfence') {
            const b = e.broker % rf;
            if (e.kind === 'fence') {
              if (!alive.has(b)) continue;
              alive.delete(b);
              result = onBrokerFenced(state, b, isAlive, options);
            } else {
              if (alive.has(b)) continue;
              if (e.kind === 'restart') state = apply(state, onBrokerUncleanShutdown(state, b, isAlive, options));
              result = onBrokerUnfenced(state, b, isAlive, options);
              alive.add(b);
            }
          } else if (e.kind === 'alter') {
            if (state.leader === NO_LEADER) continue;
            const followers = state.isr.filter((r) => r !== state.leader);
            const joinable = replicas.filter((r) => alive.has(r) && !state.isr.includes(r));
            const newIsr =
              e.pick % 2 === 0 && followers.length > 0
                ? state.isr.filter((r) => r !== followers[e.pick % followers.length])
                : joinable.length > 0
                  ? [...state.isr, joinable[e.pick % joinable.length] as number]
                  : state.isr;
            const altered = onAlterPartition(state, newIsr, isAlive, options);
            expect(altered.error).toBe('NONE');
            result = altered;
          } else {
            result = (e.kind === 'elect' ? electLeader : electPreferredLeader)(state, isAlive, options);
          }

          const leaderChanged = result.leader !== state.leader;
          expect(result.leaderEpoch).toBe(state.leaderEpoch + (leaderChanged ? 1 : 0));
          if (leaderChanged && result.leader !== NO_LEADER && !result.unclean) {
            expect([...state.isr, ...(state.elr ?? [])]).toContain(result.leader);
          }
          if (result.unclean) expect(unclean || elr).toBe(true);
          if (!result.changed) expect(result).toMatchObject({ leader: state.leader, isr: state.isr });
          state = apply(state, result);

          if (state.leader !== NO_LEADER) {
            expect(alive.has(state.leader)).toBe(true);
            expect(state.isr).toContain(state.leader);
          }
          expect(new Set(state.isr).size).toBe(state.isr.length);
          for (const r of state.isr) expect(replicas).toContain(r);
          if (!elr) {
            // Kafka keeps the last ISR member even when it is down; only then may the ISR hold a dead broker.
            expect(state.isr.length).toBeGreaterThan(0);
            expect(state.elr).toEqual([]);
            const dead = state.isr.filter((r) => !alive.has(r));
            if (dead.length > 0) expect(state).toMatchObject({ isr: dead, leader: NO_LEADER });
            // Online whenever an ISR member is alive.
            if (state.isr.some(isAlive)) expect(state.leader).not.toBe(NO_LEADER);
          } else {
            for (const r of state.isr) expect(alive.has(r)).toBe(true);
            for (const r of state.elr ?? []) expect(state.isr).not.toContain(r);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
