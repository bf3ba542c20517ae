/**
 * A Kafka cluster of broker nodes replicating partitions: replica placement when a topic is
 * created, followers fetching from the leader, the ISR shrinking and growing, the high watermark,
 * broker crashes (fenced by the controller after broker.session.timeout.ms) with leader election,
 * restarts, and slow followers. The rules themselves are in replicaPlacement.ts and
 * leaderElection.ts (the controller's and the leader's code, ported); this module runs them in time.
 *
 * Sources: apache/kafka @1eb76443 —
 * - core/.../server/ReplicaManager.scala: the leader's `isr-expiration` task every
 *   replica.lag.time.max.ms / 2 (`maybeShrinkIsr`); followers fetch continuously
 *   (`replica.fetch.wait.max.ms` 500, `replica.fetch.min.bytes` 1: a fetch returns as soon as the
 *   leader has new records).
 * - core/.../cluster/Partition.scala: `updateFollowerFetchState`, `maybeExpandIsr`,
 *   `maybeIncrementLeaderHW`, `makeLeader` (followers' states reset, caught up as of now).
 * - metadata/.../controller/ReplicationControlManager.java: a broker without heartbeats for
 *   broker.session.timeout.ms (9000) is fenced; fencing and unfencing run the partition-change rules.
 * - server-common KRaftConfigs: broker.session.timeout.ms = 9000.
 *
 * One log per partition stands for every replica's copy: the leader's log, with each follower's
 * log end offset (a follower's log is a prefix of the leader's). When a leader change truncates the
 * log (the new leader had less), every replica past that point is cut back to it too, which is what
 * leader-epoch truncation (KIP-101, KIP-279) achieves.
 *
 * Simplified, said out loud: a follower fetch is one round trip of `networkLatencyMs` and brings
 * the follower to the leader's log end offset as of the fetch; the controller's metadata reaches
 * every broker at once; a restarted broker is unfenced at once (no log recovery or metadata
 * catch-up); ELR (KIP-966) is off, as in Kafka 4.0; a slow broker's replica fetchers stall, its
 * leaders keep serving.
 */
import type { KafkaBrokerConfig } from '../../../scenario/schema';
import type { RandomStream } from '../../kernel/rng';
import {
  canJoinIsr,
  effectiveMinIsr,
  NO_LEADER,
  nextHighWatermark,
  onBrokerFenced,
  onBrokerUnfenced,
  outOfSyncReplicas,
  type ElectionOptions,
  type ElectionResult,
  type PartitionReplicaState,
} from './leaderElection';
import type { PartitionLog } from './partitionLog';
import { placeReplicas } from './replicaPlacement';
import type { Topic } from './topic';

export const EV_REPLICA_FETCH = 12;
export const EV_ISR_EXPIRATION = 13;
export const EV_BROKER_FENCED = 14;
export const EV_BROKER_SLOW_END = 15;

/** KRaftConfigs.BROKER_SESSION_TIMEOUT_MS_DEFAULT: the controller fences a silent broker after this. */
export const BROKER_SESSION_TIMEOUT_MS = 9000;

export type Broker = {
  readonly index: number;
  readonly id: number;
  readonly nodeId: string;
  readonly config: KafkaBrokerConfig;
  /** The process runs. */
  alive: boolean;
  /** The controller has fenced it (no leadership, out of every ISR). */
  fenced: boolean;
  /** Bumped on crash and restart: events of an earlier life are ignored. */
  epoch: number;
  /** Its replica fetchers stall until this time. */
  slowUntil: number;
  crashedAtMs: number;
};

/** One partition's replicas as the cluster runs them. */
export type ReplicatedPartition = {
  readonly topic: Topic;
  readonly partition: number;
  /** Global index (EV_REPLICA_FETCH's target is slot × MAX_REPLICAS + replica position). */
  readonly slot: number;
  state: PartitionReplicaState;
  /** Per replica (same order as state.replicas): log end offset, fetch bookkeeping. */
  readonly leo: Float64Array;
  readonly lastCaughtUpMs: Float64Array;
  readonly fetchPending: Uint8Array;
  /** The offset the current leader's epoch started at (a follower rejoining the ISR must reach it). */
  leaderEpochStartOffset: number;
  /** Why the leader and ISR are what they are, newest last (for the inspector). */
  readonly history: { atMs: number; text: string }[];
};

