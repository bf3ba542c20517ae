#!/usr/bin/env node
/**
 * The Eventscope CLI: the same engine as the browser, headless.
 *
 *   eventscope run FILE [--seed N] [--duration 60s] [--report out.json] [--trace out.jsonl]
 *   eventscope validate FILE
 *
 * Bad input gets a message naming the path and the field, and exit code 2.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runScenario, serializeReport, type TraceRecord } from '../engine';
import { formatProblems, parseScenarioText } from '../scenario/parseScenario';
import type { Scenario } from '../scenario/schema';
import { parseDuration } from './parseDuration';

const USAGE = `Usage:
  eventscope run FILE [--seed N] [--duration 60s] [--report report.json] [--trace trace.jsonl]
  eventscope validate FILE

run       simulates FILE for --duration of virtual time (default: the file's run.durationMs) and
          prints a summary; --report writes the full report (JSON), --trace one JSON line per
          lifecycle step (appended, delivered, processed, committed, rebalanced).
validate  checks FILE against the scenario format and names every wrong field.
Durations: 500ms, 60s, 5m, 1h or a number of milliseconds.`;

/** Wrong command line: the message is followed by the usage text. */
class UsageError extends Error {}
/** Bad input file: the message alone says what is wrong. */
class InputError extends Error {}

const RunOptions = z.object({
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  duration: z.string().optional(),
  report: z.string().min(1).optional(),
  trace: z.string().min(1).optional(),
});

function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new InputError(`${file} is not a valid scenario:\n${formatProblems(parsed.problems, 20)}`);
  return parsed.scenario;
}

async function run(file: string, rawOptions: Record<string, unknown>): Promise<void> {
  const options = RunOptions.safeParse(rawOptions);
  if (!options.success) throw new UsageError(z.prettifyError(options.error));
  const requestedMs = options.data.duration !== undefined ? parseDuration(options.data.duration) : undefined;
  const scenario = loadScenario(file);
  const durationMs = requestedMs ?? scenario.run.durationMs;
  const traceStream = options.data.trace ? createWriteStream(options.data.trace) : null;
  const trace = traceStream ? (record: TraceRecord) => traceStream.write(`${JSON.stringify(record)}\n`) : undefined;
  const report = runScenario(scenario, {
    durationMs,
    ...(options.data.seed !== undefined ? { seed: options.data.seed } : {}),
    ...(trace ? { trace } : {}),
  });
  if (traceStream)
    await new Promise<void>((resolve, reject) =>
      traceStream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  if (options.data.report) writeFileSync(options.data.report, serializeReport(report));
  const l = report.latency;
  process.stdout.write(
    `${report.title} — seed ${report.seed}, ${durationMs / 1000} s of virtual time, ${report.events} events\n` +
      `produced ${report.totals.produced}, consumed ${report.totals.consumed}, failed ${report.totals.failed}, lag ${report.totals.lag}\n` +
      `end-to-end latency ms: mean ${l.meanMs}, p50 ${l.p50Ms}, p95 ${l.p95Ms}, p99 ${l.p99Ms}, max ${l.maxMs}\n` +
      (options.data.report ? `report: ${options.data.report}\n` : '') +
      (options.data.trace ? `trace: ${options.data.trace}\n` : ''),
  );
}

export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        duration: { type: 'string' },
        report: { type: 'string' },
        trace: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [command, file, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (file === undefined) throw new UsageError(`${command} needs a scenario FILE`);
    if (command === 'validate') {
      const scenario = loadScenario(file);
      process.stdout.write(
        `${file}: valid scenario "${scenario.meta.title}" (${scenario.nodes.length} nodes, ${scenario.edges.length} edges)\n`,
      );
      return 0;
    }
    if (command === 'run') {
      await run(file, values);
      return 0;
    }
    throw new UsageError(`unknown command "${command}" (expected run or validate)`);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`eventscope: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`eventscope: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly || process.env['EVENTSCOPE_CLI'] === '1') {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
