/**
 * One Kafka partition's log as the broker keeps it: segments, time/size rolling, retention deletion
 * and log compaction (the log cleaner), as a pure data structure. The simulation calls it; when to
 * run a retention check or a cleaner pass is the caller's business.
 *
 * Sources (apache/kafka @1eb7644, trunk 2024-10-25, 4.0.0-SNAPSHOT; same commit as FIDELITY.md):
 * - apache/kafka @1eb7644 — storage/src/main/java/org/apache/kafka/storage/internals/log/LogSegment.java
 *   (shouldRoll, timeWaitedForRoll, largestTimestamp, findOffsetByTimestamp)
 * - apache/kafka @1eb7644 — core/src/main/scala/kafka/log/UnifiedLog.scala (maybeRoll, deleteOldSegments,
 *   deletableSegments, deleteSegments, deleteRetentionMsBreachedSegments, deleteRetentionSizeBreachedSegments,
 *   deleteLogStartOffsetBreachedSegments, maybeIncrementLogStartOffset, truncateTo, fetchOffsetByTimestamp)
 * - apache/kafka @1eb7644 — core/src/main/scala/kafka/log/LocalLog.scala (roll, truncateTo)
 * - apache/kafka @1eb7644 — storage/src/main/java/org/apache/kafka/storage/internals/log/LogSegments.java
 *   (values(from, to), nonActiveLogSegmentsFrom)
 * - apache/kafka @1eb7644 — core/src/main/scala/kafka/log/LogCleaner.scala (doClean, cleanSegments, cleanInto,
 *   shouldRetainRecord, groupSegmentsBySize, buildOffsetMap, buildOffsetMapForSegment, LogToClean)
 * - apache/kafka @1eb7644 — clients/src/main/java/org/apache/kafka/common/record/MemoryRecords.java (filterTo:
 *   the KIP-534 delete horizon is stamped on a batch the first time the cleaner retains its tombstone)
 * - apache/kafka @1eb7644 — core/src/main/scala/kafka/log/LogCleanerManager.scala (grabFilthiestCompactedLog,
 *   cleanableOffsets, calculateCleanableBytes, maxCompactionDelay, maybeTruncateCheckpoint)
 * - apache/kafka @1eb7644 — core/src/main/scala/kafka/log/LogManager.scala (cleanupLogs, truncateTo)
 * - apache/kafka @1eb7644 — storage/src/main/java/org/apache/kafka/storage/internals/log/LogConfig.java (defaults,
 *   maxSegmentMs)
 *
 * Who calls what, in Kafka: the retention thread (every log.retention.check.interval.ms = 300000) runs
 * deleteOldSegments only for logs WITHOUT compact in cleanup.policy (LogManager.cleanupLogs). For `compact` and
 * `compact,delete` logs the cleaner thread runs it after every cleaning attempt (LogCleaner.cleanFilthiestLog →
 * deletableLogs), i.e. every log.cleaner.backoff.ms (15000) when idle: `cleanerCycle` does both steps.
 *
 * Simplified, said out loud:
 * - Each record is its own batch. Real producers batch, and Kafka's per-batch rules then apply to the batch: the
 *   roll check (size and timestamp of the incoming batch), the tombstone delete horizon, the batch a
 *   timestamp search lands in, the empty-batch header kept for the last batch of a cleaning round.
 * - `bytesOf` is the record's size on disk including its batch overhead (each record is a batch).
 * - No transactions and no idempotent-producer state: the last stable offset is the high watermark, there are no
 *   control batches or aborted records, and the cleaner never keeps an emptied batch as a 61-byte header (Kafka
 *   does for an active producer's last batch and for the last batch of a cleaning round, which in this model
 *   could only be emptied by dropping a null-key record).
 * - CreateTime timestamps, all ≥ 0 (message.timestamp.type=CreateTime, the default). Kafka's wall-clock
 *   fallbacks for records without timestamps (segment create time) are not modelled. A segment's file mtime
 *   (`lastModifiedMs`) is the broker time of its last append (0 for the first segment until it gets one;
 *   truncation does not touch it); Kafka uses the mtime only for segments with no records.
 * - segment.jitter.ms is 0 (the default; otherwise Kafka draws a random jitter per segment).
 * - The offset and time indexes are not modelled: with segment.index.bytes at its default (10 MiB) they can fill
 *   only in segments over ~3.4 GB, more than segment.bytes allows, so their roll/grouping checks never bind;
 *   offset searches scan the segment instead of starting at a sparse index entry (same answer when timestamps
 *   do not go backwards).
 * - The cleaner's offset map is unbounded (Kafka: log.cleaner.dedupe.buffer.size = 128 MiB ≈ 5 M keys per pass,
 *   beyond which a pass cleans only part of the dirty section) and keyed by exact key id, not a 16-byte MD5.
 * - Offsets are int32 (a simulation never reaches 2^31 records in a partition), so Kafka's checks that a
 *   segment's offsets fit in 32 bits relative to its base never bind.
 * - Files are removed at once (Kafka renames them and deletes after file.delete.delay.ms = 60000).
 */

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';

