/**
 * Kafka 4.x (KRaft) partition leadership and ISR rules: what the controller writes when a broker is
 * fenced or comes back, when the leader changes the ISR, and when a leader is elected; plus the
 * leader broker's rules for the high watermark (HW) and for dropping lagging followers.
 *
 * Sources, apache/kafka @1eb76443 (trunk 2024-10-25, 4.0.0-SNAPSHOT):
 * - metadata/src/main/java/org/apache/kafka/controller/PartitionChangeBuilder.java (`build`,
 *   `electAnyLeader`, `electPreferredLeader`, `isValidNewLeader`, `canElectLastKnownLeader`,
 *   `tryElection`, `maybePopulateTargetElr`, `maybeUpdateRecordElr`, `maybeUpdateLastKnownLeader`);
 * - metadata/.../controller/ReplicationControlManager.java (`handleBrokerFenced`,
 *   `handleBrokerUnfenced`, `handleBrokerInControlledShutdown`, `handleBrokerUncleanShutdown`,
 *   `generateLeaderAndIsrUpdates`, `validateAlterPartitionData`, `getTopicEffectiveMinIsr`);
 * - metadata/.../metadata/PartitionRegistration.java (`merge`: the leader epoch rises by one exactly
 *   when a change record sets the leader field);
 * - core/src/main/scala/kafka/cluster/Partition.scala (`effectiveMinIsr`, `maybeIncrementLeaderHW`,
 *   `isUnderMinIsr`, `getOutOfSyncReplicas`, `isFollowerInSync`) and Replica.scala (`isCaughtUp`,
 *   `updateFetchStateOrThrow`).
 *
 * The rule learners must see: with ELR off (the 4.0 default), the last ISR member is never removed
 * from the ISR. When its broker dies the partition keeps ISR [that broker] with leader −1: offline.
 * It comes back online when that broker returns, or, only with unclean.leader.election.enable, when
 * any replica is alive (data loss). Worked example, replicas [1, 2, 3], all in the ISR, leader 1:
 * 1 dies → leader 2, ISR [2, 3]; 2 dies → leader 3, ISR [3]; 3 dies → leader −1, ISR [3];
 * 1 returns → still offline (1 is not in the ISR); 3 returns → leader 3, ISR [3].
 *
 * ELR (KIP-966) is an option here: off by default in 4.0, on for clusters created with 4.1 or later
 * (`eligible.leader.replicas.version=1`). With it on the ISR may become empty; replicas that left
 * the ISR while it was below min ISR become "eligible leader replicas" (safe, because the HW cannot
 * move below min ISR), and the last leader is remembered in `lastKnownElr`.
 *
 * Simplified:
 * - No reassignment (adding/removing replicas) and no log directories.
 * - Metadata version ≥ 3.6, as any new 4.x cluster: an ISR shrink alone does not bump the leader
 *   epoch (MetadataVersion.isLeaderEpochBumpRequiredOnIsrShrink). The partition epoch, which rises
 *   with every change record, is `changed` here, not a number.
 * - After an unclean election Kafka marks the leader RECOVERING (KIP-704); here only `unclean`.
 * - ELR lists are kept sorted; Kafka builds them from a HashSet (same members, order unspecified).
 * - Last-known-leader election follows the fix KAFKA-19522 (apache/kafka PR #20200, July 2025): the
 *   last known leader must be alive. At 1eb76443 `canElectLastKnownLeader` returned true even for a
 *   fenced one (its `isAcceptableLeader` test only logged).
 */

/** Kafka's `LeaderConstants.NO_LEADER`: the partition is offline. */
export const NO_LEADER = -1;

export type PartitionReplicaState = {
  /** Assignment order; replicas[0] is the preferred leader. */
  replicas: readonly number[];
  /** The leader broker, or NO_LEADER (−1) when the partition is offline. */
  leader: number;
  leaderEpoch: number;
  /** In-sync replicas in controller order (the leader is always a member while it leads). */
  isr: readonly number[];
  /** KIP-966 eligible leader replicas; empty (or absent) while ELR is off. */
  elr?: readonly number[];
  /** KIP-966: the last leader, remembered when the ISR became empty; empty or absent otherwise. */
  lastKnownElr?: readonly number[];
};

