import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_CONFIG, PartitionLog, type LogConfig, type RecordSource } from './partitionLog';

/** A message table for tests: records by id, with a helper to add one. */
function table() {
  const ts: number[] = [];
  const bytes: number[] = [];
  const keys: number[] = [];
  const tombs: boolean[] = [];
  const source: RecordSource = {
    timestampOf: (m) => ts[m] as number,
    bytesOf: (m) => bytes[m] as number,
    keyOf: (m) => keys[m] as number,
    isTombstone: (m) => tombs[m] as boolean,
  };
  const add = (timestamp: number, size: number, key = -1, tombstone = false): number => {
    ts.push(timestamp);
    bytes.push(size);
    keys.push(key);
    tombs.push(tombstone);
    return ts.length - 1;
  };
  return { source, add, ts, bytes, keys, tombs };
}

const config = (over: Partial<LogConfig>): LogConfig => ({ ...DEFAULT_LOG_CONFIG, ...over });

/** A log plus `put(ts, bytes, key?, tombstone?, nowMs?)` that appends a new record and returns its offset. */
function setup(over: Partial<LogConfig>, initialCapacity?: number) {
  const t = table();
  const log = new PartitionLog(config(over), t.source, initialCapacity);
  const put = (ts: number, size = 30, key = -1, tombstone = false, nowMs = ts): number =>
    log.append(t.add(ts, size, key, tombstone), nowMs);
  return { log, put, ...t };
}

const bases = (log: PartitionLog) => log.segments().map((s) => s.baseOffset);
const offsets = (log: PartitionLog) => Array.from({ length: log.length }, (_, i) => log.offsetAt(i));
const internals = (log: PartitionLog) =>
  log as unknown as { ids: Int32Array; offs: Int32Array | null; seg: Float64Array };

describe('PartitionLog: appends and rolling (LogSegment.shouldRoll)', () => {
  it('assigns consecutive offsets from 0 and counts bytes', () => {
    const { log, put } = setup({});
    expect([put(1), put(2), put(3)]).toEqual([0, 1, 2]);
    expect(log.logEndOffset).toBe(3);
    expect(log.length).toBe(3);
    expect(log.sizeBytes).toBe(90);
    expect(log.logStartOffset).toBe(0);
  });

  it('rolls by size when the next record would take the segment past segment.bytes', () => {
    // 30-byte records, segment.bytes 100: 30, 60, 90, then 90 > 100 - 30 rolls.
    const { log, put } = setup({ segmentBytes: 100 });
    for (let i = 0; i < 7; i++) put(i);
    expect(log.segments().map((s) => [s.baseOffset, s.nextOffset, s.records, s.bytes, s.active])).toEqual([
      [0, 3, 3, 90, false],
      [3, 6, 3, 90, false],
      [6, 7, 1, 30, true],
    ]);
  });

  it('fills a segment up to exactly segment.bytes (the size check is strict)', () => {
    const { log, put } = setup({ segmentBytes: 100 });
    put(0, 50);
    put(1, 50);
    expect(log.segmentCount).toBe(1);
    put(2, 1);
    expect(bases(log)).toEqual([0, 2]);
  });

  it('rolls by time on record timestamps: incoming minus first record > segment.ms', () => {
    const { log, put } = setup({ segmentMs: 100 });
    put(0);
    put(50);
    put(100); // 100 - 0 = 100 is not > 100
    expect(log.segmentCount).toBe(1);
    put(101);
    expect(bases(log)).toEqual([0, 3]);
    expect(log.segments()[1]?.firstTimestamp).toBe(101);
  });

  it('ignores the broker clock for time rolling when records carry timestamps', () => {
    const { log, put } = setup({ segmentMs: 100 });
    put(0, 30, -1, false, 0);
    put(10, 30, -1, false, 1_000_000);
    expect(log.segmentCount).toBe(1);
  });

  it('caps segment.ms at max.compaction.lag.ms for compacted logs (LogConfig.maxSegmentMs)', () => {
    const compacted = setup({ segmentMs: 1000, maxCompactionLagMs: 50, cleanupPolicy: 'compact' });
    compacted.put(0, 30, 1);
    compacted.put(51, 30, 1);
    expect(compacted.log.segmentCount).toBe(2);
    const deleted = setup({ segmentMs: 1000, maxCompactionLagMs: 50, cleanupPolicy: 'delete' });
    deleted.put(0);
    deleted.put(51);
    expect(deleted.log.segmentCount).toBe(1);
  });

  it('rejects a record larger than segment.bytes (RecordBatchTooLargeException) and stays unchanged', () => {
    const { log, put } = setup({ segmentBytes: 100 });
    put(0);
    expect(() => put(1, 101)).toThrow(/segment\.bytes \(100\).*got 101/);
    expect(log.logEndOffset).toBe(1);
    expect(log.sizeBytes).toBe(30);
  });

  it('applies a segment.bytes change at the next roll', () => {
    const { log, put } = setup({ segmentBytes: 1000 });
    put(0);
    put(1);
    log.config = { ...log.config, segmentBytes: 50 };
    put(2);
    expect(bases(log)).toEqual([0, 2]);
  });
});

