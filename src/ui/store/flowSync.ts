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
 * dead-letter exchange, an exchange's alternate exchange. It is drawn dashed and cannot be edited
 * or deleted; dead letters and unroutable messages travel along it as dots.
 */
export type FlowEdgeData = { edge: ScenarioEdge; derived?: 'dead-letter' | 'alternate' };
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

/** Edges implied by settings: queue → its dead-letter exchange, exchange → its alternate exchange. */
function derivedEdges(byId: ReadonlyMap<string, FlowEdge>, scenario: Scenario): FlowEdge[] {
  const exchanges = new Set(scenario.nodes.filter((n) => n.kind === 'rabbitmq.exchange').map((n) => n.id));
  const edges: FlowEdge[] = [];
  const add = (kind: 'dead-letter' | 'alternate', source: string, target: string) => {
    const id = `${kind}:${source}`;
    const old = byId.get(id);
    if (old && old.target === target) {
      edges.push(old);
      return;
    }
    edges.push({
      id,
      source,
      target,
      type: 'flow',
      markerEnd: DASHED_ARROW,
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
      add('dead-letter', node.id, node.config.deadLetterExchange);
    if (
      node.kind === 'rabbitmq.exchange' &&
      node.config.alternateExchange &&
      exchanges.has(node.config.alternateExchange)
    )
      add('alternate', node.id, node.config.alternateExchange);
  }
  return edges;
}