/** What the cluster needs from the simulation. */
export type ClusterContext = {
  now: number;
  schedule(time: number, kind: number, target: number, arg: number): void;
  /** The high watermark of a partition moved from `from` to `to` (records became readable, acks=all done). */
  onHighWatermark(topic: Topic, partition: number, from: number, to: number): void;
  /** A leader change cut the log back: these records are gone from every replica. */
  onTruncated(topic: Topic, partition: number, msgIds: readonly number[], reason: string): void;
  /** Something visible changed (leaders, ISR, brokers). */
  invalidateLayout(): void;
  /** A partition has a new leader (or none): requests waiting at the old one fail, producers look again. */
  onLeaderChange(topic: Topic, partition: number, leader: number): void;
  /** A broker crashed (its connections break) or came back. */
  onBrokerCrashed(brokerId: number): void;
  onBrokerRestarted(): void;
};

const MAX_REPLICAS = 16;
const HISTORY_LIMIT = 50;

export class Cluster {
  readonly brokers: Broker[];
  readonly partitions: ReplicatedPartition[] = [];
  /** Per topic index: its partitions' replication, or undefined for topics without it. */
  readonly byTopic: (ReplicatedPartition[] | undefined)[] = [];
  /** The lag limit for the ISR: the brokers' replica.lag.time.max.ms (the first broker's). */
  private readonly replicaLagTimeMaxMs: number;

  constructor(
    brokers: { nodeId: string; config: KafkaBrokerConfig }[],
    private readonly ctx: ClusterContext,
  ) {
    this.brokers = brokers.map((b, index) => ({
      index,
      id: b.config.brokerId ?? index + 1,
      nodeId: b.nodeId,
      config: b.config,
      alive: true,
      fenced: false,
      epoch: 0,
      slowUntil: 0,
      crashedAtMs: -1,
    }));
    this.replicaLagTimeMaxMs = this.brokers[0]?.config.replicaLagTimeMaxMs ?? 30_000;
    // ReplicaManager schedules isr-expiration every replica.lag.time.max.ms / 2.
    ctx.schedule(this.replicaLagTimeMaxMs / 2, EV_ISR_EXPIRATION, 0, 0);
  }

  brokerById(id: number): Broker | undefined {
    return this.brokers.find((b) => b.id === id);
  }

  private isAlive = (id: number): boolean => {
    const broker = this.brokerById(id);
    return broker !== undefined && broker.alive && !broker.fenced;
  };

  /** CreateTopics: place the replicas (StripedReplicaPlacer) and start every partition with its first replica leading. */
  addTopic(topic: Topic, stream: RandomStream): void {
    topic.replicated = true;
    const ids = this.brokers.map((b) => b.id).sort((a, b) => a - b);
    const placement = placeReplicas(ids, topic.partitions, topic.config.replicationFactor, stream);
    const list: ReplicatedPartition[] = placement.map((replicas, partition) => {
      const n = replicas.length;
      const rp: ReplicatedPartition = {
        topic,
        partition,
        slot: this.partitions.length,
        state: { replicas, leader: replicas[0] as number, leaderEpoch: 0, isr: [...replicas] },
        leo: new Float64Array(n),
        lastCaughtUpMs: new Float64Array(n),
        fetchPending: new Uint8Array(n),
        leaderEpochStartOffset: 0,
        history: [
          {
            atMs: this.ctx.now,
            text: `Created with replicas [${replicas.join(', ')}] (StripedReplicaPlacer); broker ${replicas[0]}, the first, leads.`,
          },
        ],
      };
      this.partitions.push(rp);
      return rp;
    });
    this.byTopic[topic.index] = list;
  }

  partitionOf(topic: Topic, partition: number): ReplicatedPartition | undefined {
    return this.byTopic[topic.index]?.[partition];
  }

  private electionOptions(rp: ReplicatedPartition): ElectionOptions {
    return { uncleanLeaderElectionEnable: rp.topic.config.uncleanLeaderElectionEnable };
  }

  private minIsr(rp: ReplicatedPartition): number {
    return effectiveMinIsr(rp.topic.config.minInsyncReplicas, rp.state.replicas.length);
  }