describe('PartitionLog: retention (UnifiedLog.deleteOldSegments)', () => {
  /** Segments of three 30-byte records: [0,3) ts 0-2, [3,6) ts 10-12, [6,9) ts 20-22, [9,10) ts 30. */
  function tenRecords(over: Partial<LogConfig>) {
    const s = setup({ segmentBytes: 100, ...over });
    for (let i = 0; i < 10; i++) s.put(Math.floor(i / 3) * 10 + (i % 3));
    return s;
  }

  it('deletes segments whose largest timestamp is more than retention.ms old', () => {
    const { log } = tenRecords({ retentionMs: 100 });
    // now 112: segment [0,3) largest 2 → 110 > 100; [3,6) largest 12 → 100, not > 100.
    const r = log.deleteRetention(112, 10);
    expect(r.segmentsDeleted).toBe(1);
    expect(r.deletedMsgIds).toEqual([0, 1, 2]);
    expect(r.reason).toBe('retention.ms');
    expect(r.logStartOffset).toBe(3);
    expect(log.logStartOffset).toBe(3);
    expect(log.sizeBytes).toBe(7 * 30);
    expect(log.offsetAt(0)).toBe(3);
  });

  it('stops at the first segment that is not deletable', () => {
    const { log, put } = setup({ segmentBytes: 60, retentionMs: 100 });
    put(0);
    put(1); // [0,2) largest 1
    put(500);
    put(2); // [2,4) largest 500: young
    put(3);
    put(4); // [4,6) largest 4: old, but behind a young segment
    put(5); // active
    const r = log.deleteRetention(200, log.logEndOffset);
    expect(r.segmentsDeleted).toBe(1);
    expect(bases(log)).toEqual([2, 4, 6]);
  });

  it('deletes by size with the diff walk: delete while diff - segment.size >= 0', () => {
    // size 300 (90+90+90+30), retention.bytes 150: diff 150 → first 90 goes (diff 60), then 60 - 90 < 0 stops.
    const { log } = tenRecords({ retentionBytes: 150, retentionMs: -1 });
    const r = log.deleteRetention(0, 10);
    expect(r.segmentsDeleted).toBe(1);
    expect(r.reason).toBe('retention.bytes');
    expect(log.sizeBytes).toBe(210); // Kafka keeps at least retention.bytes
  });

  it('does nothing by size while the log is smaller than retention.bytes, and keeps non-empty tails at equality', () => {
    const { log } = tenRecords({ retentionBytes: 301, retentionMs: -1 });
    expect(log.deleteRetention(0, 10).segmentsDeleted).toBe(0);
    log.config = { ...log.config, retentionBytes: 300 }; // diff 0: only a 0-byte segment could go
    expect(log.deleteRetention(0, 10).segmentsDeleted).toBe(0);
    log.config = { ...log.config, retentionBytes: 120 }; // diff 180: two segments of 90
    expect(log.deleteRetention(0, 10).segmentsDeleted).toBe(2);
  });

  it('treats retention.ms = -1 and retention.bytes = -1 as unlimited', () => {
    const { log } = tenRecords({ retentionMs: -1, retentionBytes: -1 });
    expect(log.deleteRetention(1e12, 10).segmentsDeleted).toBe(0);
  });

  it('deletes only segments entirely below the high watermark', () => {
    const { log } = tenRecords({ retentionMs: 1 });
    // HW 5: [0,3) can go (3 <= 5); [3,6) cannot (6 > 5), and the walk stops there.
    const r = log.deleteRetention(1000, 5);
    expect(r.segmentsDeleted).toBe(1);
    expect(log.logStartOffset).toBe(3);
    expect(log.deleteRetention(1000, 6).segmentsDeleted).toBe(1);
    expect(log.logStartOffset).toBe(6);
  });

  it('rolls first when every segment is deletable, so the active segment can go', () => {
    const { log, put } = tenRecords({ retentionMs: 1 });
    const r = log.deleteRetention(1000, 10);
    expect(r.rolled).toBe(true);
    expect(r.segmentsDeleted).toBe(4);
    expect(r.deletedMsgIds).toHaveLength(10);
    expect(log.logStartOffset).toBe(10);
    expect(log.length).toBe(0);
    expect(log.sizeBytes).toBe(0);
    expect(log.segments().map((s) => [s.baseOffset, s.nextOffset, s.active])).toEqual([[10, 10, true]]);
    // The empty last segment is never deleted.
    expect(log.deleteRetention(5000, 10).segmentsDeleted).toBe(0);
    expect(put(5000)).toBe(10);
  });

  it('checks log start offset, then size, then time, and reports the first rule that deleted', () => {
    const { log } = tenRecords({ retentionBytes: 150, retentionMs: 100 });
    expect(log.advanceLogStartOffset(4, 10)).toBe('NONE');
    // now 121: [0,3) goes by log start offset; size is then 210, diff 60 < 90; time removes [3,6) (largest 12).
    const r = log.deleteRetention(121, 10);
    expect(r.segmentsDeletedBy).toEqual({ 'log-start-offset': 1, 'retention.bytes': 0, 'retention.ms': 1 });
    expect(r.reason).toBe('log-start-offset');
    expect(log.logStartOffset).toBe(6);
  });

  it('DeleteRecords raises the log start offset; whole segments below it go at the next check', () => {
    const { log } = tenRecords({ retentionMs: -1 });
    expect(log.advanceLogStartOffset(11, 10)).toBe('OFFSET_OUT_OF_RANGE');
    expect(log.advanceLogStartOffset(4, 10)).toBe('NONE');
    expect(log.logStartOffset).toBe(4);
    expect(log.length).toBe(10); // nothing removed yet
    const r = log.deleteRetention(0, 10);
    expect(r.segmentsDeleted).toBe(1);
    expect(r.reason).toBe('log-start-offset');
    expect(log.logStartOffset).toBe(4); // not lowered to the segment base 3
    expect(log.offsetAt(0)).toBe(3); // offset 3 is stored but below the log start offset
    expect(log.indexOf(log.logStartOffset)).toBe(1);
    expect(log.advanceLogStartOffset(-1, 7)).toBe('NONE'); // -1 = the high watermark
    expect(log.logStartOffset).toBe(7);
  });

  it('under cleanup.policy=compact applies only the log start offset rule', () => {
    const { log } = tenRecords({ retentionMs: 1, retentionBytes: 0, cleanupPolicy: 'compact' });
    expect(log.deleteRetention(1e9, 10).segmentsDeleted).toBe(0);
    log.advanceLogStartOffset(6, 10);
    expect(log.deleteRetention(1e9, 10).segmentsDeletedBy['log-start-offset']).toBe(2);
    log.config = { ...log.config, cleanupPolicy: 'compact,delete' };
    expect(log.deleteRetention(1e9, 10).segmentsDeletedBy['retention.bytes']).toBe(2);
  });

  it('keeps the record arrays bounded while the front is deleted (amortised head compaction)', () => {
    const { log, put } = setup({ segmentBytes: 100, retentionBytes: 300, retentionMs: -1 }, 64);
    for (let i = 0; i < 200_000; i++) {
      put(i);
      if (i % 10 === 9) log.deleteRetention(i, log.logEndOffset);
    }
    expect(log.logEndOffset).toBe(200_000);
    expect(log.length).toBeLessThan(20);
    expect(internals(log).ids.length).toBe(64);
    expect(internals(log).seg.length).toBeLessThanOrEqual(16 * 6);
    expect(offsets(log)).toEqual(Array.from({ length: log.length }, (_, i) => 200_000 - log.length + i));
  });
});

