/**
 * Builds the compact snapshot of a running simulation: the layout (rebuilt only when its version
 * moved) and one fresh Float64Array of the numbers that change every frame.
 */
import { ASSIGNOR_NAMES, type ConsumerGroup } from './model/kafka/consumerGroup';
import { GROUP_STATE_NAMES, MemberState } from './model/kafka/groupStates';
import type { PartitionLog } from './model/kafka/partitionLog';
import { recordAt, type Topic } from './model/kafka/topic';
import type { Simulation } from './simulation';
import {
  GROUP_CONSUMED,
  GROUP_DUPLICATES,
  GROUP_LAG,
  GROUP_LAG_AGE,
  GROUP_LOST,
  GROUP_REPLAYED,
  GROUP_SKIPPED,
  GROUP_STATE,
  GROUP_WIDTH,
  MEMBER_CURRENT,
  MEMBER_EXPIRES_AT,
  MEMBER_JOINED,
  MEMBER_OFFSET,
  MEMBER_PROCESSED,
  MEMBER_STATE,
  MEMBER_WIDTH,
  BROKER_ALIVE,
  BROKER_FENCED,
  BROKER_LEADERS,
  BROKER_OUT_OF_SYNC,
  BROKER_SLOW,
  BROKER_WIDTH,
  PARTITION_ACKED_LOST,
  PARTITION_HW,
  PARTITION_ISR,
  PARTITION_LEADER,
  PARTITION_WIDTH,
  PRESENCE_WINDOW,
  PRODUCER_FAILED,
  PRODUCER_PRODUCED,
  PRODUCER_ACKED,
  PRODUCER_BATCHES,
  PRODUCER_RETURNED,
  PRODUCER_CONFIRMED,
  PRODUCER_NACKED,
  PRODUCER_RPC_AWAITING,
  PRODUCER_RPC_DISCARDED,
  PRODUCER_RPC_P50,
  PRODUCER_RPC_P99,
  PRODUCER_RPC_REPLIES,
  PRODUCER_RPC_REQUESTS,
  PRODUCER_BUFFERED,
  PRODUCER_DEDUPLICATED,
  PRODUCER_DUPLICATES,
  PRODUCER_ERRORS,
  PRODUCER_IN_FLIGHT,
  PRODUCER_STICKY,
  PRODUCER_WIDTH,
  SUBSCRIPTION_WIDTH,
  TOTAL_CONSUMED,
  TOTAL_FAILED,
  TOTAL_LAG,
  TOTAL_PRODUCED,
  TOTALS_WIDTH,
  EXCHANGE_DROPPED,
  EXCHANGE_IN,
  EXCHANGE_RETURNED,
  EXCHANGE_ROUTED,
  EXCHANGE_TO_ALTERNATE,
  EXCHANGE_WIDTH,
  QUEUE_ACKED,
  QUEUE_DEAD_LETTERED,
  QUEUE_DELETED,
  QUEUE_DELIVERED,
  QUEUE_DROPPED,
  QUEUE_ENQUEUED,
  QUEUE_EXPIRED,
  QUEUE_HEAD_AGE,
  QUEUE_READY,
  QUEUE_REDELIVERED,
  QUEUE_REFUSED,
  QUEUE_UNACKED,
  QUEUE_WIDTH,
  RCONSUMER_FAILED,
  RCONSUMER_PROCESSED,
  RCONSUMER_RUNNING,
  RCONSUMER_WIDTH,
  RMEMBER_PROCESSED,
  RMEMBER_STATE,
  RMEMBER_UNACKED,
  RMEMBER_WIDTH,
  type SnapshotLayout,
} from './snapshot';
import type { Exchange } from './model/rabbitmq/routing';

export { GROUP_STATE_NAMES };

