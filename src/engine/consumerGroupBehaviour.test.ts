/**
 * Consumer groups end to end through the public engine: the four assignors, eager vs cooperative
 * rebalances, failure detection (session.timeout.ms, max.poll.interval.ms), delivery semantics
 * (duplicates after a lost commit, loss with commit-before-processing), offset resets, and the
 * conservation property that every record is accounted for exactly once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScenarioAction, ScenarioNode } from '../scenario/schema';
import { createSimulation, type SimulationHandle, type TraceRecord } from './index';
import { assignRoundRobin } from './model/kafka/assignors';
import { pipeline } from './testScenarios';

type Group = Extract<ScenarioNode, { kind: 'kafka.consumerGroup' }>;

function groupNode(scenario: ReturnType<typeof pipeline>): Group {
  const node = scenario.nodes[2];
  if (node?.kind !== 'kafka.consumerGroup') throw new Error('fixture');
  return node;
}

/** Stops the producer: from now on it sends nothing. */
function stopProducing(sim: SimulationHandle, scenario: ReturnType<typeof pipeline>): void {
  const producer = scenario.nodes[0];
  if (producer?.kind !== 'producer') throw new Error('fixture');
  sim.reconfigure({ ...producer, config: { ...producer.config, traffic: { type: 'scripted', messages: [] } } });
}

function run(scenario: ReturnType<typeof pipeline>, untilMs: number, trace?: TraceRecord[]) {
  const sim = createSimulation(scenario, trace ? { trace: (r) => trace.push(r) } : {});
  sim.runUntil(untilMs);
  return sim;
}

const members = (sim: SimulationHandle) => sim.snapshot().layout.groups[0]!.members;
const assignedCounts = (sim: SimulationHandle) => members(sim).map((m) => m.assigned.length);

describe('assignors in the group', () => {
  it('uses the configured assignor and names it', () => {
    for (const [assignor, name, protocol] of [
      ['range', 'RangeAssignor', 'eager'],
      ['roundrobin', 'RoundRobinAssignor', 'eager'],
      ['sticky', 'StickyAssignor', 'eager'],
      ['cooperative-sticky', 'CooperativeStickyAssignor', 'cooperative'],
    ] as const) {
      const sim = run(pipeline({ partitions: 5, consumers: 2, group: { assignor, initialRebalanceDelayMs: 0 } }), 1000);
      const layout = sim.snapshot().layout.groups[0]!;
      expect(layout.assignor).toBe(name);
      expect(layout.protocol).toBe(protocol);
      expect(sim.report().groups['g']!.assignor).toBe(name);
      expect(layout.members.map((m) => m.assigned.length).sort()).toEqual([2, 3]);
      sim.dispose();
    }
  });

  it('hands out exactly what Kafka’s RoundRobinAssignor computes for the members', () => {
    const sim = run(
      pipeline({ partitions: 7, consumers: 3, group: { assignor: 'roundrobin', initialRebalanceDelayMs: 0 } }),
      1000,
    );
    const layout = sim.snapshot().layout.groups[0]!;
    const expected = assignRoundRobin(
      layout.members.map((m) => ({ memberId: m.memberId, topics: ['t'] })),
      new Map([['t', 7]]),
    );
    for (const m of layout.members) {
      expect(m.assigned.map((a) => a.partition)).toEqual(expected.byMember.get(m.memberId)!.map((tp) => tp.partition));
    }
    sim.dispose();
  });

  it('sticky keeps every partition that can stay where it was when a member joins', () => {
    for (const assignor of ['sticky', 'cooperative-sticky'] as const) {
      const scenario = pipeline({ partitions: 6, consumers: 2, group: { assignor, initialRebalanceDelayMs: 0 } });
      const sim = run(scenario, 5000);
      const before = new Map(members(sim).map((m) => [m.label, m.assigned.map((a) => a.partition)]));
      sim.reconfigure({ ...groupNode(scenario), config: { ...groupNode(scenario).config, consumers: 3 } });
      sim.runUntil(30_000);
      expect(assignedCounts(sim)).toEqual([2, 2, 2]);
      for (const m of members(sim).slice(0, 2)) {
        const kept = before.get(m.label)!;
        expect(m.assigned.every((a) => kept.includes(a.partition))).toBe(true);
      }
      sim.dispose();
    }
  });
});

