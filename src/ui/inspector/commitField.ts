/**
 * Turns one inspector field into a validated edit: apply the value to a copy of the node (or the
 * scenario), validate the whole document, and return the message of the problem at that field
 * (or of the first problem) so the field can show it inline. Invalid edits change nothing.
 */
import type { ScenarioProblem } from '../../scenario/parseScenario';
import type { NodeKind, NodeOfKind, Scenario, ScenarioEdge } from '../../scenario/schema';
import { editEdge, editNode, editScenario } from '../actions/scenarioActions';
import { useAppStore } from '../store/appStore';
import type { Commit } from './fields/useDebouncedCommit';

export function problemAt(problems: readonly ScenarioProblem[] | null, prefix: string): string | null {
  if (!problems || problems.length === 0) return null;
  const hit =
    problems.find((p) => p.path === prefix) ??
    problems.find((p) => p.path.startsWith(prefix)) ??
    (problems[0] as ScenarioProblem);
  const rest = hit.path.startsWith(prefix) ? hit.path.slice(prefix.length).replace(/^\./, '') : hit.path;
  return rest ? `at ${rest}: ${hit.message}` : hit.message;
}

/** A commit for the field at `path` (e.g. "config.consumers") of node `nodeId`. */
export function nodeField<K extends NodeKind, T>(
  nodeId: string,
  path: string,
  apply: (node: NodeOfKind<K>, value: T) => void,
): Commit<T> {
  return (value) => {
    const index = useAppStore.getState().scenario.nodes.findIndex((n) => n.id === nodeId);
    const problems = editNode(nodeId, (node) => {
      apply(node as NodeOfKind<K>, value);
      return node;
    });
    return problemAt(problems, `nodes[${index}].${path}`);
  };
}

/** A commit for the field at `path` (e.g. "config.bindingKeys") of edge `edgeId`. */
export function edgeField<T>(edgeId: string, path: string, apply: (edge: ScenarioEdge, value: T) => void): Commit<T> {
  return (value) => {
    const index = useAppStore.getState().scenario.edges.findIndex((e) => e.id === edgeId);
    const problems = editEdge(edgeId, (edge) => {
      apply(edge, value);
      return edge;
    });
    return problemAt(problems, `edges[${index}].${path}`);
  };
}

/** A commit for a scenario-level field at `path` (e.g. "meta.title", "seed"). */
export function scenarioField<T>(path: string, apply: (scenario: Scenario, value: T) => void): Commit<T> {
  return (value) =>
    problemAt(
      editScenario((scenario) => {
        apply(scenario, value);
        return scenario;
      }),
      path,
    );
}
