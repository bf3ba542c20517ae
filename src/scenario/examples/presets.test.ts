import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { partitionForKey, runScenario, type TraceRecord } from '../../engine';
import { parseScenario } from '../parseScenario';
import type { Scenario } from '../schema';
import { PRESETS } from './presets';

function parsed(id: string): Scenario {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset "${id}"`);
  const result = parseScenario(preset.document);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

describe('presets', () => {
  it('registers every file of scenarios/presets once, under its file name', () => {
    const files = readdirSync(new URL('../../../scenarios/presets/', import.meta.url))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort();
    expect(PRESETS.map((p) => p.id).sort()).toEqual(files);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s parses with the real parser and has a tour', (_id, preset) => {
    const result = parseScenario(preset.document);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.scenario.meta.title).toBe(preset.title);
    expect(preset.summary.length).toBeGreaterThan(0);
    expect(preset.summary).not.toContain('\n');
    expect(result.scenario.meta.tour.length).toBeGreaterThan(0);
    for (const step of result.scenario.meta.tour) {
      expect(step.text.trim().length).toBeGreaterThan(0);
      if (step.atMs !== undefined) expect(step.atMs).toBeLessThanOrEqual(result.scenario.run.durationMs);
    }
  });
});

/**
 * The "Partitions and keys" tour quotes partitions, times and orders; these are the engine's
 * answers for that file. When one fails, the engine's behaviour changed: fix the tour text in
 * scenarios/presets/partitions-and-keys.json along with the numbers here.
 */
describe('the Partitions and keys tour', () => {
  const scenario = parsed('partitions-and-keys');
  const trace: TraceRecord[] = [];
  runScenario(scenario, { trace: (record) => trace.push(record) });
  const appended = new Map<number, Extract<TraceRecord, { type: 'kafka.record.appended' }>>();
  for (const r of trace) if (r.type === 'kafka.record.appended') appended.set(r.msg, r);
  const bodies = new Map<number, string>();
  const bank = scenario.nodes.find((n) => n.id === 'bank');
  const script =
    bank?.kind === 'producer' && bank.config.traffic.type === 'scripted' ? bank.config.traffic.messages : [];
  [...appended.values()]
    .filter((r) => r.producer === 'bank')
    .forEach((r, i) => bodies.set(r.msg, script[i]?.body ?? ''));
  const processed = trace.flatMap((r) =>
    r.type === 'kafka.record.processed' ? [{ t: r.t, body: bodies.get(r.msg) ?? '' }] : [],
  );
  const processedAt = (body: string) => processed.find((p) => p.body.startsWith(`${body}:`))?.t;
  const deliveredAt = (t: number) =>
    trace.flatMap((r) => (r.type === 'kafka.record.delivered' && r.t === t ? [r.partition] : []));

  it('puts alice and bob on partition 0, dave on 1 and carol on 2 (murmur2 mod 3)', () => {
    expect(['alice', 'bob', 'dave', 'carol'].map((key) => partitionForKey(key, 3))).toEqual([0, 0, 1, 2]);
    for (const r of appended.values()) {
      if (r.producer === 'bank') expect(r.partition).toBe(partitionForKey(r.key as string, 3));
    }
  });

  it("processes each customer's events in the order they were sent", () => {
    expect(processed).toHaveLength(script.length);
    for (const customer of ['alice', 'bob', 'carol', 'dave']) {
      const mine = processed.filter((p) => p.body.startsWith(`${customer} `)).map((p) => p.body);
      expect(mine).toEqual(script.filter((m) => m.key === customer).map((m) => m.body));
    }
  });

  it('delivers 11 records at 3 s, partition by partition, and rotates at the 6.3 s poll', () => {
    expect(deliveredAt(3000)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2]);
    const second = deliveredAt(6300);
    expect([...new Set(second)]).toEqual([1, 2, 0]);
  });

  it('processes carol 1 after alice 3 and bob 3, and carol 6 before alice 4', () => {
    expect(processedAt('alice 3')).toBe(4500);
    expect(processedAt('bob 3')).toBe(4800);
    expect(processedAt('carol 1')).toBe(5700);
    expect(processedAt('carol 6')).toBe(8100);
    expect(processedAt('alice 4')).toBe(8400);
  });

  it('fills page-views in sticky runs of ten records', () => {
    const partitions = [...appended.values()].filter((r) => r.producer === 'clicks').map((r) => r.partition);
    expect(new Set([...appended.values()].filter((r) => r.producer === 'clicks').map((r) => r.by))).toEqual(
      new Set(['sticky']),
    );
    for (let i = 0; i + 10 <= partitions.length; i += 10) {
      expect(new Set(partitions.slice(i, i + 10)).size).toBe(1);
    }
    expect(new Set(partitions).size).toBe(3);
  });
});
