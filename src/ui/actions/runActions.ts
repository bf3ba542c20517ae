/**
 * Faults and operator actions triggered from the UI while a run goes on (crash a consumer, reset a
 * group's offsets). The worker applies the action at its current virtual time; the action, with
 * that time, is then added to the scenario's `actions`, so a saved file or a CLI run replays it.
 */
import type { ScenarioAction } from '../../scenario/schema';
import { getEngineClient } from '../../worker/engineClient';
import { useAppStore } from '../store/appStore';
import { applyEdit } from './scenarioActions';

/** Distributive Omit: `atMs` is filled in by the engine. */
export type ActionRequest = ScenarioAction extends infer A
  ? A extends ScenarioAction
    ? Omit<A, 'atMs'>
    : never
  : never;

export async function triggerAction(request: ActionRequest): Promise<void> {
  const { pushToast } = useAppStore.getState();
  try {
    const outcome = await getEngineClient().applyAction({ ...request, atMs: 0 } as ScenarioAction);
    if (!outcome) {
      pushToast('warning', 'Start the run first: actions happen at a point of a running simulation.');
      return;
    }
    const scenario = useAppStore.getState().scenario;
    applyEdit({ ...scenario, actions: [...scenario.actions, outcome.action] }, null);
    pushToast(outcome.ok ? 'info' : 'warning', `${(outcome.action.atMs / 1000).toFixed(1)} s: ${outcome.text}.`);
  } catch (error) {
    pushToast('error', `The action did not run: ${error instanceof Error ? error.message : String(error)}`);
  }
}