describe('PartitionLog: compaction (LogCleaner.doClean)', () => {
  const compact = { cleanupPolicy: 'compact', segmentBytes: 100, minCleanableDirtyRatio: 0 } as const;

  it('keeps the latest record per key; offsets never change, gaps appear', () => {
    const { log, put } = setup(compact);
    const keys = [1, 2, 1, 3, 2, 1, 4]; // segments [0,3) [3,6) [6,7)
    keys.forEach((k, i) => put(i, 30, k));
    const r = log.clean(10, log.logEndOffset);
    expect(r).not.toBeNull();
    // Dirty range [0,6): latest of key 1 is 5, key 2 is 4, key 3 is 3.
    expect(offsets(log)).toEqual([3, 4, 5, 6]);
    expect(r?.removedMsgIds).toEqual([0, 1, 2]);
    expect(r?.supersededRemoved).toBe(3);
    expect(r?.firstDirtyOffsetBefore).toBe(0);
    expect(r?.firstDirtyOffsetAfter).toBe(6);
    expect(log.cleanerCheckpoint).toBe(6);
    expect(log.logStartOffset).toBe(0); // compaction does not move the log start offset
    expect(log.sizeBytes).toBe(120);
    expect(log.segments().map((s) => [s.baseOffset, s.nextOffset, s.records, s.bytes, s.cleaned])).toEqual([
      [0, 3, 0, 0, true],
      [3, 6, 3, 90, true],
      [6, 7, 1, 30, false],
    ]);
  });

  it('never cleans the active segment', () => {
    const { log, put } = setup(compact);
    for (let i = 0; i < 3; i++) put(i, 30, 1); // one active segment only: nothing cleanable
    expect(log.clean(10, 3)).toBeNull();
    put(3, 30, 1); // rolls: [0,3) inactive, [3,4) active
    put(4, 30, 1);
    const r = log.clean(10, 5);
    // The map holds key 1 → 2 (the dirty section ends at the active segment), so 3 and 4 stay.
    expect(offsets(log)).toEqual([2, 3, 4]);
    expect(r?.firstDirtyOffsetAfter).toBe(3);
  });

  it('never cleans at or past the high watermark: the bound drops to the base of its segment', () => {
    const { log, put } = setup(compact);
    for (let i = 0; i < 10; i++) put(i, 30, 1); // [0,3) [3,6) [6,9) [9,10)
    const r = log.clean(10, 7); // HW 7 is inside [6,9): clean below 6 only
    expect(r?.firstDirtyOffsetAfter).toBe(6);
    expect(offsets(log)).toEqual([5, 6, 7, 8, 9]);
  });

  it('cleans only when the dirty ratio exceeds min.cleanable.dirty.ratio (strictly)', () => {
    const { log, put } = setup({ ...compact, minCleanableDirtyRatio: 0.5 });
    let k = 0;
    for (let i = 0; i < 4; i++) put(i, 30, k++); // [0,3) dirty, [3,4) active
    expect(log.dirtyRatio(10, 4)).toBe(1);
    expect(log.clean(10, 4)).not.toBeNull(); // distinct keys: nothing removed, checkpoint 3
    for (let i = 0; i < 3; i++) put(10 + i, 30, k++); // [3,6) 90 dirty bytes, [6,7) active
    expect(log.dirtyRatio(20, 7)).toBe(0.5); // 90 / (90 + 90)
    expect(log.clean(20, 7)).toBeNull();
    for (let i = 0; i < 3; i++) put(20 + i, 30, k++); // [6,9) dirty too
    expect(log.dirtyRatio(30, 10)).toBeCloseTo(2 / 3, 12);
    expect(log.clean(30, 10)?.dirtyRatio).toBeCloseTo(2 / 3, 12);
  });

  it('reports the cleanable state LogCleanerManager computes', () => {
    const { log, put } = setup({ ...compact, minCleanableDirtyRatio: 0.5 });
    for (let i = 0; i < 7; i++) put(i, 30, 1);
    log.clean(10, 7);
    expect(log.cleanableState(10, 7)).toEqual({
      firstDirtyOffset: 6,
      firstUncleanableOffset: 6,
      cleanBytes: 30,
      cleanableBytes: 0,
      dirtyRatio: 0,
      needCompactionNow: false,
      eligible: false,
    });
  });

  it('returns null and a dirty ratio of 0 for a delete-policy log', () => {
    const { log, put } = setup({ segmentBytes: 100 });
    for (let i = 0; i < 7; i++) put(i, 30, 1);
    expect(log.clean(10, 7)).toBeNull();
    expect(log.dirtyRatio(10, 7)).toBe(0);
  });

  it('keeps a tombstone until its delete horizon (first retaining pass + delete.retention.ms), then removes it', () => {
    const { log, put } = setup({ ...compact, segmentBytes: 60, deleteRetentionMs: 100 });
    put(0, 30, 1); // 0: k1 value
    put(0, 30, 1, true); // 1: k1 tombstone
    put(0, 30, 2); // 2: rolls
    const first = log.clean(10, 3);
    expect(first?.removedMsgIds).toEqual([0]);
    expect(first?.tombstoneHorizonsSet).toBe(1);
    expect(log.deleteHorizonOf(1)).toBe(110);
    put(20, 30, 2); // 3
    put(20, 30, 3); // 4: rolls
    const second = log.clean(50, 5); // before the horizon: the tombstone stays
    expect(second?.tombstonesRemoved).toBe(0);
    expect(offsets(log)).toEqual([1, 3, 4]);
    put(60, 30, 3); // 5
    put(60, 30, 4); // 6: rolls
    const third = log.clean(110, 7); // horizon reached (currentTime < horizon no longer holds)
    expect(third?.tombstonesRemoved).toBe(1);
    expect(third?.removedMsgIds).toEqual([1, 4]);
    expect(offsets(log)).toEqual([3, 5, 6]);
    expect(log.deleteHorizonOf(1)).toBe(-1);
  });

  it('removes a superseded tombstone at once, without waiting for a horizon', () => {
    const { log, put } = setup({ ...compact, segmentBytes: 90 });
    put(0, 30, 1, true);
    put(1, 30, 1);
    put(2, 30, 2);
    put(3, 30, 2); // rolls
    const r = log.clean(5, 4);
    expect(r?.removedMsgIds).toEqual([0]);
    expect(r?.supersededRemoved).toBe(1);
    expect(r?.tombstoneHorizonsSet).toBe(0);
  });

  it('does not clean segments younger than min.compaction.lag.ms', () => {
    const { log, put } = setup({ ...compact, minCompactionLagMs: 100 });
    for (let i = 0; i < 3; i++) put(0, 30, 1); // [0,3) largest 0
    for (let i = 0; i < 3; i++) put(50, 30, 1); // [3,6) largest 50
    put(60, 30, 1); // active
    const r = log.clean(120, 7); // 50 > 120 - 100: [3,6) and after are uncleanable
    expect(r?.firstDirtyOffsetAfter).toBe(3);
    expect(offsets(log)).toEqual([2, 3, 4, 5, 6]);
    expect(log.clean(149, 7)).toBeNull(); // the only dirty segment is still too young
    expect(log.clean(150, 7)?.firstDirtyOffsetAfter).toBe(6); // 50 > 150 - 100 no longer holds
  });

  it('cleans below the ratio once a dirty segment is older than max.compaction.lag.ms', () => {
    const { log, put } = setup({ ...compact, minCleanableDirtyRatio: 0.99, maxCompactionLagMs: 1000 });
    for (let i = 0; i < 4; i++) put(10 + i, 30, i); // [0,3) and offset 3 (ts 13) in the active segment
    log.clean(20, 4); // ratio 1 > 0.99: checkpoint 3
    put(20, 30, 9);
    put(21, 30, 9); // [3,6) holds ts 13, 20, 21
    put(30, 30, 9); // rolls: active [6,7)
    // The dirty segment's first batch timestamp 13 is not < 1013 - 1000, and the ratio is only 0.5.
    expect(log.cleanableState(1013, 7).needCompactionNow).toBe(false);
    expect(log.clean(1013, 7)).toBeNull();
    expect(log.cleanableState(1014, 7).needCompactionNow).toBe(true);
    expect(log.clean(1014, 7)?.removedMsgIds).toEqual([4]);
  });

  it('ignores first-batch timestamps of 0 for max.compaction.lag.ms (maxCompactionDelay filters > 0)', () => {
    const { log, put } = setup({ ...compact, maxCompactionLagMs: 10 });
    for (let i = 0; i < 4; i++) put(0, 30, i);
    expect(log.cleanableState(1000, 4).needCompactionNow).toBe(false);
    const other = setup({ ...compact, maxCompactionLagMs: 10 });
    for (let i = 0; i < 4; i++) other.put(1, 30, i);
    expect(other.log.cleanableState(1000, 4).needCompactionNow).toBe(true);
  });

  it('builds the offset map from the first dirty offset only (records below it are not superseded by it)', () => {
    const { log, put } = setup(compact);
    [1, 1, 2].forEach((k, i) => put(i, 30, k)); // [0,3)
    put(3, 30, 3); // rolls
    log.advanceLogStartOffset(2, 4); // no checkpoint yet: the first dirty offset is the log start offset, 2
    // values(-1, 2) and values(2, 3) both include [0,3): Kafka counts it as clean and as cleanable.
    expect(log.cleanableState(10, 4)).toMatchObject({ firstDirtyOffset: 2, cleanBytes: 90, cleanableBytes: 90 });
    const r = log.clean(10, 4);
    expect(r?.removedMsgIds).toEqual([]); // key 1 is not in the map: both of its records stay
    expect(offsets(log)).toEqual([0, 1, 2, 3]);
  });

  it('drops null-key records (the broker would have rejected them on a compacted topic)', () => {
    const { log, put } = setup(compact);
    put(0, 30, -1);
    put(1, 30, 1);
    put(2, 30, -1);
    put(3, 30, 1);
    const r = log.clean(5, 4);
    expect(r?.nullKeyRemoved).toBe(2);
    expect(offsets(log)).toEqual([1, 3]);
  });

  it('regroups small segments on the next pass (groupSegmentsBySize uses pre-cleaning sizes)', () => {
    const { log, put } = setup(compact);
    for (let i = 0; i < 10; i++) put(i, 30, 1); // [0,3) [3,6) [6,9) [9,10)
    const first = log.clean(20, 10);
    // 90 + 90 > 100: each segment is its own group, so empty segments remain.
    expect(first?.segmentsAfter.map((s) => [s.baseOffset, s.records, s.bytes])).toEqual([
      [0, 0, 0],
      [3, 0, 0],
      [6, 1, 30],
      [9, 1, 30],
    ]);
    for (let i = 10; i < 13; i++) put(i, 30, 1); // [9,12) [12,13)
    const second = log.clean(30, 13);
    // Groups by size: {0, 3, 6} (0 + 0 + 30 <= 100, + 90 > 100) and {9}.
    expect(second?.segmentsAfter.map((s) => [s.baseOffset, s.nextOffset, s.records, s.bytes])).toEqual([
      [0, 9, 0, 0],
      [9, 12, 1, 30],
      [12, 13, 1, 30],
    ]);
    expect(offsets(log)).toEqual([11, 12]);
    // The merged, emptied segment keeps the mtime of the group's last segment (appended at broker time 8).
    expect(second?.segmentsAfter[0]?.lastModifiedMs).toBe(8);
    expect(second?.segmentsAfter[0]?.largestTimestamp).toBe(8);
  });

  it('merges segments whose total is exactly segment.bytes (the group check is <=)', () => {
    const { log, put } = setup(compact);
    [1, 1, 2, 2, 3].forEach((k, i) => put(i, 50, k)); // [0,2) [2,4) [4,5), 50-byte records
    log.clean(10, 5); // 100 + 100 > 100: separate groups, each keeps one record
    expect(log.segments().map((s) => s.bytes)).toEqual([50, 50, 50]);
    put(5, 50, 3);
    put(6, 50, 4); // rolls: [4,6) [6,7)
    const r = log.clean(20, 7);
    // 50 + 50 = 100 <= 100: [0,2) and [2,4) become one segment; + 100 would not fit.
    expect(r?.segmentsAfter.map((s) => [s.baseOffset, s.nextOffset, s.bytes])).toEqual([
      [0, 4, 100],
      [4, 6, 50],
      [6, 7, 50],
    ]);
  });

  it('gives an emptied cleaned segment the mtime of its group, which retention then uses', () => {
    const { log, put } = setup({ ...compact, cleanupPolicy: 'compact,delete', retentionMs: 100 });
    for (let i = 0; i < 3; i++) put(i, 30, 1, false, 1000 + i); // appended at broker time 1000..1002
    for (let i = 0; i < 3; i++) put(2000, 30, 1, false, 2000);
    put(2000, 30, 1, false, 2000);
    log.clean(2001, 7);
    const emptied = log.segments()[0];
    expect(emptied?.records).toBe(0);
    expect(emptied?.largestTimestamp).toBe(1002); // LogSegment.largestTimestamp falls back to lastModified
    expect(log.deleteRetention(1102, 7).segmentsDeleted).toBe(0); // 1102 - 1002 = 100, not > 100
    expect(log.deleteRetention(1103, 7).segmentsDeleted).toBe(1);
  });

  it('resets the checkpoint to the log start offset when retention passed it', () => {
    const { log, put } = setup({ ...compact, cleanupPolicy: 'compact,delete' });
    for (let i = 0; i < 4; i++) put(i, 30, i);
    log.clean(10, 4); // checkpoint 3
    for (let i = 4; i < 10; i++) put(i, 30, i); // [3,6) [6,9) [9,10)
    log.advanceLogStartOffset(7, 10);
    log.deleteRetention(10, 10); // [0,3) and [3,6) go; log start offset 7
    expect(log.cleanableState(10, 10).firstDirtyOffset).toBe(7);
  });

  it('runs retention after the cleaner pass in a cleaner cycle (what Kafka does for compacted logs)', () => {
    const { log, put } = setup({ ...compact, cleanupPolicy: 'compact,delete', retentionMs: 100 });
    for (let i = 0; i < 7; i++) put(i, 30, i % 2);
    const { cleaned, retention } = log.cleanerCycle(105, 7);
    expect(cleaned?.removedMsgIds).toEqual([0, 1, 2, 3]);
    // [0,3) is now empty: its largest timestamp is its mtime 2, and 105 - 2 > 100; [3,6) holds ts 5: 100, kept.
    expect(retention.segmentsDeleted).toBe(1);
    expect(log.logStartOffset).toBe(3);
  });
});

