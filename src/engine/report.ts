/**
 * The run report: exact counters, lag and latency percentiles per node. The CLI writes it and the
 * worker returns it; for the same scenario and seed the two are byte-identical (an e2e test
 * compares them), so it holds only numbers the engine computed deterministically, with a fixed
 * key order.
 */
import { createLatencyHistogram, type LatencyHistogram } from './kernel/histogram';
import type { Topic } from './model/kafka/topic';
import { ASSIGNOR_NAMES } from './model/kafka/consumerGroup';
import { GROUP_STATE_NAMES, MEMBER_STATE_NAMES } from './model/kafka/groupStates';
import { logEndOffset, logStartOffset } from './model/kafka/topic';
import type { Publisher } from './model/rabbitmq/publisher';
import type { Simulation } from './simulation';

export type LatencySummary = {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
};

export type SimReport = {
  format: 'eventscope.report';
  version: 1;
  title: string;
  seed: number;
  timeMs: number;
  events: number;
  totals: { produced: number; failed: number; consumed: number; lag: number };
  latency: LatencySummary;
  producers: Record<
    string,
    {
      /** Records send() accepted; appended to a log (a duplicate counts again); failed for good; acknowledged. */
      sent: number;
      produced: number;
      failed: number;
      acked: number;
      /** Retriable errors answered (each batch is retried). */
      errors: number;
      /** Waiting in the accumulator, and in requests not answered yet, at the end of the run. */
      buffered: number;
      inFlight: number;
      /** Batches sent (over `requests` produce requests): records per batch = produced ÷ batches. */
      batches: number;
      requests: number;
      /** Retries that wrote records again (idempotence off); retried batches the leader recognised (on). */
      duplicates: number;
      deduplicated: number;
      /** acks=0 records the broker refused without the producer knowing. */
      dropped: number;
      idempotent: boolean;
      stickySwitches: number;
      /** RabbitMQ: mandatory messages returned unroutable (basic.return). */
      returned?: number;
      /** RabbitMQ publisher confirms (when enabled): messages acked and nacked by the broker. */
      confirms?: { acked: number; nacked: number };
      /** RabbitMQ RPC client: its callback queue, requests, replies matched, still waiting, discarded, and the round trip. */
      rpc?: {
        replyQueue: string;
        requests: number;
        replies: number;
        awaiting: number;
        discarded: number;
        roundTrip: LatencySummary;
      };
    }
  >;
  /** With broker nodes on the canvas. */
  brokers?: Record<string, { id: number; alive: boolean; leaders: number }>;
  /** With RabbitMQ nodes: per exchange, what came in and where it went. */
  exchanges?: Record<
    string,
    { name: string; type: string; in: number; routed: number; toAlternate: number; returned: number; dropped: number }
  >;
  /** With RabbitMQ nodes: per queue, depth now and the totals of what went through. */
  queues?: Record<
    string,
    {
      name: string;
      type: string;
      ready: number;
      unacked: number;
      enqueued: number;
      delivered: number;
      redelivered: number;
      acked: number;
      deadLettered: number;
      expired: number;
      dropped: number;
      refused: number;
      /** x-expires deleted it. */
      deleted: boolean;
    }
  >;
  /** With RabbitMQ consumer nodes: messages processed (acknowledged) and failed. */
  rabbitConsumers?: Record<string, { running: number; processed: number; failed: number; unacked: number }>;
  topics: Record<
    string,
    {
      name: string;
      cleanupPolicy: string;
      /** Records deleted by retention and removed by the log cleaner over the run. */
      deletedByRetention: number;
      compactedAway: number;
      /** Records cut off by leader changes, and those among them the producer had been told were written. */
      truncated: number;
      ackedLost: number;
      /** With broker nodes: partitions with fewer in-sync replicas than replicas, and without a leader. */
      underReplicated?: number;
      offline?: number;
      partitions: {
        partition: number;
        logStartOffset: number;
        logEndOffset: number;
        /** Records still in the log (fewer than end − start once the cleaner left gaps). */
        records: number;
        segments: number;
        sizeBytes: number;
        highWatermark: number;
        /** With broker nodes: the leader's broker id (−1: offline) and the in-sync replicas. */
        leader?: number;
        isr?: number[];
      }[];
    }
  >;
  groups: Record<
    string,
    {
      groupId: string;
      state: string;
      generation: number;
      rebalances: number;
      /** partition.assignment.strategy and the rebalance protocol it implies. */
      assignor: string;
      protocol: 'eager' | 'cooperative';
      consumed: number;
      /** Records processed a second time because a commit was lost (crash, kick-out, cooperative revocation). */
      duplicates: number;
      /** Records the group moved past without processing them. */
      lost: number;
      /** Records processed again on purpose after an offset reset went back. */
      replayed: number;
      /** Records an offset reset jumped over. */
      skipped: number;
      lag: number;
      maxLagMs: number;
      latency: LatencySummary;
      /** Lag in records and in time (ms since the oldest uncommitted record was produced). */
      partitions: { topic: string; partition: number; committedOffset: number | null; lag: number; lagMs: number }[];
      /** The group's consumer processes, with their state ("idle", "crashed", …). */
      members: { label: string; memberId: string; state: string; processed: number; assigned: string[] }[];
    }
  >;
};

