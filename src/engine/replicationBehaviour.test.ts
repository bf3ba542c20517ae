/**
 * Replication end to end through the public engine: broker nodes form a cluster, a crashed leader
 * is fenced after broker.session.timeout.ms and replaced from the ISR, producers hold their records
 * through the outage, a slow follower leaves the ISR after replica.lag.time.max.ms, acks=all with too few
 * in-sync replicas is refused, and an unclean election loses acknowledged records.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioAction, ScenarioInput } from '../scenario/schema';
import { createSimulation, SnapshotFields, type TraceRecord } from './index';
import { scenarioOf } from './testScenarios';

type Input = Omit<ScenarioInput, 'format' | 'version'>;

function cluster(options: {
  brokers?: number;
  topic?: Record<string, unknown>;
  producer?: Record<string, unknown>;
  actions?: ScenarioAction[];
  seed?: number;
}) {
  const brokers = Array.from({ length: options.brokers ?? 3 }, (_, i) => ({
    id: `b${i + 1}`,
    kind: 'kafka.broker' as const,
    config: {},
  }));
  return scenarioOf({
    seed: options.seed ?? 3,
    nodes: [
      ...brokers,
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

/** Partition 0's leader (broker id and node) and its follower's node (RF 2, one partition). */
function rolesOf(scenario: ReturnType<typeof cluster>): { leader: number; leaderNode: string; follower: string } {
  const probe = createSimulation(scenario);
  probe.runUntil(1);
  const leader = probe.report().topics['t']!.partitions[0]!.leader!;
  probe.dispose();
  return { leader, leaderNode: `b${leader}`, follower: leader === 1 ? 'b2' : 'b1' };
}

