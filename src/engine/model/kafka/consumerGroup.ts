/**
 * A Kafka consumer group under the classic protocol: membership, rebalances (eager or
 * cooperative), failure detection and offset commits. The group owns its delivery bookkeeping
 * (groupLedger.ts) and its offset resets (offsetResets.ts); its lag is read in groupLag.ts.
 *
 * Sources: apache/kafka @1eb76443 —
 * - clients/.../consumer/internals/ConsumerCoordinator.java: `onJoinPrepare` commits (auto-commit
 *   on), then revokes every partition under EAGER and none under COOPERATIVE; `onJoinComplete`
 *   under COOPERATIVE revokes owned − assigned *without committing them* and rejoins at once when
 *   it revoked anything (KIP-429); the rebalance protocol is EAGER unless every configured
 *   assignor supports COOPERATIVE (only CooperativeStickyAssignor does).
 * - internals/AbstractCoordinator.java: members learn of a rebalance from a heartbeat response
 *   (REBALANCE_IN_PROGRESS) and rejoin in their next poll(); a poll() that does not wait for the
 *   join lets a cooperative member keep fetching meanwhile; the heartbeat thread leaves the group
 *   when max.poll.interval.ms passes between polls ("consumer poll timeout has expired"), and the
 *   member then rejoins with a fresh member id.
 * - group-coordinator/.../classic/ClassicGroup.java and GroupMetadataManager.java: states Empty,
 *   PreparingRebalance, CompletingRebalance, Stable; the join completes when every member has
 *   rejoined, or when the rebalance timeout (the members' max.poll.interval.ms) expires and the
 *   missing members are removed; a member without heartbeats for session.timeout.ms is removed;
 *   InitialDelayedJoin (`group.initial.rebalance.delay.ms`, extended by each new member up to
 *   max.poll.interval.ms).
 *
 * Simplified here: JoinGroup/SyncGroup/commit requests take no time; heartbeats are not events
 * (their times are computed: every heartbeat.interval.ms from the last assignment); a crashed
 * consumer's last heartbeat is its last scheduled one; no static membership (group.instance.id);
 * one assignor per group (the whole group switches at once).
 */
import type { KafkaConsumerGroupConfig, ResetOffsetsTarget } from '../../../scenario/schema';
import type { Sampler } from '../../kernel/distributions';
import type { LatencyHistogram } from '../../kernel/histogram';
import type { RandomStream } from '../../kernel/rng';
import {
  assignRange,
  assignRoundRobin,
  formatTopicPartitions,
  type Assignment,
  type AssignorMember,
  type TopicPartition,
} from './assignors';
import { EV_POLL_TIMEOUT, poll, type Consumer, type KafkaContext } from './consumer';
import { assignCooperativeSticky } from './cooperativeStickyAssignor';
import { formatSeconds } from './formatSeconds';
import * as lag from './groupLag';
import { GroupLedger, type RangeNote } from './groupLedger';
import { GroupState, MemberState } from './groupStates';
import { OffsetResets } from './offsetResets';
import { assignSticky, type StickyMember } from './stickyAssignor';
import { highWatermark, logStartOffset, type Topic } from './topic';

/** Event kinds the group schedules (see Simulation.dispatch). */
export const EV_JOIN_DEADLINE = 3;
export const EV_HEARTBEAT = 4;
export const EV_SESSION_EXPIRED = 7;
export const EV_CONSUMER_RESTART = 9;

/** A line of the group's history, for the group inspector. */
export type GroupEvent = {
  atMs: number;
  kind: 'rebalance' | 'crash' | 'removed' | 'joined' | 'reset' | 'refused';
  text: string;
  generation?: number;
  /** For rebalances: what each member got, kept, and gave up. */
  members?: { label: string; partitions: string[]; added: string[]; revoked: string[] }[];
};

const HISTORY_LIMIT = 200;

export class ConsumerGroup {
  state: number = GroupState.Empty;
  generation = 0;
  rebalances = 0;
  consumed = 0;
  /** Sum of end-to-end latencies of consumed records (ms), for the exact mean. */
  latencySumMs = 0;
  /** The coordinator's members, in the order they first joined. */
  members: Consumer[] = [];
  /** The consumer processes this node runs (running, crashed but not yet expired, or kicked out). */
  processes: Consumer[] = [];
  /** Per subscribed topic (same order as `topics`): committed offset per partition, −1 when none. */
  committed: Float64Array[];
  /** Per subscribed topic: the consumer slot owning each partition, −1 when unowned. */
  owners: Int32Array[];
  explanation: string[] = [];
  readonly history: GroupEvent[] = [];
  /** Delivery bookkeeping: duplicates, replays, losses and skips, each explained by a RangeNote. */
  readonly ledger: GroupLedger;
  /** kafka-consumer-groups --reset-offsets, and the resets waiting for the group to empty. */
  private readonly resets: OffsetResets;

