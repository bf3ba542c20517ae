/**
 * A Kafka consumer group under the classic protocol: membership, rebalances (eager or
 * cooperative), failure detection, offset commits, offset resets, and the bookkeeping that tells
 * a learner which records the group processed twice or never.
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
 * - tools/.../consumer/group/ConsumerGroupCommand.java (`--reset-offsets`): refused unless the
 *   group is inactive; --to-offset and --shift-by are clamped into [log start, log end].
 *
 * Simplified here: JoinGroup/SyncGroup/commit requests take no time; heartbeats are not events
 * (their times are computed: every heartbeat.interval.ms from the last assignment); a crashed
 * consumer's last heartbeat is its last scheduled one; no static membership (group.instance.id);
 * one assignor per group (the whole group switches at once).
 */
import type { KafkaConsumerGroupConfig, ResetOffsetsTarget } from '../../../scenario/schema';
import type { Sampler } from '../../kernel/distributions';
import { GrowableUint8 } from '../../kernel/growable';
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
import { GroupState, MemberState } from './groupStates';
import { assignSticky, type StickyMember } from './stickyAssignor';
import type { PartitionLog } from './partitionLog';
import { logEndOffset, logStartOffset, recordAt, recordAtOrAfter, type Topic } from './topic';

/** Event kinds the group schedules (see Simulation.dispatch). */
export const EV_JOIN_DEADLINE = 3;
export const EV_HEARTBEAT = 4;
export const EV_SESSION_EXPIRED = 7;
export const EV_CONSUMER_RESTART = 9;

/** Per message, what this group did with it. */
const NOT_PROCESSED = 0;
const PROCESSED = 1;
const PROCESSED_AGAIN = 2;
const LOST = 3;
const SKIPPED = 4;

/** A line of the group's history, for the group inspector. */
export type GroupEvent = {
  atMs: number;
  kind: 'rebalance' | 'crash' | 'removed' | 'joined' | 'reset' | 'refused';
  text: string;
  generation?: number;
  /** For rebalances: what each member got, kept, and gave up. */
  members?: { label: string; partitions: string[]; added: string[]; revoked: string[] }[];
};

/** A range of one partition whose records were processed twice or never, and why. */
export type RangeNote = {
  topicIndex: number;
  partition: number;
  /** [fromOffset, toOffset) */
  fromOffset: number;
  toOffset: number;
  atMs: number;
  text: string;
};