export type ElectionOptions = {
  /** The topic's `unclean.leader.election.enable` (default false). */
  uncleanLeaderElectionEnable: boolean;
  /** `eligible.leader.replicas.version` ≥ 1 (KIP-966). Default false, as in Kafka 4.0. */
  eligibleLeaderReplicasEnabled?: boolean;
  /** The topic's effective min ISR, `effectiveMinIsr(…)`; only ELR uses it here. Default 1. */
  minIsr?: number;
};

export type ElectionResult = {
  leader: number;
  /** +1 exactly when the leader changed (including to or from −1). */
  leaderEpoch: number;
  isr: number[];
  elr: number[];
  lastKnownElr: number[];
  /** The new leader was not known to hold every committed record: data may be lost. */
  unclean: boolean;
  /** Whether the controller wrote a PartitionChangeRecord (which bumps the partition epoch). */
  changed: boolean;
  /** Why, in a sentence, for the inspector. */
  reason: string;
};

type Election = 'PREFERRED' | 'ONLINE' | 'UNCLEAN';

type Change = {
  targetIsr: readonly number[];
  isAcceptableLeader: (broker: number) => boolean;
  election: Election;
  uncleanShutdownReplicas?: readonly number[];
  /** What happened first, e.g. "broker 1 is fenced; the ISR becomes [2, 3]". */
  cause: string;
};

const list = (ids: readonly number[]): string => `[${ids.join(', ')}]`;
const sameList = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const ascending = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b);