export function buildLayout(sim: Simulation): SnapshotLayout {
  let at = TOTALS_WIDTH;
  const producers = sim.producers.map((p) => {
    const replyQueue = sim.rabbit?.publishers.get(p.nodeId)?.replyQueue?.name;
    const entry = {
      nodeId: p.nodeId,
      at,
      topics: p.topics.map((t) => (sim.topics[t] as Topic).name),
      ...(replyQueue !== undefined ? { replyQueue } : {}),
    };
    at += PRODUCER_WIDTH;
    return entry;
  });
  const topics = sim.topics.map((t) => {
    const replication = sim.cluster?.byTopic[t.index];
    const entry = {
      nodeId: t.nodeId,
      name: t.name,
      partitions: t.partitions,
      at,
      ...(replication ? { replicas: replication.map((rp) => [...rp.state.replicas]) } : {}),
    };
    at += PARTITION_WIDTH * t.partitions;
    return entry;
  });
  const brokers = (sim.cluster?.brokers ?? []).map((b) => {
    const entry = { nodeId: b.nodeId, id: b.id, at };
    at += BROKER_WIDTH;
    return entry;
  });
  const groups = sim.groups.map((g) => {
    const groupAt = at;
    at += GROUP_WIDTH;
    const subscriptions = g.topics.map((ti) => {
      const topic = sim.topics[ti] as Topic;
      const entry = { topicNodeId: topic.nodeId, topic: topic.name, partitions: topic.partitions, at };
      at += SUBSCRIPTION_WIDTH * topic.partitions;
      return entry;
    });
    const members = g.processes.map((m) => {
      const entry = {
        label: m.label,
        memberId: m.memberId,
        inGroup: m.inGroup,
        assigned: m.assignedTopic.map((ti, i) => {
          const topic = sim.topics[g.topics[ti] as number] as Topic;
          return { topicNodeId: topic.nodeId, topic: topic.name, partition: m.assignedPartition[i] as number };
        }),
        at,
      };
      at += MEMBER_WIDTH;
      return entry;
    });
    return {
      nodeId: g.nodeId,
      groupId: g.groupId,
      generation: g.generation,
      assignor: ASSIGNOR_NAMES[g.config.assignor],
      protocol: g.cooperative ? ('cooperative' as const) : ('eager' as const),
      at: groupAt,
      subscriptions,
      members,
      explanation: g.explanation,
    };
  });
  const rabbit = sim.rabbit;
  const exchanges = rabbit
    ? [...rabbit.exchangeStats.keys()].map((nodeId) => {
        const entry = {
          nodeId,
          name: rabbit.exchangeNames.get(nodeId) ?? nodeId,
          type: (rabbit.exchangesById.get(nodeId) as Exchange).type,
          at,
        };
        at += EXCHANGE_WIDTH;
        return entry;
      })
    : [];
  const queues = (rabbit?.queues ?? []).map((q) => {
    const entry = { nodeId: q.nodeId, name: q.name, type: q.config.type, at };
    at += QUEUE_WIDTH;
    return entry;
  });
  const rabbitConsumers = (rabbit?.consumers ?? []).map((c) => {
    const nodeAt = at;
    at += RCONSUMER_WIDTH;
    const members = c.instances.map((instance) => {
      const entry = { label: instance.label, at };
      at += RMEMBER_WIDTH;
      return entry;
    });
    return { nodeId: c.nodeId, queues: c.queues.map((q) => q.nodeId), at: nodeAt, members };
  });
  return {
    version: sim.layoutVersion,
    producers,
    topics,
    brokers,
    groups,
    exchanges,
    queues,
    rabbitConsumers,
    width: at,
  };
}

