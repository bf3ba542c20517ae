import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pipeline } from '../engine/testScenarios';
import { main } from './main';

let dir: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventscope-cli-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('eventscope CLI', () => {
  it('runs a scenario and writes the report and one trace line per lifecycle step', async () => {
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify(pipeline({})));
    const code = await main([
      'run',
      file,
      '--seed',
      '7',
      '--duration',
      '10s',
      '--report',
      join(dir, 'r.json'),
      '--trace',
      join(dir, 't.jsonl'),
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(report).toMatchObject({ format: 'eventscope.report', seed: 7, timeMs: 10_000 });
    expect(report.totals.produced).toBeGreaterThan(300);
    const lines = readFileSync(join(dir, 't.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const types = new Set(lines.map((l) => l.type));
    expect([...types].sort()).toEqual([
      'kafka.consumer.started',
      'kafka.group.rebalanced',
      'kafka.offsets.committed',
      'kafka.record.appended',
      'kafka.record.delivered',
      'kafka.record.processed',
    ]);
    expect(lines.find((l) => l.type === 'kafka.record.appended')).toMatchObject({
      topic: 't',
      key: expect.any(String),
      partition: expect.any(Number),
      offset: 0,
    });
    expect(stdout).toContain('produced');
  });

  it('validates a file and names the wrong field, exiting with 2', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(pipeline({})));
    expect(await main(['validate', good])).toBe(0);
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'eventscope.scenario',
        version: 1,
        nodes: [{ id: 't', kind: 'kafka.topic', config: { partitions: 0 } }],
      }),
    );
    expect(await main(['validate', bad])).toBe(2);
    expect(stderr).toContain('at nodes[0].config.partitions: expected a number ≥ 1, got 0');
  });

  it('rejects bad arguments with usage', async () => {
    expect(await main(['run', join(dir, 'missing.json')])).toBe(2);
    expect(stderr).toContain('cannot read');
    expect(await main(['fly'])).toBe(2);
    expect(await main(['run', 'x.json', '--duration', 'soon'])).toBe(2);
    expect(stderr).toContain('--duration: expected a duration such as 500ms');
  });
});
