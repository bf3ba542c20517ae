/**
 * Save and Open. Opening (a file, or an example from the Examples menu) is parse → migrate →
 * validate, and only a valid document replaces the canvas; otherwise the dialog lists the
 * problems and nothing changes.
 */
import { parseScenarioText, type ParseResult } from '../../scenario/parseScenario';
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

/** Loads a scenario into the canvas and the engine (startup, Open…, Examples). */
export function loadScenario(scenario: Scenario): void {
  const store = useAppStore.getState();
  store.replaceScenario(scenario);
  store.setWhy({ status: 'closed' });
  store.resetTour();
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
  openParsedScenario(parseScenarioText(text), `from ${file.name}`);
}

/**
 * The end of every open: a valid document replaces the canvas and the run (the engine keeps
 * its play state) and a toast says where it came from (`source`, e.g. "from orders.json");
 * an invalid one only opens the problems dialog. Returns whether it was loaded.
 */
export function openParsedScenario(parsed: ParseResult, source: string): boolean {
  if (!parsed.ok) {
    useAppStore.getState().setLoadProblems(parsed.problems);
    return false;
  }
  loadScenario(parsed.scenario);
  useAppStore.getState().pushToast('info', `Opened “${parsed.scenario.meta.title}” ${source}.`);
  return true;
}
