/**
 * A consumer group's delivery bookkeeping, the "ledger": per record, whether the group processed it
 * once, again, or never, and for each range processed twice or never a RangeNote saying why. Kafka
 * keeps no such thing (a group is only its committed offsets); this is what tells a learner which
 * records the group processed twice or never:
 * - duplicate: a member fetched past the committed offset, then lost the partition; the next owner
 *   starts again at the committed offset (noteHandover explains it);
 * - replay: processed again after an offset reset moved back;
 * - lost: the committed offset got past records nobody processed (a commit before processing,
 *   auto.offset.reset=latest, OFFSET_OUT_OF_RANGE), or retention deleted them before the group read
 *   them;
 * - skipped: an offset reset moved past them;
 * - written twice: a producer retry appended records the log already had (idempotence off), so
 *   the group processes the same message at two offsets (noteProducerDuplicate).
 *
 * Sources: apache/kafka @1eb76443 —
 * - clients/.../consumer/internals/ConsumerCoordinator.java: `onJoinComplete` under COOPERATIVE
 *   revokes owned − assigned *without committing them* (KIP-429), so what the old owner fetched
 *   past its last commit is processed again by the next one.
 * - What retention deletes, and when: partitionLog.ts (UnifiedLog.deleteOldSegments).
 *
 * Each record is settled once: per partition, every offset below `settled` is accounted for, so
 * the walks cost O(1) per record overall.
 */
import { GrowableUint8 } from '../../kernel/growable';
import type { Consumer } from './consumer';
import type { ConsumerGroup } from './consumerGroup';
import { formatSeconds } from './formatSeconds';
import { logEndOffset, logStartOffset, recordAt, type Topic } from './topic';

/** Per message, what this group did with it. */
const NOT_PROCESSED = 0;
const PROCESSED = 1;
const PROCESSED_AGAIN = 2;
const LOST = 3;
const SKIPPED = 4;

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

/** Why the group will never read a record: lost to it, or skipped by an offset reset. */
export type Unread = 'lost' | 'skipped';

const NOTE_LIMIT = 500;

export class GroupLedger {
  private readonly processedState = new GrowableUint8();
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

  constructor(private readonly group: ConsumerGroup) {
    const partitions = group.topics.map((_, ti) => group.topicOf(ti).partitions);
    this.settled = partitions.map((n) => new Float64Array(n).fill(-1));
    this.replayEnd = partitions.map((n) => new Float64Array(n));
    this.lastCommitter = partitions.map((n) => new Int32Array(n).fill(-1));
  }

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

  /** A member committed a partition's offset (commitCause names it if records turn out lost). */
  noteCommit(ti: number, p: number, slot: number): void {
    (this.lastCommitter[ti] as Int32Array)[p] = slot;
  }

  /**
   * Accounts for every record below `upTo` that the group will now never read: lost (or skipped
   * by an offset reset).
   */
  settle(ti: number, p: number, upTo: number, as: Unread, reason: string): void {
    const settledArray = this.settled[ti] as Float64Array;
    const settled = settledArray[p] as number;
    if (settled < 0) {
      settledArray[p] = upTo;
      return;
    }
    if (upTo <= settled) return;
    settledArray[p] = upTo;
    const topic = this.group.topicOf(ti);
    const from = Math.max(settled, logStartOffset(topic, p));
    const to = Math.min(upTo, logEndOffset(topic, p));
    let rangeStart = -1;
    const close = (end: number) => {
      if (rangeStart < 0) return;
      const text = `${as === 'lost' ? 'Never processed' : 'Skipped'}: ${reason}.`;
      this.pushNote(this.lossNotes, {
        topicIndex: ti,
        partition: p,
        fromOffset: rangeStart,
        toOffset: end,
        atMs: this.group.ctx.now,
        text,
      });
      rangeStart = -1;
    };
    for (let offset = from; offset < to; offset++) {
      const msgId = recordAt(topic, p, offset);
      if (msgId < 0) continue;
      if (!this.markUnread(topic, p, offset, msgId, as, reason)) {
        close(offset);
        continue;
      }
      if (rangeStart < 0) rangeStart = offset;
    }
    close(to);
  }

