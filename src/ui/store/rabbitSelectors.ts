/**
 * Module-scope selectors of the RabbitMQ nodes. The per-node number selectors return short arrays
 * for useShallow (a node re-renders only when one of its numbers moved); the scenario selectors
 * return strings or numbers, so they are stable across frames.
 */
import {
  EXCHANGE_DROPPED,
  EXCHANGE_IN,
  EXCHANGE_RETURNED,
  EXCHANGE_ROUTED,
  EXCHANGE_TO_ALTERNATE,
  QUEUE_WIDTH,
  RCONSUMER_FAILED,
  RCONSUMER_PROCESSED,
  RCONSUMER_RUNNING,
  RMEMBER_PROCESSED,
  RMEMBER_STATE,
  RMEMBER_UNACKED,
} from '../../engine/snapshot';
import type { Scenario, ScenarioNode } from '../../scenario/schema';
import type { AppState } from './appStore';

const at = (values: Float64Array, i: number) => values[i] ?? 0;

/** [in, routed, to alternate, returned, dropped] of an exchange, or [] before the engine knows it. */
export function selectExchangeNumbers(s: AppState, nodeId: string): number[] {
  const entry = s.index.exchanges.get(nodeId);
  if (!entry) return [];
  const v = s.values;
  return [EXCHANGE_IN, EXCHANGE_ROUTED, EXCHANGE_TO_ALTERNATE, EXCHANGE_RETURNED, EXCHANGE_DROPPED].map((i) =>
    at(v, entry.at + i),
  );
}

/**
 * A queue's numbers in the order of the QUEUE_* offsets: ready, unacked, enqueued, delivered,
 * acked, redelivered, dead-lettered, expired, dropped, refused, age of the oldest ready message.
 */
export function selectQueueNumbers(s: AppState, nodeId: string): number[] {
  const entry = s.index.queues.get(nodeId);
  if (!entry) return [];
  const out: number[] = [];
  for (let i = 0; i < QUEUE_WIDTH; i++) out.push(at(s.values, entry.at + i));
  return out;
}

/** Numbers before the first instance in selectRabbitConsumerNumbers, and per instance after. */
export const RCONSUMER_HEAD = 3;
export const RMEMBER_NUMBERS = 3;

/** [running, processed, failed, then per instance: unacked, processed, state (0 idle, 1 busy, 2 crashed)]. */
export function selectRabbitConsumerNumbers(s: AppState, nodeId: string): number[] {
  const entry = s.index.rabbitConsumers.get(nodeId);
  if (!entry) return [];
  const v = s.values;
  const out = [
    at(v, entry.at + RCONSUMER_RUNNING),
    at(v, entry.at + RCONSUMER_PROCESSED),
    at(v, entry.at + RCONSUMER_FAILED),
  ];
  for (const m of entry.members) {
    out.push(at(v, m.at + RMEMBER_UNACKED), at(v, m.at + RMEMBER_PROCESSED), at(v, m.at + RMEMBER_STATE));
  }
  return out;
}

export const selectRabbitConsumerEntry = (s: AppState, nodeId: string) => s.index.rabbitConsumers.get(nodeId);

/** The name a RabbitMQ node has on the broker (its config name, else its id); other nodes: label or id. */
export function brokerName(node: ScenarioNode): string {
  switch (node.kind) {
    case 'rabbitmq.exchange':
    case 'rabbitmq.queue':
    case 'kafka.topic':
      return node.config.name ?? node.id;
    default:
      return node.label ?? node.id;
  }
}

/** The display name of node `id` in `scenario` ('' is the default exchange). */
export function nameOf(scenario: Scenario, id: string): string {
  if (id === '') return '(default exchange)';
  const node = scenario.nodes.find((n) => n.id === id);
  return node ? brokerName(node) : id;
}

/** The exchange type of node `id`, or undefined when it is not an exchange (a string: stable per frame). */
export function selectExchangeType(s: AppState, id: string): string | undefined {
  const node = s.scenario.nodes.find((n) => n.id === id);
  return node?.kind === 'rabbitmq.exchange' ? node.config.type : undefined;
}

/** The name of node `id` ('' when absent), for facts such as "alternate exchange: …". */
export function selectNodeName(s: AppState, id: string | undefined): string {
  return id === undefined ? '' : nameOf(s.scenario, id);
}

/** Kinds of the nodes a node's outgoing edges lead to, joined by spaces (stable per frame). */
export function selectTargetKinds(s: AppState, id: string): string {
  const kinds = new Set<string>();
  for (const e of s.scenario.edges) {
    if (e.source !== id) continue;
    const kind = s.scenario.nodes.find((n) => n.id === e.target)?.kind;
    if (kind) kinds.add(kind);
  }
  return [...kinds].sort().join(' ');
}

/** Names of the nodes wired to `id` as sources (a consumer's queues), joined by ", ". */
export function selectSourceNames(s: AppState, id: string): string {
  return s.scenario.edges
    .filter((e) => e.target === id)
    .map((e) => nameOf(s.scenario, e.source))
    .join(', ');
}

/** "2 bindings to 2 queues, 1 exchange" — what leaves an exchange node. */
export function selectBindingSummary(s: AppState, id: string): string {
  let bindings = 0;
  let queues = 0;
  let exchanges = 0;
  for (const e of s.scenario.edges) {
    if (e.source !== id) continue;
    bindings += e.config.bindingKeys?.length ?? 1;
    const kind = s.scenario.nodes.find((n) => n.id === e.target)?.kind;
    if (kind === 'rabbitmq.queue') queues++;
    else if (kind === 'rabbitmq.exchange') exchanges++;
  }
  if (bindings === 0) return 'none yet';
  const to = [
    queues ? `${queues} queue${queues === 1 ? '' : 's'}` : '',
    exchanges ? `${exchanges} exchange${exchanges === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${bindings} to ${to}`;
}

/**
 * The name of the queue a producer takes RPC replies from (a rabbitmq.queue → producer edge: its
 * callback queue), or '' when it is not an RPC client (a string: stable per frame).
 */
export function selectCallbackQueueName(s: AppState, producerId: string): string {
  for (const e of s.scenario.edges) {
    if (e.target !== producerId) continue;
    const source = s.scenario.nodes.find((n) => n.id === e.source);
    if (source?.kind === 'rabbitmq.queue') return brokerName(source);
  }
  return '';
}
