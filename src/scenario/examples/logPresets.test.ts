/**
 * The "Retention and replay" and "Log compaction (account balances)" tours quote offsets, times
 * and counts; these are the engine's answers for those files. When one fails, the engine changed:
 * fix the tour text in scenarios/presets/ along with the numbers here.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimReport, type TraceRecord } from '../../engine';
import { parseScenario } from '../parseScenario';
import { PRESETS } from './presets';

function open(id: string) {
  const preset = PRESETS.find((p) => p.id === id)!;
  const parsed = parseScenario(preset.document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const trace: TraceRecord[] = [];
  const sim = createSimulation(parsed.scenario, { trace: (r) => trace.push(r) });
  const at: Record<number, SimReport> = {};
  return { sim, trace, at, scenario: parsed.scenario };
}

describe('the Retention and replay tour', () => {
  const { sim, trace, at } = open('retention-and-replay');
  for (const t of [29_999, 30_000, 50_000, 61_000, 69_000, 75_000, 90_000]) {
    sim.runUntil(t);
    at[t] = sim.report();
  }

  it('deletes nothing before the first check at 30 s, then about 100 records; the log starts at 45 and 57', () => {
    expect(at[29_999]!.topics['readings']!.deletedByRetention).toBe(0);
    const topic = at[30_000]!.topics['readings']!;
    expect(topic.deletedByRetention).toBeGreaterThan(90);
    expect(topic.deletedByRetention).toBeLessThan(110);
    expect(topic.partitions.map((p) => p.logStartOffset)).toEqual([45, 57]);
  });

  it('dashboard keeps up and archiver does not', () => {
    expect(at[50_000]!.groups['dashboard']!.lag).toBeLessThan(25);
    expect(at[50_000]!.groups['archiver']!.lag).toBeGreaterThan(300);
  });

  it('the reset at 60 s replays from the log start (345 and 365), not from 0', () => {
    const resets = trace.filter((r) => r.type === 'kafka.offsets.reset');
    expect(resets.map((r) => (r.type === 'kafka.offsets.reset' ? r.to : -1))).toEqual([345, 365]);
    expect(at[75_000]!.groups['dashboard']!.replayed).toBeGreaterThan(400);
    expect(at[75_000]!.groups['dashboard']!.lost).toBe(0);
  });

  it('archiver loses records to retention from about 70 s, and hits OFFSET_OUT_OF_RANGE', () => {
    expect(at[69_000]!.groups['archiver']!.lost).toBe(0);
    expect(at[75_000]!.groups['archiver']!.lost).toBeGreaterThan(0);
    const outOfRange = trace.find((r) => r.type === 'kafka.offsets.out-of-range' && r.group === 'archiver');
    expect(Math.round(outOfRange!.t / 1000)).toBe(71);
    expect(sim.inspectGroup('archiver')!.lossNotes[0]!.text).toMatch(/retention/);
  });
});

describe('the Log compaction tour', () => {
  const { sim, trace, at } = open('log-compaction');
  const cleanedAt = (t: number) => trace.filter((r) => r.type === 'kafka.record.compacted' && r.t === t).length;
  const acct99 = () => {
    const out: { offset: number; tombstone: boolean }[] = [];
    const end = sim.report().topics['balances']!.partitions[0]!.logEndOffset;
    for (let o = 0; o < end; o++) {
      const r = sim.inspectRecord('balances', 0, o);
      if (r?.key === 'acct-99') out.push({ offset: o, tombstone: r.tombstone });
    }
    return out;
  };
  const snapshots: Record<number, { offset: number; tombstone: boolean }[]> = {};
  for (const t of [19_000, 21_000, 23_000, 37_999, 38_000, 39_500, 60_000]) {
    sim.runUntil(t);
    at[t] = sim.report();
    snapshots[t] = acct99();
  }

  it('first cleans at 6 s, removing 65 superseded balances, every 4 s after', () => {
    expect(cleanedAt(6000)).toBe(65);
    const times = [...new Set(trace.filter((r) => r.type === 'kafka.record.compacted').map((r) => r.t))];
    expect(times.slice(0, 4)).toEqual([6000, 10_000, 14_000, 18_000]);
  });

  it('keeps the tombstone of acct-99 from the 22 s pass until the 38 s pass, then drops it', () => {
    expect(snapshots[19_000]).toEqual([{ offset: expect.any(Number), tombstone: false }]);
    expect(snapshots[21_000]!.map((r) => r.tombstone)).toEqual([false, true]);
    expect(snapshots[23_000]!.map((r) => r.tombstone)).toEqual([true]);
    expect(snapshots[37_999]!.map((r) => r.tombstone)).toEqual([true]);
    expect(snapshots[39_500]).toEqual([]);
  });

  it('new-service rebuilds every balance at 40 s from the 74 records of its first poll, where about 750 were sent', () => {
    const report = at[60_000]!;
    const produced = trace.filter((r) => r.type === 'kafka.record.appended' && r.t < 40_000).length;
    expect(produced).toBeGreaterThan(700);
    expect(produced).toBeLessThan(800);
    const firstBatch = trace.filter(
      (r) => r.type === 'kafka.record.delivered' && r.group === 'new-service' && r.t === 40_000,
    );
    expect(firstBatch).toHaveLength(74);
    // Every account is in it, and each only with its latest balance in the cleaned segments.
    const keys = new Set(
      firstBatch.map((r) => (r.type === 'kafka.record.delivered' ? sim.inspectMessage(r.msg)?.key : '')),
    );
    expect(keys.size).toBe(8);
    expect(report.groups['statements']!.lost).toBe(0);
  });
});
