/**
 * The producer end to end through the public engine: batching by linger.ms and batch.size, one
 * request per broker carrying every ready partition, max.in.flight, retries after a lost answer
 * writing duplicates unless the producer is idempotent, delivery.timeout.ms, and the conservation
 * of every record sent (acknowledged, failed, buffered or in flight).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parseScenario';
import type { ScenarioAction, ScenarioInput } from '../scenario/schema';
import { createSimulation, runScenario, type TraceRecord } from './index';
import { pipeline, scenarioOf } from './testScenarios';

type Input = Omit<ScenarioInput, 'format' | 'version'>;

function replicated(options: {
  producer?: Record<string, unknown>;
  topic?: Record<string, unknown>;
  actions?: ScenarioAction[];
  seed?: number;
}) {
  return scenarioOf({
    seed: options.seed ?? 5,
    nodes: [
      { id: 'b1', kind: 'kafka.broker', config: {} },
      { id: 'b2', kind: 'kafka.broker', config: {} },
      { id: 'b3', kind: 'kafka.broker', config: {} },
      { id: 'p', kind: 'producer', config: { traffic: { type: 'rate', ratePerSec: 50 }, ...(options.producer ?? {}) } },
      { id: 't', kind: 'kafka.topic', config: { partitions: 3, replicationFactor: 3, ...(options.topic ?? {}) } },
      {
        id: 'g',
        kind: 'kafka.consumerGroup',
        config: { consumers: 1, autoOffsetReset: 'earliest', initialRebalanceDelayMs: 0 },
      },
    ],
    edges: [
      { id: 'e1', source: 'p', target: 't' },
      { id: 'e2', source: 't', target: 'g' },
    ],
    actions: options.actions ?? [],
  } as Input);
}

describe('batching', () => {
  it('waits linger.ms for more records: at 1,000 records/s a 5 ms linger sends about 5 per batch', () => {
    const scenario = pipeline({
      partitions: 1,
      consumers: 0,
      producer: { traffic: { type: 'rate', ratePerSec: 1000, arrivals: 'constant', keys: { type: 'null' } } },
    });
    const report = runScenario(scenario, { durationMs: 10_000 });
    const p = report.producers['p']!;
    // A batch opens with a record at t and goes at t + 5 ms with those of t … t + 4 ms.
    expect(p.produced / p.batches).toBeGreaterThan(4.9);
    expect(p.produced / p.batches).toBeLessThan(6.1);
    expect(p.requests).toBe(p.batches);
  });

  it('sends a batch as soon as batch.size is full, without waiting for linger.ms', () => {
    const trace: TraceRecord[] = [];
    const scenario = pipeline({
      partitions: 1,
      consumers: 0,
      producer: {
        traffic: { type: 'rate', ratePerSec: 100, arrivals: 'constant', keys: { type: 'null' }, valueBytes: 100 },
        lingerMs: 60_000,
        deliveryTimeoutMs: 120_000,
        // 61 bytes of header + 4 records of 108: the 4th fills it.
        batchSizeBytes: 61 + 4 * 108,
      },
    });
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(1000);
    const appended = trace.filter((r) => r.type === 'kafka.record.appended');
    // Records at 0, 10, 20, 30 ms go together at 30 ms, when the 4th fills the batch.
    expect(appended.slice(0, 4).map((r) => r.t)).toEqual([30, 30, 30, 30]);
    expect(appended.length).toBe(100);
    expect(sim.report().producers['p']!.batches).toBe(25);
    sim.dispose();
  });

  it('once one partition is ready, every partition led by that broker rides in the same request', () => {
    // Keys spread records over 6 partitions; each request takes the first batch of all of them.
    const scenario = pipeline({
      partitions: 6,
      consumers: 0,
      producer: { traffic: { type: 'rate', ratePerSec: 2000, arrivals: 'poisson' } },
    });
    const report = runScenario(scenario, { durationMs: 5000 });
    const p = report.producers['p']!;
    expect(p.batches / p.requests).toBeGreaterThan(4);
  });

  it('adds linger.ms to end-to-end latency', () => {
    const latency = (lingerMs: number) =>
      runScenario(
        pipeline({
          partitions: 1,
          consumers: 1,
          producer: { traffic: { type: 'rate', ratePerSec: 20, arrivals: 'constant' }, lingerMs },
          group: { processing: { type: 'constant', ms: 1 }, initialRebalanceDelayMs: 0 },
        }),
        { durationMs: 20_000 },
      ).latency.meanMs;
    // One record per batch at 20/s: each waits the full linger.
    expect(latency(50) - latency(0)).toBeCloseTo(50, 0);
  });
});

describe('retries and idempotence', () => {
  /** A follower stalls in the ISR: acks=all requests wait at the leader until request.timeout.ms, then retry. */
  const stalled = (producer: Record<string, unknown>) =>
    replicated({
      producer: { acks: 'all', ...producer },
      topic: { partitions: 1 },
      actions: [{ type: 'kafka.broker.slow', broker: 'b2', atMs: 1000, durationMs: 120_000 }],
    });

  it('without idempotence a timed-out request is written again: the group processes duplicates, and says why', () => {
    const trace: TraceRecord[] = [];
    const sim = createSimulation(stalled({ enableIdempotence: false }), { trace: (r) => trace.push(r) });
    sim.runUntil(60_000);
    const report = sim.report();
    const p = report.producers['p']!;
    expect(p.idempotent).toBe(false);
    expect(trace.some((r) => r.type === 'kafka.produce.error' && r.error === 'REQUEST_TIMED_OUT')).toBe(true);
    expect(p.duplicates).toBeGreaterThan(0);
    expect(p.deduplicated).toBe(0);
    const duplicated = trace.filter((r) => r.type === 'kafka.record.duplicated');
    expect(duplicated).toHaveLength(p.duplicates);
    expect(report.groups['g']!.duplicates).toBe(p.duplicates);
    const notes = sim.inspectGroup('g')!.duplicateNotes;
    expect(notes.some((n) => /sent offsets .* again/.test(n.text) && /enable\.idempotence is off/.test(n.text))).toBe(
      true,
    );
    // "Why?" on the second copy: its life names the retry, and the group's note says why it ran twice.
    const copy = duplicated[0]!;
    const info = sim.inspectRecord('t', copy.partition, copy.offset)!;
    expect(info.offset).toBe(copy.offset);
    expect(
      info.lifecycle.some((s) => s.tone === 'warn' && s.text.startsWith(`Offset ${copy.offset} is a second copy`)),
    ).toBe(true);
    expect(info.lifecycle[1]!.text).toContain(`offset ${copy.firstOffset}`);
    expect(info.groups[0]).toMatchObject({ processed: 2, note: expect.stringContaining('sent offsets') });
    sim.dispose();
  });

  it('an idempotent producer (the default) retries the same batches; the leader recognises them and writes nothing twice', () => {
    const trace: TraceRecord[] = [];
    const sim = createSimulation(stalled({}), { trace: (r) => trace.push(r) });
    sim.runUntil(60_000);
    const report = sim.report();
    const p = report.producers['p']!;
    expect(p.idempotent).toBe(true);
    expect(p.deduplicated).toBeGreaterThan(0);
    expect(p.duplicates).toBe(0);
    expect(trace.filter((r) => r.type === 'kafka.batch.deduplicated')).toHaveLength(p.deduplicated);
    expect(report.groups['g']!.duplicates).toBe(0);
    expect(p.acked).toBe(p.sent - p.buffered - p.inFlight);
    sim.dispose();
  });

  it('turns idempotence off without a word when acks is not all, and refuses an explicit conflict as Kafka does', () => {
    const report = runScenario(replicated({ producer: { acks: '1' } }), { durationMs: 1000 });
    expect(report.producers['p']!.idempotent).toBe(false);
    const doc = {
      format: 'eventscope.scenario',
      version: 1,
      nodes: [{ id: 'p', kind: 'producer', config: { acks: '1', enableIdempotence: true } }],
      edges: [],
    };
    const parsed = parseScenario(doc);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems[0]).toMatchObject({
        path: 'nodes[0].config.enableIdempotence',
        message: expect.stringContaining('Must set acks to all in order to use the idempotent producer'),
      });
  });

  it('a partition left without a leader keeps its records in the accumulator until delivery.timeout.ms fails them', () => {
    const trace: TraceRecord[] = [];
    const scenario = replicated({
      producer: { deliveryTimeoutMs: 40_000, traffic: { type: 'rate', ratePerSec: 10, keys: { type: 'null' } } },
      topic: { partitions: 1, replicationFactor: 1 },
      actions: [
        { type: 'kafka.broker.crash', broker: 'b1', atMs: 5000 },
        { type: 'kafka.broker.crash', broker: 'b2', atMs: 5000 },
        { type: 'kafka.broker.crash', broker: 'b3', atMs: 5000 },
      ],
    });
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(30_000);
    expect(sim.report().producers['p']!.buffered).toBeGreaterThan(200);
    expect(sim.report().totals.failed).toBe(0);
    sim.runUntil(60_000);
    const failed = trace.filter((r) => r.type === 'kafka.record.failed');
    expect(failed.length).toBeGreaterThan(100);
    expect(failed[0]!.t).toBeGreaterThanOrEqual(45_000);
    expect(failed[0]).toMatchObject({
      reason: expect.stringMatching(/^Expiring \d+ record\(s\) for t-0:\d+ ms has passed since batch creation$/),
    });
    sim.dispose();
  });
});

