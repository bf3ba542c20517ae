/**
 * Save and Open. Opening is parse → migrate → validate, and only a valid document replaces the
 * canvas; otherwise the dialog lists the problems and nothing changes.
 */
import { parseScenarioText } from '../../scenario/parseScenario';
import type { Scenario } from '../../scenario/schema';
import { getEngineClient } from '../../worker/engineClient';
import { useAppStore } from '../store/appStore';

/** "Checkout orders" → "checkout-orders". */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'scenario';
}

export function scenarioFileName(scenario: Scenario): string {
  return `${slugify(scenario.meta.title)}.eventscope.json`;
}

export function saveScenario(): void {
  const scenario = useAppStore.getState().scenario;
  const blob = new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = scenarioFileName(scenario);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Loads a scenario into the canvas and the engine (startup, Open…). */
export function loadScenario(scenario: Scenario): void {
  const store = useAppStore.getState();
  store.replaceScenario(scenario);
  store.setWhy({ status: 'closed' });
  getEngineClient()
    .load(scenario)
    .catch((error: unknown) => {
      useAppStore
        .getState()
        .pushToast(
          'error',
          `The simulation did not load the scenario: ${error instanceof Error ? error.message : String(error)}`,
        );
    });
}

export async function openScenarioFile(file: File): Promise<void> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    useAppStore
      .getState()
      .setLoadProblems([
        { path: '(file)', message: `could not be read: ${error instanceof Error ? error.message : String(error)}` },
      ]);
    return;
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    useAppStore.getState().setLoadProblems(parsed.problems);
    return;
  }
  loadScenario(parsed.scenario);
  useAppStore.getState().pushToast('info', `Opened “${parsed.scenario.meta.title}” from ${file.name}.`);
}