/** PartitionChangeBuilder.build for one partition, without reassignment or directories. */
function buildPartitionChange(state: PartitionReplicaState, change: Change, options: ElectionOptions): ElectionResult {
  const elrEnabled = options.eligibleLeaderReplicasEnabled === true;
  const prevElr = state.elr ?? [];
  const prevLastKnownElr = state.lastKnownElr ?? [];
  const { isAcceptableLeader, election } = change;
  let targetIsr = [...change.targetIsr];
  let targetElr = [...prevElr];

  // maybePopulateTargetElr: below min ISR, replicas leaving the ISR become eligible leaders.
  // (Its lastKnownElr result is never written while useLastKnownLeaderInBalancedRecovery=true,
  // which production always uses; lastKnownElr changes only in maybeUpdateLastKnownLeader.)
  if (elrEnabled) {
    if (targetIsr.length >= (options.minIsr ?? 1)) {
      targetElr = [];
    } else {
      const unclean = change.uncleanShutdownReplicas ?? [];
      const candidates = new Set([...targetElr, ...state.isr]);
      targetElr = ascending([...candidates].filter((r) => !targetIsr.includes(r) && !unclean.includes(r)));
    }
  }

  const isValidNewLeader = (r: number): boolean =>
    (targetIsr.includes(r) || (targetIsr.length === 0 && targetElr.includes(r))) && isAcceptableLeader(r);
  const lastKnownLeader = prevLastKnownElr.length === 1 ? (prevLastKnownElr[0] as number) : NO_LEADER;
  const canElectLastKnownLeader =
    elrEnabled &&
    targetElr.length === 0 &&
    targetIsr.length === 0 &&
    lastKnownLeader >= 0 &&
    isAcceptableLeader(lastKnownLeader);

  // electPreferredLeader / electAnyLeader
  const pool =
    targetIsr.length > 0 || !elrEnabled
      ? `the ISR ${list(targetIsr.length > 0 ? targetIsr : state.isr)}`
      : `the ELR ${list(targetElr)} (the ISR is empty)`;
  const firstValid = (from: number): number | undefined => state.replicas.slice(from).find(isValidNewLeader);
  let node = NO_LEADER;
  let unclean = false;
  let why: string;
  const preferred = state.replicas[0] ?? NO_LEADER;
  if (election === 'PREFERRED' && isValidNewLeader(preferred)) {
    node = preferred;
    why = `broker ${node}, the preferred replica, is alive and in ${pool}`;
  } else if (isValidNewLeader(state.leader)) {
    node = state.leader;
    why =
      (election === 'PREFERRED' ? `the preferred replica ${preferred} cannot lead (down or not in sync); ` : '') +
      `broker ${node} stays leader: it is alive and in the ISR ${list(targetIsr)}`;
  } else if (firstValid(election === 'PREFERRED' ? 1 : 0) !== undefined) {
    node = firstValid(election === 'PREFERRED' ? 1 : 0) as number;
    why = `broker ${node} is the first replica in assignment order ${list(state.replicas)} that is alive and in ${pool}`;
  } else if (canElectLastKnownLeader) {
    node = lastKnownLeader;
    unclean = true;
    why = `ISR and ELR are empty; broker ${node}, the last known leader, is alive and is elected (Kafka counts this as unclean)`;
  } else {
    const live = election === 'UNCLEAN' ? state.replicas.find(isAcceptableLeader) : undefined;
    if (live !== undefined) {
      node = live;
      unclean = true;
      why =
        `no replica in ${pool} is alive; unclean.leader.election.enable=true, so broker ${node}, the first live ` +
        `replica in ${list(state.replicas)}, becomes leader and sole ISR member: records it lacks are lost`;
    } else {
      why =
        `no replica in ${pool} can lead, so the partition is offline` +
        (options.uncleanLeaderElectionEnable
          ? ' (unclean election is on, but no replica is alive)'
          : ' until one comes back (unclean.leader.election.enable=false)');
    }
  }

  // tryElection
  let recordLeader: number | undefined;
  let recordIsr: number[] | undefined;
  if (node !== state.leader) {
    if (targetElr.includes(node)) {
      targetIsr = [node];
      targetElr = targetElr.filter((r) => r !== node);
    }
    recordLeader = node;
    if (unclean) recordIsr = [node];
  }

  // maybeUpdateRecordElr: an unclean election, or ELR off, clears the ELR.
  if (recordIsr !== undefined || !elrEnabled) targetElr = [];
  const recordElr = sameList(targetElr, prevElr) ? undefined : targetElr;

  // With ELR off the ISR is never set to empty: the last member stays.
  let isrText = '';
  if (recordIsr === undefined && (targetIsr.length > 0 || elrEnabled) && !sameList(targetIsr, state.isr)) {
    recordIsr = targetIsr;
    isrText = `; ISR ${list(state.isr)} → ${list(recordIsr)}`;
  } else if (recordIsr === undefined && targetIsr.length === 0 && state.isr.length > 0) {
    isrText =
      `; it was the last ISR member, and with ELR off Kafka never empties the ISR: ` +
      `it stays ${list(state.isr)}, the replica known to hold every committed record`;
  }

  // maybeUpdateLastKnownLeader
  let recordLastKnownElr: number[] | undefined;
  if (elrEnabled) {
    const leaderField = recordLeader ?? -2; // NO_LEADER_CHANGE
    if (recordIsr?.length === 0 && (prevLastKnownElr.length !== 1 || lastKnownLeader !== state.leader)) {
      recordLastKnownElr = [state.leader];
    } else if (
      (leaderField >= 0 || (state.leader !== NO_LEADER && leaderField !== NO_LEADER)) &&
      prevLastKnownElr.length > 0
    ) {
      recordLastKnownElr = [];
    }
  }

  const changed =
    recordLeader !== undefined ||
    recordIsr !== undefined ||
    recordElr !== undefined ||
    recordLastKnownElr !== undefined;
  return {
    leader: recordLeader ?? state.leader,
    leaderEpoch: state.leaderEpoch + (recordLeader !== undefined ? 1 : 0),
    isr: recordIsr ?? [...state.isr],
    elr: recordElr ?? [...prevElr],
    lastKnownElr: recordLastKnownElr ?? [...prevLastKnownElr],
    unclean,
    changed,
    reason: `${change.cause}${isrText}${recordElr === undefined ? '' : `; ELR ${list(prevElr)} → ${list(recordElr)}`}; ${why}.`,
  };
}