  /**
   * Whether the leader accepts a write now: 'LEADER_NOT_AVAILABLE' when the partition is offline or
   * its leader's broker is down, 'NOT_ENOUGH_REPLICAS' when acks=all and the ISR is below the
   * effective min ISR (Partition.appendRecordsToLeader), otherwise null.
   */
  writeError(topic: Topic, partition: number, acksAll: boolean): string | null {
    const rp = this.partitionOf(topic, partition);
    if (!rp) return null;
    const leader = rp.state.leader;
    if (leader === NO_LEADER || !this.brokerById(leader)?.alive) return 'LEADER_NOT_AVAILABLE';
    if (acksAll && rp.state.isr.length < this.minIsr(rp)) return 'NOT_ENOUGH_REPLICAS';
    return null;
  }

  /** Whether consumers can fetch from the partition now (its leader is up). */
  isReadable(topic: Topic, partition: number): boolean {
    const rp = this.partitionOf(topic, partition);
    if (!rp) return true;
    return rp.state.leader !== NO_LEADER && this.brokerById(rp.state.leader)?.alive === true;
  }

  /** The leader appended records: its log end offset moved, followers fetch. */
  onAppend(topic: Topic, partition: number): void {
    const rp = this.partitionOf(topic, partition);
    if (!rp) return;
    const log = topic.logs[partition] as PartitionLog;
    const k = rp.state.replicas.indexOf(rp.state.leader);
    if (k >= 0) rp.leo[k] = log.logEndOffset;
    if (rp.state.replicas.length === 1 || rp.state.isr.length === 1) this.advanceHighWatermark(rp);
    for (let r = 0; r < rp.state.replicas.length; r++) if (r !== k) this.scheduleFetch(rp, r);
  }

  private scheduleFetch(rp: ReplicatedPartition, r: number): void {
    if (rp.fetchPending[r]) return;
    const id = rp.state.replicas[r] as number;
    const broker = this.brokerById(id);
    if (!broker || !broker.alive || broker.fenced || rp.state.leader === NO_LEADER || id === rp.state.leader) return;
    const leader = this.brokerById(rp.state.leader);
    if (!leader?.alive) return;
    const log = rp.topic.logs[rp.partition] as PartitionLog;
    if ((rp.leo[r] as number) >= log.logEndOffset) return;
    rp.fetchPending[r] = 1;
    // A round trip: the request reaches the leader, the response carries what it has then.
    const start = Math.max(this.ctx.now, broker.slowUntil);
    this.ctx.schedule(
      start + 2 * broker.config.networkLatencyMs,
      EV_REPLICA_FETCH,
      rp.slot * MAX_REPLICAS + r,
      broker.epoch,
    );
  }

  /** A follower's fetch response: it now has the leader's log up to the leader's end offset. */
  onReplicaFetch(target: number, epoch: number): void {
    const rp = this.partitions[Math.floor(target / MAX_REPLICAS)] as ReplicatedPartition;
    const r = target % MAX_REPLICAS;
    rp.fetchPending[r] = 0;
    const broker = this.brokerById(rp.state.replicas[r] as number) as Broker;
    if (epoch !== broker.epoch || !broker.alive || broker.fenced) return;
    if (this.ctx.now < broker.slowUntil) {
      this.scheduleFetch(rp, r);
      return;
    }
    const leader = this.brokerById(rp.state.leader);
    if (!leader?.alive) return;
    const log = rp.topic.logs[rp.partition] as PartitionLog;
    const leaderLeo = log.logEndOffset;
    // Replica.updateFetchStateOrThrow: the response brings it to the leader's end offset, so it is
    // caught up as of now (a follower falls behind here only by not fetching: down or stalled).
    const now = this.ctx.now;
    rp.lastCaughtUpMs[r] = now;
    rp.leo[r] = leaderLeo;
    this.maybeExpandIsr(rp, r);
    this.advanceHighWatermark(rp);
    if (leaderLeo < log.logEndOffset) this.scheduleFetch(rp, r);
  }

  /** Partition.maybeExpandIsr: a follower outside the ISR that reached the HW (and the epoch start) rejoins. */
  private maybeExpandIsr(rp: ReplicatedPartition, r: number): void {
    const id = rp.state.replicas[r] as number;
    if (rp.state.isr.includes(id)) return;
    const hw = rp.topic.highWatermarks[rp.partition] as number;
    if (!canJoinIsr(rp.leo[r] as number, hw, rp.leaderEpochStartOffset, this.isAlive(id))) return;
    rp.state = { ...rp.state, isr: [...rp.state.isr, id].sort((a, b) => a - b) };
    this.note(
      rp,
      `Broker ${id} caught up (its log reached the high watermark ${hw}) and rejoined the ISR [${rp.state.isr.join(', ')}].`,
    );
  }