describe('PartitionLog: offsetForTimestamp (UnifiedLog.fetchOffsetByTimestamp)', () => {
  it('finds the earliest offset whose timestamp is >= ts, or the log end offset', () => {
    const { log, put } = setup({ segmentBytes: 100 });
    [10, 20, 30, 40, 50, 60, 70].forEach((ts) => put(ts));
    expect(log.offsetForTimestamp(0)).toBe(0);
    expect(log.offsetForTimestamp(20)).toBe(1);
    expect(log.offsetForTimestamp(35)).toBe(3);
    expect(log.offsetForTimestamp(70)).toBe(6);
    expect(log.offsetForTimestamp(71)).toBe(7);
  });

  it('answers the last fetchable offset (the HW) when the found offset is not below it', () => {
    const { log, put } = setup({ segmentBytes: 100 });
    [10, 20, 30, 40].forEach((ts) => put(ts));
    expect(log.offsetForTimestamp(30, 2)).toBe(2);
    expect(log.offsetForTimestamp(15, 2)).toBe(1);
  });

  it('searches only the first segment whose largest timestamp reaches ts, from the log start offset', () => {
    const { log, put } = setup({ segmentBytes: 90 });
    [10, 100, 20].forEach((ts) => put(ts)); // [0,3) largest 100
    [30, 40, 50].forEach((ts) => put(ts)); // [3,6)
    expect(log.offsetForTimestamp(30)).toBe(1); // timestamps need not rise with offsets
    log.advanceLogStartOffset(2, 6);
    // [0,3) is chosen (largest 100 >= 50), but only offset 2 (ts 20) is at or above the log start offset.
    expect(log.offsetForTimestamp(50)).toBe(6);
  });
});

