/**
 * A Kafka consumer group with the classic (eager) rebalance protocol, and its polling consumers.
 *
 * Sources: apache/kafka @1eb76443 — clients/.../consumer/internals/ConsumerCoordinator.java
 * (`onJoinPrepare` commits synchronously with auto-commit on, then revokes every partition under
 * the EAGER protocol; `maybeAutoCommitOffsetsAsync` runs inside poll()), AbstractCoordinator.java
 * (members learn of a rebalance from a heartbeat response, REBALANCE_IN_PROGRESS, and rejoin in
 * their next poll()), group-coordinator/.../classic/ClassicGroup.java (states Empty,
 * PreparingRebalance, CompletingRebalance, Stable; the join completes once every known member
 * has rejoined) and the broker's InitialDelayedJoin (`group.initial.rebalance.delay.ms`: the first
 * rebalance of an empty group waits, extended by each new member up to max.poll.interval.ms).
 *
 * Simplified here: SyncGroup takes no time; consumers do not crash (session timeouts come with
 * crash faults); a leaving consumer finishes its current batch first (a graceful close). The
 * consumer's own poll/process loop is in consumer.ts.
 */
import type { KafkaConsumerGroupConfig } from '../../../scenario/schema';
import type { Sampler } from '../../kernel/distributions';
import type { LatencyHistogram } from '../../kernel/histogram';
import type { RandomStream } from '../../kernel/rng';
import { assignRange, type AssignorMember } from './assignors';
import { poll, type Consumer, type KafkaContext } from './consumer';
import { GroupState, MemberState } from './groupStates';
import { logEndOffset, recordAt, type Topic } from './topic';

/** Event kinds the group schedules (see Simulation.dispatch). */
export const EV_JOIN_DEADLINE = 3;
export const EV_HEARTBEAT = 4;

export class ConsumerGroup {
  state: number = GroupState.Empty;
  generation = 0;
  rebalances = 0;
  consumed = 0;
  /** Sum of end-to-end latencies of consumed records (ms), for the exact mean. */
  latencySumMs = 0;
  members: Consumer[] = [];
  /** Per subscribed topic (same order as `topics`): committed offset per partition, −1 when none. */
  committed: Float64Array[];
  /** Per subscribed topic: the consumer slot owning each partition, −1 when unowned. */
  owners: Int32Array[];
  explanation: string[] = [];
  private joinDeadlineToken = 0;
  private initialDelayPending = false;
  private initialJoinStartedAt = 0;
  private memberCounter = 0;
  processingSampler: Sampler;

  constructor(
    readonly index: number,
    readonly nodeId: string,
    readonly groupId: string,
    public config: KafkaConsumerGroupConfig,
    /** Indices into ctx.topics, sorted by topic name. */
    readonly topics: readonly number[],
    readonly ctx: KafkaContext,
    private readonly stream: RandomStream,
    createProcessingSampler: (config: KafkaConsumerGroupConfig) => Sampler,
    readonly latency: LatencyHistogram,
  ) {
    this.processingSampler = createProcessingSampler(config);
    this.committed = topics.map((t) => new Float64Array((ctx.topics[t] as Topic).partitions).fill(-1));
    this.owners = topics.map((t) => new Int32Array((ctx.topics[t] as Topic).partitions).fill(-1));
  }

  /** Starts or stops consumers until `size` are running (or winding down). */
  setSize(size: number): void {
    const active = this.members.filter((m) => !m.leaveRequested);
    if (size > active.length) {
      for (let i = active.length; i < size; i++) this.join(this.createConsumer());
    } else {
      for (const member of active.slice(size).reverse()) this.requestLeave(member);
    }
    this.ctx.invalidateLayout();
  }