export function fillValues(sim: Simulation, layout: SnapshotLayout): Float64Array {
  const values = new Float64Array(layout.width);
  let lag = 0;
  layout.producers.forEach((entry, i) => {
    const producer = sim.producers[i];
    if (!producer) return;
    values[entry.at + PRODUCER_PRODUCED] = producer.produced;
    values[entry.at + PRODUCER_FAILED] = producer.failed;
    values[entry.at + PRODUCER_STICKY] = producer.sticky[0]?.current ?? -1;
    values[entry.at + PRODUCER_ERRORS] = producer.errors;
    values[entry.at + PRODUCER_BUFFERED] = producer.buffered;
    values[entry.at + PRODUCER_IN_FLIGHT] = producer.inFlight;
    values[entry.at + PRODUCER_ACKED] = producer.acked;
    values[entry.at + PRODUCER_DUPLICATES] = producer.duplicates;
    values[entry.at + PRODUCER_DEDUPLICATED] = producer.deduplicated;
    values[entry.at + PRODUCER_BATCHES] = producer.batchesSent;
    const publisher = sim.rabbit?.publishers.get(producer.nodeId);
    if (!publisher) return;
    values[entry.at + PRODUCER_RETURNED] = publisher.returned;
    values[entry.at + PRODUCER_CONFIRMED] = publisher.confirmed;
    values[entry.at + PRODUCER_NACKED] = publisher.nacked;
    if (!publisher.replyQueue) return;
    values[entry.at + PRODUCER_RPC_REQUESTS] = publisher.requests;
    values[entry.at + PRODUCER_RPC_REPLIES] = publisher.replies;
    values[entry.at + PRODUCER_RPC_AWAITING] = publisher.awaiting.size;
    values[entry.at + PRODUCER_RPC_DISCARDED] = publisher.discarded;
    const [p50, p99] = publisher.roundTrip.percentilesMs([50, 99]) as [number, number];
    values[entry.at + PRODUCER_RPC_P50] = p50;
    values[entry.at + PRODUCER_RPC_P99] = p99;
  });
  layout.topics.forEach((entry, i) => {
    const topic = sim.topics[i] as Topic;
    for (let p = 0; p < topic.partitions; p++) {
      const log = topic.logs[p] as PartitionLog;
      const end = log.logEndOffset;
      const base = entry.at + PARTITION_WIDTH * p;
      values[base] = log.logStartOffset;
      values[base + 1] = end;
      let present = 0;
      for (let i = 0; i < PRESENCE_WINDOW; i++) {
        const offset = end - PRESENCE_WINDOW + i;
        if (offset >= log.logStartOffset && recordAt(topic, p, offset) >= 0) present |= 1 << i;
      }
      values[base + 2] = present;
      values[base + 3] = log.activeSegmentBaseOffset;
      values[base + PARTITION_HW] = topic.highWatermarks[p] as number;
      const rp = sim.cluster?.partitionOf(topic, p);
      let isr = 0;
      if (rp) for (const id of rp.state.isr) isr |= 1 << brokerIndex(sim, id);
      values[base + PARTITION_LEADER] = rp ? rp.state.leader : -2;
      values[base + PARTITION_ISR] = isr;
      values[base + PARTITION_ACKED_LOST] = topic.ackedLostByPartition[p] as number;
    }
  });
  layout.groups.forEach((entry, i) => {
    const group = sim.groups[i] as ConsumerGroup;
    // The group's lag and time lag are derived from its partitions' figures, computed once.
    let groupLag = 0;
    let groupLagAge = 0;
    entry.subscriptions.forEach((sub, ti) => {
      const committed = group.committed[ti] as Float64Array;
      for (let p = 0; p < sub.partitions; p++) {
        const partitionLag = group.lagOf(ti, p);
        const lagAge = group.lagAgeOf(ti, p);
        groupLag += partitionLag;
        if (lagAge > groupLagAge) groupLagAge = lagAge;
        values[sub.at + SUBSCRIPTION_WIDTH * p] = committed[p] as number;
        values[sub.at + SUBSCRIPTION_WIDTH * p + 1] = partitionLag;
        values[sub.at + SUBSCRIPTION_WIDTH * p + 2] = group.positionOf(ti, p);
        values[sub.at + SUBSCRIPTION_WIDTH * p + 3] = lagAge;
      }
    });
    lag += groupLag;
    values[entry.at + GROUP_STATE] = group.state;
    values[entry.at + GROUP_CONSUMED] = group.consumed;
    values[entry.at + GROUP_LAG] = groupLag;
    values[entry.at + GROUP_LAG_AGE] = groupLagAge;
    values[entry.at + GROUP_DUPLICATES] = group.duplicates;
    values[entry.at + GROUP_LOST] = group.lost;
    values[entry.at + GROUP_REPLAYED] = group.replayed;
    values[entry.at + GROUP_SKIPPED] = group.skipped;
    entry.members.forEach((m, mi) => {
      const member = group.processes[mi];
      if (!member) return;
      values[m.at + MEMBER_STATE] = member.state;
      values[m.at + MEMBER_PROCESSED] = member.processed;
      values[m.at + MEMBER_JOINED] = member.joined ? 1 : 0;
      values[m.at + MEMBER_EXPIRES_AT] = group.sessionExpiresAt(member);
      // The record in hand, as an index into the member's `assigned` list (−1 when none or no longer owned).
      let current = -1;
      let offset = -1;
      const busy =
        member.state === MemberState.Processing ||
        member.state === MemberState.Leaving ||
        member.state === MemberState.KickedOut;
      if (busy && member.batchPos < member.batchLength) {
        offset = member.batchOffset[member.batchPos] as number;
        const ti = member.batchTopic[member.batchPos] as number;
        const p = member.batchPartition[member.batchPos] as number;
        for (let k = 0; k < member.assignedTopic.length; k++) {
          if (member.assignedTopic[k] === ti && member.assignedPartition[k] === p) current = k;
        }
      }
      values[m.at + MEMBER_CURRENT] = current;
      values[m.at + MEMBER_OFFSET] = current >= 0 ? offset : -1;
    });
  });
  const cluster = sim.cluster;
  if (cluster) {
    layout.brokers.forEach((entry, i) => {
      const b = cluster.brokers[i];
      if (!b) return;
      let leaders = 0;
      let outOfSync = 0;
      for (const rp of cluster.partitions) {
        if (rp.state.leader === b.id) leaders++;
        if (rp.state.replicas.includes(b.id) && !rp.state.isr.includes(b.id)) outOfSync++;
      }
      values[entry.at + BROKER_ALIVE] = b.alive ? 1 : 0;
      values[entry.at + BROKER_FENCED] = b.fenced ? 1 : 0;
      values[entry.at + BROKER_SLOW] = b.alive && sim.now < b.slowUntil ? 1 : 0;
      values[entry.at + BROKER_LEADERS] = leaders;
      values[entry.at + BROKER_OUT_OF_SYNC] = outOfSync;
    });
  }
  values[TOTAL_PRODUCED] = sim.producedTotal();
  values[TOTAL_CONSUMED] = sim.consumed;
  values[TOTAL_LAG] = lag;
  values[TOTAL_FAILED] = sim.failed;
  fillRabbitValues(sim, layout, values);
  return values;
}