describe('eager and cooperative rebalancing', () => {
  /** Scales 2 → 3 consumers at 5 s and records each original member's partition count at every event. */
  function scaleUp(assignor: 'range' | 'cooperative-sticky') {
    const scenario = pipeline({
      partitions: 6,
      consumers: 2,
      producer: { traffic: { type: 'rate', ratePerSec: 200 } },
      group: { assignor, initialRebalanceDelayMs: 0, processing: { type: 'constant', ms: 2 } },
    });
    const trace: TraceRecord[] = [];
    const sim = run(scenario, 5000, trace);
    sim.reconfigure({ ...groupNode(scenario), config: { ...groupNode(scenario).config, consumers: 3 } });
    let minOwned = Infinity;
    while (sim.timeMs < 20_000) {
      sim.step(1);
      const counts = assignedCounts(sim).slice(0, 2);
      minOwned = Math.min(minOwned, ...counts);
    }
    const generations = sim.snapshot().layout.groups[0]!.generation;
    return { sim, trace, minOwned, generations };
  }

  it('eager: every member gives up all its partitions, so the whole group pauses', () => {
    const { sim, trace, minOwned, generations } = scaleUp('range');
    expect(minOwned).toBe(0);
    expect(generations).toBe(2);
    const revoked = trace.filter((r) => r.type === 'kafka.partitions.revoked');
    expect(revoked).toHaveLength(2);
    expect(assignedCounts(sim)).toEqual([2, 2, 2]);
    sim.dispose();
  });

  it('cooperative: members keep consuming what they keep; moved partitions go in a follow-up rebalance', () => {
    const { sim, trace, minOwned, generations } = scaleUp('cooperative-sticky');
    expect(minOwned).toBeGreaterThanOrEqual(2);
    expect(generations).toBe(3);
    const revoked = trace.filter((r) => r.type === 'kafka.partitions.revoked');
    // Each original member gives up exactly one partition (3 → 2).
    expect(revoked.map((r) => (r.type === 'kafka.partitions.revoked' ? r.partitions.length : 0))).toEqual([1, 1]);
    expect(assignedCounts(sim)).toEqual([2, 2, 2]);
    const history = sim.inspectGroup('g')!.history.filter((e) => e.kind === 'rebalance');
    expect(history.at(-1)!.members!.find((m) => m.label === 'C3')!.added).toHaveLength(2);
    sim.dispose();
  });
});