export type LogConfig = {
  /** segment.bytes: a segment rolls when the next record would take it past this. Default 1073741824. */
  segmentBytes: number;
  /** segment.ms: a segment rolls when the next record's timestamp is more than this after its first record's. */
  segmentMs: number;
  /** retention.ms: segments whose largest timestamp is older than this are deleted; -1 = unlimited. */
  retentionMs: number;
  /** retention.bytes: per partition; oldest segments go while the log stays ≥ this; -1 = unlimited. */
  retentionBytes: number;
  cleanupPolicy: CleanupPolicy;
  /** delete.retention.ms: how long a tombstone outlives the cleaner pass that first retained it. */
  deleteRetentionMs: number;
  /** min.cleanable.dirty.ratio: the cleaner runs when dirty / (clean + dirty) bytes exceeds this. */
  minCleanableDirtyRatio: number;
  /** min.compaction.lag.ms: segments with a record younger than this are not cleaned. */
  minCompactionLagMs: number;
  /** max.compaction.lag.ms: a dirty segment older than this is cleaned whatever the ratio. Absent = Kafka's
   * default Long.MAX_VALUE (never). It also caps segment.ms for compacted logs (LogConfig.maxSegmentMs). */
  maxCompactionLagMs?: number;
};

export const DEFAULT_LOG_CONFIG: LogConfig = {
  segmentBytes: 1073741824, // LogConfig.DEFAULT_SEGMENT_BYTES = 1 GiB
  segmentMs: 604800000, // DEFAULT_SEGMENT_MS = 7 days
  retentionMs: 604800000, // DEFAULT_RETENTION_MS = 7 days
  retentionBytes: -1, // ServerLogConfigs.LOG_RETENTION_BYTES_DEFAULT
  cleanupPolicy: 'delete',
  deleteRetentionMs: 86400000, // DEFAULT_DELETE_RETENTION_MS = 1 day
  minCleanableDirtyRatio: 0.5,
  minCompactionLagMs: 0,
};

/** What the log needs to know about a record it stores, by message id (the simulation's message table answers). */
export type RecordSource = {
  /** CreateTime, ms. */
  timestampOf(msgId: number): number;
  /** Record size in bytes (one record = one batch, so include the batch overhead). */
  bytesOf(msgId: number): number;
  /** Interned key id, -1 = null key. */
  keyOf(msgId: number): number;
  /** Null value. */
  isTombstone(msgId: number): boolean;
};

export type SegmentView = {
  baseOffset: number;
  /** The next segment's base offset, or the log end offset for the active segment. */
  nextOffset: number;
  /** Records physically present (compaction leaves gaps; DeleteRecords leaves records below logStartOffset). */
  records: number;
  bytes: number;
  /** Timestamp of the first present record (Kafka's rolling-based timestamp), -1 when empty. */
  firstTimestamp: number;
  /** LogSegment.largestTimestamp: the largest record timestamp, or `lastModifiedMs` when the segment is empty. */
  largestTimestamp: number;
  /** The file's mtime: broker time of the last append (a cleaned segment keeps its group's last one). */
  lastModifiedMs: number;
  active: boolean;
  /** Entirely below the cleaner checkpoint (the first dirty offset). */
  cleaned: boolean;
};

export type RetentionReason = 'log-start-offset' | 'retention.bytes' | 'retention.ms';

export type RetentionResult = {
  /** Message ids of the deleted records, in offset order. */
  deletedMsgIds: number[];
  segmentsDeleted: number;
  /** The first rule, in Kafka's check order (log start offset, size, time), that deleted a segment. */
  reason: RetentionReason | null;
  segmentsDeletedBy: Record<RetentionReason, number>;
  logStartOffset: number;
  /** A new empty active segment was rolled because every segment was deletable (UnifiedLog.deleteSegments). */
  rolled: boolean;
};

export type CleanResult = {
  /** Records the cleaner dropped, in offset order. */
  removedMsgIds: number[];
  /** Records with a later record for the same key in the dirty section (older tombstones included). */
  supersededRemoved: number;
  /** Latest-for-key tombstones whose delete horizon had passed. */
  tombstonesRemoved: number;
  /** Null-key records (the broker rejects them on compacted topics; the cleaner drops any it finds). */
  nullKeyRemoved: number;
  /** Tombstones retained by this pass that got their delete horizon = nowMs + delete.retention.ms. */
  tombstoneHorizonsSet: number;
  firstDirtyOffsetBefore: number;
  /** The new cleaner checkpoint: the first uncleanable offset (a segment base). */
  firstDirtyOffsetAfter: number;
  /** cleanable / (clean + cleanable) bytes when the pass was chosen. */
  dirtyRatio: number;
  bytesBefore: number;
  bytesAfter: number;
  segmentsBefore: SegmentView[];
  segmentsAfter: SegmentView[];
};

/** What LogCleanerManager computes for a log before choosing it (LogToClean). */
export type CleanableState = {
  firstDirtyOffset: number;
  /** Segment-aligned upper bound of this pass (calculateCleanableBytes). */
  firstUncleanableOffset: number;
  cleanBytes: number;
  cleanableBytes: number;
  dirtyRatio: number;
  /** max.compaction.lag.ms has been exceeded by a dirty segment. */
  needCompactionNow: boolean;
  /** The log would be cleaned now. */
  eligible: boolean;
};