const HISTORY_LIMIT = 200;
const NOTE_LIMIT = 500;

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

  // Delivery bookkeeping: duplicates, replays, losses and skips, each explained by a RangeNote.
  readonly processedState = new GrowableUint8();
  duplicates = 0;
  replayed = 0;
  lost = 0;
  skipped = 0;
  /** Per partition: every offset below is accounted for (processed, lost or skipped); −1 before the group first read it. */
  private readonly settled: Float64Array[];
  /** Per partition: records below this offset processed again are replays of an offset reset. */
  private readonly replayEnd: Float64Array[];
  /** Per partition: the consumer slot that last committed, −1 when none. */
  private readonly lastCommitter: Int32Array[];
  readonly duplicateNotes: RangeNote[] = [];
  readonly lossNotes: RangeNote[] = [];

  private joinDeadlineToken = 0;
  private initialDelayPending = false;
  private initialJoinStartedAt = 0;
  private rebalanceReason = '';
  private rebalanceStartedAt = 0;
  private processCounter = 0;
  /** Offset resets waiting for the group to empty, and how many consumers to start again after. */
  private pendingResets: ResetOffsetsTarget[] = [];
  private resumeSize = 0;
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
    this.settled = perPartition((n) => new Float64Array(n).fill(-1));
    this.replayEnd = perPartition((n) => new Float64Array(n));
    this.lastCommitter = perPartition((n) => new Int32Array(n).fill(-1));
  }

  /** The rebalance protocol the members' assignor list allows (ConsumerCoordinator's constructor). */
  get cooperative(): boolean {
    return this.config.assignor === 'cooperative-sticky';
  }

  private topicOf(topicIndexInGroup: number): Topic {
    return this.ctx.topics[this.topics[topicIndexInGroup] as number] as Topic;
  }

  /** Processes that are running or will rejoin (not crashed, not on their way out). */
  private liveProcesses(): Consumer[] {
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
    if (this.pendingResets.length > 0) {
      const resets = this.pendingResets;
      this.pendingResets = [];
      for (const to of resets) this.applyReset(to);
      if (this.resumeSize > 0) this.setSize(this.resumeSize);
    }
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
      this.noteHandover(
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
          : logEndOffset(topic, p);
    const reason =
      committed >= 0
        ? this.commitCause(ti, p, position)
        : `no offset was committed, so ${consumer.label} started at the log end (auto.offset.reset=latest), past them`;
    this.settle(ti, p, position, LOST, reason);
    return position;
  }

  /** How the committed offset got past unprocessed records, in words. */
  private commitCause(ti: number, p: number, offset: number): string {
    const slot = (this.lastCommitter[ti] as Int32Array)[p] as number;
    const committer = slot >= 0 ? (this.ctx.consumers[slot] as Consumer) : null;
    if (!committer) return `the group's committed offset ${offset} was already past them`;
    const fate =
      committer.crashedAtMs >= 0
        ? `crashed at ${formatSeconds(committer.crashedAtMs)} before processing them`
        : committer.kickedAtMs >= 0
          ? `was kicked out at ${formatSeconds(committer.kickedAtMs)}`
          : 'never processed them';
    const how =
      !this.config.enableAutoCommit && this.config.commitTiming === 'before-processing'
        ? ' right after poll(), before processing (at-most-once)'
        : '';
    return `${committer.label} committed offset ${offset}${how}, then ${fate}`;
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
        this.noteHandover(consumer, ti, consumer.assignedPartition[i] as number, consumer.positions[i] as number, what);
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
    this.startProcess();
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
      (this.lastCommitter[ti] as Int32Array)[p] = consumer.slot;
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

  // ——— Offset reset (kafka-consumer-groups --reset-offsets) ———

  /** Resets the committed offsets; refused while the group has members unless `stopConsumers`. */
  resetOffsets(to: ResetOffsetsTarget, stopConsumers: boolean): { ok: boolean; reason?: string } {
    const ctx = this.ctx;
    if (this.members.length === 0 && this.state === GroupState.Empty) {
      this.applyReset(to);
      return { ok: true };
    }
    if (!stopConsumers) {
      const reason = `Assignments can only be reset if the group '${this.groupId}' is inactive, but the current state is ${GROUP_STATE_LABELS[this.state]}.`;
      ctx.trace?.({ t: ctx.now, type: 'kafka.offsets.reset-refused', group: this.groupId, reason });
      this.pushHistory({ atMs: ctx.now, kind: 'refused', text: reason });
      return { ok: false, reason };
    }
    // A second reset while the first waits keeps the first one's count of consumers to restart.
    if (this.pendingResets.length === 0) this.resumeSize = this.liveProcesses().length;
    const resumeSize = this.resumeSize;
    this.pendingResets.push(to);
    this.pushHistory({
      atMs: ctx.now,
      kind: 'reset',
      text: `Offset reset (${describeTarget(to)}) requested: stopping ${resumeSize} consumer${resumeSize === 1 ? '' : 's'} first; the reset runs when the group is empty.`,
    });
    this.setSize(0);
    return { ok: true };
  }

  private applyReset(to: ResetOffsetsTarget): void {
    const ctx = this.ctx;
    const moves: string[] = [];
    this.topics.forEach((_, ti) => {
      const topic = this.topicOf(ti);
      const committed = this.committed[ti] as Float64Array;
      for (let p = 0; p < topic.partitions; p++) {
        const start = logStartOffset(topic, p);
        const end = logEndOffset(topic, p);
        const from = committed[p] as number;
        let target: number;
        if (to.type === 'earliest') target = start;
        else if (to.type === 'latest') target = end;
        else if (to.type === 'offset') target = to.offset;
        else if (to.type === 'timestamp') target = this.offsetForTimestamp(topic, p, to.timestampMs);
        else target = (from >= 0 ? from : this.config.autoOffsetReset === 'earliest' ? start : end) + to.by;
        target = Math.min(Math.max(target, start), end);
        committed[p] = target;
        (this.lastCommitter[ti] as Int32Array)[p] = -1;
        const replayEnd = this.replayEnd[ti] as Float64Array;
        const settled = (this.settled[ti] as Float64Array)[p] as number;
        const reachedBefore = Math.max(from, settled);
        if (target < reachedBefore) replayEnd[p] = Math.max(replayEnd[p] as number, reachedBefore);
        else if (target > settled && settled >= 0)
          this.settle(ti, p, target, SKIPPED, `an offset reset to ${describeTarget(to)} jumped over them`);
        else if (settled < 0) (this.settled[ti] as Float64Array)[p] = target;
        if (from !== target) moves.push(`${topic.name}-${p}: ${from < 0 ? 'none' : from} → ${target}`);
        ctx.trace?.({
          t: ctx.now,
          type: 'kafka.offsets.reset',
          group: this.groupId,
          topic: topic.name,
          partition: p,
          from,
          to: target,
        });
      }
    });
    this.pushHistory({
      atMs: ctx.now,
      kind: 'reset',
      text: `Offsets reset to ${describeTarget(to)}${moves.length ? `: ${moves.join(', ')}` : ' (no change)'}.`,
    });
    ctx.invalidateLayout();
  }

  /** ListOffsets by timestamp: the first offset whose record was produced at or after `ts` (the log end when none). */
  private offsetForTimestamp(topic: Topic, p: number, ts: number): number {
    return (topic.logs[p] as PartitionLog).offsetForTimestamp(ts);
  }

  // ——— Retention ———

  /**
   * Retention deleted records of a partition: those this group had not processed (and had not
   * settled yet) are lost to it; it can never read them now.
   */
  onRecordsDeleted(ti: number, p: number, deletedMsgIds: readonly number[], newLogStart: number, reason: string): void {
    const settledArray = this.settled[ti] as Float64Array;
    const settled = settledArray[p] as number;
    if (settled < 0 || newLogStart <= settled) return;
    const states = this.processedState;
    const ctx = this.ctx;
    const topic = this.topicOf(ti);
    let first = -1;
    let last = -1;
    for (const msgId of deletedMsgIds) {
      const offset = ctx.offsetOf(msgId);
      if (offset < settled) continue;
      states.ensure(msgId);
      if (states.data[msgId] !== NOT_PROCESSED) continue;
      states.data[msgId] = LOST;
      this.lost++;
      if (first < 0) first = offset;
      last = offset;
      ctx.trace?.({
        t: ctx.now,
        type: 'kafka.record.lost',
        msg: msgId,
        group: this.groupId,
        topic: topic.name,
        partition: p,
        offset,
        kind: 'lost',
        reason: `deleted by ${reason} before the group read it`,
      });
    }
    settledArray[p] = newLogStart;
    if (first >= 0) {
      this.pushNote(this.lossNotes, {
        topicIndex: ti,
        partition: p,
        fromOffset: first,
        toOffset: last + 1,
        atMs: ctx.now,
        text: `Never processed: ${reason} deleted the segment holding them at ${formatSeconds(ctx.now)}, before the group had read them (the group was too far behind).`,
      });
    }
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
    const to = this.config.autoOffsetReset === 'earliest' ? logStartOffset(topic, p) : logEndOffset(topic, p);
    this.settle(
      ti,
      p,
      to,
      LOST,
      `retention deleted offset ${from}, the position of ${consumer.label}, so auto.offset.reset=${this.config.autoOffsetReset} moved it to ${to}`,
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

  // ——— Delivery bookkeeping ———

  /** Counts a processed record; returns 'duplicate' or 'replay' when the group had processed it before. */
  recordProcessed(ti: number, p: number, offset: number, msgId: number): 'duplicate' | 'replay' | null {
    const states = this.processedState;
    states.ensure(msgId);
    const state = states.data[msgId] as number;
    if (state === NOT_PROCESSED) {
      states.data[msgId] = PROCESSED;
      return null;
    }
    if (state === LOST || state === SKIPPED) {
      // A kicked-out consumer still finishing its batch processed it after all.
      if (state === LOST) this.lost--;
      else this.skipped--;
      states.data[msgId] = PROCESSED;
      return null;
    }
    states.data[msgId] = PROCESSED_AGAIN;
    if (offset < ((this.replayEnd[ti] as Float64Array)[p] as number)) {
      this.replayed++;
      return 'replay';
    }
    this.duplicates++;
    return 'duplicate';
  }

  /** How many times this group processed a message (0, 1, or 2 for "more than once"), or −1 (lost) / −2 (skipped). */
  processedCount(msgId: number): number {
    if (msgId >= this.processedState.data.length) return 0;
    const state = this.processedState.data[msgId] as number;
    return state === LOST ? -1 : state === SKIPPED ? -2 : state;
  }

  /**
   * Accounts for every record below `upTo` that the group will now never read: lost (or skipped
   * by an offset reset). Each record is settled once, so the walk costs O(1) per record overall.
   */
  private settle(ti: number, p: number, upTo: number, as: typeof LOST | typeof SKIPPED, reason: string): void {
    const settledArray = this.settled[ti] as Float64Array;
    const settled = settledArray[p] as number;
    if (settled < 0) {
      settledArray[p] = upTo;
      return;
    }
    if (upTo <= settled) return;
    settledArray[p] = upTo;
    const topic = this.topicOf(ti);
    const ctx = this.ctx;
    const states = this.processedState;
    const from = Math.max(settled, logStartOffset(topic, p));
    const to = Math.min(upTo, logEndOffset(topic, p));
    let rangeStart = -1;
    const close = (end: number) => {
      if (rangeStart < 0) return;
      const text = `${as === LOST ? 'Never processed' : 'Skipped'}: ${reason}.`;
      this.pushNote(this.lossNotes, {
        topicIndex: ti,
        partition: p,
        fromOffset: rangeStart,
        toOffset: end,
        atMs: ctx.now,
        text,
      });
      rangeStart = -1;
    };
    for (let offset = from; offset < to; offset++) {
      const msgId = recordAt(topic, p, offset);
      if (msgId < 0) continue;
      states.ensure(msgId);
      if (states.data[msgId] !== NOT_PROCESSED) {
        close(offset);
        continue;
      }
      states.data[msgId] = as;
      if (as === LOST) this.lost++;
      else this.skipped++;
      if (rangeStart < 0) rangeStart = offset;
      ctx.trace?.({
        t: ctx.now,
        type: 'kafka.record.lost',
        msg: msgId,
        group: this.groupId,
        topic: topic.name,
        partition: p,
        offset,
        kind: as === LOST ? 'lost' : 'skipped',
        reason,
      });
    }
    close(to);
  }

  /** A member lost a partition with records fetched past the committed offset: whoever reads it next may process them again. */
  private noteHandover(consumer: Consumer, ti: number, p: number, position: number, what: string): void {
    const committed = (this.committed[ti] as Float64Array)[p] as number;
    const topic = this.topicOf(ti);
    // Where the next owner starts: the committed offset, or auto.offset.reset without one.
    const restart =
      committed >= 0 ? committed : this.config.autoOffsetReset === 'earliest' ? logStartOffset(topic, p) : position;
    if (position <= restart) return;
    const commitText =
      committed >= 0 ? `the group's committed offset was still ${committed}` : 'nothing was committed yet';
    this.pushNote(this.duplicateNotes, {
      topicIndex: ti,
      partition: p,
      fromOffset: restart,
      toOffset: position,
      atMs: this.ctx.now,
      text: `${consumer.label} had fetched offsets ${restart}–${position - 1} of ${topic.name}-${p} but ${commitText} when it ${what}; the next owner starts again from ${restart}, so what ${consumer.label} had already processed is processed twice.`,
    });
  }

  private pushNote(list: RangeNote[], note: RangeNote): void {
    if (list.length === NOTE_LIMIT) list.shift();
    list.push(note);
  }

  private pushHistory(event: GroupEvent): void {
    if (this.history.length === HISTORY_LIMIT) this.history.shift();
    this.history.push(event);
  }

  // ——— Lag ———

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
    const topic = this.topicOf(topicIndexInGroup);
    const end = logEndOffset(topic, partition);
    const committed = (this.committed[topicIndexInGroup] as Float64Array)[partition] as number;
    if (committed >= 0) return end - committed;
    // No commit yet: count what the group will read when it starts.
    return this.config.autoOffsetReset === 'earliest' ? end - logStartOffset(topic, partition) : 0;
  }

  /**
   * Lag in time: how long ago the oldest record the group has not committed was produced — the
   * "time lag" that monitoring tools (Burrow, kafka-lag-exporter) derive from offsets, and what a
   * user of the system feels. 0 when the group is caught up.
   */
  lagAgeOf(topicIndexInGroup: number, partition: number): number {
    const topic = this.topicOf(topicIndexInGroup);
    const end = logEndOffset(topic, partition);
    const committed = (this.committed[topicIndexInGroup] as Float64Array)[partition] as number;
    const oldest =
      committed >= 0
        ? Math.max(committed, logStartOffset(topic, partition))
        : this.config.autoOffsetReset === 'earliest'
          ? logStartOffset(topic, partition)
          : end;
    if (oldest >= end) return 0;
    const msgId = recordAtOrAfter(topic, partition, oldest);
    return msgId < 0 ? 0 : this.ctx.now - this.ctx.producedAt(msgId);
  }

  /** The largest lag in time over the group's partitions (ms). */
  maxLagAge(): number {
    let age = 0;
    for (let ti = 0; ti < this.topics.length; ti++) {
      const partitions = this.topicOf(ti).partitions;
      for (let p = 0; p < partitions; p++) age = Math.max(age, this.lagAgeOf(ti, p));
    }
    return age;
  }

  totalLag(): number {
    let lag = 0;
    for (let ti = 0; ti < this.topics.length; ti++) {
      const partitions = this.topicOf(ti).partitions;
      for (let p = 0; p < partitions; p++) lag += this.lagOf(ti, p);
    }
    return lag;
  }
}

export const ASSIGNOR_NAMES: Record<KafkaConsumerGroupConfig['assignor'], string> = {
  range: 'RangeAssignor',
  roundrobin: 'RoundRobinAssignor',
  sticky: 'StickyAssignor',
  'cooperative-sticky': 'CooperativeStickyAssignor',
};

const GROUP_STATE_LABELS = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable'];

const REMOVAL_REASONS = {
  left: 'left the group',
  'session-timeout': 'was removed: no heartbeat for session.timeout.ms',
  'poll-timeout': 'was kicked out: max.poll.interval.ms passed without a poll',
  'rebalance-timeout': 'was removed: it did not rejoin within the rebalance timeout (max.poll.interval.ms)',
} as const;

export function describeTarget(to: ResetOffsetsTarget): string {
  switch (to.type) {
    case 'earliest':
      return 'earliest';
    case 'latest':
      return 'latest';
    case 'offset':
      return `offset ${to.offset}`;
    case 'timestamp':
      return `the first record at or after ${formatSeconds(to.timestampMs)}`;
    case 'shift':
      return `${to.by >= 0 ? '+' : ''}${to.by} records`;
  }
}

/** "12.3 s" (virtual time). */
export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

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