  private createConsumer(): Consumer {
    this.memberCounter++;
    // Every consumer is its own process, so each has clientId "consumer-<group>-1"; the
    // coordinator appends a random UUID (ClassicGroup.generateMemberId). Range sorts by this id.
    const memberId = `consumer-${this.groupId}-1-${uuid(this.stream)}`;
    const consumer: Consumer = {
      slot: this.ctx.consumers.length,
      group: this,
      label: `C${this.memberCounter}`,
      memberId,
      state: MemberState.Joining,
      assignedTopic: [],
      assignedPartition: [],
      assignedRef: [],
      positions: [],
      batchAssigned: [],
      batchFrom: [],
      batchTo: [],
      batchCount: 0,
      batchSegment: 0,
      batchOffset: 0,
      rotate: 0,
      processed: 0,
      mustRejoin: false,
      leaveRequested: false,
      nextAutoCommitAt: this.ctx.now + this.config.autoCommitIntervalMs,
      heartbeatPhase: this.ctx.now,
      autoCommitTimerPending: false,
    };
    this.ctx.consumers.push(consumer);
    return consumer;
  }

  /** A new member sends JoinGroup. */
  private join(consumer: Consumer): void {
    this.members.push(consumer);
    const now = this.ctx.now;
    if (this.state === GroupState.Empty) {
      // InitialDelayedJoin: wait group.initial.rebalance.delay.ms for more members. With a delay
      // of 0 the join still completes in a later event, after every member starting now joined.
      this.state = GroupState.PreparingRebalance;
      this.initialDelayPending = true;
      this.initialJoinStartedAt = now;
      this.scheduleJoinDeadline(now + this.config.initialRebalanceDelayMs);
    } else if (this.initialDelayPending) {
      // Each new member extends the initial delay, up to max.poll.interval.ms (300000).
      const deadline = Math.min(now + this.config.initialRebalanceDelayMs, this.initialJoinStartedAt + 300_000);
      this.scheduleJoinDeadline(deadline);
    } else {
      this.prepareRebalance();
    }
  }

  private scheduleJoinDeadline(time: number): void {
    this.joinDeadlineToken++;
    this.ctx.schedule(time, EV_JOIN_DEADLINE, this.index, this.joinDeadlineToken);
  }

  onJoinDeadline(token: number): void {
    if (token !== this.joinDeadlineToken || !this.initialDelayPending) {
      if (token === this.joinDeadlineToken) this.maybeCompleteJoin();
      return;
    }
    this.initialDelayPending = false;
    this.maybeCompleteJoin();
  }

  /** Moves the group to PreparingRebalance; current members learn at their next heartbeat. */
  private prepareRebalance(): void {
    if (this.state === GroupState.PreparingRebalance) {
      this.maybeCompleteJoin();
      return;
    }
    this.state = GroupState.PreparingRebalance;
    const hb = this.config.heartbeatIntervalMs;
    const now = this.ctx.now;
    for (const member of this.members) {
      if (member.state === MemberState.Joining) continue;
      const elapsed = now - member.heartbeatPhase;
      const next = member.heartbeatPhase + Math.ceil(elapsed / hb) * hb;
      this.ctx.schedule(Math.max(next, now), EV_HEARTBEAT, member.slot, this.generation);
    }
    this.maybeCompleteJoin();
  }

  /** A heartbeat response says REBALANCE_IN_PROGRESS: rejoin in the next poll(). */
  onHeartbeat(consumer: Consumer, generation: number): void {
    if (generation !== this.generation || this.state !== GroupState.PreparingRebalance) return;
    if (consumer.state === MemberState.Joining || consumer.state === MemberState.Stopped) return;
    consumer.mustRejoin = true;
    if (consumer.state === MemberState.Idle) poll(consumer);
  }

  /** ConsumerCoordinator.onJoinPrepare under EAGER: commit (auto-commit on), revoke everything. */
  rejoin(consumer: Consumer): void {
    if (this.config.enableAutoCommit) this.commit(consumer);
    this.revokeAll(consumer);
    consumer.mustRejoin = false;
    consumer.state = MemberState.Joining;
    this.ctx.invalidateLayout();
    this.maybeCompleteJoin();
  }

  private revokeAll(consumer: Consumer): void {
    for (let i = 0; i < consumer.assignedTopic.length; i++) {
      const owners = this.owners[consumer.assignedTopic[i] as number] as Int32Array;
      const p = consumer.assignedPartition[i] as number;
      if (owners[p] === consumer.slot) owners[p] = -1;
    }
    consumer.assignedTopic = [];
    consumer.assignedPartition = [];
    consumer.assignedRef = [];
    consumer.positions = [];
  }

