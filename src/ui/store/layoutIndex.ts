/**
 * Lookup tables over the engine's snapshot layout, rebuilt only when the layout changes (a
 * rebalance, a reload), so a custom node finds its offsets into `values` in O(1) every frame.
 */
import type { SnapshotLayout } from '../../engine';

export type ProducerEntry = SnapshotLayout['producers'][number];
export type TopicEntry = SnapshotLayout['topics'][number];
export type GroupEntry = SnapshotLayout['groups'][number];
export type BrokerEntry = SnapshotLayout['brokers'][number];
export type SubscriptionEntry = GroupEntry['subscriptions'][number];
export type ExchangeEntry = SnapshotLayout['exchanges'][number];
export type QueueEntry = SnapshotLayout['queues'][number];
export type RabbitConsumerEntry = SnapshotLayout['rabbitConsumers'][number];

/** A group reading a topic: where its committed offsets and lag for that topic live. */
export type TopicReader = { groupNodeId: string; groupId: string; subscription: SubscriptionEntry };

export type LayoutIndex = {
  producers: ReadonlyMap<string, ProducerEntry>;
  topics: ReadonlyMap<string, TopicEntry>;
  groups: ReadonlyMap<string, GroupEntry>;
  brokers: ReadonlyMap<string, BrokerEntry>;
  /** Broker ids in layout order (bit k of an ISR mask is the k-th). */
  brokerIds: readonly number[];
  /** Per topic node id, the groups subscribed to it, in layout order. */
  readers: ReadonlyMap<string, readonly TopicReader[]>;
  /** RabbitMQ exchanges, queues and consumer nodes by node id. */
  exchanges: ReadonlyMap<string, ExchangeEntry>;
  queues: ReadonlyMap<string, QueueEntry>;
  rabbitConsumers: ReadonlyMap<string, RabbitConsumerEntry>;
};

export const EMPTY_INDEX: LayoutIndex = {
  producers: new Map(),
  topics: new Map(),
  groups: new Map(),
  brokers: new Map(),
  brokerIds: [],
  readers: new Map(),
  exchanges: new Map(),
  queues: new Map(),
  rabbitConsumers: new Map(),
};

export function indexLayout(layout: SnapshotLayout): LayoutIndex {
  const readers = new Map<string, TopicReader[]>();
  for (const group of layout.groups) {
    for (const subscription of group.subscriptions) {
      const list = readers.get(subscription.topicNodeId) ?? [];
      list.push({ groupNodeId: group.nodeId, groupId: group.groupId, subscription });
      readers.set(subscription.topicNodeId, list);
    }
  }
  return {
    producers: new Map(layout.producers.map((p) => [p.nodeId, p])),
    topics: new Map(layout.topics.map((t) => [t.nodeId, t])),
    groups: new Map(layout.groups.map((g) => [g.nodeId, g])),
    brokers: new Map(layout.brokers.map((b) => [b.nodeId, b])),
    brokerIds: layout.brokers.map((b) => b.id),
    readers,
    exchanges: new Map(layout.exchanges.map((e) => [e.nodeId, e])),
    queues: new Map(layout.queues.map((q) => [q.nodeId, q])),
    rabbitConsumers: new Map(layout.rabbitConsumers.map((c) => [c.nodeId, c])),
  };
}