describe('failures', () => {
  it('a crashed consumer is noticed only after session.timeout.ms; its uncommitted records are processed twice', () => {
    const scenario = pipeline({
      partitions: 4,
      consumers: 2,
      producer: { traffic: { type: 'rate', ratePerSec: 100 } },
      group: { initialRebalanceDelayMs: 0 },
    });
    scenario.actions.push({ type: 'kafka.consumer.crash', group: 'g', member: 'C2', atMs: 12_000 });
    const trace: TraceRecord[] = [];
    const sim = run(scenario, 11_999, trace);
    expect(members(sim).map((m) => m.label)).toEqual(['C1', 'C2']);
    sim.runUntil(20_000);
    // Still a member: the coordinator has not noticed yet, and its partitions stall.
    const crashed = members(sim).find((m) => m.label === 'C2')!;
    expect(crashed.inGroup).toBe(true);
    sim.runUntil(80_000);
    const removed = trace.find((r) => r.type === 'kafka.group.member-removed');
    // Heartbeats every 3 s from the assignment at 0: the last before 12 s was at 12 s - (12 % 3) = 12 s.
    expect(removed).toMatchObject({ label: 'C2', reason: 'session-timeout', t: 12_000 + 45_000 });
    expect(assignedCounts(sim)).toEqual([4]);
    const report = sim.report().groups['g']!;
    expect(report.duplicates).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    // The "why" names the crash.
    const info = sim.inspectGroup('g')!;
    expect(info.duplicateNotes[0]!.text).toMatch(/C2 had fetched offsets .* crashed at 12 s/);
    sim.dispose();
  });

  it('commit before processing turns a crash into lost records instead of duplicates (at-most-once)', () => {
    const scenario = pipeline({
      partitions: 2,
      consumers: 2,
      producer: { traffic: { type: 'rate', ratePerSec: 50 } },
      group: {
        initialRebalanceDelayMs: 0,
        enableAutoCommit: false,
        commitTiming: 'before-processing',
        maxPollRecords: 50,
        processing: { type: 'constant', ms: 30 },
      },
    });
    scenario.actions.push({ type: 'kafka.consumer.crash', group: 'g', member: 'C1', atMs: 10_000 });
    const sim = run(scenario, 90_000);
    const report = sim.report().groups['g']!;
    expect(report.lost).toBeGreaterThan(0);
    expect(report.duplicates).toBe(0);
    const info = sim.inspectGroup('g')!;
    expect(info.lossNotes[0]!.text).toMatch(/C1 committed offset \d+ right after poll\(\), before processing/);
    // A lost record's own "why" says the same.
    const note = info.lossNotes[0]!;
    const record = sim.inspectRecord('t', note.partition, note.fromOffset)!;
    expect(record.groups[0]!.processed).toBe('lost');
    expect(record.groups[0]!.note).toBe(note.text);
    sim.dispose();
  });

  it('the same crash with commit after processing loses nothing (at-least-once)', () => {
    const scenario = pipeline({
      partitions: 2,
      consumers: 2,
      producer: { traffic: { type: 'rate', ratePerSec: 50 } },
      group: {
        initialRebalanceDelayMs: 0,
        enableAutoCommit: false,
        maxPollRecords: 50,
        processing: { type: 'constant', ms: 30 },
      },
    });
    scenario.actions.push({ type: 'kafka.consumer.crash', group: 'g', member: 'C1', atMs: 10_000 });
    const sim = run(scenario, 90_000);
    const report = sim.report().groups['g']!;
    expect(report.lost).toBe(0);
    expect(report.duplicates).toBeGreaterThan(0);
    sim.dispose();
  });

  it('a consumer busy longer than max.poll.interval.ms is kicked out, finishes its batch, and rejoins', () => {
    const scenario = pipeline({
      partitions: 2,
      consumers: 2,
      producer: { traffic: { type: 'rate', ratePerSec: 40 } },
      group: {
        initialRebalanceDelayMs: 0,
        maxPollIntervalMs: 10_000,
        maxPollRecords: 500,
        processing: { type: 'constant', ms: 100 },
      },
    });
    const trace: TraceRecord[] = [];
    const sim = run(scenario, 120_000, trace);
    const kicked = trace.filter((r) => r.type === 'kafka.group.member-removed' && r.reason === 'poll-timeout');
    expect(kicked.length).toBeGreaterThan(0);
    expect(trace.some((r) => r.type === 'kafka.offsets.commit-failed')).toBe(false); // auto-commit skips, no commitSync
    expect(sim.report().groups['g']!.rebalances).toBeGreaterThan(1);
    sim.dispose();
  });

  it('restarts a crashed consumer as a new process when restartAfterMs is given', () => {
    const scenario = pipeline({ partitions: 3, consumers: 1, group: { initialRebalanceDelayMs: 0 } });
    scenario.actions.push({ type: 'kafka.consumer.crash', group: 'g', atMs: 5000, restartAfterMs: 2000 });
    const sim = run(scenario, 6000);
    expect(members(sim).map((m) => m.label)).toEqual(['C1']);
    sim.runUntil(8000);
    // C1 is still in the group (crashed) and C2 waits for it to expire before it gets partitions.
    expect(members(sim).map((m) => m.label)).toEqual(['C1', 'C2']);
    expect(assignedCounts(sim)).toEqual([3, 0]);
    sim.runUntil(60_000);
    expect(members(sim).map((m) => m.label)).toEqual(['C2']);
    expect(assignedCounts(sim)).toEqual([3]);
    sim.dispose();
  });
});

