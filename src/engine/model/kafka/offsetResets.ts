/**
 * `kafka-consumer-groups --reset-offsets --execute` on a consumer group: refused while the group
 * has members. With `stopConsumers` the group's consumers close first, as an operator would stop
 * them; the reset runs once the group is empty, then as many consumers as were running start
 * again. The group's ledger (groupLedger.ts) counts what the move replays or skips.
 *
 * Sources: apache/kafka @1eb76443 —
 * - tools/.../consumer/group/ConsumerGroupCommand.java (`--reset-offsets`): refused unless the
 *   group is inactive; --to-offset and --shift-by are clamped into [log start, log end].
 * - --to-datetime asks ListOffsets by timestamp (partitionLog.ts, `offsetForTimestamp`).
 */
import type { ResetOffsetsTarget } from '../../../scenario/schema';
import type { ConsumerGroup } from './consumerGroup';
import { formatSeconds } from './formatSeconds';
import { GroupState } from './groupStates';
import type { PartitionLog } from './partitionLog';
import { highWatermark, logStartOffset, type Topic } from './topic';

const GROUP_STATE_LABELS = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable'];

export class OffsetResets {
  /** Offset resets waiting for the group to empty, and how many consumers to start again after. */
  private pendingResets: ResetOffsetsTarget[] = [];
  private resumeSize = 0;

  constructor(private readonly group: ConsumerGroup) {}

  /** Resets the committed offsets; refused while the group has members unless `stopConsumers`. */
  resetOffsets(to: ResetOffsetsTarget, stopConsumers: boolean): { ok: boolean; reason?: string } {
    const group = this.group;
    const ctx = group.ctx;
    if (group.members.length === 0 && group.state === GroupState.Empty) {
      this.applyReset(to);
      return { ok: true };
    }
    if (!stopConsumers) {
      const reason = `Assignments can only be reset if the group '${group.groupId}' is inactive, but the current state is ${GROUP_STATE_LABELS[group.state]}.`;
      ctx.trace?.({ t: ctx.now, type: 'kafka.offsets.reset-refused', group: group.groupId, reason });
      group.pushHistory({ atMs: ctx.now, kind: 'refused', text: reason });
      return { ok: false, reason };
    }
    // A second reset while the first waits keeps the first one's count of consumers to restart.
    if (this.pendingResets.length === 0) this.resumeSize = group.liveProcesses().length;
    const resumeSize = this.resumeSize;
    this.pendingResets.push(to);
    group.pushHistory({
      atMs: ctx.now,
      kind: 'reset',
      text: `Offset reset (${describeTarget(to)}) requested: stopping ${resumeSize} consumer${resumeSize === 1 ? '' : 's'} first; the reset runs when the group is empty.`,
    });
    group.setSize(0);
    return { ok: true };
  }

  /** A reset waits for the group to empty. */
  get pending(): boolean {
    return this.pendingResets.length > 0;
  }

  /** A consumer asked to start while the reset waits starts with the others after it. */
  deferStart(): void {
    this.resumeSize++;
  }

  /** The group became empty: run the waiting resets, then start the consumers again. */
  onGroupEmpty(): void {
    if (this.pendingResets.length === 0) return;
    const resets = this.pendingResets;
    this.pendingResets = [];
    for (const to of resets) this.applyReset(to);
    if (this.resumeSize > 0) this.group.setSize(this.resumeSize);
  }

  private applyReset(to: ResetOffsetsTarget): void {
    const group = this.group;
    const ctx = group.ctx;
    const described = describeTarget(to);
    const moves: string[] = [];
    group.topics.forEach((_, ti) => {
      const topic = group.topicOf(ti);
      const committed = group.committed[ti] as Float64Array;
      for (let p = 0; p < topic.partitions; p++) {
        const from = committed[p] as number;
        const target = this.targetOffset(to, topic, p, from);
        committed[p] = target;
        group.ledger.onOffsetReset(ti, p, from, target, `an offset reset to ${described} jumped over them`);
        if (from !== target) moves.push(`${topic.name}-${p}: ${from < 0 ? 'none' : from} → ${target}`);
        ctx.trace?.({
          t: ctx.now,
          type: 'kafka.offsets.reset',
          group: group.groupId,
          topic: topic.name,
          partition: p,
          from,
          to: target,
        });
      }
    });
    group.pushHistory({
      atMs: ctx.now,
      kind: 'reset',
      text: `Offsets reset to ${described}${moves.length ? `: ${moves.join(', ')}` : ' (no change)'}.`,
    });
    ctx.invalidateLayout();
  }

  /** Where `to` puts one partition whose committed offset is `from` (−1: none), clamped into the log. */
  private targetOffset(to: ResetOffsetsTarget, topic: Topic, p: number, from: number): number {
    const start = logStartOffset(topic, p);
    const end = highWatermark(topic, p);
    let target: number;
    if (to.type === 'earliest') target = start;
    else if (to.type === 'latest') target = end;
    else if (to.type === 'offset') target = to.offset;
    // ListOffsets by timestamp: the first offset whose record was produced at or after it (the log end when none).
    else if (to.type === 'timestamp') target = (topic.logs[p] as PartitionLog).offsetForTimestamp(to.timestampMs);
    else target = (from >= 0 ? from : this.group.config.autoOffsetReset === 'earliest' ? start : end) + to.by;
    return Math.min(Math.max(target, start), end);
  }
}

/** The reset target in words: "earliest", "offset 42", "+10 records". */
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