describe('conservation', () => {
  it('every record sent is acknowledged, failed, buffered or in flight; every copy written is in the log or truncated', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('0', '1', 'all'),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(
          fc.record({
            type: fc.constantFrom('kafka.broker.crash', 'kafka.broker.restart', 'kafka.broker.slow'),
            broker: fc.constantFrom('b1', 'b2', 'b3'),
            atMs: fc.integer({ min: 0, max: 40_000 }),
          }),
          { maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 1000 }),
        (acks, idempotence, lingerMs, maxInFlight, faults, seed) => {
          const enableIdempotence = acks === 'all' ? idempotence : idempotence === true ? undefined : idempotence;
          const actions = faults.map((f) =>
            f.type === 'kafka.broker.slow'
              ? { ...f, type: f.type, durationMs: 20_000 }
              : { ...f, type: f.type as 'kafka.broker.crash' | 'kafka.broker.restart' },
          ) as ScenarioAction[];
          const sim = createSimulation(
            replicated({
              seed,
              producer: {
                acks,
                lingerMs,
                maxInFlightRequestsPerConnection: maxInFlight,
                deliveryTimeoutMs: 40_000,
                ...(enableIdempotence === undefined ? {} : { enableIdempotence }),
                traffic: { type: 'rate', ratePerSec: 80 },
              },
              topic: { uncleanLeaderElectionEnable: seed % 2 === 0 },
              actions,
            }),
          );
          for (const t of [15_000, 30_000, 60_000]) {
            sim.runUntil(t);
            const report = sim.report();
            const p = report.producers['p']!;
            expect(p.sent).toBe(p.acked + p.failed + p.buffered + p.inFlight);
            const topic = report.topics['t']!;
            const present = topic.partitions.reduce((n, q) => n + q.records, 0);
            expect(p.produced).toBe(present + topic.truncated);
            if (p.idempotent) expect(p.duplicates).toBe(0);
          }
          sim.dispose();
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