// Segment columns, packed with a stride into one Float64Array.
const F_BASE = 0; // base offset
const F_START = 1; // physical index of the segment's first record in the record columns
const F_BYTES = 2;
const F_FIRST_TS = 3; // timestamp of the first present record (rolling-based timestamp); -1 when empty
const F_MAX_TS = 4; // largest record timestamp (maxTimestampSoFar); -1 when empty
const F_MODIFIED = 5; // file mtime: broker time of the last append
const STRIDE = 6;

const MAX_OFFSET = 0x7fffffff;
/** Kafka's Long.MAX_VALUE default for max.compaction.lag.ms, as far as a double can count. */
const NEVER = Number.MAX_SAFE_INTEGER;

const hasCompact = (policy: CleanupPolicy): boolean => policy !== 'delete';
const hasDelete = (policy: CleanupPolicy): boolean => policy !== 'compact';

export class PartitionLog {
  /** Mutable: a topic config change applies at the next roll, retention check or cleaner pass. */
  config: LogConfig;
  private readonly source: RecordSource;

  // Records: message ids in offset order in [head, tail). Deleting from the front advances `head`; the arrays
  // are slid down only when they are full and at least half dead, so each record moves O(1) times amortised.
  private ids: Int32Array;
  // Offsets, only while the log has gaps (after compaction). While null, the records are exactly the offsets
  // [leo - length, leo): appends, front deletion and truncation keep that true, so delete-policy logs (the
  // default) never pay 4 bytes per record. Int32 is enough (see header).
  private offs: Int32Array | null = null;
  private head = 0;
  private tail = 0;

  private seg: Float64Array;
  private segHead = 0;
  private segTail = 0;

  private leo = 0;
  private lso = 0;
  private bytes = 0;
  /** The cleaner checkpoint (cleaner-offset-checkpoint): first dirty offset, -1 before the first pass. */
  private checkpoint = -1;
  /** KIP-534 delete horizons, by tombstone offset (set the first time the cleaner retains the tombstone). */
  private readonly horizons = new Map<number, number>();

  constructor(config: LogConfig, source: RecordSource, initialCapacity = 1024) {
    this.config = config;
    this.source = source;
    this.ids = new Int32Array(Math.max(16, initialCapacity));
    this.seg = new Float64Array(16 * STRIDE);
    this.pushSegment(0, 0);
  }

  get logStartOffset(): number {
    return this.lso;
  }
  /** The next offset to be assigned. */
  get logEndOffset(): number {
    return this.leo;
  }
  /** Records present (after deletions and compaction). */
  get length(): number {
    return this.tail - this.head;
  }
  get sizeBytes(): number {
    return this.bytes;
  }
  get segmentCount(): number {
    return this.segTail - this.segHead;
  }
  get activeSegmentBaseOffset(): number {
    return this.seg[(this.segTail - 1) * STRIDE + F_BASE] as number;
  }
  /** The cleaner checkpoint: the first dirty offset, -1 before the first cleaner pass. */
  get cleanerCheckpoint(): number {
    return this.checkpoint;
  }
  /** The tombstone's delete horizon (ms), or -1 while the cleaner has not retained it yet. */
  deleteHorizonOf(offset: number): number {
    return this.horizons.get(offset) ?? -1;
  }

  msgIdAt(index: number): number {
    return this.ids[this.head + index] as number;
  }

  offsetAt(index: number): number {
    const offs = this.offs;
    return offs === null ? this.leo - (this.tail - this.head) + index : (offs[this.head + index] as number);
  }

