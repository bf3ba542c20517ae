/**
 * The same scenario and seed give byte-identical reports in the CLI (Node) and in the browser's
 * simulation worker (Chromium).
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenarioText } from '../src/scenario/parseScenario';
import type { EngineClient } from '../src/worker/engineClient';

declare global {
  interface Window {
    __eventscope?: { client: EngineClient };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'eventscope-e2e-'));

const cases = [
  {
    name: 'the default scenario',
    text: readFileSync('scenarios/checkout-orders.json', 'utf8'),
    seed: 7,
    duration: '60s',
    ms: 60_000,
  },
  {
    name: 'the benchmark reference scenario',
    text: readFileSync('scenarios/bench-reference.json', 'utf8'),
    seed: 3,
    duration: '120s',
    ms: 120_000,
  },
  {
    name: 'the replication example (brokers, batching, retries)',
    text: readFileSync('scenarios/presets/replication-and-broker-failure.json', 'utf8'),
    seed: 11,
    duration: '110s',
    ms: 110_000,
  },
  {
    name: 'the RabbitMQ poison message example',
    text: readFileSync('scenarios/presets/rabbitmq-poison-message.json', 'utf8'),
    seed: 5,
    duration: '10s',
    ms: 10_000,
    minConsumed: 30,
  },
  {
    name: 'the RabbitMQ RPC example (replies, a server crash)',
    text: readFileSync('scenarios/presets/rabbitmq-rpc.json', 'utf8'),
    seed: 9,
    duration: '30s',
    ms: 30_000,
    minConsumed: 100,
  },
];

for (const c of cases) {
  test(`CLI and browser worker give byte-identical reports for ${c.name}`, async ({ page }) => {
    const file = join(dir, `${c.seed}.json`);
    const out = join(dir, `${c.seed}.report.json`);
    writeFileSync(file, c.text);
    execFileSync(process.execPath, [
      'bin/eventscope.mjs',
      'run',
      file,
      '--seed',
      String(c.seed),
      '--duration',
      c.duration,
      '--report',
      out,
    ]);
    const fromCli = readFileSync(out, 'utf8');

    const parsed = parseScenarioText(c.text);
    if (!parsed.ok) throw new Error('fixture does not parse');
    await page.goto('/');
    await page.waitForFunction(() => window.__eventscope !== undefined);
    const fromBrowser = await page.evaluate(
      ([scenario, seed, ms]) => window.__eventscope!.client.runHeadless(scenario, seed, ms),
      [parsed.scenario, c.seed, c.ms] as const,
    );
    expect(JSON.parse(fromCli).totals.consumed).toBeGreaterThan('minConsumed' in c ? c.minConsumed : 1000);
    expect(fromBrowser).toBe(fromCli);
  });
}
