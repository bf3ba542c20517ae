/**
 * Edits of the scenario: every edit builds the whole edited document, validates it with the
 * format's own parser, and only a valid one reaches the store and the engine. An invalid edit
 * returns its problems (for the inline field error) and changes nothing.
 */
import type { XYPosition } from '@xyflow/react';
import { parseScenario, type ScenarioProblem } from '../../scenario/parseScenario';
import {
  ALLOWED_EDGES,
  type NodeKind,
  type Scenario,
  type ScenarioEdge,
  type ScenarioNode,
} from '../../scenario/schema';
import { getEngineClient } from '../../worker/engineClient';
import { useAppStore } from '../store/appStore';

/** What a new node from the palette starts as. */
const NEW_NODE: Record<NodeKind, { base: string; config: object }> = {
  producer: { base: 'producer', config: { traffic: { type: 'rate', ratePerSec: 10 } } },
  'kafka.topic': { base: 'topic', config: { partitions: 3 } },
  'kafka.consumerGroup': { base: 'group', config: { consumers: 2, autoOffsetReset: 'earliest' } },
  'kafka.broker': { base: 'broker', config: {} },
  // RabbitMQ's own defaults (classic queue, prefetch unlimited, manual acks), but a topic exchange:
  // the type whose bindings have something to show.
  'rabbitmq.exchange': { base: 'exchange', config: { type: 'topic' } },
  'rabbitmq.queue': { base: 'queue', config: {} },
  'rabbitmq.consumer': { base: 'consumer', config: { consumers: 1 } },
};

/** Validates and applies an edited scenario; returns the problems when it is not valid. */
export function applyEdit(
  candidate: unknown,
  changedNodeId: string | null,
  options: { select?: string } = {},
): ScenarioProblem[] | null {
  const parsed = parseScenario(candidate);
  if (!parsed.ok) return parsed.problems;
  useAppStore.getState().commitScenario(parsed.scenario, options.select);
  void sendUpdate(useAppStore.getState().scenario, changedNodeId);
  return null;
}

async function sendUpdate(scenario: Scenario, changedNodeId: string | null): Promise<void> {
  const { pushToast } = useAppStore.getState();
  try {
    const result = await getEngineClient().update(scenario, changedNodeId);
    if (result.restarted) pushToast('info', `The run restarted at t = 0: ${result.reason ?? 'the scenario changed'}.`);
  } catch (error) {
    pushToast(
      'error',
      `The simulation did not take the change: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Applies `mutate` to a copy of one node and validates the result. */
export function editNode(nodeId: string, mutate: (node: ScenarioNode) => ScenarioNode): ScenarioProblem[] | null {
  const scenario = useAppStore.getState().scenario;
  const nodes = scenario.nodes.map((n) => (n.id === nodeId ? mutate(structuredClone(n)) : n));
  return applyEdit({ ...scenario, nodes }, nodeId);
}

/** Applies `mutate` to a copy of one edge (a RabbitMQ binding's keys or arguments) and validates the result. */
export function editEdge(edgeId: string, mutate: (edge: ScenarioEdge) => ScenarioEdge): ScenarioProblem[] | null {
  const scenario = useAppStore.getState().scenario;
  const edges = scenario.edges.map((e) => (e.id === edgeId ? mutate(structuredClone(e)) : e));
  return applyEdit({ ...scenario, edges }, null);
}

/** Applies `mutate` to a copy of the scenario's meta, seed and run settings. */
export function editScenario(mutate: (scenario: Scenario) => Scenario): ScenarioProblem[] | null {
  return applyEdit(mutate(structuredClone(useAppStore.getState().scenario)), null);
}

export function nextNodeId(scenario: Scenario, kind: NodeKind): string {
  const { base } = NEW_NODE[kind];
  const taken = new Set(scenario.nodes.map((n) => n.id));
  let n = scenario.nodes.filter((node) => node.kind === kind).length + 1;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** Adds a node of `kind` with defaults and a unique id, and selects it. */
export function addNode(kind: NodeKind, position: XYPosition): string | null {
  const scenario = useAppStore.getState().scenario;
  const id = nextNodeId(scenario, kind);
  const node = {
    id,
    kind,
    label: id,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    config: NEW_NODE[kind].config,
  };
  return applyEdit({ ...scenario, nodes: [...scenario.nodes, node] }, null, { select: id }) ? null : id;
}

/** Whether an edge from `source` to `target` is allowed and new. */
export function canConnect(source: string | null, target: string | null): boolean {
  if (!source || !target || source === target) return false;
  const { nodes, edges } = useAppStore.getState().scenario;
  const from = nodes.find((n) => n.id === source)?.kind;
  const to = nodes.find((n) => n.id === target)?.kind;
  if (!from || !to || !ALLOWED_EDGES[from].includes(to)) return false;
  return !edges.some((e) => e.source === source && e.target === target);
}

export function connect(source: string, target: string): void {
  if (!canConnect(source, target)) return;
  const scenario = useAppStore.getState().scenario;
  const ids = new Set(scenario.edges.map((e) => e.id));
  let id = `${source}->${target}`;
  for (let n = 2; ids.has(id); n++) id = `${source}->${target}-${n}`;
  refused('Not connected', applyEdit({ ...scenario, edges: [...scenario.edges, { id, source, target }] }, null));
}

/** A canvas edit the format refuses (e.g. an RPC client's second callback queue) says why in a toast. */
function refused(what: string, problems: ScenarioProblem[] | null): void {
  const first = problems?.[0];
  if (first) useAppStore.getState().pushToast('error', `${what}: ${first.message}`);
}

/** Removes nodes (with their edges) and edges. */
export function deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void {
  if (nodeIds.length === 0 && edgeIds.length === 0) return;
  const scenario = useAppStore.getState().scenario;
  const goneNodes = new Set(nodeIds);
  const goneEdges = new Set(edgeIds);
  const nodes = scenario.nodes.filter((n) => !goneNodes.has(n.id));
  const edges = scenario.edges.filter(
    (e) => !goneEdges.has(e.id) && !goneNodes.has(e.source) && !goneNodes.has(e.target),
  );
  refused('Not deleted', applyEdit({ ...scenario, nodes, edges }, null));
}

/** Writes the positions of dragged nodes back into the scenario (no restart: positions are not simulated). */
export function persistPositions(moved: readonly { id: string; position: XYPosition }[]): void {
  const scenario = useAppStore.getState().scenario;
  const byId = new Map(moved.map((m) => [m.id, m.position]));
  const nodes = scenario.nodes.map((n) => {
    const p = byId.get(n.id);
    return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
  });
  applyEdit({ ...scenario, nodes }, null);
}