  /** Index of the first present record with offset >= `offset` (length when none). O(1) while the log has no
   * gaps, O(log n) after compaction. */
  indexOf(offset: number): number {
    const length = this.tail - this.head;
    const offs = this.offs;
    if (offs === null) {
      const i = offset - (this.leo - length);
      return i <= 0 ? 0 : i >= length ? length : i;
    }
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((offs[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** Appends at the log end (rolling a new segment first when Kafka would) and returns the record's offset.
   * `nowMs` is the broker's clock (the segment file's mtime). Throws, as the broker rejects the produce with
   * RecordBatchTooLargeException, when the record is larger than segment.bytes. */
  append(msgId: number, nowMs: number): number {
    const source = this.source;
    const config = this.config;
    const size = source.bytesOf(msgId);
    const timestamp = source.timestampOf(msgId);
    if (size > config.segmentBytes) {
      throw new RangeError(
        `Record not appended: at partition log offset ${this.leo}: expected a record of at most segment.bytes ` +
          `(${config.segmentBytes}) bytes, got ${size}. Kafka rejects it with RecordBatchTooLargeException.`,
      );
    }
    if (this.leo >= MAX_OFFSET) {
      throw new RangeError(`Record not appended: the partition log reached offset ${MAX_OFFSET}, the model's limit.`);
    }
    let p = (this.segTail - 1) * STRIDE;
    const segSize = this.seg[p + F_BYTES] as number;
    // LogSegment.shouldRoll: `size > maxSegmentBytes - messagesSize || (size > 0 && reachedRollMs)`, where
    // reachedRollMs = incoming batch max timestamp - first batch timestamp > maxSegmentMs - rollJitterMs.
    if (
      segSize > config.segmentBytes - size ||
      (segSize > 0 && timestamp - (this.seg[p + F_FIRST_TS] as number) > this.maxSegmentMs())
    ) {
      this.roll(nowMs);
      p = (this.segTail - 1) * STRIDE;
    }
    if (this.tail === this.ids.length) this.makeRecordRoom();
    const offset = this.leo;
    const seg = this.seg;
    if ((seg[p + F_START] as number) === this.tail) seg[p + F_FIRST_TS] = timestamp;
    this.ids[this.tail] = msgId;
    if (this.offs !== null) this.offs[this.tail] = offset;
    this.tail++;
    seg[p + F_BYTES] = (seg[p + F_BYTES] as number) + size;
    if (timestamp > (seg[p + F_MAX_TS] as number)) seg[p + F_MAX_TS] = timestamp;
    seg[p + F_MODIFIED] = nowMs;
    this.bytes += size;
    this.leo = offset + 1;
    return offset;
  }

  /** Removes every record with offset >= `offset` (follower truncation after a leader change); the LEO becomes
   * `offset`. Returns the removed message ids in offset order. UnifiedLog.truncateTo / LocalLog.truncateTo. */
  truncateTo(offset: number): number[] {
    if (!(offset >= 0)) {
      throw new RangeError(`Log not truncated: expected an offset ≥ 0, got ${offset}. The log is unchanged.`);
    }
    if (offset >= this.leo) return [];
    const activeBaseBefore = this.activeSegmentBaseOffset;
    const from = this.head + this.indexOf(offset);
    const removed = this.takeRecords(from, this.tail);
    this.tail = from;
    if ((this.seg[this.segHead * STRIDE + F_BASE] as number) > offset) {
      // truncateFullyAndStartAt: every segment goes, one empty segment at `offset`, logStartOffset = offset.
      this.segTail = this.segHead;
      this.head = this.tail = 0;
      this.pushSegment(offset, 0);
      this.lso = offset;
    } else {
      // Segments with baseOffset > offset are deleted; the one holding `offset` is cut (it may become empty).
      this.segTail = this.floorSegment(offset) + 1;
      this.recomputeSegment(this.segTail - 1);
      this.lso = Math.min(offset, this.lso);
    }
    this.leo = offset;
    // LogManager.truncateTo → maybeTruncateCleanerCheckpointToActiveSegmentBaseOffset (when truncating below the
    // old active segment, and only an existing checkpoint is lowered).
    if (offset < activeBaseBefore && this.checkpoint > this.activeSegmentBaseOffset) {
      this.checkpoint = this.activeSegmentBaseOffset;
    }
    this.maybeDropOffsets();
    return removed;
  }

  /** DeleteRecords (UnifiedLog.maybeIncrementLogStartOffset): raises the log start offset; whole segments below
   * it go at the next retention check (`deleteRetention`, under any cleanup policy). -1 means the high watermark.
   * Returns Kafka's error code: OFFSET_OUT_OF_RANGE when `offset` is above the high watermark. */
  advanceLogStartOffset(offset: number, highWatermark: number): 'NONE' | 'OFFSET_OUT_OF_RANGE' {
    const target = offset === -1 ? highWatermark : offset;
    if (target < 0 || target > highWatermark) return 'OFFSET_OUT_OF_RANGE';
    if (target > this.lso) this.lso = target;
    return 'NONE';
  }

  /** One UnifiedLog.deleteOldSegments: whole segments, oldest first, stopping at the first one that is not
   * deletable, only segments entirely below `highWatermark`. The log start offset rule applies under any policy;
   * size and time retention only when cleanup.policy includes delete. */
  deleteRetention(nowMs: number, highWatermark: number): RetentionResult {
    const result: RetentionResult = {
      deletedMsgIds: [],
      segmentsDeleted: 0,
      reason: null,
      segmentsDeletedBy: { 'log-start-offset': 0, 'retention.bytes': 0, 'retention.ms': 0 },
      logStartOffset: this.lso,
      rolled: false,
    };
    this.deleteOldSegments('log-start-offset', nowMs, highWatermark, result);
    if (hasDelete(this.config.cleanupPolicy)) {
      this.deleteOldSegments('retention.bytes', nowMs, highWatermark, result);
      this.deleteOldSegments('retention.ms', nowMs, highWatermark, result);
    }
    result.logStartOffset = this.lso;
    this.maybeDropOffsets();
    return result;
  }

  /** What the cleaner manager sees for this log now (LogCleanerManager.cleanableOffsets + LogToClean). */
  cleanableState(nowMs: number, highWatermark: number): CleanableState {
    const config = this.config;
    const activeBase = this.activeSegmentBaseOffset;
    // cleanableOffsets: the checkpoint, reset to the log start offset when it is outside the log.
    const checkpoint = this.checkpoint >= 0 ? this.checkpoint : this.lso;
    const firstDirty = checkpoint < this.lso || checkpoint > this.leo ? this.lso : checkpoint;
    // Never clean past the last stable offset (= HW here), the active segment, or the first dirty segment with
    // a record younger than min.compaction.lag.ms.
    let uncleanable = Math.min(highWatermark, activeBase);
    const minLag = Math.max(config.minCompactionLagMs, 0);
    const [d0, d1] = this.nonActiveSegmentsFrom(firstDirty);
    if (minLag > 0) {
      for (let s = d0; s < d1; s++) {
        if (this.largestTimestamp(s) > nowMs - minLag) {
          uncleanable = Math.min(uncleanable, this.seg[s * STRIDE + F_BASE] as number);
          break;
        }
      }
    }
    const uncleanableOffset = Math.max(firstDirty, uncleanable);
    // calculateCleanableBytes: rounded down to the base of the segment holding it.
    const [u0, u1] = this.nonActiveSegmentsFrom(uncleanableOffset);
    const firstUncleanable = u0 < u1 ? (this.seg[u0 * STRIDE + F_BASE] as number) : activeBase;
    const cleanableBytes = this.sumBytes(...this.segmentsIn(Math.min(firstDirty, firstUncleanable), firstUncleanable));
    const cleanBytes = this.sumBytes(...this.segmentsIn(-1, firstDirty));
    const total = cleanBytes + cleanableBytes;
    const dirtyRatio = total > 0 ? cleanableBytes / total : 0;
    // maxCompactionDelay: earliest first-batch timestamp (> 0) of the dirty non-active segments.
    const maxLag = Math.max(config.maxCompactionLagMs ?? NEVER, 0);
    let earliest = Infinity;
    for (let s = d0; s < d1; s++) {
      const first = this.seg[s * STRIDE + F_FIRST_TS] as number;
      if (first > 0 && first < earliest) earliest = first;
    }
    const needCompactionNow = earliest < nowMs - maxLag;
    const eligible =
      hasCompact(config.cleanupPolicy) &&
      total > 0 &&
      ((needCompactionNow && cleanableBytes > 0) || dirtyRatio > config.minCleanableDirtyRatio);
    return {
      firstDirtyOffset: firstDirty,
      firstUncleanableOffset: firstUncleanable,
      cleanBytes,
      cleanableBytes,
      dirtyRatio,
      needCompactionNow,
      eligible,
    };
  }

  /** dirty / (clean + dirty) bytes over the cleanable range; 0 unless cleanup.policy includes compact (Kafka
   * computes it only for compacted logs). */
  dirtyRatio(nowMs: number, highWatermark: number): number {
    return hasCompact(this.config.cleanupPolicy) ? this.cleanableState(nowMs, highWatermark).dirtyRatio : 0;
  }

  /** One cleaner pass (Cleaner.doClean) if the log is eligible: policy includes compact and the dirty ratio
   * exceeds min.cleanable.dirty.ratio (or max.compaction.lag.ms is exceeded). Returns null when not eligible.
   * `highWatermark` bounds the cleanable range (the last stable offset is the HW here). */
  clean(nowMs: number, highWatermark: number): CleanResult | null {
    if (!hasCompact(this.config.cleanupPolicy)) return null;
    const state = this.cleanableState(nowMs, highWatermark);
    // forceUpdateCheckpoint: an out-of-range checkpoint is reset even when nothing is cleaned.
    if (this.checkpoint >= 0 && this.checkpoint !== state.firstDirtyOffset) this.checkpoint = state.firstDirtyOffset;
    if (!state.eligible) return null;
    return this.doClean(nowMs, state);
  }

  /** What Kafka's cleaner thread does for a compacted log each cycle (LogCleaner.cleanFilthiestLog): a cleaner
   * pass if eligible, then deleteOldSegments. In Kafka the retention thread skips compacted logs. */
  cleanerCycle(nowMs: number, highWatermark: number): { cleaned: CleanResult | null; retention: RetentionResult } {
    const cleaned = this.clean(nowMs, highWatermark);
    return { cleaned, retention: this.deleteRetention(nowMs, highWatermark) };
  }

  /** For the UI: segments oldest first. */
  segments(): SegmentView[] {
    const views: SegmentView[] = [];
    for (let s = this.segHead; s < this.segTail; s++) views.push(this.segmentView(s));
    return views;
  }

  /** ListOffsets by timestamp (what `--reset-offsets --to-datetime` uses): UnifiedLog.fetchOffsetByTimestamp
   * picks the first segment whose largestTimestamp >= ts, and in it the first record (at or above the log start
   * offset) with timestamp >= ts. When there is none, or it is at/after `lastFetchableOffset` (the HW for
   * read_uncommitted; ReplicaManager then answers UNKNOWN_OFFSET), the tool falls back to the latest offset,
   * which is what this returns. */
  offsetForTimestamp(ts: number, lastFetchableOffset: number = this.leo): number {
    for (let s = this.segHead; s < this.segTail; s++) {
      if (this.largestTimestamp(s) < ts) continue;
      const end = this.segmentEnd(s);
      for (let i = this.seg[s * STRIDE + F_START] as number; i < end; i++) {
        const offset = this.physicalOffset(i);
        if (offset >= this.lso && this.source.timestampOf(this.ids[i] as number) >= ts) {
          return offset < lastFetchableOffset ? offset : lastFetchableOffset;
        }
      }
      break; // Kafka searches only that one segment.
    }
    return lastFetchableOffset;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Retention

  private deleteOldSegments(
    rule: RetentionReason,
    nowMs: number,
    highWatermark: number,
    result: RetentionResult,
  ): void {
    const config = this.config;
    let diff = 0;
    if (rule === 'retention.bytes') {
      if (config.retentionBytes < 0 || this.bytes < config.retentionBytes) return;
      diff = this.bytes - config.retentionBytes;
    } else if (rule === 'retention.ms' && config.retentionMs < 0) return;
    // deletableSegments
    const seg = this.seg;
    let count = 0;
    for (let s = this.segHead; s < this.segTail; s++) {
      const p = s * STRIDE;
      const hasNext = s + 1 < this.segTail;
      const upperBoundOffset = hasNext ? (seg[p + STRIDE + F_BASE] as number) : this.leo;
      if (!(highWatermark >= upperBoundOffset)) break;
      const size = seg[p + F_BYTES] as number;
      let deletable: boolean;
      if (rule === 'log-start-offset') deletable = hasNext && (seg[p + STRIDE + F_BASE] as number) <= this.lso;
      else if (rule === 'retention.bytes') {
        deletable = diff - size >= 0;
        if (deletable) diff -= size;
      } else deletable = nowMs - this.largestTimestamp(s) > config.retentionMs;
      const isLastSegmentAndEmpty = !hasNext && size === 0;
      if (!deletable || isLastSegmentAndEmpty) break;
      count++;
    }
    if (count === 0) return;
    // deleteSegments: "we must always have at least one segment", so roll first when all are deletable.
    if (count === this.segTail - this.segHead) {
      this.roll(nowMs);
      result.rolled = true;
    }
    const next = this.segHead + count;
    const newStart = this.seg[next * STRIDE + F_BASE] as number;
    if (newStart > this.lso) this.lso = newStart;
    const until = this.seg[next * STRIDE + F_START] as number;
    const deleted = this.takeRecords(this.head, until);
    for (let i = 0; i < deleted.length; i++) result.deletedMsgIds.push(deleted[i] as number);
    this.head = until;
    this.segHead = next;
    result.segmentsDeleted += count;
    result.segmentsDeletedBy[rule] += count;
    if (result.reason === null) result.reason = rule;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Cleaning

  private doClean(nowMs: number, state: CleanableState): CleanResult {
    const source = this.source;
    const config = this.config;
    const firstDirty = state.firstDirtyOffset;
    const upper = state.firstUncleanableOffset;
    const segmentsBefore = this.segments();
    const bytesBefore = this.bytes;
    if (this.offs === null) this.materializeOffsets();
    const ids = this.ids;
    const offs = this.offs as Int32Array;
    const seg = this.seg;

    // buildOffsetMap: latest offset per key over the dirty segments [firstDirty, upper).
    const latestByKey = new Map<number, number>();
    const [d0, d1] = this.segmentsIn(firstDirty, upper);
    if (d0 < d1) {
      const end = this.segmentEnd(d1 - 1);
      for (let i = seg[d0 * STRIDE + F_START] as number; i < end; i++) {
        const offset = offs[i] as number;
        const key = source.keyOf(ids[i] as number);
        if (offset >= firstDirty && key !== -1) latestByKey.set(key, offset);
      }
    }
    // map.latestOffset ends at the last dirty segment's next offset - 1 (-1 when there was none), and the pass
    // covers offsets below endOffset = latestOffset + 1.
    const endOffset = d0 < d1 ? upper : 0;

    // groupSegmentsBySize over every segment below endOffset, by pre-cleaning sizes: a group grows while its
    // total stays <= segment.bytes (index-size and 2^31-offset-range checks never bind here; see header).
    const [g0, g1] = this.segmentsIn(0, endOffset);
    const removedMsgIds: number[] = [];
    let superseded = 0;
    let tombstones = 0;
    let nullKeys = 0;
    let horizonsSet = 0;
    let removedBytes = 0;
    let w = g0 < g1 ? (seg[g0 * STRIDE + F_START] as number) : this.head; // record write position
    let segW = g0; // segment write position
    let s = g0;
    while (s < g1) {
      let groupBytes = seg[s * STRIDE + F_BYTES] as number;
      let e = s + 1;
      while (e < g1 && groupBytes + (seg[e * STRIDE + F_BYTES] as number) <= config.segmentBytes) {
        groupBytes += seg[e * STRIDE + F_BYTES] as number;
        e++;
      }
      // cleanSegments: the group [s, e) is copied into one segment with the first one's base offset.
      const base = seg[s * STRIDE + F_BASE] as number;
      const modified = seg[(e - 1) * STRIDE + F_MODIFIED] as number;
      const from = seg[s * STRIDE + F_START] as number;
      const to = this.segmentEnd(e - 1);
      const start = w;
      let bytes = 0;
      let firstTs = -1;
      let maxTs = -1;
      for (let i = from; i < to; i++) {
        const msgId = ids[i] as number;
        const offset = offs[i] as number;
        const key = source.keyOf(msgId);
        const tombstone = source.isTombstone(msgId);
        // Cleaner.shouldRetainRecord (v2 records): latest for its key in the offset map, and a value or a
        // tombstone whose batch has no delete horizon yet or one still in the future.
        let retain: boolean;
        if (offset > endOffset - 1) retain = true;
        else if (key === -1) {
          retain = false;
          nullKeys++;
        } else if (offset < (latestByKey.get(key) ?? -1)) {
          retain = false;
          superseded++;
        } else if (tombstone) {
          const horizon = this.horizons.get(offset);
          retain = horizon === undefined || nowMs < horizon;
          if (!retain) tombstones++;
        } else retain = true;
        if (retain) {
          // MemoryRecords.filterTo: a retained tombstone's batch gets deleteHorizonMs = now + delete.retention.ms
          // the first time the cleaner rewrites it.
          if (tombstone && !this.horizons.has(offset)) {
            this.horizons.set(offset, nowMs + config.deleteRetentionMs);
            horizonsSet++;
          }
          const timestamp = source.timestampOf(msgId);
          if (w === start) firstTs = timestamp;
          if (timestamp > maxTs) maxTs = timestamp;
          bytes += source.bytesOf(msgId);
          ids[w] = msgId;
          offs[w] = offset;
          w++;
        } else {
          removedMsgIds.push(msgId);
          removedBytes += source.bytesOf(msgId);
          if (tombstone) this.horizons.delete(offset);
        }
      }
      const p = segW * STRIDE; // segW <= s: this group's entries were read above.
      seg[p + F_BASE] = base;
      seg[p + F_START] = start;
      seg[p + F_BYTES] = bytes;
      seg[p + F_FIRST_TS] = firstTs;
      seg[p + F_MAX_TS] = maxTs;
      seg[p + F_MODIFIED] = modified; // cleaned.setLastModified(segments.last.lastModified)
      segW++;
      s = e;
    }
    // Slide the uncleaned tail (segments g1.., records from their start) down over the freed space. g1 is never
    // past the active segment: endOffset <= its base offset.
    const readEnd = g0 < g1 ? (seg[g1 * STRIDE + F_START] as number) : w;
    const shift = readEnd - w;
    if (shift > 0) {
      ids.copyWithin(w, readEnd, this.tail);
      offs.copyWithin(w, readEnd, this.tail);
      this.tail -= shift;
      for (let t = g1; t < this.segTail; t++) seg[t * STRIDE + F_START] = (seg[t * STRIDE + F_START] as number) - shift;
    }
    if (segW < g1) {
      seg.copyWithin(segW * STRIDE, g1 * STRIDE, this.segTail * STRIDE);
      this.segTail -= g1 - segW;
    }
    this.bytes -= removedBytes;
    this.checkpoint = endOffset; // LogCleanerManager.doneCleaning
    this.maybeDropOffsets();
    return {
      removedMsgIds,
      supersededRemoved: superseded,
      tombstonesRemoved: tombstones,
      nullKeyRemoved: nullKeys,
      tombstoneHorizonsSet: horizonsSet,
      firstDirtyOffsetBefore: firstDirty,
      firstDirtyOffsetAfter: endOffset,
      dirtyRatio: state.dirtyRatio,
      bytesBefore,
      bytesAfter: this.bytes,
      segmentsBefore,
      segmentsAfter: this.segments(),
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Segments

  /** LogConfig.maxSegmentMs: compacted logs roll at least every max.compaction.lag.ms. */
  private maxSegmentMs(): number {
    const config = this.config;
    const maxLag = config.maxCompactionLagMs ?? NEVER;
    return hasCompact(config.cleanupPolicy) && maxLag > 0 ? Math.min(maxLag, config.segmentMs) : config.segmentMs;
  }

  /** LocalLog.roll: a new empty active segment at the log end offset (an empty active segment already there is
   * recreated, i.e. kept). */
  private roll(nowMs: number): void {
    const p = (this.segTail - 1) * STRIDE;
    if ((this.seg[p + F_BASE] as number) === this.leo && (this.seg[p + F_START] as number) === this.tail) {
      this.seg[p + F_MODIFIED] = nowMs;
      return;
    }
    this.pushSegment(this.leo, nowMs);
  }

  private pushSegment(baseOffset: number, nowMs: number): void {
    if (this.segTail * STRIDE === this.seg.length) {
      // Full: slide down when at least half the entries are deleted segments, else double.
      const live = this.segTail - this.segHead;
      if (this.segHead >= live) this.seg.copyWithin(0, this.segHead * STRIDE, this.segTail * STRIDE);
      else {
        const next = new Float64Array(this.seg.length * 2);
        next.set(this.seg.subarray(this.segHead * STRIDE, this.segTail * STRIDE));
        this.seg = next;
      }
      this.segHead = 0;
      this.segTail = live;
    }
    const p = this.segTail * STRIDE;
    const seg = this.seg;
    seg[p + F_BASE] = baseOffset;
    seg[p + F_START] = this.tail;
    seg[p + F_BYTES] = 0;
    seg[p + F_FIRST_TS] = -1;
    seg[p + F_MAX_TS] = -1;
    seg[p + F_MODIFIED] = nowMs;
    this.segTail++;
  }

  /** Physical index one past the segment's last record. */
  private segmentEnd(s: number): number {
    return s + 1 < this.segTail ? (this.seg[(s + 1) * STRIDE + F_START] as number) : this.tail;
  }

  /** LogSegment.largestTimestamp: max record timestamp, or the file mtime when the segment holds none. */
  private largestTimestamp(s: number): number {
    const max = this.seg[s * STRIDE + F_MAX_TS] as number;
    return max >= 0 ? max : (this.seg[s * STRIDE + F_MODIFIED] as number);
  }

  /** Index of the last segment with baseOffset <= offset, or segHead - 1 when none. */
  private floorSegment(offset: number): number {
    let lo = this.segHead;
    let hi = this.segTail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seg[mid * STRIDE + F_BASE] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** LogSegments.values(from, to): from the segment holding `from` to the last one starting below `to`. */
  private segmentsIn(from: number, to: number): [number, number] {
    if (to <= from) return [0, 0];
    const floor = this.floorSegment(from);
    const start = floor >= this.segHead ? floor : this.segHead;
    return [start, this.floorSegment(to - 1) + 1];
  }

  /** LogSegments.nonActiveLogSegmentsFrom. */
  private nonActiveSegmentsFrom(from: number): [number, number] {
    const activeBase = this.activeSegmentBaseOffset;
    return from > activeBase ? [0, 0] : this.segmentsIn(from, activeBase);
  }

  private sumBytes(from: number, to: number): number {
    let sum = 0;
    for (let s = from; s < to; s++) sum += this.seg[s * STRIDE + F_BYTES] as number;
    return sum;
  }

  /** Recomputes a segment's bytes and timestamps from its records (after truncation). */
  private recomputeSegment(s: number): void {
    const p = s * STRIDE;
    const source = this.source;
    const end = this.segmentEnd(s);
    let bytes = 0;
    let maxTs = -1;
    for (let i = this.seg[p + F_START] as number; i < end; i++) {
      const msgId = this.ids[i] as number;
      bytes += source.bytesOf(msgId);
      maxTs = Math.max(maxTs, source.timestampOf(msgId));
    }
    this.seg[p + F_BYTES] = bytes;
    this.seg[p + F_MAX_TS] = maxTs;
    if (end === (this.seg[p + F_START] as number)) this.seg[p + F_FIRST_TS] = -1;
  }

  private segmentView(s: number): SegmentView {
    const p = s * STRIDE;
    const seg = this.seg;
    const active = s === this.segTail - 1;
    const nextOffset = active ? this.leo : (seg[p + STRIDE + F_BASE] as number);
    return {
      baseOffset: seg[p + F_BASE] as number,
      nextOffset,
      records: this.segmentEnd(s) - (seg[p + F_START] as number),
      bytes: seg[p + F_BYTES] as number,
      firstTimestamp: seg[p + F_FIRST_TS] as number,
      largestTimestamp: this.largestTimestamp(s),
      lastModifiedMs: seg[p + F_MODIFIED] as number,
      active,
      cleaned: this.checkpoint >= 0 && nextOffset <= this.checkpoint && !active,
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Record columns

  private physicalOffset(i: number): number {
    return this.offs === null ? this.leo - this.tail + i : (this.offs[i] as number);
  }

  /** Message ids of physical records [from, to), dropping the delete horizons of removed tombstones and their
   * bytes from the log total (segment totals are the caller's). */
  private takeRecords(from: number, to: number): number[] {
    const out: number[] = new Array<number>(to - from);
    const source = this.source;
    for (let i = from; i < to; i++) {
      const msgId = this.ids[i] as number;
      out[i - from] = msgId;
      this.bytes -= source.bytesOf(msgId);
      if (this.horizons.size > 0 && source.isTombstone(msgId)) this.horizons.delete(this.physicalOffset(i));
    }
    return out;
  }

  /** Called when the record columns are full: slide down when at least half is dead, else double. */
  private makeRecordRoom(): void {
    const live = this.tail - this.head;
    const capacity = this.head >= live ? this.ids.length : this.ids.length * 2;
    const shift = this.head;
    if (capacity === this.ids.length) {
      this.ids.copyWithin(0, this.head, this.tail);
      if (this.offs !== null) this.offs.copyWithin(0, this.head, this.tail);
    } else {
      const ids = new Int32Array(capacity);
      ids.set(this.ids.subarray(this.head, this.tail));
      this.ids = ids;
      if (this.offs !== null) {
        const offs = new Int32Array(capacity);
        offs.set(this.offs.subarray(this.head, this.tail));
        this.offs = offs;
      }
    }
    this.head = 0;
    this.tail = live;
    if (shift > 0) {
      for (let s = this.segHead; s < this.segTail; s++) {
        this.seg[s * STRIDE + F_START] = (this.seg[s * STRIDE + F_START] as number) - shift;
      }
    }
  }

  private materializeOffsets(): void {
    const offs = new Int32Array(this.ids.length);
    const first = this.leo - this.tail; // offset of physical index 0 while gap-free
    for (let i = this.head; i < this.tail; i++) offs[i] = first + i;
    this.offs = offs;
  }

  /** Drops the offset column once the records are again exactly [leo - length, leo): offsets rise strictly and
   * stay below the LEO, so a first offset of leo - length is enough. */
  private maybeDropOffsets(): void {
    const offs = this.offs;
    const length = this.tail - this.head;
    if (offs !== null && (length === 0 || (offs[this.head] as number) === this.leo - length)) this.offs = null;
  }
}