describe('PartitionLog: truncateTo (UnifiedLog.truncateTo)', () => {
  it('removes records at and after the offset, deletes later segments, and continues from there', () => {
    const { log, put } = setup({ segmentBytes: 100 });
    for (let i = 0; i < 7; i++) put(i);
    expect(log.truncateTo(4)).toEqual([4, 5, 6]);
    expect(log.logEndOffset).toBe(4);
    expect(log.sizeBytes).toBe(120);
    expect(log.segments().map((s) => [s.baseOffset, s.nextOffset, s.records, s.largestTimestamp, s.active])).toEqual([
      [0, 3, 3, 2, false],
      [3, 4, 1, 3, true],
    ]);
    expect(put(100)).toBe(4);
    expect(log.truncateTo(9)).toEqual([]); // at or past the LEO: no effect
  });

  it('keeps an emptied segment whose base is the truncation offset, and resets its roll timestamp', () => {
    const { log, put } = setup({ segmentBytes: 100, segmentMs: 100 });
    for (let i = 0; i < 4; i++) put(i);
    log.truncateTo(3);
    expect(bases(log)).toEqual([0, 3]);
    expect(log.segments()[1]?.records).toBe(0);
    put(500); // the empty segment's roll time restarts with this record
    put(550);
    expect(bases(log)).toEqual([0, 3]);
  });

  it('starts afresh at the offset when it is below the first segment (truncateFullyAndStartAt)', () => {
    const { log, put } = setup({ segmentBytes: 100, retentionMs: 10 });
    for (let i = 0; i < 7; i++) put(i);
    log.deleteRetention(100, 7); // all deleted: log start offset 7
    put(200);
    put(201);
    expect(log.truncateTo(5)).toEqual([7, 8]);
    expect(log.logStartOffset).toBe(5);
    expect(log.logEndOffset).toBe(5);
    expect(log.segments().map((s) => [s.baseOffset, s.nextOffset])).toEqual([[5, 5]]);
    expect(put(300)).toBe(5);
  });

  it('lowers the log start offset to the truncation offset when it was above it', () => {
    const { log, put } = setup({ segmentBytes: 100 });
    for (let i = 0; i < 7; i++) put(i);
    log.advanceLogStartOffset(5, 7);
    log.truncateTo(4);
    expect(log.logStartOffset).toBe(4);
    expect(offsets(log)).toEqual([0, 1, 2, 3]);
  });

  it('lowers the cleaner checkpoint to the new active segment and drops removed tombstones’ horizons', () => {
    const { log, put } = setup({ cleanupPolicy: 'compact', segmentBytes: 100, minCleanableDirtyRatio: 0 });
    for (let i = 0; i < 9; i++) put(i, 30, i, i === 5);
    put(9, 30, 9); // [0,3) [3,6) [6,9) [9,10)
    log.clean(10, 10);
    expect(log.cleanerCheckpoint).toBe(9);
    expect(log.deleteHorizonOf(5)).toBeGreaterThan(0);
    log.truncateTo(4);
    expect(log.cleanerCheckpoint).toBe(3);
    expect(log.deleteHorizonOf(5)).toBe(-1);
    expect(offsets(log)).toEqual([0, 1, 2, 3]);
  });
});