describe('offset resets (replay)', () => {
  it('refuses while the group is active, as kafka-consumer-groups does', () => {
    const scenario = pipeline({ partitions: 2, consumers: 1, group: { initialRebalanceDelayMs: 0 } });
    scenario.actions.push({
      type: 'kafka.group.resetOffsets',
      group: 'g',
      atMs: 5000,
      to: { type: 'earliest' },
      stopConsumers: false,
    });
    const sim = run(scenario, 6000);
    expect(sim.actionResults()).toEqual([
      {
        atMs: 5000,
        type: 'kafka.group.resetOffsets',
        ok: false,
        text: "Assignments can only be reset if the group 'g' is inactive, but the current state is Stable.",
      },
    ]);
    sim.dispose();
  });

  it('stops the consumers, resets to earliest, restarts them, and the group replays every record', () => {
    const scenario = pipeline({
      partitions: 3,
      consumers: 2,
      producer: { traffic: { type: 'rate', ratePerSec: 50 } },
      group: { initialRebalanceDelayMs: 0 },
    });
    scenario.actions.push({
      type: 'kafka.group.resetOffsets',
      group: 'g',
      atMs: 10_000,
      to: { type: 'earliest' },
      stopConsumers: true,
    });
    const sim = run(scenario, 10_000);
    const producedBefore = sim.report().totals.produced;
    sim.runUntil(40_000);
    const report = sim.report().groups['g']!;
    expect(report.replayed).toBeGreaterThanOrEqual(producedBefore - 10);
    expect(report.duplicates).toBe(0);
    expect(report.lost).toBe(0);
    expect(members(sim).map((m) => m.label)).toEqual(['C3', 'C4']);
    const resets = sim.inspectGroup('g')!.history.filter((e) => e.kind === 'reset');
    expect(resets.at(-1)!.text).toMatch(/Offsets reset to earliest: t-0: \d+ → 0/);
    sim.dispose();
  });

  it('resets to a timestamp: the first record produced at or after it', () => {
    const scenario = pipeline({
      partitions: 1,
      consumers: 1,
      producer: { traffic: { type: 'rate', ratePerSec: 10, arrivals: 'constant' } },
      group: { initialRebalanceDelayMs: 0 },
    });
    scenario.actions.push({
      type: 'kafka.group.resetOffsets',
      group: 'g',
      atMs: 10_000,
      to: { type: 'timestamp', timestampMs: 4_050 },
      stopConsumers: true,
    });
    const trace: TraceRecord[] = [];
    const sim = run(scenario, 10_500, trace);
    const reset = trace.find((r) => r.type === 'kafka.offsets.reset');
    // Constant arrivals every 100 ms from t = 0: offset 41 is produced at 4100 ms, the first ≥ 4050.
    expect(reset).toMatchObject({ partition: 0, to: 41 });
    sim.dispose();
  });
});