function summarize(histogram: LatencyHistogram, sumMs: number, count: number): LatencySummary {
  const [p50Ms, p95Ms, p99Ms] = histogram.percentilesMs([50, 95, 99]) as [number, number, number];
  return { count, meanMs: count === 0 ? 0 : round(sumMs / count), p50Ms, p95Ms, p99Ms, maxMs: histogram.maxMs() };
}

/** What RabbitMQ told a producer: returns, confirms (when enabled), and as an RPC client its replies. */
function publishingOf(
  publisher: Publisher | undefined,
  confirms: boolean,
): Pick<SimReport['producers'][string], 'returned' | 'confirms' | 'rpc'> {
  if (!publisher) return {};
  return {
    returned: publisher.returned,
    ...(confirms ? { confirms: { acked: publisher.confirmed, nacked: publisher.nacked } } : {}),
    ...(publisher.replyQueue
      ? {
          rpc: {
            replyQueue: publisher.replyQueue.name,
            requests: publisher.requests,
            replies: publisher.replies,
            awaiting: publisher.awaiting.size,
            discarded: publisher.discarded,
            roundTrip: summarize(publisher.roundTrip, publisher.roundTripSumMs, publisher.replies),
          },
        }
      : {}),
  };
}

/** Rounds to 1 µs, the histogram's resolution. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function buildReport(sim: Simulation): SimReport {
  // The overall histogram is the sum of the groups' histograms (and RabbitMQ's consumers').
  const overall = createLatencyHistogram();
  if (sim.rabbit) overall.add(sim.rabbit.latency);
  const groups: SimReport['groups'] = {};
  for (const group of sim.groups) {
    overall.add(group.latency);
    const partitions: SimReport['groups'][string]['partitions'] = [];
    group.topics.forEach((ti, i) => {
      const topic = sim.topics[ti] as Topic;
      for (let p = 0; p < topic.partitions; p++) {
        const committed = (group.committed[i] as Float64Array)[p] as number;
        partitions.push({
          topic: topic.name,
          partition: p,
          committedOffset: committed >= 0 ? committed : null,
          lag: group.lagOf(i, p),
          lagMs: round(group.lagAgeOf(i, p)),
        });
      }
    });
    groups[group.nodeId] = {
      groupId: group.groupId,
      state: GROUP_STATE_NAMES[group.state] as string,
      generation: group.generation,
      rebalances: group.rebalances,
      assignor: ASSIGNOR_NAMES[group.config.assignor],
      protocol: group.cooperative ? 'cooperative' : 'eager',
      consumed: group.consumed,
      duplicates: group.duplicates,
      lost: group.lost,
      replayed: group.replayed,
      skipped: group.skipped,
      lag: group.totalLag(),
      maxLagMs: round(group.maxLagAge()),
      latency: summarize(group.latency, group.latencySumMs, group.consumed),
      partitions,
      members: group.processes.map((m) => ({
        label: m.label,
        memberId: m.memberId,
        state: MEMBER_STATE_NAMES[m.state] as string,
        processed: m.processed,
        assigned: m.assignedTopic.map(
          (ti, k) => `${(sim.topics[group.topics[ti] as number] as Topic).name}-${m.assignedPartition[k]}`,
        ),
      })),
    };
  }
  const producers: SimReport['producers'] = {};
  for (const p of sim.producers) {
    producers[p.nodeId] = {
      sent: p.sent,
      produced: p.produced,
      failed: p.failed,
      acked: p.acked,
      errors: p.errors,
      buffered: p.buffered,
      inFlight: p.inFlight,
      batches: p.batchesSent,
      requests: p.requests,
      duplicates: p.duplicates,
      deduplicated: p.deduplicated,
      dropped: p.dropped,
      idempotent: p.idempotent,
      stickySwitches: p.sticky.reduce((n, s) => n + s.switches, 0),
      ...publishingOf(sim.rabbit?.publishers.get(p.nodeId), p.config.confirms),
    };
  }
  const topics: SimReport['topics'] = {};
  for (const t of sim.topics) {
    topics[t.nodeId] = {
      name: t.name,
      cleanupPolicy: t.config.cleanupPolicy,
      deletedByRetention: t.deletedByRetention,
      compactedAway: t.compactedAway,
      truncated: t.truncated,
      ackedLost: t.ackedLostByPartition.reduce((n, x) => n + x, 0),
      ...(sim.cluster?.byTopic[t.index]
        ? {
            underReplicated: (sim.cluster.byTopic[t.index] ?? []).filter(
              (rp) => rp.state.isr.length < rp.state.replicas.length,
            ).length,
            offline: (sim.cluster.byTopic[t.index] ?? []).filter((rp) => rp.state.leader === -1).length,
          }
        : {}),
      partitions: t.logs.map((log, p) => {
        const replication = sim.cluster?.partitionOf(t, p);
        return {
          partition: p,
          logStartOffset: logStartOffset(t, p),
          logEndOffset: logEndOffset(t, p),
          records: log.length,
          segments: log.segmentCount,
          sizeBytes: log.sizeBytes,
          highWatermark: t.highWatermarks[p] as number,
          ...(replication ? { leader: replication.state.leader, isr: [...replication.state.isr] } : {}),
        };
      }),
    };
  }
  let lag = 0;
  for (const g of sim.groups) lag += g.totalLag();
  const cluster = sim.cluster;
  const brokers: SimReport['brokers'] = cluster ? {} : undefined;
  if (cluster && brokers) {
    for (const b of cluster.brokers) {
      brokers[b.nodeId] = {
        id: b.id,
        alive: b.alive,
        leaders: cluster.partitions.filter((rp) => rp.state.leader === b.id).length,
      };
    }
  }
  return {
    format: 'eventscope.report',
    version: 1,
    title: sim.scenario.meta.title,
    seed: sim.seed,
    timeMs: sim.now,
    events: sim.events,
    totals: { produced: sim.producedTotal(), failed: sim.failed, consumed: sim.consumed, lag },
    latency: summarize(overall, sim.latencySumMs, sim.consumed),
    producers,
    topics,
    groups,
    ...(brokers ? { brokers } : {}),
    ...rabbitReport(sim),
  };
}

/** The RabbitMQ part of the report, when the scenario has RabbitMQ nodes. */
function rabbitReport(sim: Simulation): Pick<SimReport, 'exchanges' | 'queues' | 'rabbitConsumers'> {
  const rabbit = sim.rabbit;
  if (!rabbit) return {};
  const exchanges: NonNullable<SimReport['exchanges']> = {};
  for (const [nodeId, stats] of rabbit.exchangeStats) {
    exchanges[nodeId] = {
      name: rabbit.exchangeNames.get(nodeId) ?? nodeId,
      type: rabbit.exchangesById.get(nodeId)?.type ?? 'direct',
      ...stats,
    };
  }
  const queues: NonNullable<SimReport['queues']> = {};
  for (const q of rabbit.queues) {
    queues[q.nodeId] = {
      name: q.name,
      type: q.config.type,
      ready: q.ready.length - q.head,
      unacked: q.unacked,
      enqueued: q.enqueued,
      delivered: q.delivered,
      redelivered: q.redelivered,
      acked: q.acked,
      deadLettered: q.deadLettered,
      expired: q.expired,
      dropped: q.dropped,
      refused: q.refused,
      deleted: q.deleted,
    };
  }
  const rabbitConsumers: NonNullable<SimReport['rabbitConsumers']> = {};
  for (const c of rabbit.consumers) {
    rabbitConsumers[c.nodeId] = {
      running: c.instances.filter((i) => i.alive).length,
      processed: c.processed,
      failed: c.failed,
      unacked: c.instances.reduce((n, i) => n + (c.config.autoAck ? 0 : i.unacked.length), 0),
    };
  }
  return { exchanges, queues, rabbitConsumers };
}
