/**
 * The scenario being edited: the single source of truth for the canvas. React Flow's nodes and
 * edges are derived from it (flowSync.ts); positions go back into it when a drag stops.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { StateCreator } from 'zustand';
import type { Scenario } from '../../scenario/schema';
import type { AppState } from './appStore';
import { syncFlowEdges, syncFlowNodes, type FlowEdge, type FlowNode } from './flowSync';

export type Selection = { kind: 'node' | 'edge'; id: string } | null;

export type ScenarioSlice = {
  scenario: Scenario;
  flowNodes: FlowNode[];
  flowEdges: FlowEdge[];
  /** Bumps when a whole scenario is loaded (startup, Open…): forms and the viewport reset. */
  loadId: number;
  selection: Selection;
  /** A whole new scenario (startup, Open…): selection cleared, forms reset. */
  replaceScenario(next: Scenario): void;
  /** An edit of the current scenario; `select` selects that node afterwards. */
  commitScenario(next: Scenario, select?: string): void;
  /** Drags, selection and measurements from React Flow. Removals go through onDelete instead. */
  changeFlowNodes(changes: NodeChange<FlowNode>[]): void;
  changeFlowEdges(changes: EdgeChange<FlowEdge>[]): void;
  setSelection(selection: Selection): void;
  /** Selects one edge, as a click on it would (e.g. a click on its binding label). */
  selectEdge(edgeId: string): void;
};

export const EMPTY_SCENARIO: Scenario = {
  format: 'eventscope.scenario',
  version: 1,
  meta: { title: 'Untitled scenario', description: '', tour: [] },
  seed: 1,
  run: { durationMs: 60_000 },
  nodes: [],
  edges: [],
  actions: [],
};

export const createScenarioSlice: StateCreator<AppState, [], [], ScenarioSlice> = (set) => ({
  scenario: EMPTY_SCENARIO,
  flowNodes: [],
  flowEdges: [],
  loadId: 0,
  selection: null,
  replaceScenario: (next) =>
    set((s) => ({
      scenario: next,
      flowNodes: syncFlowNodes([], next),
      flowEdges: syncFlowEdges([], next),
      loadId: s.loadId + 1,
      selection: null,
    })),
  commitScenario: (edited, select) =>
    set((s) => {
      const next = keepUnchanged(s.scenario, edited);
      let flowNodes = syncFlowNodes(s.flowNodes, next);
      let selection = s.selection;
      if (select !== undefined) {
        flowNodes = flowNodes.map((n) =>
          Boolean(n.selected) === (n.id === select) ? n : { ...n, selected: !n.selected },
        );
        selection = { kind: 'node', id: select };
      } else if (selection && !exists(next, selection)) {
        selection = null;
      }
      return { scenario: next, flowNodes, flowEdges: syncFlowEdges(s.flowEdges, next), selection };
    }),
  changeFlowNodes: (changes) =>
    set((s) => {
      const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace');
      return kept.length ? { flowNodes: applyNodeChanges(kept, s.flowNodes) } : {};
    }),
  changeFlowEdges: (changes) =>
    set((s) => {
      const kept = changes.filter((c) => c.type === 'select');
      return kept.length ? { flowEdges: applyEdgeChanges(kept, s.flowEdges) } : {};
    }),
  setSelection: (selection) =>
    set((s) => (s.selection?.kind === selection?.kind && s.selection?.id === selection?.id ? {} : { selection })),
  selectEdge: (edgeId) =>
    set((s) => ({
      flowNodes: s.flowNodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
      flowEdges: s.flowEdges.map((e) =>
        Boolean(e.selected) === (e.id === edgeId) ? e : { ...e, selected: e.id === edgeId },
      ),
      selection: { kind: 'edge', id: edgeId },
    })),
});

function exists(scenario: Scenario, selection: NonNullable<Selection>): boolean {
  const list = selection.kind === 'node' ? scenario.nodes : scenario.edges;
  return list.some((item) => item.id === selection.id);
}

/**
 * Validation rebuilds every object of the document; reuse the previous node and edge objects
 * that are equal, so only what was edited gets a new identity (and re-renders).
 */
function keepUnchanged(previous: Scenario, next: Scenario): Scenario {
  const oldNodes = new Map(previous.nodes.map((n) => [n.id, n]));
  const oldEdges = new Map(previous.edges.map((e) => [e.id, e]));
  const same = <T>(a: T | undefined, b: T): T => (a !== undefined && JSON.stringify(a) === JSON.stringify(b) ? a : b);
  return {
    ...next,
    nodes: next.nodes.map((n) => same(oldNodes.get(n.id), n)),
    edges: next.edges.map((e) => same(oldEdges.get(e.id), e)),
  };
}