  private maybeCompleteJoin(): void {
    if (this.state !== GroupState.PreparingRebalance || this.initialDelayPending) return;
    if (this.members.length === 0) {
      this.state = GroupState.Empty;
      this.ctx.invalidateLayout();
      return;
    }
    for (const member of this.members) if (member.state !== MemberState.Joining) return;
    this.completeRebalance();
  }

  /** JoinGroup done, the leader runs the assignor, SyncGroup hands out the assignment. */
  private completeRebalance(): void {
    const ctx = this.ctx;
    this.generation++;
    this.rebalances++;
    const topicNames = new Map<string, number>();
    const topicByName = new Map<string, number>();
    this.topics.forEach((t, i) => {
      const topic = ctx.topics[t] as Topic;
      topicNames.set(topic.name, topic.partitions);
      topicByName.set(topic.name, i);
    });
    const names = [...topicNames.keys()];
    const members: AssignorMember[] = this.members.map((m) => ({ memberId: m.memberId, topics: names }));
    const assignment = assignRange(members, topicNames);
    this.explanation = [
      `Generation ${this.generation}: the group leader ran the RangeAssignor over ${members.length} member${members.length === 1 ? '' : 's'}.`,
      ...assignment.explanation,
    ];
    const traced: Record<string, string[]> = {};
    for (const member of this.members) {
      const owned = assignment.byMember.get(member.memberId) ?? [];
      member.assignedTopic = owned.map((tp) => topicByName.get(tp.topic) as number);
      member.assignedPartition = owned.map((tp) => tp.partition);
      member.assignedRef = member.assignedTopic.map((ti) => ctx.topics[this.topics[ti] as number] as Topic);
      member.positions = owned.map((tp, i) => this.startingPosition(member.assignedTopic[i] as number, tp.partition));
      member.assignedTopic.forEach((ti, i) => {
        (this.owners[ti] as Int32Array)[member.assignedPartition[i] as number] = member.slot;
      });
      member.state = MemberState.Idle;
      member.heartbeatPhase = ctx.now;
      member.rotate = 0;
      if (ctx.trace) traced[member.memberId] = owned.map((tp) => `${tp.topic}-${tp.partition}`);
    }
    this.state = GroupState.Stable;
    ctx.invalidateLayout();
    if (ctx.trace) {
      ctx.trace({
        t: ctx.now,
        type: 'kafka.group.rebalanced',
        group: this.groupId,
        generation: this.generation,
        assignment: traced,
      });
    }
    for (const member of [...this.members]) if (member.state === MemberState.Idle) poll(member);
  }

  /** The committed offset, or auto.offset.reset when the group has none. */
  private startingPosition(topicIndex: number, partition: number): number {
    const committed = (this.committed[topicIndex] as Float64Array)[partition] as number;
    if (committed >= 0) return committed;
    const topic = this.ctx.topics[this.topics[topicIndex] as number] as Topic;
    return this.config.autoOffsetReset === 'earliest'
      ? (topic.logStartOffsets[partition] as number)
      : logEndOffset(topic, partition);
  }

  private requestLeave(consumer: Consumer): void {
    consumer.leaveRequested = true;
    if (consumer.state !== MemberState.Processing) this.leave(consumer);
    else consumer.state = MemberState.Leaving;
  }

  /** close(): commit (auto-commit on), LeaveGroup, and the others rebalance. */
  leave(consumer: Consumer): void {
    if (this.config.enableAutoCommit) this.commit(consumer);
    this.revokeAll(consumer);
    consumer.state = MemberState.Stopped;
    this.members = this.members.filter((m) => m !== consumer);
    this.ctx.invalidateLayout();
    if (this.members.length === 0) {
      this.state = GroupState.Empty;
      this.initialDelayPending = false;
      return;
    }
    this.prepareRebalance();
  }

  /** A record landed on a partition this group may own: wake its owner if it waits in poll(). */
  onRecordAppended(topicIndexInGroup: number, partition: number): void {
    const slot = (this.owners[topicIndexInGroup] as Int32Array)[partition] as number;
    if (slot < 0) return;
    const consumer = this.ctx.consumers[slot] as Consumer;
    if (consumer.state === MemberState.Idle) poll(consumer);
  }