  /**
   * Retention deleted records of a partition: those this group had not processed (and had not
   * settled yet) are lost to it; it can never read them now.
   */
  onRecordsDeleted(ti: number, p: number, deletedMsgIds: readonly number[], newLogStart: number, reason: string): void {
    const settledArray = this.settled[ti] as Float64Array;
    const settled = settledArray[p] as number;
    if (settled < 0 || newLogStart <= settled) return;
    const ctx = this.group.ctx;
    const topic = this.group.topicOf(ti);
    const why = `deleted by ${reason} before the group read it`;
    let first = -1;
    let last = -1;
    for (const msgId of deletedMsgIds) {
      const offset = ctx.offsetOf(msgId);
      if (offset < settled) continue;
      if (!this.markUnread(topic, p, offset, msgId, 'lost', why)) continue;
      if (first < 0) first = offset;
      last = offset;
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
   * An offset reset moved a partition's committed offset from `from` to `target`: what the group
   * had reached before and reads again counts as replayed; what the reset jumps over is skipped
   * (`skipReason` says why).
   */
  onOffsetReset(ti: number, p: number, from: number, target: number, skipReason: string): void {
    (this.lastCommitter[ti] as Int32Array)[p] = -1;
    const replayEnd = this.replayEnd[ti] as Float64Array;
    const settled = (this.settled[ti] as Float64Array)[p] as number;
    const reachedBefore = Math.max(from, settled);
    if (target < reachedBefore) replayEnd[p] = Math.max(replayEnd[p] as number, reachedBefore);
    else if (target > settled && settled >= 0) this.settle(ti, p, target, 'skipped', skipReason);
    else if (settled < 0) (this.settled[ti] as Float64Array)[p] = target;
  }

  /** A member lost a partition with records fetched past the committed offset: whoever reads it next may process them again. */
  noteHandover(consumer: Consumer, ti: number, p: number, position: number, what: string): void {
    const committed = (this.group.committed[ti] as Float64Array)[p] as number;
    const topic = this.group.topicOf(ti);
    // Where the next owner starts: the committed offset, or auto.offset.reset without one.
    const restart =
      committed >= 0
        ? committed
        : this.group.config.autoOffsetReset === 'earliest'
          ? logStartOffset(topic, p)
          : position;
    if (position <= restart) return;
    const commitText =
      committed >= 0 ? `the group's committed offset was still ${committed}` : 'nothing was committed yet';
    this.pushNote(this.duplicateNotes, {
      topicIndex: ti,
      partition: p,
      fromOffset: restart,
      toOffset: position,
      atMs: this.group.ctx.now,
      text: `${consumer.label} had fetched offsets ${restart}–${position - 1} of ${topic.name}-${p} but ${commitText} when it ${what}; the next owner starts again from ${restart}, so what ${consumer.label} had already processed is processed twice.`,
    });
  }

  /** A producer retry wrote records again at [fromOffset, toOffset): the group will process them twice. */
  noteProducerDuplicate(ti: number, p: number, fromOffset: number, toOffset: number, text: string): void {
    this.pushNote(this.duplicateNotes, {
      topicIndex: ti,
      partition: p,
      fromOffset,
      toOffset,
      atMs: this.group.ctx.now,
      text,
    });
  }

  /** How the committed offset got past unprocessed records, in words. */
  commitCause(ti: number, p: number, offset: number): string {
    const slot = (this.lastCommitter[ti] as Int32Array)[p] as number;
    const committer = slot >= 0 ? (this.group.ctx.consumers[slot] as Consumer) : null;
    if (!committer) return `the group's committed offset ${offset} was already past them`;
    const fate =
      committer.crashedAtMs >= 0
        ? `crashed at ${formatSeconds(committer.crashedAtMs)} before processing them`
        : committer.kickedAtMs >= 0
          ? `was kicked out at ${formatSeconds(committer.kickedAtMs)}`
          : 'never processed them';
    const config = this.group.config;
    const how =
      !config.enableAutoCommit && config.commitTiming === 'before-processing'
        ? ' right after poll(), before processing (at-most-once)'
        : '';
    return `${committer.label} committed offset ${offset}${how}, then ${fate}`;
  }

  /**
   * Counts one record the group will never read as lost or skipped and traces it; false when the
   * group had already processed (or counted) it.
   */
  private markUnread(topic: Topic, p: number, offset: number, msgId: number, as: Unread, reason: string): boolean {
    const states = this.processedState;
    states.ensure(msgId);
    if (states.data[msgId] !== NOT_PROCESSED) return false;
    states.data[msgId] = as === 'lost' ? LOST : SKIPPED;
    if (as === 'lost') this.lost++;
    else this.skipped++;
    const ctx = this.group.ctx;
    ctx.trace?.({
      t: ctx.now,
      type: 'kafka.record.lost',
      msg: msgId,
      group: this.group.groupId,
      topic: topic.name,
      partition: p,
      offset,
      kind: as,
      reason,
    });
    return true;
  }

  private pushNote(list: RangeNote[], note: RangeNote): void {
    if (list.length === NOTE_LIMIT) list.shift();
    list.push(note);
  }
}