  /** Partition.maybeIncrementLeaderHW. */
  private advanceHighWatermark(rp: ReplicatedPartition): void {
    const leader = rp.state.leader;
    if (leader === NO_LEADER) return;
    const hws = rp.topic.highWatermarks;
    const before = hws[rp.partition] as number;
    const next = nextHighWatermark({
      highWatermark: before,
      leader,
      replicas: rp.state.replicas,
      isr: rp.state.isr,
      logEndOffsetOf: (id) => rp.leo[rp.state.replicas.indexOf(id)] as number,
      effectiveMinIsr: this.minIsr(rp),
    });
    if (next.highWatermark > before) {
      hws[rp.partition] = next.highWatermark;
      this.ctx.onHighWatermark(rp.topic, rp.partition, before, next.highWatermark);
    }
  }

  /** The leader's isr-expiration task: followers not caught up for replica.lag.time.max.ms leave the ISR. */
  onIsrExpiration(): void {
    const now = this.ctx.now;
    for (const rp of this.partitions) {
      const leader = rp.state.leader;
      if (leader === NO_LEADER || !this.brokerById(leader)?.alive) continue;
      const log = rp.topic.logs[rp.partition] as PartitionLog;
      const index = (id: number) => rp.state.replicas.indexOf(id);
      const out = outOfSyncReplicas(
        rp.state.isr,
        leader,
        (id) => ({
          logEndOffset: rp.leo[index(id)] as number,
          lastCaughtUpTimeMs: rp.lastCaughtUpMs[index(id)] as number,
        }),
        log.logEndOffset,
        now,
        this.replicaLagTimeMaxMs,
      );
      if (out.length === 0) continue;
      rp.state = { ...rp.state, isr: rp.state.isr.filter((id) => !out.includes(id)) };
      this.note(
        rp,
        `Broker${out.length > 1 ? 's' : ''} ${out.join(', ')} had not caught up for replica.lag.time.max.ms (${this.replicaLagTimeMaxMs} ms): the ISR shrinks to [${rp.state.isr.join(', ')}].`,
      );
      this.advanceHighWatermark(rp);
    }
    this.ctx.schedule(now + this.replicaLagTimeMaxMs / 2, EV_ISR_EXPIRATION, 0, 0);
  }

  // ——— Faults ———

  /** Consumers can fetch while the leader's broker runs. */
  private refreshReadable(rp: ReplicatedPartition): void {
    const leader = rp.state.leader;
    rp.topic.readable[rp.partition] = leader !== NO_LEADER && this.brokerById(leader)?.alive === true ? 1 : 0;
  }

  crash(broker: Broker): boolean {
    if (!broker.alive) return false;
    broker.alive = false;
    broker.epoch++;
    broker.crashedAtMs = this.ctx.now;
    for (const rp of this.partitions) {
      if (rp.state.leader !== broker.id) continue;
      this.refreshReadable(rp);
      this.note(
        rp,
        `Broker ${broker.id}, the leader, crashed: no one can write or read until the controller elects a new leader.`,
      );
    }
    this.ctx.onBrokerCrashed(broker.id);
    // The controller stops hearing its heartbeats and fences it after broker.session.timeout.ms.
    this.ctx.schedule(this.ctx.now + BROKER_SESSION_TIMEOUT_MS, EV_BROKER_FENCED, broker.index, broker.epoch);
    this.ctx.invalidateLayout();
    return true;
  }

  /** ReplicationControlManager.handleBrokerFenced: out of every ISR; partitions it led elect again. */
  onBrokerFenced(index: number, epoch: number): void {
    const broker = this.brokers[index] as Broker;
    if (broker.epoch !== epoch || broker.alive) return;
    broker.fenced = true;
    for (const rp of this.partitions) {
      if (!rp.state.replicas.includes(broker.id)) continue;
      const result = onBrokerFenced(rp.state, broker.id, this.isAlive, this.electionOptions(rp));
      this.applyElection(rp, result);
    }
    this.ctx.invalidateLayout();
  }

