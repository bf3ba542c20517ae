/**
 * One engine process of `npm run bench` (BENCH.md (a)): runs the reference scenario `--runs`
 * times in this process through the engine's public entry (metrics on, snapshots off) and prints
 * one JSON line per run, then exits. Run 1 is the cold run; runs 2… are warm.
 *
 *   node --import tsx scripts/bench-engine-run.ts [--messages 1000000] [--runs 5] [--seed 1]
 *
 * Only `runUntil(durationMs)` is timed. After it, the run is drained outside the timed part:
 * every producer is reconfigured live to send nothing more, and the simulation runs on until
 * every produced record is consumed, so the conservation check is exact (consumed = produced)
 * and the mean latency is over every record. The digest is the SHA-256 of the serialized report
 * at the cut-off (what `runScenario` and the CLI produce for the same scenario and seed).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSimulation, serializeReport, type SimulationHandle } from '../src/engine';
import { formatProblems, parseScenarioText } from '../src/scenario/parseScenario';
import type { Scenario, ScenarioNode } from '../src/scenario/schema';

export const REFERENCE_SCENARIO = fileURLToPath(new URL('../scenarios/bench-reference.json', import.meta.url));
/** The reference scenario's total send rate (4 producers × 250 msg/s). */
export const REFERENCE_RATE_PER_SEC = 1000;

export type EngineRunResult = {
  run: number;
  seed: number;
  durationMs: number;
  /** Wall time of `runUntil(durationMs)`. */
  wallMs: number;
  /** At the cut-off (durationMs). */
  produced: number;
  consumed: number;
  events: number;
  msgsPerSec: number;
  eventsPerSec: number;
  /** SHA-256 of the serialized report at the cut-off. */
  digest: string;
  /** After draining: producers stopped, every record consumed. */
  drained: { produced: number; consumed: number; failed: number; lag: number; meanLatencyMs: number; timeMs: number };
};

/** Loads and validates the reference scenario, with its duration set for `messages` records. */
export function loadReferenceScenario(messages: number): Scenario {
  const text = readFileSync(REFERENCE_SCENARIO, 'utf8');
  const doc = JSON.parse(text) as { run?: { durationMs?: number } };
  doc.run = { ...doc.run, durationMs: (messages / REFERENCE_RATE_PER_SEC) * 1000 };
  const parsed = parseScenarioText(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(`scenarios/bench-reference.json is invalid:\n${formatProblems(parsed.problems)}`);
  return parsed.scenario;
}

/** The scenario's producers with traffic that sends nothing (validated, defaults filled in). */
function silencedProducers(scenario: Scenario): ScenarioNode[] {
  const doc = {
    ...scenario,
    nodes: scenario.nodes.map((node) =>
      node.kind === 'producer'
        ? { ...node, config: { ...node.config, traffic: { type: 'scripted', messages: [] } } }
        : node,
    ),
  };
  const parsed = parseScenarioText(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(`cannot silence the producers:\n${formatProblems(parsed.problems)}`);
  return parsed.scenario.nodes.filter((node) => node.kind === 'producer');
}

/** Stops the producers and runs until every produced record is consumed (or gives up). */
function drain(sim: SimulationHandle, silenced: readonly ScenarioNode[]): void {
  for (const node of silenced) {
    const result = sim.reconfigure(node);
    if (!result.applied) throw new Error(`cannot stop producer ${node.id}: ${result.reason ?? 'not applied'}`);
  }
  // At 83 % utilisation the queues empty within seconds of virtual time; 10 more seconds let the
  // idle consumers' auto-commit (every 5 s) bring the lag to 0. Give up after 10 virtual minutes.
  const giveUpAt = sim.timeMs + 600_000;
  while (sim.timeMs < giveUpAt) {
    sim.runUntil(sim.timeMs + 1000);
    const { totals } = sim.report();
    if (totals.consumed + totals.failed >= totals.produced) break;
  }
  sim.runUntil(sim.timeMs + 10_000);
}

export function runOnce(
  scenario: Scenario,
  seed: number,
  run: number,
  silenced: readonly ScenarioNode[],
): EngineRunResult {
  const durationMs = scenario.run.durationMs;
  const sim = createSimulation(scenario, { seed });
  try {
    const start = performance.now();
    sim.runUntil(durationMs);
    const wallMs = performance.now() - start;
    const events = sim.events;
    const report = sim.report();
    const digest = createHash('sha256').update(serializeReport(report)).digest('hex');
    drain(sim, silenced);
    const after = sim.report();
    return {
      run,
      seed,
      durationMs,
      wallMs,
      produced: report.totals.produced,
      consumed: report.totals.consumed,
      events,
      msgsPerSec: report.totals.consumed / (wallMs / 1000),
      eventsPerSec: events / (wallMs / 1000),
      digest,
      drained: {
        produced: after.totals.produced,
        consumed: after.totals.consumed,
        failed: after.totals.failed,
        lag: after.totals.lag,
        meanLatencyMs: after.latency.meanMs,
        timeMs: after.timeMs,
      },
    };
  } finally {
    sim.dispose();
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
    },
  });
  const messages = Number(values.messages);
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  if (!(messages > 0) || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || seed < 0) {
    throw new Error('usage: bench-engine-run.ts [--messages N>0] [--runs K>=1] [--seed S>=0]');
  }
  const scenario = loadReferenceScenario(messages);
  const silenced = silencedProducers(scenario);
  for (let run = 1; run <= runs; run++) {
    process.stdout.write(`${JSON.stringify(runOnce(scenario, seed, run, silenced))}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
