/**
 * The "Replication and broker failure" tour quotes leaders, times and ISR sizes; these are the
 * engine's answers for that file. When one fails, the engine changed: fix the tour text in
 * scenarios/presets/replication-and-broker-failure.json along with the numbers here.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, type SimReport, type TraceRecord } from '../../engine';
import { parseScenario } from '../parseScenario';
import { PRESETS } from './presets';

describe('the Replication and broker failure tour', () => {
  const preset = PRESETS.find((p) => p.id === 'replication-and-broker-failure')!;
  const parsed = parseScenario(preset.document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const trace: TraceRecord[] = [];
  const sim = createSimulation(parsed.scenario, { trace: (r) => trace.push(r) });
  const at: Record<number, SimReport> = {};
  for (const t of [5000, 16_000, 23_999, 24_001, 42_000, 70_000, 89_999, 90_001, 101_000]) {
    sim.runUntil(t);
    at[t] = sim.report();
  }
  const parts = (t: number) => at[t]!.topics['payments']!.partitions;

  it('spreads the leaders: P0 on broker 1, P1 on 2, P2 on 3, all replicas in sync', () => {
    expect(parts(5000).map((p) => p.leader)).toEqual([1, 2, 3]);
    expect(parts(5000).every((p) => p.isr!.length === 3)).toBe(true);
  });

  it('while broker 1 is down but not fenced, P0 takes no writes and the others’ high watermarks stop', () => {
    // The producer holds P0's records, and stops at 5 unanswered acks=all requests per broker.
    const producer = (t: number) => at[t]!.producers['checkout']!;
    expect(producer(23_999).buffered).toBeGreaterThan(200);
    expect(producer(23_999).inFlight).toBe(10);
    expect(producer(23_999).produced).toBe(producer(16_000).produced);
    expect(parts(23_999)[0]!.logEndOffset).toBe(parts(16_000)[0]!.logEndOffset);
    for (const p of [1, 2]) {
      expect(parts(23_999)[p]!.highWatermark).toBe(parts(16_000)[p]!.highWatermark);
      expect(parts(23_999)[p]!.logEndOffset).toBeGreaterThan(parts(23_999)[p]!.highWatermark);
    }
  });

  it('at 24 s broker 1 is fenced: P0 elects broker 2, every ISR is 2/3, and nothing acknowledged is lost', () => {
    expect(parts(24_001).map((p) => p.leader)).toEqual([2, 2, 3]);
    expect(parts(24_001).every((p) => p.isr!.length === 2 && !p.isr!.includes(1))).toBe(true);
    expect(at[101_000]!.topics['payments']!.ackedLost).toBe(0);
    expect(at[101_000]!.totals.failed).toBe(0);
  });

  it('broker 1 rejoins every ISR after its restart at 40 s, without taking back P0', () => {
    expect(parts(42_000).every((p) => p.isr!.includes(1))).toBe(true);
    expect(parts(42_000)[0]!.leader).toBe(2);
  });

  it('the stalled broker 3 holds back P0 and P1 until the 90 s check drops it; P2 (its own) keeps going', () => {
    expect(parts(89_999)[0]!.isr).toContain(3);
    expect(parts(89_999)[0]!.highWatermark).toBe(parts(70_000)[0]!.highWatermark);
    expect(parts(89_999)[2]!.highWatermark).toBeGreaterThan(parts(70_000)[2]!.highWatermark);
    expect(parts(90_001)[0]!.isr).not.toContain(3);
    expect(parts(90_001)[1]!.isr).not.toContain(3);
    expect(parts(101_000).every((p) => p.isr!.length === 3)).toBe(true);
  });

  it('at 85 s the waiting requests time out; the idempotent retries are not written twice', () => {
    const errors = trace.filter((r) => r.type === 'kafka.produce.error');
    expect(errors.length).toBe(5);
    expect(errors.every((r) => r.error === 'REQUEST_TIMED_OUT' && r.t > 85_000 && r.t < 86_000)).toBe(true);
    expect(at[101_000]!.producers['checkout']).toMatchObject({ deduplicated: 5, duplicates: 0, buffered: 0 });
  });
});