  restart(broker: Broker): boolean {
    if (broker.alive) return false;
    broker.alive = true;
    broker.fenced = false;
    broker.epoch++;
    broker.slowUntil = 0;
    for (const rp of this.partitions) {
      const r = rp.state.replicas.indexOf(broker.id);
      if (r < 0) continue;
      rp.fetchPending[r] = 0;
      // handleBrokerUnfenced: a leaderless partition may elect this broker.
      if (rp.state.leader === NO_LEADER)
        this.applyElection(rp, onBrokerUnfenced(rp.state, broker.id, this.isAlive, this.electionOptions(rp)));
      this.scheduleFetch(rp, r);
    }
    this.ctx.onBrokerRestarted();
    this.ctx.invalidateLayout();
    return true;
  }

  slow(broker: Broker, durationMs: number): boolean {
    if (!broker.alive) return false;
    broker.slowUntil = Math.max(broker.slowUntil, this.ctx.now + durationMs);
    this.ctx.schedule(broker.slowUntil, EV_BROKER_SLOW_END, broker.index, broker.epoch);
    this.ctx.invalidateLayout();
    return true;
  }

  onSlowEnd(index: number, epoch: number): void {
    const broker = this.brokers[index] as Broker;
    if (broker.epoch !== epoch || this.ctx.now < broker.slowUntil) return;
    for (const rp of this.partitions) {
      const r = rp.state.replicas.indexOf(broker.id);
      if (r >= 0) this.scheduleFetch(rp, r);
    }
    this.ctx.invalidateLayout();
  }

  /** Applies a partition change from the controller; a new leader may cut the log back to what it has. */
  private applyElection(rp: ReplicatedPartition, result: ElectionResult): void {
    if (!result.changed) return;
    const previousLeader = rp.state.leader;
    rp.state = { ...rp.state, leader: result.leader, leaderEpoch: result.leaderEpoch, isr: result.isr };
    this.note(rp, result.reason);
    this.refreshReadable(rp);
    if (result.leader !== previousLeader) this.ctx.onLeaderChange(rp.topic, rp.partition, result.leader);
    if (result.leader === NO_LEADER) return;
    if (result.leader === previousLeader) {
      // Only the ISR changed: without the lost follower the high watermark may move on.
      this.advanceHighWatermark(rp);
      return;
    }
    // Partition.makeLeader: the new leader's log is the partition's log from now on.
    const log = rp.topic.logs[rp.partition] as PartitionLog;
    const r = rp.state.replicas.indexOf(result.leader);
    const newLeo = rp.leo[r] as number;
    if (newLeo < log.logEndOffset) {
      const removed = log.truncateTo(newLeo);
      this.note(
        rp,
        `Broker ${result.leader} had the log up to offset ${newLeo}; offsets ${newLeo}–${newLeo + removed.length - 1} that only the old leader had are truncated${result.unclean ? ' (unclean election: acknowledged records may be among them)' : ''}.`,
      );
      for (let k = 0; k < rp.state.replicas.length; k++) rp.leo[k] = Math.min(rp.leo[k] as number, newLeo);
      const hws = rp.topic.highWatermarks;
      if ((hws[rp.partition] as number) > newLeo) hws[rp.partition] = newLeo;
      this.ctx.onTruncated(
        rp.topic,
        rp.partition,
        removed,
        result.unclean ? 'unclean leader election' : 'leader change',
      );
    }
    rp.leaderEpochStartOffset = log.logEndOffset;
    // Followers' states restart as caught up now (Partition.makeLeader).
    for (let k = 0; k < rp.state.replicas.length; k++) {
      rp.lastCaughtUpMs[k] = this.ctx.now;
      rp.fetchPending[k] = 0;
      this.scheduleFetch(rp, k);
    }
    this.advanceHighWatermark(rp);
    // Consumers waiting for this partition fetch from the new leader.
    const hw = rp.topic.highWatermarks[rp.partition] as number;
    this.ctx.onHighWatermark(rp.topic, rp.partition, hw, hw);
  }

  private note(rp: ReplicatedPartition, text: string): void {
    if (rp.history.length === HISTORY_LIMIT) rp.history.shift();
    rp.history.push({ atMs: this.ctx.now, text });
    this.ctx.invalidateLayout();
  }
}