describe('conservation', () => {
  it('every record is processed, processed again, lost or skipped — never unaccounted — once the group drains', () => {
    const action = fc.oneof(
      fc.record({
        type: fc.constant('kafka.consumer.crash' as const),
        group: fc.constant('g'),
        atMs: fc.integer({ min: 1000, max: 20_000 }),
        restartAfterMs: fc.integer({ min: 0, max: 5000 }),
      }),
      fc.record({
        type: fc.constant('kafka.group.resetOffsets' as const),
        group: fc.constant('g'),
        atMs: fc.integer({ min: 1000, max: 20_000 }),
        to: fc.oneof(
          fc.constant({ type: 'earliest' as const }),
          fc.constant({ type: 'latest' as const }),
          fc.record({ type: fc.constant('shift' as const), by: fc.integer({ min: -50, max: 50 }) }),
        ),
        stopConsumers: fc.constant(true),
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('range', 'roundrobin', 'sticky', 'cooperative-sticky'),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('auto', 'after-processing', 'before-processing'),
        fc.array(action, { maxLength: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (assignor, consumers, partitions, commit, actions, seed) => {
          const scenario = pipeline({
            seed,
            partitions,
            consumers,
            producer: { traffic: { type: 'rate', ratePerSec: 40 } },
            group: {
              assignor,
              initialRebalanceDelayMs: 0,
              enableAutoCommit: commit === 'auto',
              commitTiming: commit === 'auto' ? 'after-processing' : commit,
              maxPollRecords: 20,
              processing: { type: 'exponential', meanMs: 15 },
            },
          });
          scenario.actions.push(...(actions as ScenarioAction[]));
          const processedEvents: number[] = [];
          const sim = createSimulation(scenario, {
            trace: (r) => {
              if (r.type === 'kafka.record.processed') processedEvents.push(r.msg);
            },
          });
          sim.runUntil(25_000);
          stopProducing(sim, scenario);
          sim.runUntil(200_000);
          const report = sim.report();
          const g = report.groups['g']!;
          const unique = new Set(processedEvents).size;
          expect(processedEvents.length).toBe(g.consumed);
          // Every processing beyond the first is a duplicate or a replay.
          expect(g.consumed - unique).toBe(g.duplicates + g.replayed);
          // Every produced record was processed, or counted lost or skipped.
          expect(unique + g.lost + g.skipped).toBe(report.totals.produced);
          // At-least-once modes never lose a record to a crash.
          if (commit !== 'before-processing') expect(g.lost).toBe(0);
          sim.dispose();
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('offset resets meet restarts', () => {
  it('a crashed consumer restarting while a reset waits starts after the reset, so the group drains', () => {
    // Found by the conservation property: crash (restart after 1 ms) and two resets at once.
    const scenario = pipeline({
      seed: 0,
      partitions: 1,
      consumers: 1,
      producer: { traffic: { type: 'rate', ratePerSec: 40 } },
      group: { initialRebalanceDelayMs: 0, maxPollRecords: 20, processing: { type: 'exponential', meanMs: 15 } },
    });
    scenario.actions.push(
      { type: 'kafka.consumer.crash', group: 'g', atMs: 1000, restartAfterMs: 1 },
      { type: 'kafka.group.resetOffsets', group: 'g', atMs: 1001, to: { type: 'shift', by: 0 }, stopConsumers: true },
      { type: 'kafka.group.resetOffsets', group: 'g', atMs: 1000, to: { type: 'shift', by: 0 }, stopConsumers: true },
    );
    const sim = createSimulation(scenario);
    sim.runUntil(25_000);
    stopProducing(sim, scenario);
    sim.runUntil(200_000);
    const report = sim.report();
    expect(report.groups['g']!.members.filter((m) => m.state !== 'stopped')).toHaveLength(1);
    expect(report.groups['g']!.lag).toBe(0);
    sim.dispose();
  });
});

describe('lag over time', () => {
  it('each metrics sample carries every group’s lag in records and in time', () => {
    const scenario = pipeline({ partitions: 2, consumers: 1, group: { processing: { type: 'constant', ms: 40 } } });
    const sim = createSimulation(scenario);
    sim.runUntil(10_000);
    const samples = sim.snapshot().samples;
    expect(samples.length).toBeGreaterThan(10);
    const last = samples.at(-1)!;
    expect(last.groups).toHaveLength(1);
    expect(last.groups[0]!.lag).toBe(last.lag);
    expect(last.groups[0]!.lagMs).toBe(last.lagMs);
    expect(last.groups[0]!.lag).toBeGreaterThan(0);
    sim.dispose();
  });
});
