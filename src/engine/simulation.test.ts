import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, runScenario, serializeReport, SnapshotFields, type TraceRecord } from './index';
import { partitionForKey } from './model/kafka/partitioner';
import { pipeline } from './testScenarios';

function traceOf(scenario: ReturnType<typeof pipeline>, durationMs: number, seed?: number): TraceRecord[] {
  const records: TraceRecord[] = [];
  runScenario(scenario, { durationMs, trace: (r) => records.push(r), ...(seed !== undefined ? { seed } : {}) });
  return records;
}

describe('determinism', () => {
  it('gives the same report for the same scenario and seed, and different arrivals for another seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 5 }),
        (seed, partitions, consumers) => {
          const scenario = pipeline({ partitions, consumers, seed });
          const a = serializeReport(runScenario(scenario, { durationMs: 5000 }));
          const b = serializeReport(runScenario(scenario, { durationMs: 5000 }));
          expect(a).toBe(b);
          const arrivals = (s: number) =>
            traceOf(scenario, 2000, s)
              .filter((r) => r.type === 'kafka.record.appended')
              .map((r) => r.t);
          expect(arrivals(seed)).not.toEqual(arrivals((seed + 1) % 2 ** 32));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('does not change one producer’s draws when another node is added', () => {
    const base = pipeline({});
    const extended = {
      ...base,
      nodes: [...base.nodes, { ...base.nodes[0]!, id: 'p2' }],
      edges: [...base.edges, { id: 'e3', source: 'p2', target: 't', config: {} }],
    } as typeof base;
    const fromP = (s: typeof base) =>
      traceOf(s, 3000)
        .filter((r) => r.type === 'kafka.record.appended' && r.producer === 'p')
        .map((r) => r.type === 'kafka.record.appended' && `${r.t}:${r.key}`);
    expect(fromP(extended)).toEqual(fromP(base));
  });
});

describe('queueing theory', () => {
  it('behaves as an M/M/1 queue: mean latency ≈ 1/(μ−λ) for Poisson arrivals and exponential service', () => {
    // λ = 80/s, μ = 100/s → W = 1/(100−80) s = 50 ms. linger.ms 0: batching would make arrivals bursty.
    // At ρ = 0.8 latencies are strongly correlated, so one run's mean strays by ±5 %: average four seeds.
    const ratios = [1, 2, 3, 4].map((seed) => {
      const scenario = pipeline({
        seed,
        partitions: 1,
        consumers: 1,
        producer: {
          traffic: { type: 'rate', ratePerSec: 80, arrivals: 'poisson', keys: { type: 'null' } },
          lingerMs: 0,
        },
        group: { processing: { type: 'exponential', meanMs: 10 }, initialRebalanceDelayMs: 0 },
      });
      const report = runScenario(scenario, { durationMs: 2_000_000 });
      expect(report.totals.consumed).toBeGreaterThan(150_000);
      return report.latency.meanMs / 50;
    });
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.97);
    expect(mean).toBeLessThan(1.03);
  }, 30_000);
});

describe('Kafka semantics', () => {
  it('sends every keyed record to murmur2(key) mod partitions, at the next offset of that partition', () => {
    const trace = traceOf(pipeline({ partitions: 6 }), 5000);
    const nextOffset = new Map<number, number>();
    const appended = trace.filter((r) => r.type === 'kafka.record.appended');
    expect(appended.length).toBeGreaterThan(300);
    for (const r of appended) {
      if (r.type !== 'kafka.record.appended') continue;
      expect(r.partition).toBe(partitionForKey(r.key as string, 6));
      expect(r.offset).toBe(nextOffset.get(r.partition) ?? 0);
      nextOffset.set(r.partition, r.offset + 1);
    }
  });

  it('delivers each record to exactly one member of a group, in offset order per partition', () => {
    const trace = traceOf(pipeline({ partitions: 4, consumers: 3 }), 20_000);
    const seen = new Set<number>();
    const last = new Map<number, number>();
    for (const r of trace) {
      if (r.type !== 'kafka.record.delivered') continue;
      expect(seen.has(r.msg)).toBe(false);
      seen.add(r.msg);
      expect(r.offset).toBeGreaterThan(last.get(r.partition) ?? -1);
      last.set(r.partition, r.offset);
    }
    expect(seen.size).toBeGreaterThan(1500);
  });

  it('waits group.initial.rebalance.delay.ms before the first assignment', () => {
    const trace = traceOf(pipeline({ group: { initialRebalanceDelayMs: 3000 } }), 5000);
    const rebalance = trace.find((r) => r.type === 'kafka.group.rebalanced');
    expect(rebalance?.t).toBe(3000);
    expect(trace.find((r) => r.type === 'kafka.record.delivered')?.t).toBeGreaterThanOrEqual(3000);
  });

  it('starts at the log end with auto.offset.reset=latest, skipping what came before the assignment', () => {
    const latest = runScenario(pipeline({ group: { autoOffsetReset: 'latest', initialRebalanceDelayMs: 3000 } }), {
      durationMs: 10_000,
    });
    const earliest = runScenario(pipeline({ group: { autoOffsetReset: 'earliest', initialRebalanceDelayMs: 3000 } }), {
      durationMs: 10_000,
    });
    expect(earliest.totals.consumed - latest.totals.consumed).toBeGreaterThan(200); // ~300 sent in the first 3 s
  });

  it('auto-commits every auto.commit.interval.ms; manual mode commits after each batch', () => {
    const commitTimes = (group: Record<string, unknown>) =>
      traceOf(pipeline({ partitions: 1, consumers: 1, group: { initialRebalanceDelayMs: 0, ...group } }), 20_000)
        .filter((r) => r.type === 'kafka.offsets.committed')
        .map((r) => r.t);
    const auto = commitTimes({ enableAutoCommit: true, autoCommitIntervalMs: 5000 });
    expect(auto.length).toBeGreaterThanOrEqual(3);
    expect(auto.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < auto.length; i++) expect(auto[i]! - auto[i - 1]!).toBeGreaterThanOrEqual(5000);
    expect(commitTimes({ enableAutoCommit: false }).length).toBeGreaterThan(50); // one per polled batch
  });

  it('rebalances when the group grows: partitions move and the generation increases', () => {
    const scenario = pipeline({ partitions: 6, consumers: 2, group: { initialRebalanceDelayMs: 0 } });
    const sim = createSimulation(scenario);
    sim.runUntil(10_000);
    const before = sim.snapshot().layout.groups[0]!;
    expect(before.generation).toBe(1);
    expect(before.members.map((m) => m.assigned.length)).toEqual([3, 3]);
    const group = scenario.nodes[2]!;
    if (group.kind !== 'kafka.consumerGroup') throw new Error('fixture');
    expect(sim.reconfigure({ ...group, config: { ...group.config, consumers: 3 } }).applied).toBe(true);
    sim.runUntil(30_000);
    const after = sim.snapshot().layout.groups[0]!;
    expect(after.generation).toBe(2);
    expect(after.members.map((m) => m.assigned.length)).toEqual([2, 2, 2]);
    expect(sim.report().groups['g']!.rebalances).toBe(2);
    sim.dispose();
  });

  it('a consumer that leaves finishes its batch, commits, and the others take over its partitions', () => {
    const scenario = pipeline({
      partitions: 4,
      consumers: 2,
      producer: { traffic: { type: 'rate', ratePerSec: 30 } },
      group: { initialRebalanceDelayMs: 0 },
    });
    const sim = createSimulation(scenario);
    sim.runUntil(5000);
    const group = scenario.nodes[2]!;
    if (group.kind !== 'kafka.consumerGroup') throw new Error('fixture');
    sim.reconfigure({ ...group, config: { ...group.config, consumers: 1 } });
    sim.runUntil(20_000);
    const layout = sim.snapshot().layout.groups[0]!;
    expect(layout.members).toHaveLength(1);
    expect(layout.members[0]!.assigned).toHaveLength(4);
    const report = sim.report();
    expect(report.totals.produced - report.totals.consumed).toBeLessThan(10);
    sim.dispose();
  });

  it('shows per partition: committed ≤ owner position ≤ log end offset, with delivered-but-uncommitted records in between', () => {
    const sim = createSimulation(pipeline({ partitions: 3, consumers: 2, group: { initialRebalanceDelayMs: 0 } }));
    let sawUncommitted = false;
    for (let t = 1000; t <= 12_000; t += 1000) {
      sim.runUntil(t);
      const { layout, values } = sim.snapshot();
      const sub = layout.groups[0]!.subscriptions[0]!;
      const topic = layout.topics[0]!;
      for (let p = 0; p < sub.partitions; p++) {
        const committed = values[sub.at + SnapshotFields.SUBSCRIPTION_WIDTH * p]!;
        const position = values[sub.at + SnapshotFields.SUBSCRIPTION_WIDTH * p + 2]!;
        const end = values[topic.at + SnapshotFields.PARTITION_WIDTH * p + 1]!;
        expect(position).toBeGreaterThanOrEqual(Math.max(committed, 0));
        expect(position).toBeLessThanOrEqual(end);
        if (position > committed) sawUncommitted = true;
      }
    }
    expect(sawUncommitted).toBe(true); // auto-commit runs every 5 s
  });

  it('measures lag in time: the age of the oldest record the group has not committed', () => {
    const scripted = {
      traffic: {
        type: 'scripted',
        messages: [
          { atMs: 1000, key: 'a' },
          { atMs: 4000, key: 'a' },
        ],
      },
    };
    // No consumers: nothing is ever committed, so the lag age is the age of the first record.
    const idle = createSimulation(pipeline({ partitions: 1, consumers: 0, producer: scripted }));
    idle.runUntil(10_000);
    const report = idle.report().groups['g']!;
    expect(report.partitions[0]).toMatchObject({ lag: 2, lagMs: 9000 });
    expect(report.maxLagMs).toBe(9000);
    // A caught-up group has no lag in records or in time once it committed.
    const busy = runScenario(
      pipeline({ partitions: 1, consumers: 1, producer: scripted, group: { initialRebalanceDelayMs: 0 } }),
      {
        durationMs: 20_000,
      },
    ).groups['g']!;
    expect(busy.partitions[0]).toMatchObject({ lag: 0, lagMs: 0 });
  });

  it('conserves records: produced = consumed + still in the logs ahead of the group', () => {
    const sim = createSimulation(pipeline({ partitions: 5, consumers: 3 }));
    sim.runUntil(30_000);
    const report = sim.report();
    const group = sim.snapshot().layout.groups[0]!;
    const ahead = report.totals.produced - report.totals.consumed;
    expect(ahead).toBeGreaterThanOrEqual(0);
    expect(ahead).toBeLessThan(group.members.length * 500 + 50); // at most a poll batch each, plus arrivals
    sim.dispose();
  });

  it('fails a record sent to a partition that does not exist, as KafkaProducer.send does', () => {
    const scenario = pipeline({
      partitions: 2,
      producer: {
        traffic: {
          type: 'scripted',
          messages: [
            { atMs: 10, key: 'a', partition: 1 },
            { atMs: 20, key: 'b', partition: 5 },
          ],
        },
      },
    });
    const trace = traceOf(scenario, 1000);
    expect(
      trace
        .filter((r) => r.type === 'kafka.record.appended')
        .map((r) => r.type === 'kafka.record.appended' && r.partition),
    ).toEqual([1]);
    const failed = trace.find((r) => r.type === 'kafka.record.failed');
    expect(failed?.type === 'kafka.record.failed' && failed.reason).toMatch(/5 is not in the range \[0\.\.\.2\)/);
  });

  it('answers "why this partition?" with the key, its murmur2, toPositive and the modulo', () => {
    const scenario = pipeline({
      partitions: 12,
      producer: { traffic: { type: 'scripted', messages: [{ atMs: 1, key: 'foobar', body: 'hello' }] } },
    });
    const sim = createSimulation(scenario);
    sim.runUntil(100);
    const info = sim.inspectRecord('t', 6, 0);
    expect(info?.keyHash).toMatchObject({ murmur2: -790332482, positive: 1357151166, partition: 6 });
    expect(info?.body).toBe('hello');
    expect(info?.explanation.join(' ')).toContain('1357151166 mod 12 partitions = 6');
    expect(sim.inspectRecord('t', 0, 0)).toBeNull();
    sim.dispose();
  });
});
