/**
 * The "Consumer group rebalancing" tour quotes times and behaviours; these are the engine's answers
 * for that file. When one fails, the engine changed: fix the tour text in
 * scenarios/presets/consumer-group-rebalancing.json along with the numbers here.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, type TraceRecord } from '../../engine';
import { parseScenario } from '../parseScenario';
import { PRESETS } from './presets';

describe('the Consumer group rebalancing tour', () => {
  const preset = PRESETS.find((p) => p.id === 'consumer-group-rebalancing')!;
  const parsed = parseScenario(preset.document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const trace: TraceRecord[] = [];
  const sim = createSimulation(parsed.scenario, { trace: (r) => trace.push(r) });
  // Partitions owned by each group's members, sampled at every event.
  const owned: Record<string, { t: number; counts: number[] }[]> = { 'eager-group': [], 'cooperative-group': [] };
  // Each group's lag in records at a few times.
  const lagAt: Record<string, Record<number, number>> = { 'eager-group': {}, 'cooperative-group': {} };
  const checkpoints = [8000, 15_000];
  while (sim.timeMs < parsed.scenario.run.durationMs && sim.nextEventMs <= parsed.scenario.run.durationMs) {
    sim.step(1);
    while (checkpoints.length > 0 && sim.timeMs >= checkpoints[0]!) {
      const at = checkpoints.shift()!;
      for (const [id, g] of Object.entries(sim.report().groups)) lagAt[id]![at] = g.lag;
    }
    for (const g of sim.snapshot().layout.groups)
      owned[g.nodeId]!.push({ t: sim.timeMs, counts: g.members.map((m) => m.assigned.length) });
  }
  const report = sim.report();
  const of = <T extends TraceRecord['type']>(type: T, group: string) =>
    trace.filter((r): r is Extract<TraceRecord, { type: T }> => r.type === type && 'group' in r && r.group === group);

  it('before C3 joins, each group has 2 consumers with 3 partitions each, and falls behind', () => {
    for (const id of ['eager-group', 'cooperative-group']) {
      expect(owned[id]!.filter((o) => o.t < 16_000).at(-1)!.counts).toEqual([3, 3]);
    }
    // 2 × 25 records/s of capacity against 60/s produced: the lag grows until C3 joins.
    for (const id of ['eager-group', 'cooperative-group']) {
      expect(lagAt[id]![15_000]!).toBeGreaterThan(lagAt[id]![8000]! + 40);
    }
  });

  it('eager: C2 gives up everything at 19 s and generation 2 comes at about 22 s', () => {
    const revoked = of('kafka.partitions.revoked', 'eager-group');
    expect(revoked[0]!.t).toBe(19_000);
    const gen2 = of('kafka.group.rebalanced', 'eager-group').find((r) => r.generation === 2)!;
    expect(gen2.t).toBeGreaterThan(21_000);
    expect(gen2.t).toBeLessThan(23_000);
    // In between, C2 and C3 own nothing.
    const between = owned['eager-group']!.filter((o) => o.t > 19_000 && o.t < gen2.t);
    expect(between.length).toBeGreaterThan(0);
    for (const o of between) expect([o.counts[1], o.counts[2]]).toEqual([0, 0]);
  });

  it('cooperative: generation 2 at 19 s, the follow-up generation 3 at about 23 s; C1 and C2 never drop below 2 partitions', () => {
    const rebalanced = of('kafka.group.rebalanced', 'cooperative-group');
    expect(rebalanced.find((r) => r.generation === 2)!.t).toBe(19_000);
    const gen3 = rebalanced.find((r) => r.generation === 3)!;
    expect(gen3.t).toBeGreaterThan(22_000);
    expect(gen3.t).toBeLessThan(24_000);
    for (const o of owned['cooperative-group']!.filter((o) => o.t > 16_000 && o.t < 35_000)) {
      expect(Math.min(o.counts[0]!, o.counts[1]!)).toBeGreaterThanOrEqual(2);
    }
  });

  it('the crashed C2 is removed at about 79 s and 80 s; both groups then process some records twice, none lost', () => {
    const eager = of('kafka.group.member-removed', 'eager-group')[0]!;
    const coop = of('kafka.group.member-removed', 'cooperative-group')[0]!;
    expect(eager).toMatchObject({ label: 'C2', reason: 'session-timeout' });
    expect(Math.round(eager.t / 1000)).toBe(79);
    expect(Math.round(coop.t / 1000)).toBe(80);
    for (const id of ['eager-group', 'cooperative-group']) {
      expect(report.groups[id]!.duplicates).toBeGreaterThan(0);
      expect(report.groups[id]!.lost).toBe(0);
    }
  });
});