function unchanged(state: PartitionReplicaState, reason: string): ElectionResult {
  return {
    leader: state.leader,
    leaderEpoch: state.leaderEpoch,
    isr: [...state.isr],
    elr: [...(state.elr ?? [])],
    lastKnownElr: [...(state.lastKnownElr ?? [])],
    unclean: false,
    changed: false,
    reason,
  };
}

const anyElection = (options: ElectionOptions): Election =>
  options.uncleanLeaderElectionEnable ? 'UNCLEAN' : 'ONLINE';

/**
 * The controller's election on the current ISR (ONLINE, or UNCLEAN when the topic allows it), as
 * the periodic check for leaderless partitions runs it (every unclean.leader.election.interval.ms).
 * @example electLeader({ replicas: [1, 2, 3], leader: -1, leaderEpoch: 4, isr: [3] }, (b) => b === 1,
 *   { uncleanLeaderElectionEnable: true }) // leader 1, isr [1], unclean: true
 */
export function electLeader(
  state: PartitionReplicaState,
  isAlive: (broker: number) => boolean,
  options: ElectionOptions,
): ElectionResult {
  const cause = state.leader === NO_LEADER ? 'the partition has no leader' : `broker ${state.leader} leads`;
  return buildPartitionChange(
    state,
    { targetIsr: state.isr, isAcceptableLeader: isAlive, election: anyElection(options), cause },
    options,
  );
}

/**
 * Preferred leader election (auto.leader.rebalance.enable, kafka-leader-election.sh): the first
 * replica leads if it is alive and in the ISR; else a valid current leader stays.
 */
export function electPreferredLeader(
  state: PartitionReplicaState,
  isAlive: (broker: number) => boolean,
  options: ElectionOptions,
): ElectionResult {
  const cause = `preferred leader election for replicas ${list(state.replicas)}`;
  return buildPartitionChange(
    state,
    { targetIsr: state.isr, isAcceptableLeader: isAlive, election: 'PREFERRED', cause },
    options,
  );
}

/**
 * A broker is fenced (heartbeats stopped for broker.session.timeout.ms) or enters controlled
 * shutdown: it leaves every ISR it is in (not below one member while ELR is off) and a partition it
 * led elects again. Partitions whose ISR does not contain it are untouched.
 */
export function onBrokerFenced(
  state: PartitionReplicaState,
  broker: number,
  isAlive: (broker: number) => boolean,
  options: ElectionOptions,
): ElectionResult {
  if (!state.isr.includes(broker)) {
    return unchanged(state, `broker ${broker} is fenced; it is not in the ISR ${list(state.isr)}, so nothing changes.`);
  }
  const targetIsr = state.isr.filter((r) => r !== broker);
  return buildPartitionChange(
    state,
    {
      targetIsr,
      isAcceptableLeader: (r) => r !== broker && isAlive(r),
      election: anyElection(options),
      cause: `broker ${broker} is fenced${state.leader === broker ? ' (it was the leader)' : ''}`,
    },
    options,
  );
}

/**
 * A broker is unfenced (registered and caught up with the metadata log). Only leaderless
 * partitions elect; the broker rejoins an ISR later, when the leader adds it (onAlterPartition).
 */
export function onBrokerUnfenced(
  state: PartitionReplicaState,
  broker: number,
  isAlive: (broker: number) => boolean,
  options: ElectionOptions,
): ElectionResult {
  if (state.leader !== NO_LEADER) {
    return unchanged(
      state,
      `broker ${broker} is unfenced; broker ${state.leader} still leads, so nothing changes until ${broker} catches up and the leader adds it to the ISR.`,
    );
  }
  return buildPartitionChange(
    state,
    {
      targetIsr: state.isr,
      isAcceptableLeader: (r) => r === broker || isAlive(r),
      election: anyElection(options),
      cause: `broker ${broker} is unfenced and the partition has no leader`,
    },
    options,
  );
}

/**
 * A broker registers after an unclean shutdown (at 1eb76443: any registration with a new
 * incarnation id, ClusterControlManager.registerBroker) on a metadata version that supports ELR
 * (≥ 4.0-IV1): it leaves every ISR and ELR, since its log may have lost records.
 */