  private joinDeadlineToken = 0;
  private initialDelayPending = false;
  private initialJoinStartedAt = 0;
  private rebalanceReason = '';
  private rebalanceStartedAt = 0;
  private processCounter = 0;
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
    const perPartition = <A extends Float64Array | Int32Array>(make: (n: number) => A) =>
      topics.map((t) => make((ctx.topics[t] as Topic).partitions));
    this.committed = perPartition((n) => new Float64Array(n).fill(-1));
    this.owners = perPartition((n) => new Int32Array(n).fill(-1));
    this.ledger = new GroupLedger(this);
    this.resets = new OffsetResets(this);
  }

  /** The rebalance protocol the members' assignor list allows (ConsumerCoordinator's constructor). */
  get cooperative(): boolean {
    return this.config.assignor === 'cooperative-sticky';
  }

  topicOf(topicIndexInGroup: number): Topic {
    return this.ctx.topics[this.topics[topicIndexInGroup] as number] as Topic;
  }

  /** Processes that are running or will rejoin (not crashed, not on their way out). */
  liveProcesses(): Consumer[] {
    return this.processes.filter(
      (c) => !c.leaveRequested && c.state !== MemberState.Crashed && c.state !== MemberState.Stopped,
    );
  }

  /** Starts or stops consumers until `size` are running (or winding down). */
  setSize(size: number): void {
    const live = this.liveProcesses();
    if (size > live.length) {
      for (let i = live.length; i < size; i++) this.startProcess();
    } else {
      for (const consumer of live.slice(size).reverse()) this.requestLeave(consumer);
    }
    this.ctx.invalidateLayout();
  }

  /** A new consumer process starts and sends JoinGroup. */
  startProcess(): Consumer {
    this.processCounter++;
    const consumer: Consumer = {
      slot: this.ctx.consumers.length,
      group: this,
      label: `C${this.processCounter}`,
      memberId: this.newMemberId(),
      state: MemberState.Joining,
      inGroup: false,
      joined: false,
      assignedTopic: [],
      assignedPartition: [],
      assignedRef: [],
      positions: [],
      ownedGeneration: -1,
      previousTopic: [],
      previousPartition: [],
      pendingAssignment: null,
      batchMsg: new Int32Array(16),
      batchOffset: new Float64Array(16),
      batchTopic: new Int32Array(16),
      batchPartition: new Int32Array(16),
      batchLength: 0,
      batchPos: 0,
      rotate: 0,
      processed: 0,
      mustRejoin: false,
      inPoll: false,
      leaveRequested: false,
      nextAutoCommitAt: this.ctx.now + this.config.autoCommitIntervalMs,
      heartbeatPhase: this.ctx.now,
      autoCommitTimerPending: false,
      lastPollMs: this.ctx.now,
      pollTimerPending: false,
      epoch: 0,
      crashedAtMs: -1,
      kickedAtMs: -1,
    };
    this.ctx.consumers.push(consumer);
    this.processes.push(consumer);
    this.ctx.trace?.({ t: this.ctx.now, type: 'kafka.consumer.started', group: this.groupId, label: consumer.label });
    this.join(consumer, `${consumer.label} started`);
    return consumer;
  }

  /**
   * Every consumer is its own process, so each has clientId "consumer-<group>-1"; the coordinator
   * appends a random UUID (ClassicGroup.generateMemberId). Range and RoundRobin sort by this id.
   */
  private newMemberId(): string {
    return `consumer-${this.groupId}-1-${uuid(this.stream)}`;
  }

  /** JoinGroup from a member the coordinator does not know yet. */
  private join(consumer: Consumer, reason: string): void {
    consumer.inGroup = true;
    consumer.joined = true;
    consumer.state = MemberState.Joining;
    this.members.push(consumer);
    const now = this.ctx.now;
    if (this.state === GroupState.Empty) {
      // InitialDelayedJoin: wait group.initial.rebalance.delay.ms for more members. With a delay
      // of 0 the join still completes in a later event, after every member starting now joined.
      this.state = GroupState.PreparingRebalance;
      this.initialDelayPending = true;
      this.initialJoinStartedAt = now;
      this.rebalanceReason = reason;
      this.rebalanceStartedAt = now;
      this.scheduleJoinDeadline(now + this.config.initialRebalanceDelayMs);
    } else if (this.initialDelayPending) {
      // Each new member extends the initial delay, up to max.poll.interval.ms.
      const deadline = Math.min(
        now + this.config.initialRebalanceDelayMs,
        this.initialJoinStartedAt + this.config.maxPollIntervalMs,
      );
      this.scheduleJoinDeadline(deadline);
    } else {
      this.prepareRebalance(reason);
    }
    this.ctx.invalidateLayout();
  }

  private scheduleJoinDeadline(time: number): void {
    this.joinDeadlineToken++;
    this.ctx.schedule(time, EV_JOIN_DEADLINE, this.index, this.joinDeadlineToken);
  }

  /** The initial delay ended, or the rebalance timeout expired. */
  onJoinDeadline(token: number): void {
    if (token !== this.joinDeadlineToken || this.state !== GroupState.PreparingRebalance) return;
    if (this.initialDelayPending) {
      this.initialDelayPending = false;
      this.maybeCompleteJoin();
      return;
    }
    // Rebalance timeout: members that did not rejoin in time are removed.
    for (const member of [...this.members]) {
      if (!member.joined) this.removeMember(member, 'rebalance-timeout', false);
    }
    this.maybeCompleteJoin();
  }

  /** Moves the group to PreparingRebalance; members that have not rejoined learn at their next heartbeat. */
  private prepareRebalance(reason: string): void {
    if (this.state === GroupState.PreparingRebalance) {
      this.maybeCompleteJoin();
      return;
    }
    const ctx = this.ctx;
    this.state = GroupState.PreparingRebalance;
    this.rebalanceReason = reason;
    this.rebalanceStartedAt = ctx.now;
    ctx.trace?.({
      t: ctx.now,
      type: 'kafka.group.rebalance-started',
      group: this.groupId,
      generation: this.generation,
      reason,
    });
    const hb = this.config.heartbeatIntervalMs;
    for (const member of this.members) {
      if (member.joined || member.state === MemberState.Crashed) continue;
      const elapsed = ctx.now - member.heartbeatPhase;
      const next = member.heartbeatPhase + Math.ceil(elapsed / hb) * hb;
      ctx.schedule(Math.max(next, ctx.now), EV_HEARTBEAT, member.slot, this.generation);
    }
    // The rebalance timeout is the members' max.poll.interval.ms.
    this.scheduleJoinDeadline(ctx.now + this.config.maxPollIntervalMs);
    ctx.invalidateLayout();
    this.maybeCompleteJoin();
  }

  /** A heartbeat response says REBALANCE_IN_PROGRESS: rejoin in the next poll(). */
  onHeartbeat(consumer: Consumer, generation: number): void {
    if (generation !== this.generation || this.state !== GroupState.PreparingRebalance) return;
    if (!consumer.inGroup || consumer.joined || consumer.state === MemberState.Crashed) return;
    consumer.mustRejoin = true;
    if (consumer.state === MemberState.Idle) poll(consumer);
  }

  /**
   * ConsumerCoordinator.onJoinPrepare, then JoinGroup: commit (auto-commit on); under EAGER revoke
   * everything and wait; under COOPERATIVE keep the partitions and keep consuming.
   */
  rejoin(consumer: Consumer): void {
    consumer.mustRejoin = false;
    if (this.config.enableAutoCommit) this.commit(consumer);
    if (!this.cooperative) {
      // Eager sticky sends what it owned as userData, so the leader can keep it in place.
      consumer.previousTopic = consumer.assignedTopic;
      consumer.previousPartition = consumer.assignedPartition;
      if (consumer.assignedTopic.length > 0)
        this.traceRevoked(consumer, consumer.assignedTopic, consumer.assignedPartition);
      this.releaseAll(consumer);
      consumer.state = MemberState.Joining;
    }
    consumer.joined = true;
    this.ctx.invalidateLayout();
    if (this.state !== GroupState.PreparingRebalance)
      this.prepareRebalance(`${consumer.label} rejoined to give up partitions`);
    else this.maybeCompleteJoin();
  }

  /** Clears a member's ownership (the partitions are free for the next assignment). */
  private releaseAll(consumer: Consumer): void {
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
      this.becomeEmpty();
      return;
    }
    for (const member of this.members) if (!member.joined) return;
    this.completeRebalance();
  }

  private becomeEmpty(): void {
    this.state = GroupState.Empty;
    this.initialDelayPending = false;
    this.joinDeadlineToken++;
    this.ctx.invalidateLayout();
    this.resets.onGroupEmpty();
  }

  /** The leader runs the assignor over the members' subscriptions. */
  private runAssignor(names: string[], partitionsPerTopic: Map<string, number>): Assignment {
    const assignor = this.config.assignor;
    if (assignor === 'range' || assignor === 'roundrobin') {
      const members: AssignorMember[] = this.members.map((m) => ({ memberId: m.memberId, topics: names }));
      return assignor === 'range'
        ? assignRange(members, partitionsPerTopic)
        : assignRoundRobin(members, partitionsPerTopic);
    }
    const toTps = (topics: number[], partitions: number[]): TopicPartition[] =>
      topics.map((ti, i) => ({ topic: this.topicOf(ti).name, partition: partitions[i] as number }));
    const members: StickyMember[] = this.members.map((m) => {
      // Cooperative members report what they own now; eager sticky ones what they owned before revoking.
      const owned =
        assignor === 'cooperative-sticky'
          ? toTps(m.assignedTopic, m.assignedPartition)
          : toTps(m.previousTopic, m.previousPartition);
      return m.ownedGeneration >= 0
        ? { memberId: m.memberId, topics: names, ownedPartitions: owned, generation: m.ownedGeneration }
        : { memberId: m.memberId, topics: names };
    });
    return assignor === 'sticky'
      ? assignSticky(members, partitionsPerTopic)
      : assignCooperativeSticky(members, partitionsPerTopic);
  }

  /** JoinGroup done, the leader runs the assignor, SyncGroup hands out the assignment. */
  private completeRebalance(): void {
    const ctx = this.ctx;
    this.generation++;
    this.rebalances++;
    const partitionsPerTopic = new Map<string, number>();
    const topicByName = new Map<string, number>();
    this.topics.forEach((_, i) => {
      const topic = this.topicOf(i);
      partitionsPerTopic.set(topic.name, topic.partitions);
      topicByName.set(topic.name, i);
    });
    const names = [...partitionsPerTopic.keys()];
    const assignment = this.runAssignor(names, partitionsPerTopic);
    const assignorName = ASSIGNOR_NAMES[this.config.assignor];
    const protocol = this.cooperative ? 'cooperative' : 'eager';
    this.explanation = [
      `Generation ${this.generation} (${this.rebalanceReason}): the group leader ran the ${assignorName} over ${this.members.length} member${this.members.length === 1 ? '' : 's'}, ${protocol} protocol.`,
      ...assignment.explanation,
    ];
    if (this.cooperative) {
      this.explanation.push(
        'Cooperative: members keep consuming what they keep; a partition that changes hands is first revoked by its owner, then assigned in a follow-up rebalance.',
      );
    } else {
      this.explanation.push(
        'Eager: every member gave up all its partitions before this assignment, so the whole group paused.',
      );
    }
    const traced: Record<string, string[]> = {};
    const historyMembers: NonNullable<GroupEvent['members']> = [];
    for (const member of this.members) {
      const tps = assignment.byMember.get(member.memberId) ?? [];
      const topic = tps.map((tp) => topicByName.get(tp.topic) as number);
      const partition = tps.map((tp) => tp.partition);
      member.pendingAssignment = { topic, partition, generation: this.generation };
      member.joined = false;
      const ownedNow = new Set(
        member.assignedTopic.map((ti, i) => `${this.topicOf(ti).name}-${member.assignedPartition[i]}`),
      );
      const assignedNow = tps.map((tp) => `${tp.topic}-${tp.partition}`);
      historyMembers.push({
        label: member.label,
        partitions: assignedNow,
        added: assignedNow.filter((tp) => !ownedNow.has(tp)),
        revoked: [...ownedNow].filter((tp) => !assignedNow.includes(tp)),
      });
      if (ctx.trace) traced[member.memberId] = assignedNow;
    }
    this.pushHistory({
      atMs: ctx.now,
      kind: 'rebalance',
      generation: this.generation,
      text: `Generation ${this.generation}: ${this.rebalanceReason}; ${assignorName}, ${protocol}, took ${formatSeconds(ctx.now - this.rebalanceStartedAt)}.`,
      members: historyMembers,
    });
    this.state = GroupState.Stable;
    this.joinDeadlineToken++;
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
    // Members waiting in poll() take their assignment now; busy ones at their next poll().
    for (const member of [...this.members]) {
      if (!member.inPoll && (member.state === MemberState.Joining || member.state === MemberState.Idle)) poll(member);
    }
  }

  /** ConsumerCoordinator.onJoinComplete: take the assignment SyncGroup returned. */
  applyAssignment(consumer: Consumer): void {
    const next = consumer.pendingAssignment;
    if (!next) return;
    consumer.pendingAssignment = null;
    const ctx = this.ctx;
    const keep = new Map<string, number>();
    consumer.assignedTopic.forEach((ti, i) => keep.set(`${ti}:${consumer.assignedPartition[i]}`, i));
    const wanted = new Set(next.topic.map((ti, i) => `${ti}:${next.partition[i]}`));
    // COOPERATIVE: revoke owned − assigned, without a commit (only a user's onPartitionsRevoked
    // listener would commit them), then rejoin at once so they can be handed over.
    const revokedTopic: number[] = [];
    const revokedPartition: number[] = [];
    consumer.assignedTopic.forEach((ti, i) => {
      const p = consumer.assignedPartition[i] as number;
      if (wanted.has(`${ti}:${p}`)) return;
      revokedTopic.push(ti);
      revokedPartition.push(p);
      this.ledger.noteHandover(
        consumer,
        ti,
        p,
        consumer.positions[i] as number,
        'revoked it (cooperative) without committing',
      );
      const owners = this.owners[ti] as Int32Array;
      if (owners[p] === consumer.slot) owners[p] = -1;
    });
    const positions = next.topic.map((ti, i) => {
      const p = next.partition[i] as number;
      const kept = keep.get(`${ti}:${p}`);
      if (kept !== undefined) return consumer.positions[kept] as number;
      return this.startingPosition(ti, p, consumer);
    });
    consumer.assignedTopic = next.topic;
    consumer.assignedPartition = next.partition;
    consumer.assignedRef = next.topic.map((ti) => this.topicOf(ti));
    consumer.positions = positions;
    next.topic.forEach((ti, i) => {
      (this.owners[ti] as Int32Array)[next.partition[i] as number] = consumer.slot;
    });
    consumer.ownedGeneration = next.generation;
    consumer.heartbeatPhase = ctx.now;
    consumer.rotate = 0;
    consumer.nextAutoCommitAt = ctx.now + this.config.autoCommitIntervalMs;
    if (consumer.state === MemberState.Joining) consumer.state = MemberState.Idle;
    if (revokedTopic.length > 0) {
      this.traceRevoked(consumer, revokedTopic, revokedPartition);
      consumer.mustRejoin = true;
    }
    ctx.invalidateLayout();
  }

  private traceRevoked(consumer: Consumer, topics: number[], partitions: number[]): void {
    this.ctx.trace?.({
      t: this.ctx.now,
      type: 'kafka.partitions.revoked',
      group: this.groupId,
      member: consumer.memberId,
      partitions: topics.map((ti, i) => `${this.topicOf(ti).name}-${partitions[i]}`),
    });
  }

  /** Where a newly assigned partition starts: the committed offset, or auto.offset.reset. */
  private startingPosition(ti: number, p: number, consumer: Consumer): number {
    const committed = (this.committed[ti] as Float64Array)[p] as number;
    const topic = this.topicOf(ti);
    const position =
      committed >= 0
        ? committed
        : this.config.autoOffsetReset === 'earliest'
          ? logStartOffset(topic, p)
          : highWatermark(topic, p);
    const reason =
      committed >= 0
        ? this.ledger.commitCause(ti, p, position)
        : `no offset was committed, so ${consumer.label} started at the log end (auto.offset.reset=latest), past them`;
    this.ledger.settle(ti, p, position, 'lost', reason);
    return position;
  }

  /** close() on one consumer (the newest running one when no label is given); returns its label. */
  stop(label: string | undefined): string | null {
    const live = this.liveProcesses();
    const consumer = label ? live.find((c) => c.label === label) : live.at(-1);
    if (!consumer) return null;
    this.requestLeave(consumer);
    this.ctx.invalidateLayout();
    return consumer.label;
  }

  private requestLeave(consumer: Consumer): void {
    consumer.leaveRequested = true;
    if (consumer.state === MemberState.Processing || consumer.state === MemberState.KickedOut) {
      if (consumer.state === MemberState.Processing) consumer.state = MemberState.Leaving;
      return;
    }
    this.leave(consumer);
  }

  /** close(): commit (auto-commit on), LeaveGroup, and the others rebalance. */
  leave(consumer: Consumer): void {
    if (consumer.inGroup && this.config.enableAutoCommit) this.commit(consumer);
    consumer.state = MemberState.Stopped;
    consumer.epoch++;
    this.processes = this.processes.filter((c) => c !== consumer);
    if (consumer.inGroup) this.removeMember(consumer, 'left', true);
    this.ctx.invalidateLayout();
  }

  /**
   * The coordinator forgets a member: it left, its session expired, it missed the rebalance
   * timeout, or its heartbeat thread gave up after max.poll.interval.ms.
   */
  private removeMember(
    consumer: Consumer,
    reason: 'left' | 'session-timeout' | 'poll-timeout' | 'rebalance-timeout',
    graceful: boolean,
  ): void {
    const ctx = this.ctx;
    this.members = this.members.filter((m) => m !== consumer);
    consumer.inGroup = false;
    consumer.joined = false;
    consumer.mustRejoin = false;
    consumer.pendingAssignment = null;
    if (!graceful) {
      consumer.assignedTopic.forEach((ti, i) => {
        const what =
          reason === 'session-timeout'
            ? `crashed at ${formatSeconds(consumer.crashedAtMs)}`
            : reason === 'poll-timeout'
              ? `was kicked out at ${formatSeconds(ctx.now)} (max.poll.interval.ms passed without a poll)`
              : `missed the rebalance timeout at ${formatSeconds(ctx.now)}`;
        this.ledger.noteHandover(
          consumer,
          ti,
          consumer.assignedPartition[i] as number,
          consumer.positions[i] as number,
          what,
        );
      });
    }
    this.releaseAll(consumer);
    consumer.ownedGeneration = -1;
    ctx.trace?.({
      t: ctx.now,
      type: 'kafka.group.member-removed',
      group: this.groupId,
      member: consumer.memberId,
      label: consumer.label,
      reason,
    });
    const why = REMOVAL_REASONS[reason];
    this.pushHistory({ atMs: ctx.now, kind: 'removed', text: `${consumer.label} ${why}.` });
    ctx.invalidateLayout();
    if (this.members.length === 0) {
      this.becomeEmpty();
      return;
    }
    this.prepareRebalance(`${consumer.label} ${why}`);
  }

  /** The heartbeat thread left the group: max.poll.interval.ms passed without a poll(). */
  kickOut(consumer: Consumer): void {
    consumer.state = MemberState.KickedOut;
    consumer.kickedAtMs = this.ctx.now;
    this.removeMember(consumer, 'poll-timeout', false);
  }

  /** The kicked-out member's next poll(): its member id was reset, so it joins as a new member. */
  rejoinAfterKickOut(consumer: Consumer): void {
    consumer.memberId = this.newMemberId();
    this.join(consumer, `${consumer.label} rejoined after being kicked out`);
  }

  /** The process dies at once: no commit, no LeaveGroup; the coordinator waits for session.timeout.ms. */
  crash(label: string | undefined, restartAfterMs: number | undefined): boolean {
    const ctx = this.ctx;
    const consumer = label
      ? this.processes.find((c) => c.label === label && c.state !== MemberState.Crashed)
      : this.processes.find((c) => c.state !== MemberState.Crashed && c.state !== MemberState.Stopped);
    if (!consumer) return false;
    consumer.state = MemberState.Crashed;
    consumer.epoch++;
    consumer.crashedAtMs = ctx.now;
    consumer.leaveRequested = false;
    consumer.mustRejoin = false;
    ctx.trace?.({
      t: ctx.now,
      type: 'kafka.consumer.crashed',
      group: this.groupId,
      member: consumer.memberId,
      label: consumer.label,
    });
    if (consumer.inGroup) {
      const hb = this.config.heartbeatIntervalMs;
      const lastHeartbeat = consumer.heartbeatPhase + Math.floor((ctx.now - consumer.heartbeatPhase) / hb) * hb;
      const expiresAt = Math.max(ctx.now, lastHeartbeat + this.config.sessionTimeoutMs);
      consumer.lastPollMs = expiresAt;
      ctx.schedule(expiresAt, EV_SESSION_EXPIRED, consumer.slot, consumer.epoch);
      this.pushHistory({
        atMs: ctx.now,
        kind: 'crash',
        text: `${consumer.label} crashed; its last heartbeat was at ${formatSeconds(lastHeartbeat)}, so the coordinator notices at ${formatSeconds(expiresAt)} (session.timeout.ms ${this.config.sessionTimeoutMs}).`,
      });
    } else {
      this.processes = this.processes.filter((c) => c !== consumer);
      this.pushHistory({ atMs: ctx.now, kind: 'crash', text: `${consumer.label} crashed (it was not a member).` });
    }
    if (restartAfterMs !== undefined) ctx.schedule(ctx.now + restartAfterMs, EV_CONSUMER_RESTART, this.index, 0);
    ctx.invalidateLayout();
    return true;
  }

  /** When a crashed member's session expires (`lastPollMs` holds the expiry time). */
  sessionExpiresAt(consumer: Consumer): number {
    return consumer.state === MemberState.Crashed && consumer.inGroup ? consumer.lastPollMs : -1;
  }

  onSessionExpired(consumer: Consumer, epoch: number): void {
    if (epoch !== consumer.epoch || consumer.state !== MemberState.Crashed || !consumer.inGroup) return;
    this.processes = this.processes.filter((c) => c !== consumer);
    this.removeMember(consumer, 'session-timeout', false);
  }

  /** A replacement process for a crashed one (as an orchestrator restarts a container). */
  onRestart(): void {
    this.requestStart();
  }

  /**
   * One more consumer process, now; while an offset reset waits for the group to empty, it starts
   * with the others once the reset is done instead (else it would keep the group from emptying).
   * Returns its label, or null when it was deferred.
   */
  requestStart(): string | null {
    if (this.resets.pending) {
      this.resets.deferStart();
      return null;
    }
    return this.startProcess().label;
  }

  /** Commits the consumer's positions; fails (CommitFailedException) once it is not a member. */
  commit(consumer: Consumer): void {
    const ctx = this.ctx;
    if (!consumer.inGroup) {
      ctx.trace?.({
        t: ctx.now,
        type: 'kafka.offsets.commit-failed',
        group: this.groupId,
        member: consumer.memberId,
        reason: 'CommitFailedException: the member is no longer part of the group',
      });
      return;
    }
    for (let i = 0; i < consumer.assignedTopic.length; i++) {
      const ti = consumer.assignedTopic[i] as number;
      const p = consumer.assignedPartition[i] as number;
      const position = consumer.positions[i] as number;
      const committed = this.committed[ti] as Float64Array;
      if (committed[p] === position) continue;
      committed[p] = position;
      this.ledger.noteCommit(ti, p, consumer.slot);
      if (ctx.trace) {
        ctx.trace({
          t: ctx.now,
          type: 'kafka.offsets.committed',
          group: this.groupId,
          member: consumer.memberId,
          topic: this.topicOf(ti).name,
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

  /** A record landed on a partition this group may own: wake its owner if it waits in poll(). */
  onRecordAppended(topicIndexInGroup: number, partition: number): void {
    const slot = (this.owners[topicIndexInGroup] as Int32Array)[partition] as number;
    if (slot < 0) return;
    const consumer = this.ctx.consumers[slot] as Consumer;
    if (consumer.state === MemberState.Idle) poll(consumer);
  }

  /**
   * The consumer's position fell below the log start offset: the fetch fails with
   * OFFSET_OUT_OF_RANGE and auto.offset.reset moves it (earliest: the log start; latest: the end).
   * Returns the new position.
   */
  resetOutOfRange(consumer: Consumer, assignedIndex: number): number {
    const ti = consumer.assignedTopic[assignedIndex] as number;
    const p = consumer.assignedPartition[assignedIndex] as number;
    const topic = this.topicOf(ti);
    const from = consumer.positions[assignedIndex] as number;
    const to = this.config.autoOffsetReset === 'earliest' ? logStartOffset(topic, p) : highWatermark(topic, p);
    this.ledger.settle(
      ti,
      p,
      to,
      'lost',
      from < logStartOffset(topic, p)
        ? `retention deleted offset ${from}, the position of ${consumer.label}, so auto.offset.reset=${this.config.autoOffsetReset} moved it to ${to}`
        : `offset ${from}, the position of ${consumer.label}, is past the end of the new leader's log, so auto.offset.reset=${this.config.autoOffsetReset} moved it to ${to}`,
    );
    consumer.positions[assignedIndex] = to;
    this.ctx.trace?.({
      t: this.ctx.now,
      type: 'kafka.offsets.out-of-range',
      group: this.groupId,
      member: consumer.memberId,
      topic: topic.name,
      partition: p,
      from,
      to,
    });
    return to;
  }

  /** Appends a line to the group's history, which keeps the newest HISTORY_LIMIT lines. */
  pushHistory(event: GroupEvent): void {
    if (this.history.length === HISTORY_LIMIT) this.history.shift();
    this.history.push(event);
  }

  // ——— What the simulation, snapshot, report and inspector read ———

  /** Records the group processed again, other than as the replay of an offset reset. */
  get duplicates(): number {
    return this.ledger.duplicates;
  }

  /** Records the group processed again after an offset reset moved back. */
  get replayed(): number {
    return this.ledger.replayed;
  }

  /** Records the group will never read: committed past, out of range, or deleted by retention. */
  get lost(): number {
    return this.ledger.lost;
  }

  /** Records an offset reset jumped over. */
  get skipped(): number {
    return this.ledger.skipped;
  }

  get duplicateNotes(): RangeNote[] {
    return this.ledger.duplicateNotes;
  }

  get lossNotes(): RangeNote[] {
    return this.ledger.lossNotes;
  }

  /** See GroupLedger.recordProcessed. */
  recordProcessed(ti: number, p: number, offset: number, msgId: number): 'duplicate' | 'replay' | null {
    return this.ledger.recordProcessed(ti, p, offset, msgId);
  }

  /** See GroupLedger.processedCount. */
  processedCount(msgId: number): number {
    return this.ledger.processedCount(msgId);
  }

  /** Retention deleted records of a partition: see GroupLedger.onRecordsDeleted. */
  onRecordsDeleted(ti: number, p: number, deletedMsgIds: readonly number[], newLogStart: number, reason: string): void {
    this.ledger.onRecordsDeleted(ti, p, deletedMsgIds, newLogStart, reason);
  }

  /** kafka-consumer-groups --reset-offsets: see OffsetResets.resetOffsets. */
  resetOffsets(to: ResetOffsetsTarget, stopConsumers: boolean): { ok: boolean; reason?: string } {
    return this.resets.resetOffsets(to, stopConsumers);
  }

  positionOf(topicIndexInGroup: number, partition: number): number {
    return lag.positionOf(this, topicIndexInGroup, partition);
  }

  lagOf(topicIndexInGroup: number, partition: number): number {
    return lag.lagOf(this, topicIndexInGroup, partition);
  }

  lagAgeOf(topicIndexInGroup: number, partition: number): number {
    return lag.lagAgeOf(this, topicIndexInGroup, partition);
  }

  maxLagAge(): number {
    return lag.maxLagAge(this);
  }

  totalLag(): number {
    return lag.totalLag(this);
  }
}

export const ASSIGNOR_NAMES: Record<KafkaConsumerGroupConfig['assignor'], string> = {
  range: 'RangeAssignor',
  roundrobin: 'RoundRobinAssignor',
  sticky: 'StickyAssignor',
  'cooperative-sticky': 'CooperativeStickyAssignor',
};

const REMOVAL_REASONS = {
  left: 'left the group',
  'session-timeout': 'was removed: no heartbeat for session.timeout.ms',
  'poll-timeout': 'was kicked out: max.poll.interval.ms passed without a poll',
  'rebalance-timeout': 'was removed: it did not rejoin within the rebalance timeout (max.poll.interval.ms)',
} as const;

/** Re-exported for the "why": the partitions a member owns, as Kafka prints them. */
export { formatTopicPartitions };

/** A UUID v4 drawn from the group's seeded stream (the coordinator uses java.util.UUID.randomUUID). */
function uuid(stream: RandomStream): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const a = hex(stream.nextUint32());
  const b = hex(stream.nextUint32());
  const c = hex(stream.nextUint32());
  const d = hex(stream.nextUint32());
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${((parseInt(c.slice(0, 1), 16) & 3) | 8).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** Re-exported so the simulation can dispatch the poll timer. */
export { EV_POLL_TIMEOUT };