describe('replication', () => {
  it('places replicas on distinct brokers, spreads leaders, and keeps every replica in the ISR', () => {
    const sim = createSimulation(cluster({}));
    sim.runUntil(10_000);
    const report = sim.report();
    const partitions = report.topics['t']!.partitions;
    expect(new Set(partitions.map((p) => p.leader)).size).toBe(3);
    for (const p of partitions) {
      expect([...p.isr!].sort()).toEqual([1, 2, 3]);
      expect(p.highWatermark).toBeGreaterThan(p.logEndOffset - 5);
    }
    expect(Object.values(report.brokers!).map((b) => b.leaders)).toEqual([1, 1, 1]);
    expect(report.topics['t']!).toMatchObject({ underReplicated: 0, offline: 0 });
    sim.dispose();
  });

  it('a crashed leader is fenced after 9 s; a new leader comes from the ISR; producers retry; nothing acknowledged is lost', () => {
    const scenario = cluster({ actions: [{ type: 'kafka.broker.crash', broker: 'b1', atMs: 10_000 }] });
    const trace: TraceRecord[] = [];
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(10_000);
    const led = sim.report().topics['t']!.partitions.find((p) => p.leader === 1)!;
    sim.runUntil(18_999);
    // Not fenced yet: the partition still names broker 1, which is down.
    expect(sim.report().topics['t']!.partitions[led.partition]!.leader).toBe(1);
    // The producer cannot connect to broker 1, and acks=all waits for it in every ISR: records pile up
    // in the accumulator or wait in requests (5 per broker), and the logs stop growing.
    const stalled = sim.report();
    expect(stalled.producers['p']!.buffered + stalled.producers['p']!.inFlight).toBeGreaterThan(300);
    sim.runUntil(19_001);
    const after = sim.report().topics['t']!.partitions[led.partition]!;
    expect(after.leader).not.toBe(1);
    expect(after.isr).not.toContain(1);
    sim.runUntil(19_100);
    // Fenced: out of every ISR, so the waiting requests are answered and the backlog goes to the new leaders.
    expect(sim.report().producers['p']!.produced).toBeGreaterThan(stalled.producers['p']!.produced + 300);
    sim.runUntil(40_000);
    const report = sim.report();
    expect(report.topics['t']!.ackedLost).toBe(0);
    expect(report.totals.failed).toBe(0);
    expect(report.producers['p']).toMatchObject({ buffered: 0, duplicates: 0 });
    expect(report.producers['p']!.acked).toBe(report.producers['p']!.sent - report.producers['p']!.inFlight);
    // Everything produced was consumed (the group reads from the new leader).
    expect(report.totals.consumed).toBeGreaterThan(report.totals.produced - 30);
    sim.dispose();
  });

  it('a slow follower leaves the ISR after replica.lag.time.max.ms and rejoins when it catches up', () => {
    const scenario = cluster({
      actions: [{ type: 'kafka.broker.slow', broker: 'b2', atMs: 5000, durationMs: 60_000 }],
    });
    const sim = createSimulation(scenario);
    sim.runUntil(30_000);
    expect(sim.report().topics['t']!.partitions.every((p) => p.isr!.includes(2))).toBe(true);
    sim.runUntil(50_000);
    const partitions = sim.report().topics['t']!.partitions;
    expect(partitions.filter((p) => p.leader !== 2).every((p) => !p.isr!.includes(2))).toBe(true);
    sim.runUntil(70_000);
    expect(sim.report().topics['t']!.partitions.every((p) => p.isr!.includes(2))).toBe(true);
    sim.dispose();
  });

  it('acks=all with the ISR below min.insync.replicas: NOT_ENOUGH_REPLICAS, and the high watermark stops', () => {
    const base = cluster({ brokers: 2, topic: { replicationFactor: 2, minInsyncReplicas: 2, partitions: 1 } });
    const { follower } = rolesOf(base);
    const scenario = {
      ...base,
      actions: [{ type: 'kafka.broker.slow' as const, broker: follower, atMs: 1000, durationMs: 100_000 }],
    };
    const trace: TraceRecord[] = [];
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(80_000);
    const p = sim.report().topics['t']!.partitions[0]!;
    expect(p.isr).toHaveLength(1);
    // The first requests wait at the leader for the high watermark until request.timeout.ms (30 s)…
    const errors = trace.filter((r) => r.type === 'kafka.produce.error');
    expect(errors[0]).toMatchObject({ error: 'REQUEST_TIMED_OUT' });
    expect(errors[0]!.t).toBeGreaterThan(31_000);
    // …and once the ISR has shrunk below min.insync.replicas, the leader refuses the retries.
    expect(errors.some((r) => r.error === 'NOT_ENOUGH_REPLICAS')).toBe(true);
    // Below min ISR the high watermark stays where it was when the follower stalled (Partition.maybeIncrementLeaderHW).
    expect(p.highWatermark).toBeLessThan(100); // about 1 s of records at 50/s
    expect(sim.report().totals.consumed).toBeLessThanOrEqual(p.highWatermark);
    sim.dispose();
  });

  it('unclean leader election brings a stale replica back as leader and loses acknowledged records', () => {
    const base = cluster({
      brokers: 2,
      topic: { replicationFactor: 2, partitions: 1, uncleanLeaderElectionEnable: true },
      producer: { acks: '1' },
    });
    // Make the follower fall out of the ISR, then crash the leader.
    const { leader, leaderNode, follower } = rolesOf(base);
    const scenario = {
      ...base,
      actions: [
        { type: 'kafka.broker.slow' as const, broker: follower, atMs: 2000, durationMs: 200_000 },
        // The leader's isr-expiration check (every 15 s) drops the follower at 45 s.
        { type: 'kafka.broker.crash' as const, broker: leaderNode, atMs: 50_000 },
      ],
    };
    const trace: TraceRecord[] = [];
    const sim = createSimulation(scenario, { trace: (r) => trace.push(r) });
    sim.runUntil(70_000);
    const topic = sim.report().topics['t']!;
    expect(topic.partitions[0]!.leader).toBe(leader === 1 ? 2 : 1);
    expect(topic.truncated).toBeGreaterThan(100);
    expect(topic.ackedLost).toBe(topic.truncated);
    // The canvas gets it per partition.
    const snapshot = sim.snapshot();
    const entry = snapshot.layout.topics[0]!;
    expect(snapshot.values[entry.at + SnapshotFields.PARTITION_ACKED_LOST]).toBe(topic.ackedLost);
    expect(trace.find((r) => r.type === 'kafka.record.truncated')).toMatchObject({
      acked: true,
      reason: 'unclean leader election',
    });
    // The partition inspector keeps the cut records apart (their offsets are reused), lost ones marked.
    const cut = sim.inspectTopic('t')!.partitions[0]!.truncations[0]!;
    expect(cut).toMatchObject({
      reason: 'unclean leader election',
      count: topic.truncated,
      ackedCount: topic.ackedLost,
    });
    expect(cut.records[0]).toMatchObject({ offset: cut.fromOffset, acked: true });
    const life = sim.inspectMessage(cut.records[0]!.msgId)!.lifecycle;
    expect(life.at(-1)).toMatchObject({
      tone: 'bad',
      text: expect.stringMatching(/cut it off every replica after it had been acknowledged \(acks=1\)/),
    });
    sim.dispose();
  });

  it('without unclean election the same failure leaves the partition offline until the leader returns', () => {
    const base = cluster({ brokers: 2, topic: { replicationFactor: 2, partitions: 1 } });
    const { leader, leaderNode, follower } = rolesOf(base);
    const scenario = {
      ...base,
      actions: [
        { type: 'kafka.broker.slow' as const, broker: follower, atMs: 2000, durationMs: 200_000 },
        { type: 'kafka.broker.crash' as const, broker: leaderNode, atMs: 50_000 },
        { type: 'kafka.broker.restart' as const, broker: leaderNode, atMs: 80_000 },
      ],
    };
    const sim = createSimulation(scenario);
    sim.runUntil(70_000);
    expect(sim.report().topics['t']!.partitions[0]!.leader).toBe(-1);
    expect(sim.report().topics['t']!).toMatchObject({ offline: 1, underReplicated: 1 });
    sim.runUntil(90_000);
    const topic = sim.report().topics['t']!;
    expect(topic.partitions[0]!.leader).toBe(leader);
    expect(topic.ackedLost).toBe(0);
    sim.dispose();
  });
});