function fillRabbitValues(sim: Simulation, layout: SnapshotLayout, values: Float64Array): void {
  const rabbit = sim.rabbit;
  if (!rabbit) return;
  for (const entry of layout.exchanges) {
    const stats = rabbit.exchangeStats.get(entry.nodeId);
    if (!stats) continue;
    values[entry.at + EXCHANGE_IN] = stats.in;
    values[entry.at + EXCHANGE_ROUTED] = stats.routed;
    values[entry.at + EXCHANGE_TO_ALTERNATE] = stats.toAlternate;
    values[entry.at + EXCHANGE_RETURNED] = stats.returned;
    values[entry.at + EXCHANGE_DROPPED] = stats.dropped;
  }
  layout.queues.forEach((entry, i) => {
    const q = rabbit.queues[i];
    if (!q) return;
    const at = entry.at;
    values[at + QUEUE_READY] = q.ready.length - q.head;
    values[at + QUEUE_UNACKED] = q.unacked;
    values[at + QUEUE_ENQUEUED] = q.enqueued;
    values[at + QUEUE_DELIVERED] = q.delivered;
    values[at + QUEUE_ACKED] = q.acked;
    values[at + QUEUE_REDELIVERED] = q.redelivered;
    values[at + QUEUE_DEAD_LETTERED] = q.deadLettered;
    values[at + QUEUE_EXPIRED] = q.expired;
    values[at + QUEUE_DROPPED] = q.dropped;
    values[at + QUEUE_REFUSED] = q.refused;
    const head = q.ready[q.head];
    values[at + QUEUE_HEAD_AGE] = head ? sim.now - head.enqueuedAt : 0;
    values[at + QUEUE_DELETED] = q.deleted ? 1 : 0;
  });
  layout.rabbitConsumers.forEach((entry, i) => {
    const c = rabbit.consumers[i];
    if (!c) return;
    values[entry.at + RCONSUMER_RUNNING] = c.instances.filter((x) => x.alive).length;
    values[entry.at + RCONSUMER_PROCESSED] = c.processed;
    values[entry.at + RCONSUMER_FAILED] = c.failed;
    entry.members.forEach((m, k) => {
      const instance = c.instances[k];
      if (!instance) return;
      values[m.at + RMEMBER_UNACKED] = instance.unacked.length;
      values[m.at + RMEMBER_PROCESSED] = instance.processed;
      values[m.at + RMEMBER_STATE] = !instance.alive ? 2 : instance.busy ? 1 : 0;
    });
  });
}

/** A broker's position in the layout's `brokers` (its bit in the ISR masks). */
function brokerIndex(sim: Simulation, id: number): number {
  return sim.cluster?.brokers.findIndex((b) => b.id === id) ?? -1;
}