export function onBrokerUncleanShutdown(
  state: PartitionReplicaState,
  broker: number,
  isAlive: (broker: number) => boolean,
  options: ElectionOptions,
): ElectionResult {
  if (!state.isr.includes(broker) && !(state.elr ?? []).includes(broker)) {
    return unchanged(state, `broker ${broker} restarted after an unclean shutdown; it is in neither ISR nor ELR.`);
  }
  return buildPartitionChange(
    state,
    {
      targetIsr: state.isr.filter((r) => r !== broker),
      isAcceptableLeader: (r) => r !== broker && isAlive(r),
      election: anyElection(options),
      uncleanShutdownReplicas: [broker],
      cause: `broker ${broker} restarted after an unclean shutdown, so it may have lost records`,
    },
    options,
  );
}

/**
 * The leader asks the controller to change the ISR (AlterPartition), after shrinking it
 * (`outOfSyncReplicas`) or to add a caught-up follower (`canJoinIsr`). Rejected unless the new ISR
 * is a set of replicas containing the leader, all of them alive (INELIGIBLE_REPLICA otherwise).
 */
export function onAlterPartition(
  state: PartitionReplicaState,
  newIsr: readonly number[],
  isAlive: (broker: number) => boolean,
  options: ElectionOptions,
): ElectionResult & { error: 'NONE' | 'INVALID_REQUEST' | 'INELIGIBLE_REPLICA' } {
  const valid = new Set(newIsr).size === newIsr.length && newIsr.every((r) => state.replicas.includes(r));
  if (!valid || !newIsr.includes(state.leader)) {
    const reason = `AlterPartition to ${list(newIsr)} rejected: the ISR must be distinct replicas including the leader ${state.leader}.`;
    return { ...unchanged(state, reason), error: 'INVALID_REQUEST' };
  }
  const ineligible = newIsr.filter((r) => !isAlive(r));
  if (ineligible.length > 0) {
    const reason = `AlterPartition to ${list(newIsr)} rejected: ${list(ineligible)} fenced or shutting down.`;
    return { ...unchanged(state, reason), error: 'INELIGIBLE_REPLICA' };
  }
  const result = buildPartitionChange(
    state,
    {
      targetIsr: newIsr,
      isAcceptableLeader: isAlive,
      election: anyElection(options),
      cause: `leader ${state.leader} asks to change the ISR`,
    },
    options,
  );
  return { ...result, error: 'NONE' };
}

// ---- The leader broker's rules (Partition.scala, Replica.scala) ----

/** `Partition.effectiveMinIsr` (since 3.7, KAFKA-15583): min(min.insync.replicas, replication factor). */
export function effectiveMinIsr(minInsyncReplicas: number, replicationFactor: number): number {
  return Math.min(minInsyncReplicas, replicationFactor);
}

/** The smallest log end offset over `isr` (the textbook HW; see nextHighWatermark for the whole rule). */
export function highWatermarkCandidate(isr: readonly number[], logEndOffsetOf: (broker: number) => number): number {
  let hw = Number.POSITIVE_INFINITY;
  for (const broker of isr) hw = Math.min(hw, logEndOffsetOf(broker));
  return hw;
}

export type HighWatermarkInput = {
  highWatermark: number;
  leader: number;
  /** Every replica of the partition. */
  replicas: readonly number[];
  /** The committed ISR; its size is checked against the effective min ISR. */
  isr: readonly number[];
  /** ISR plus members whose addition is in flight (KIP-497). Defaults to `isr`. */
  maximalIsr?: readonly number[];
  logEndOffsetOf: (broker: number) => number;
  /** A follower outside the ISR that is caught up (isCaughtUp) and may join: the HW waits for it too. */
  isCaughtUpAndEligible?: (broker: number) => boolean;
  effectiveMinIsr: number;
};

/**
 * `Partition.maybeIncrementLeaderHW`: while ISR size < effective min ISR the HW does not move (since
 * 3.7, for every acks setting); otherwise it rises to the smallest LEO among the leader, the maximal
 * ISR and caught-up eligible followers. It never goes down.
 */