describe('PartitionLog: indexOf', () => {
  it('is arithmetic while the log has no gaps', () => {
    const { log, put } = setup({ segmentBytes: 100, retentionMs: 10 });
    for (let i = 0; i < 7; i++) put(i);
    log.deleteRetention(13, 7); // [0,3) goes
    expect(internals(log).offs).toBeNull();
    expect(log.indexOf(-5)).toBe(0);
    expect(log.indexOf(3)).toBe(0);
    expect(log.indexOf(5)).toBe(2);
    expect(log.indexOf(7)).toBe(4);
    expect(log.indexOf(100)).toBe(4);
  });

  it('binary-searches the offsets after compaction left gaps', () => {
    const { log, put } = setup({ cleanupPolicy: 'compact', segmentBytes: 100, minCleanableDirtyRatio: 0 });
    [1, 2, 2, 3, 3, 4, 5].forEach((k, i) => put(i, 30, k)); // [0,3) [3,6) [6,7)
    log.clean(10, 7); // 1 and 3 are superseded
    expect(offsets(log)).toEqual([0, 2, 4, 5, 6]);
    expect(internals(log).offs).not.toBeNull();
    expect([-1, 0, 1, 2, 3, 4, 5, 6, 7].map((o) => log.indexOf(o))).toEqual([0, 0, 1, 1, 2, 2, 3, 4, 5]);
    expect(put(7, 30, 6)).toBe(7); // appends keep the offset column
    expect(log.offsetAt(5)).toBe(7);
    expect([7, 8].map((o) => log.indexOf(o))).toEqual([5, 6]);
  });

  it('drops the offset column once retention removes the gaps', () => {
    const { log, put } = setup({ cleanupPolicy: 'compact,delete', segmentBytes: 100, minCleanableDirtyRatio: 0 });
    [1, 1, 2, 1, 3, 3, 4].forEach((k, i) => put(i, 30, k));
    log.clean(10, 7);
    expect(offsets(log)).toEqual([2, 3, 5, 6]);
    expect(internals(log).offs).not.toBeNull();
    log.advanceLogStartOffset(6, 7);
    log.deleteRetention(10, 7);
    expect(offsets(log)).toEqual([6]);
    expect(internals(log).offs).toBeNull();
  });

  it('keeps the offset column when truncation leaves a gap just below the new log end', () => {
    const { log, put } = setup({ cleanupPolicy: 'compact', segmentBytes: 100, minCleanableDirtyRatio: 0 });
    put(0, 30, 1);
    put(1, 30, 1);
    put(2, 30, -1); // null key: the cleaner drops it
    put(3, 30, 3); // rolls
    log.clean(10, 4);
    expect(offsets(log)).toEqual([1, 3]);
    log.truncateTo(3);
    expect(offsets(log)).toEqual([1]); // contiguous, but offset 2 (LEO - 1) is a gap
    expect(log.indexOf(2)).toBe(1);
    expect(put(4, 30, 4)).toBe(3);
    expect(offsets(log)).toEqual([1, 3]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

type Op =
  | { t: 'append'; key: number; tomb: boolean; bytes: number; back: number }
  | { t: 'hw'; frac: number }
  | { t: 'retention' }
  | { t: 'clean' }
  | { t: 'truncate'; frac: number }
  | { t: 'deleteRecords'; frac: number }
  | { t: 'segmentBytes'; value: number };

/** A uniform fraction in [0, 1] (fc.double leans to the edges and to tiny values). */
const fracArb = fc.integer({ min: 0, max: 100 }).map((n) => n / 100);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      t: fc.constant('append' as const),
      key: fc.integer({ min: -1, max: 6 }),
      tomb: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
      bytes: fc.integer({ min: 1, max: 50 }),
      back: fc.integer({ min: 0, max: 8 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('hw' as const), frac: fracArb }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('retention' as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('clean' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('truncate' as const), frac: fracArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('deleteRecords' as const),
      frac: fracArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('segmentBytes' as const), value: fc.integer({ min: 50, max: 200 }) }),
  },
);

const configArb: fc.Arbitrary<LogConfig> = fc.record({
  segmentBytes: fc.integer({ min: 50, max: 200 }),
  segmentMs: fc.integer({ min: 5, max: 100 }),
  retentionMs: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 300 })),
  retentionBytes: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 600 })),
  cleanupPolicy: fc.constantFrom('delete' as const, 'compact' as const, 'compact,delete' as const),
  deleteRetentionMs: fc.integer({ min: 0, max: 100 }),
  minCleanableDirtyRatio: fc.constantFrom(0, 0.25, 0.5, 0.9),
  minCompactionLagMs: fc.constantFrom(0, 0, 20),
});

