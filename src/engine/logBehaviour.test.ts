/**
 * Topic logs end to end through the public engine: retention deletes whole old segments and moves
 * the log start offset; a group that falls behind retention loses what it had not read (and is
 * told why); compaction keeps the latest record per key and drops expired tombstones; compacted
 * topics refuse records without a key; every produced record is in exactly one place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { createSimulation, runScenario, type TraceRecord } from './index';
import { scenarioOf } from './testScenarios';

type Nodes = Omit<ScenarioInput, 'format' | 'version'>;

function pipe(
  topic: Record<string, unknown>,
  options: { producer?: object; group?: object | null; seed?: number } = {},
) {
  const nodes: Nodes['nodes'] = [
    { id: 'p', kind: 'producer', config: options.producer ?? { traffic: { type: 'rate', ratePerSec: 50 } } },
    { id: 't', kind: 'kafka.topic', config: { partitions: 1, ...topic } },
  ];
  const edges: NonNullable<Nodes['edges']> = [{ id: 'e1', source: 'p', target: 't' }];
  if (options.group !== null) {
    nodes.push({
      id: 'g',
      kind: 'kafka.consumerGroup',
      config: { consumers: 1, autoOffsetReset: 'earliest', initialRebalanceDelayMs: 0, ...(options.group ?? {}) },
    });
    edges.push({ id: 'e2', source: 't', target: 'g' });
  }
  return scenarioOf({ seed: options.seed ?? 1, nodes, edges } as Nodes);
}

describe('retention', () => {
  it('deletes whole segments older than retention.ms at each check and moves the log start offset', () => {
    const trace: TraceRecord[] = [];
    const scenario = pipe(
      { retentionMs: 10_000, segmentMs: 2000, retentionCheckIntervalMs: 1000 },
      { producer: { traffic: { type: 'rate', ratePerSec: 50, arrivals: 'constant' } } },
    );
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(29_999);
    // Nothing before the first check, at log.initial.task.delay.ms = 30 s.
    expect(trace.some((r) => r.type === 'kafka.record.deleted')).toBe(false);
    sim.runUntil(40_000);
    const partition = sim.report().topics['t']!.partitions[0]!;
    // A record every 20 ms from t = 0. A segment rolls when a record comes more than segment.ms
    // after the segment's first, so segment k holds the 101 records of [2020k, 2020k + 2000].
    // At the 40 s check, segment k goes when 40000 − (2020k + 2000) > retention.ms: k ≤ 13.
    expect(partition.logStartOffset).toBe(14 * 101);
    const deleted = trace.filter((r) => r.type === 'kafka.record.deleted');
    expect(deleted.length).toBe(partition.logStartOffset);
    expect(deleted[0]).toMatchObject({ reason: 'retention.ms', offset: 0 });
    expect(sim.inspectRecord('t', 0, 0)).toBeNull();
    sim.dispose();
  });

  it('retention.bytes keeps each partition near its byte budget', () => {
    const report = runScenario(
      pipe(
        { retentionBytes: 50_000, segmentBytes: 10_000, retentionCheckIntervalMs: 1000 },
        { producer: { traffic: { type: 'rate', ratePerSec: 200, valueBytes: 100 } }, group: null },
      ),
      { durationMs: 60_000 },
    );
    const partition = report.topics['t']!.partitions[0]!;
    expect(partition.logStartOffset).toBeGreaterThan(0);
    // Between checks the log may grow by a segment or so past the budget.
    expect(partition.sizeBytes).toBeLessThan(50_000 + 2 * 10_000 + 200 * 200);
    expect(report.topics['t']!.deletedByRetention).toBe(partition.logStartOffset);
  });

  it('a group that falls behind retention loses what was deleted before it read it, and is told why', () => {
    const scenario = pipe(
      { retentionMs: 5000, segmentMs: 1000, retentionCheckIntervalMs: 1000 },
      { group: { processing: { type: 'constant', ms: 40 } } }, // 25 records/s against 50/s
    );
    const trace: TraceRecord[] = [];
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(90_000);
    const group = sim.report().groups['g']!;
    expect(group.lost).toBeGreaterThan(100);
    expect(group.duplicates).toBe(0);
    expect(trace.some((r) => r.type === 'kafka.offsets.out-of-range')).toBe(true);
    const info = sim.inspectGroup('g')!;
    expect(info.lossNotes.some((n) => /retention\.ms deleted the segment/.test(n.text))).toBe(true);
    sim.dispose();
  });
});

describe('compaction', () => {
  const accounts = (messages: { atMs: number; key: string; body: string | null }[]) => ({
    traffic: { type: 'scripted', messages },
  });

  it('keeps the latest record per key in closed segments; offsets keep their gaps', () => {
    const messages = Array.from({ length: 40 }, (_, i) => ({
      atMs: i * 250,
      key: `acct-${i % 4}`,
      body: `balance ${i}`,
    }));
    const scenario = pipe(
      { cleanupPolicy: 'compact', segmentMs: 2000, cleanerBackoffMs: 1000 },
      { producer: accounts(messages), group: null },
    );
    const trace: TraceRecord[] = [];
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(20_000);
    const topic = sim.report().topics['t']!;
    expect(topic.compactedAway).toBeGreaterThan(20);
    const partition = topic.partitions[0]!;
    expect(partition.logEndOffset).toBe(40);
    expect(partition.records).toBe(40 - topic.compactedAway);
    // Every key's latest value is still there, at its original offset.
    for (let k = 0; k < 4; k++) {
      const latest = 36 + k;
      expect(sim.inspectRecord('t', 0, latest)).toMatchObject({ key: `acct-${k}`, body: `balance ${latest}` });
    }
    // An early superseded one is gone, and the trace says the cleaner removed it.
    expect(sim.inspectRecord('t', 0, 0)).toBeNull();
    expect(trace.find((r) => r.type === 'kafka.record.compacted' && r.offset === 0)).toBeDefined();
    sim.dispose();
  });

  it('removes a tombstone once delete.retention.ms has passed since the cleaner first kept it', () => {
    const messages = [
      { atMs: 0, key: 'acct-1', body: 'balance 10' },
      { atMs: 100, key: 'acct-2', body: 'balance 20' },
      { atMs: 200, key: 'acct-1', body: null }, // close acct-1
      ...Array.from({ length: 30 }, (_, i) => ({ atMs: 1000 + i * 500, key: 'acct-2', body: `balance ${21 + i}` })),
    ];
    const scenario = pipe(
      { cleanupPolicy: 'compact', segmentMs: 1000, cleanerBackoffMs: 1000, deleteRetentionMs: 5000 },
      { producer: accounts(messages), group: null },
    );
    const sim = createSimulation(scenario);
    sim.runUntil(4000);
    // Cleaned once: the first acct-1 value is gone, its tombstone is kept (horizon set).
    expect(sim.inspectRecord('t', 0, 0)).toBeNull();
    expect(sim.inspectRecord('t', 0, 2)).toMatchObject({ key: 'acct-1', tombstone: true, inLog: true });
    sim.runUntil(20_000);
    expect(sim.inspectRecord('t', 0, 2)).toBeNull();
    expect(sim.inspectMessage(2)).toMatchObject({ tombstone: true, inLog: false });
    sim.dispose();
  });

  it('refuses records without a key, as a compacted topic’s broker does', () => {
    const trace: TraceRecord[] = [];
    const report = runScenario(
      pipe(
        { cleanupPolicy: 'compact' },
        { producer: { traffic: { type: 'rate', ratePerSec: 10, keys: { type: 'null' } } } },
      ),
      { durationMs: 2000, trace: (r) => trace.push(r) },
    );
    expect(report.totals.failed).toBeGreaterThan(5);
    expect(report.totals.produced).toBe(0);
    expect(trace.find((r) => r.type === 'kafka.record.failed')).toMatchObject({
      reason: 'Compacted topic cannot accept message without key in topic partition t-0.',
    });
  });
});

describe('conservation', () => {
  it('every record sent is failed, in its log, deleted by retention or compacted away — exactly one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('delete', 'compact', 'compact,delete'),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 500, max: 5000 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 1000 }),
        (cleanupPolicy, partitions, segmentMs, keyCount, seed) => {
          const scenario = pipe(
            {
              partitions,
              cleanupPolicy,
              segmentMs,
              retentionMs: 8000,
              retentionCheckIntervalMs: 1000,
              cleanerBackoffMs: 1000,
              deleteRetentionMs: 2000,
            },
            {
              seed,
              producer: { traffic: { type: 'rate', ratePerSec: 80, keys: { type: 'uniform', count: keyCount } } },
              group: { processing: { type: 'exponential', meanMs: 20 } },
            },
          );
          const report = runScenario(scenario, { durationMs: 30_000 });
          const topic = report.topics['t']!;
          const present = topic.partitions.reduce((n, p) => n + p.records, 0);
          expect(report.totals.produced + report.totals.failed).toBe(
            report.totals.failed + present + topic.deletedByRetention + topic.compactedAway,
          );
          for (const p of topic.partitions) expect(p.records).toBeLessThanOrEqual(p.logEndOffset - p.logStartOffset);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