export function nextHighWatermark(input: HighWatermarkInput): { highWatermark: number; reason: string } {
  const { highWatermark, leader, isr } = input;
  if (isr.length < input.effectiveMinIsr) {
    return {
      highWatermark,
      reason: `ISR ${list(isr)} is below min ISR ${input.effectiveMinIsr}: the high watermark stays at ${highWatermark}`,
    };
  }
  const maximalIsr = input.maximalIsr ?? isr;
  let candidate = input.logEndOffsetOf(leader);
  let holder = leader;
  for (const replica of input.replicas) {
    if (replica === leader) continue;
    const leo = input.logEndOffsetOf(replica);
    if (leo < candidate && (maximalIsr.includes(replica) || input.isCaughtUpAndEligible?.(replica) === true)) {
      candidate = leo;
      holder = replica;
    }
  }
  if (candidate <= highWatermark) {
    return { highWatermark, reason: `the slowest in-sync replica (broker ${holder}) is at ${candidate}: no advance` };
  }
  return {
    highWatermark: candidate,
    reason: `the slowest in-sync replica (broker ${holder}) has reached ${candidate}`,
  };
}

/** What the leader remembers about a follower's fetches (Replica.ReplicaState). */
export type FollowerFetchState = {
  logEndOffset: number;
  /** The leader's LEO when the previous fetch arrived. */
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
  /** When the follower last had everything the leader had. */
  lastCaughtUpTimeMs: number;
};

/**
 * `Replica.updateFetchStateOrThrow`: a fetch at `fetchOffset` reaching the leader's LEO makes the
 * follower caught up now; reaching the LEO the leader had at the previous fetch makes it caught up
 * as of that previous fetch.
 */
export function updateFollowerFetchState(
  prev: FollowerFetchState,
  fetchOffset: number,
  fetchTimeMs: number,
  leaderLogEndOffset: number,
): FollowerFetchState {
  let lastCaughtUpTimeMs = prev.lastCaughtUpTimeMs;
  if (fetchOffset >= leaderLogEndOffset) lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, fetchTimeMs);
  else if (fetchOffset >= prev.lastFetchLeaderLogEndOffset)
    lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, prev.lastFetchTimeMs);
  return {
    logEndOffset: fetchOffset,
    lastFetchLeaderLogEndOffset: Math.max(leaderLogEndOffset, prev.lastFetchLeaderLogEndOffset),
    lastFetchTimeMs: fetchTimeMs,
    lastCaughtUpTimeMs,
  };
}

/** `ReplicaState.isCaughtUp`: at the leader's LEO, or caught up within replica.lag.time.max.ms. */
export function isCaughtUp(
  follower: Pick<FollowerFetchState, 'logEndOffset' | 'lastCaughtUpTimeMs'>,
  leaderLogEndOffset: number,
  nowMs: number,
  replicaLagTimeMaxMs: number,
): boolean {
  return follower.logEndOffset === leaderLogEndOffset || nowMs - follower.lastCaughtUpTimeMs <= replicaLagTimeMaxMs;
}

/** `Partition.getOutOfSyncReplicas`: the followers in the ISR the leader will ask to remove. */
export function outOfSyncReplicas(
  isr: readonly number[],
  leader: number,
  followerOf: (broker: number) => Pick<FollowerFetchState, 'logEndOffset' | 'lastCaughtUpTimeMs'>,
  leaderLogEndOffset: number,
  nowMs: number,
  replicaLagTimeMaxMs: number,
): number[] {
  return isr.filter((r) => r !== leader && !isCaughtUp(followerOf(r), leaderLogEndOffset, nowMs, replicaLagTimeMaxMs));
}

/**
 * `Partition.isFollowerInSync` + `isReplicaIsrEligible`: a follower may join the ISR once its LEO
 * reaches the HW and the start offset of the leader's epoch, and its broker is unfenced and not
 * shutting down.
 */
export function canJoinIsr(
  followerLogEndOffset: number,
  highWatermark: number,
  leaderEpochStartOffset: number,
  isEligible: boolean,
): boolean {
  return isEligible && followerLogEndOffset >= highWatermark && followerLogEndOffset >= leaderEpochStartOffset;
}