/** Runs ops against a log and checks the invariants after each one. */
function runAndCheck(cfg: LogConfig, ops: Op[], dt: number[]): void {
  const t = table();
  const log = new PartitionLog(cfg, t.source, 16);
  let now = 0;
  let hw = 0;
  const appended: number[] = []; // msgIds in append order
  const offsetOf = new Map<number, number>(); // msgId → offset
  const gone = new Set<number>(); // removed by retention, cleaning or truncation
  const truncated = new Set<number>();
  const cleanTimes = new Set<number>();
  let step = 0;
  for (const op of ops) {
    now += dt[step++ % dt.length] as number;
    switch (op.t) {
      case 'append': {
        const msgId = t.add(Math.max(0, now - op.back), Math.min(op.bytes, log.config.segmentBytes), op.key, op.tomb);
        offsetOf.set(msgId, log.append(msgId, now));
        appended.push(msgId);
        break;
      }
      case 'hw':
        hw = Math.max(hw, Math.min(log.logEndOffset, hw + Math.round(op.frac * (log.logEndOffset - hw))));
        break;
      case 'retention': {
        const r = log.deleteRetention(now, hw);
        for (const m of r.deletedMsgIds) {
          expect(gone.has(m)).toBe(false);
          expect(offsetOf.get(m) as number).toBeLessThan(log.logStartOffset);
          gone.add(m);
        }
        break;
      }
      case 'clean': {
        const horizonsBefore = new Map<number, number>();
        for (let i = 0; i < log.length; i++) horizonsBefore.set(log.msgIdAt(i), log.deleteHorizonOf(log.offsetAt(i)));
        const r = log.clean(now, hw);
        if (r === null) break;
        cleanTimes.add(now);
        const latest = latestByKey();
        for (const m of r.removedMsgIds) {
          expect(gone.has(m)).toBe(false);
          expect(offsetOf.get(m) as number).toBeLessThan(hw);
          gone.add(m);
          const k = t.keys[m] as number;
          if (k !== -1 && latest.get(k) === m) {
            // Only an expired tombstone may go while it is the latest record of its key.
            expect(t.tombs[m]).toBe(true);
            const horizon = horizonsBefore.get(m) as number;
            expect(horizon).toBeGreaterThanOrEqual(0);
            expect(horizon).toBeLessThanOrEqual(now);
            expect(cleanTimes.has(horizon - cfg.deleteRetentionMs)).toBe(true);
          }
        }
        break;
      }
      case 'truncate': {
        const to = hw + Math.floor(op.frac * (log.logEndOffset - hw));
        for (const m of log.truncateTo(to)) {
          expect(offsetOf.get(m) as number).toBeGreaterThanOrEqual(to);
          gone.add(m);
          truncated.add(m);
        }
        for (const m of appended) if ((offsetOf.get(m) as number) >= to) truncated.add(m);
        break;
      }
      case 'deleteRecords':
        expect(log.advanceLogStartOffset(Math.floor(op.frac * hw), hw)).toBe('NONE');
        break;
      case 'segmentBytes':
        log.config = { ...log.config, segmentBytes: op.value };
        break;
    }
    check();
  }

  /** Latest surviving (not truncated) record per key, by msgId. */
  function latestByKey(): Map<number, number> {
    const latest = new Map<number, number>();
    for (const m of appended) if (!truncated.has(m) && (t.keys[m] as number) !== -1) latest.set(t.keys[m] as number, m);
    return latest;
  }

  function check(): void {
    const present: number[] = [];
    let bytes = 0;
    let prev = -1;
    for (let i = 0; i < log.length; i++) {
      const m = log.msgIdAt(i);
      const offset = log.offsetAt(i);
      ok(offset > prev, 'offsets rise strictly', i);
      ok(offset === offsetOf.get(m), 'offsets never change', m);
      prev = offset;
      present.push(m);
      bytes += t.bytes[m] as number;
    }
    ok(prev < log.logEndOffset, 'records lie below the log end offset');
    // Conservation: every appended record is either present or was reported removed, never both.
    ok(present.length + gone.size === appended.length, 'present + removed = appended');
    for (const m of present) ok(!gone.has(m), 'a present record was not reported removed', m);
    ok(log.sizeBytes === bytes, 'sizeBytes is the sum of present record sizes');
    // The latest record of every key is present when at/above the log start offset, unless an expired tombstone.
    const presentSet = new Set(present);
    for (const m of latestByKey().values()) {
      const kept = (offsetOf.get(m) as number) < log.logStartOffset || presentSet.has(m) || t.tombs[m] === true;
      ok(kept, 'the latest record of its key is present', m);
    }
    // Segments tile the log and agree with the records they hold.
    const segs = log.segments();
    ok((segs[0]?.baseOffset as number) <= log.logStartOffset, 'the first segment starts at or below the LSO');
    ok(log.logStartOffset <= log.logEndOffset, 'LSO <= LEO');
    let index = 0;
    segs.forEach((s, n) => {
      ok(s.nextOffset === (n + 1 < segs.length ? segs[n + 1]?.baseOffset : log.logEndOffset), 'segments tile', n);
      ok(s.active === (n === segs.length - 1), 'only the last segment is active', n);
      let segBytes = 0;
      let maxTs = -1;
      for (let r = 0; r < s.records; r++, index++) {
        const offset = log.offsetAt(index);
        ok(offset >= s.baseOffset && offset < s.nextOffset, 'a record lies in its segment', offset);
        segBytes += t.bytes[log.msgIdAt(index)] as number;
        maxTs = Math.max(maxTs, t.ts[log.msgIdAt(index)] as number);
      }
      ok(s.bytes === segBytes, 'segment bytes', n);
      ok(s.records === 0 || s.largestTimestamp === maxTs, 'segment largest timestamp', n);
    });
    ok(index === log.length, 'segment records add up to the log length');
    // indexOf agrees with a linear scan.
    for (const o of [-1, log.logStartOffset, prev, prev + 1, Math.floor(log.logEndOffset / 2)]) {
      let expected = 0;
      while (expected < log.length && log.offsetAt(expected) < o) expected++;
      ok(log.indexOf(o) === expected, 'indexOf matches a linear scan', o);
    }
  }
}