  /** Commits the consumer's positions (records already returned by poll). */
  commit(consumer: Consumer): void {
    const ctx = this.ctx;
    for (let i = 0; i < consumer.assignedTopic.length; i++) {
      const ti = consumer.assignedTopic[i] as number;
      const p = consumer.assignedPartition[i] as number;
      const position = consumer.positions[i] as number;
      const committed = this.committed[ti] as Float64Array;
      if (committed[p] === position) continue;
      committed[p] = position;
      if (ctx.trace) {
        const topic = ctx.topics[this.topics[ti] as number] as Topic;
        ctx.trace({
          t: ctx.now,
          type: 'kafka.offsets.committed',
          group: this.groupId,
          member: consumer.memberId,
          topic: topic.name,
          partition: p,
          offset: position,
        });
      }
    }
  }

  hasUncommitted(consumer: Consumer): boolean {
    for (let i = 0; i < consumer.assignedTopic.length; i++) {
      const committed = this.committed[consumer.assignedTopic[i] as number] as Float64Array;
      if (committed[consumer.assignedPartition[i] as number] !== consumer.positions[i]) return true;
    }
    return false;
  }

  /** The owning consumer's position on a partition (the next offset it fetches), −1 when unowned. */
  positionOf(topicIndexInGroup: number, partition: number): number {
    const slot = (this.owners[topicIndexInGroup] as Int32Array)[partition] as number;
    if (slot < 0) return -1;
    const owner = this.ctx.consumers[slot] as Consumer;
    for (let k = 0; k < owner.assignedTopic.length; k++) {
      if (owner.assignedTopic[k] === topicIndexInGroup && owner.assignedPartition[k] === partition) {
        return owner.positions[k] as number;
      }
    }
    return -1;
  }

  /** Lag of one partition: log end offset − committed offset (what kafka-consumer-groups shows). */
  lagOf(topicIndexInGroup: number, partition: number): number {
    const topic = this.ctx.topics[this.topics[topicIndexInGroup] as number] as Topic;
    const end = logEndOffset(topic, partition);
    const committed = (this.committed[topicIndexInGroup] as Float64Array)[partition] as number;
    if (committed >= 0) return end - committed;
    // No commit yet: count what the group will read when it starts.
    return this.config.autoOffsetReset === 'earliest' ? end - (topic.logStartOffsets[partition] as number) : 0;
  }

  /**
   * Lag in time: how long ago the oldest record the group has not committed was produced — the
   * "time lag" that monitoring tools (Burrow, kafka-lag-exporter) derive from offsets, and what a
   * user of the system feels. 0 when the group is caught up.
   */
  lagAgeOf(topicIndexInGroup: number, partition: number): number {
    const topic = this.ctx.topics[this.topics[topicIndexInGroup] as number] as Topic;
    const end = logEndOffset(topic, partition);
    const committed = (this.committed[topicIndexInGroup] as Float64Array)[partition] as number;
    const oldest =
      committed >= 0
        ? committed
        : this.config.autoOffsetReset === 'earliest'
          ? (topic.logStartOffsets[partition] as number)
          : end;
    if (oldest >= end) return 0;
    return this.ctx.now - this.ctx.producedAt(recordAt(topic, partition, oldest));
  }

  /** The largest lag in time over the group's partitions (ms). */
  maxLagAge(): number {
    let age = 0;
    for (let ti = 0; ti < this.topics.length; ti++) {
      const partitions = (this.ctx.topics[this.topics[ti] as number] as Topic).partitions;
      for (let p = 0; p < partitions; p++) age = Math.max(age, this.lagAgeOf(ti, p));
    }
    return age;
  }

  totalLag(): number {
    let lag = 0;
    for (let ti = 0; ti < this.topics.length; ti++) {
      const partitions = (this.ctx.topics[this.topics[ti] as number] as Topic).partitions;
      for (let p = 0; p < partitions; p++) lag += this.lagOf(ti, p);
    }
    return lag;
  }
}

/** A UUID v4 drawn from the group's seeded stream (the coordinator uses java.util.UUID.randomUUID). */
function uuid(stream: RandomStream): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const a = hex(stream.nextUint32());
  const b = hex(stream.nextUint32());
  const c = hex(stream.nextUint32());
  const d = hex(stream.nextUint32());
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${((parseInt(c.slice(0, 1), 16) & 3) | 8).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
