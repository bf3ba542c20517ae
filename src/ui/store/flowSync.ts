/**
 * Derives React Flow's nodes and edges from the scenario, keeping every object whose scenario
 * entry did not change, so React Flow (and each memo'd custom node) sees the same identity and
 * does no work. Per-frame numbers never pass through here: nodes read them from the store.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { Scenario, ScenarioEdge, ScenarioNode } from '../../scenario/schema';

/** React Flow node type for each scenario kind (dot-free names for CSS classes). */
export const FLOW_TYPE = {
  producer: 'producer',
  'kafka.topic': 'kafkaTopic',
  'kafka.consumerGroup': 'kafkaGroup',
  'kafka.broker': 'kafkaBroker',
  'rabbitmq.exchange': 'rabbitExchange',
  'rabbitmq.queue': 'rabbitQueue',
  'rabbitmq.consumer': 'rabbitConsumer',
} as const satisfies Record<ScenarioNode['kind'], string>;

export type FlowNodeData = { node: ScenarioNode };
export type FlowNode = Node<FlowNodeData>;
/**
 * `derived` marks an edge the scenario does not list but a node's setting implies: a queue's
 * dead-letter exchange, an exchange's alternate exchange, an RPC server's replies to a client's
 * callback queue. It is drawn dashed and cannot be edited or deleted; dead letters, unroutable
 * messages and replies travel along it as dots.
 */
export type DerivedKind = 'dead-letter' | 'alternate' | 'reply';
export type FlowEdgeData = { edge: ScenarioEdge; derived?: DerivedKind };
export type FlowEdge = Edge<FlowEdgeData>;

export function syncFlowNodes(previous: readonly FlowNode[], scenario: Scenario): FlowNode[] {
  const byId = new Map(previous.map((n) => [n.id, n]));
  return scenario.nodes.map((node) => {
    const old = byId.get(node.id);
    if (old && old.data.node === node) return old;
    const flowNode: FlowNode = {
      id: node.id,
      type: FLOW_TYPE[node.kind],
      position: { x: node.position.x, y: node.position.y },
      data: { node },
    };
    if (old?.selected) flowNode.selected = true;
    if (old?.measured) flowNode.measured = old.measured;
    return flowNode;
  });
}

const ARROW = { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#9aa4b2' };

export function syncFlowEdges(previous: readonly FlowEdge[], scenario: Scenario): FlowEdge[] {
  const byId = new Map(previous.map((e) => [e.id, e]));
  const listed = scenario.edges.map((edge) => {
    const old = byId.get(edge.id);
    if (old && old.data?.edge === edge) return old;
    const flowEdge: FlowEdge = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: 'flow',
      markerEnd: ARROW,
      data: { edge },
    };
    if (old?.selected) flowEdge.selected = true;
    return flowEdge;
  });
  return [...listed, ...derivedEdges(byId, scenario)];
}

const DASHED_ARROW = { ...ARROW, color: '#c2410c' };
/** Replies are published by a consumer: its colour (--group). */
const REPLY_ARROW = { ...ARROW, color: '#7c3aed' };

/**
 * Edges implied by settings: queue → its dead-letter exchange, exchange → its alternate exchange,
 * and RPC server (a rabbitmq.consumer with `replies`) → each callback queue whose client's requests
 * can reach one of the queues it consumes.
 */
function derivedEdges(byId: ReadonlyMap<string, FlowEdge>, scenario: Scenario): FlowEdge[] {
  const exchanges = new Set(scenario.nodes.filter((n) => n.kind === 'rabbitmq.exchange').map((n) => n.id));
  const edges: FlowEdge[] = [];
  const add = (kind: DerivedKind, id: string, source: string, target: string) => {
    const old = byId.get(id);
    if (old && old.source === source && old.target === target) {
      edges.push(old);
      return;
    }
    edges.push({
      id,
      source,
      target,
      type: 'flow',
      markerEnd: kind === 'reply' ? REPLY_ARROW : DASHED_ARROW,
      selectable: false,
      deletable: false,
      focusable: false,
      data: { edge: { id, source, target, config: {} }, derived: kind },
    });
  };
  for (const node of scenario.nodes) {
    if (
      node.kind === 'rabbitmq.queue' &&
      node.config.deadLetterExchange &&
      exchanges.has(node.config.deadLetterExchange)
    )
      add('dead-letter', `dead-letter:${node.id}`, node.id, node.config.deadLetterExchange);
    if (
      node.kind === 'rabbitmq.exchange' &&
      node.config.alternateExchange &&
      exchanges.has(node.config.alternateExchange)
    )
      add('alternate', `alternate:${node.id}`, node.id, node.config.alternateExchange);
  }
  for (const [server, queue] of replyPaths(scenario)) add('reply', `reply:${server}:${queue}`, server, queue);
  return edges;
}

/**
 * [RPC server, callback queue] pairs: a rabbitmq.consumer with `replies` on, and the queue an RPC
 * client (a producer with an edge from that queue) takes its replies from, when the client's
 * requests can reach one of the server's queues. Reachability follows the scenario's edges
 * (producer → exchange or queue, exchange → exchange or queue) and alternate exchanges, whatever
 * the binding keys.
 */
export function replyPaths(scenario: Scenario): [server: string, queue: string][] {
  const kindOf = new Map(scenario.nodes.map((n) => [n.id, n.kind]));
  const next = new Map<string, string[]>();
  const link = (from: string, to: string) => next.set(from, [...(next.get(from) ?? []), to]);
  for (const e of scenario.edges) {
    const from = kindOf.get(e.source);
    const to = kindOf.get(e.target);
    if (
      (from === 'producer' || from === 'rabbitmq.exchange') &&
      (to === 'rabbitmq.exchange' || to === 'rabbitmq.queue')
    )
      link(e.source, e.target);
  }
  for (const n of scenario.nodes)
    if (
      n.kind === 'rabbitmq.exchange' &&
      n.config.alternateExchange &&
      kindOf.get(n.config.alternateExchange) === 'rabbitmq.exchange'
    )
      link(n.id, n.config.alternateExchange);
  /** The queues a producer's messages can reach. */
  const queuesFrom = (producer: string): Set<string> => {
    const seen = new Set<string>([producer]);
    const queues = new Set<string>();
    const todo = [producer];
    for (let id = todo.pop(); id !== undefined; id = todo.pop())
      for (const to of next.get(id) ?? []) {
        if (seen.has(to)) continue;
        seen.add(to);
        if (kindOf.get(to) === 'rabbitmq.queue') queues.add(to);
        else todo.push(to);
      }
    return queues;
  };
  const clients = scenario.edges
    .filter((e) => kindOf.get(e.source) === 'rabbitmq.queue' && kindOf.get(e.target) === 'producer')
    .map((e) => ({ queue: e.source, reaches: queuesFrom(e.target) }));
  const pairs: [string, string][] = [];
  if (clients.length === 0) return pairs;
  for (const node of scenario.nodes) {
    if (node.kind !== 'rabbitmq.consumer' || !node.config.replies) continue;
    const consumed = scenario.edges.filter((e) => e.target === node.id).map((e) => e.source);
    const seen = new Set<string>();
    for (const client of clients) {
      if (seen.has(client.queue) || !consumed.some((q) => client.reaches.has(q))) continue;
      seen.add(client.queue);
      pairs.push([node.id, client.queue]);
    }
  }
  return pairs;
}