/** A cheap assertion for the hot invariant loops (expect() per record is too slow for long runs). */
function ok(condition: boolean, what: string, at?: number): void {
  if (!condition) throw new Error(`Invariant broken: ${what}${at === undefined ? '' : ` (at ${at})`}`);
}

describe('PartitionLog: properties', () => {
  it('keeps offsets, conservation, sizes, latest-per-key and segment tiling under any operation sequence', () => {
    fc.assert(
      fc.property(
        configArb,
        fc.array(opArb, { minLength: 20, maxLength: 300, size: 'max' }),
        fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 10 }),
        (cfg, ops, dt) => runAndCheck(cfg, ops, dt),
      ),
      { numRuns: 300 },
    );
  }, 30_000);

  it('is deterministic: the same operations give the same log', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb, { maxLength: 80 }), (cfg, ops) => {
        const snapshot = () => {
          const t = table();
          const log = new PartitionLog(cfg, t.source, 16);
          let now = 0;
          let hw = 0;
          for (const op of ops) {
            now += 3;
            if (op.t === 'append') {
              log.append(
                t.add(now - Math.min(op.back, now), Math.min(op.bytes, cfg.segmentBytes), op.key, op.tomb),
                now,
              );
            } else if (op.t === 'hw') hw = log.logEndOffset;
            else if (op.t === 'retention') log.deleteRetention(now, hw);
            else if (op.t === 'clean') log.clean(now, hw);
          }
          return { segments: log.segments(), offsets: offsets(log), lso: log.logStartOffset };
        };
        expect(snapshot()).toEqual(snapshot());
      }),
      { numRuns: 50 },
    );
  });
});
