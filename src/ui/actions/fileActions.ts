/**
 * Save and Open, and RabbitMQ's own definitions.json in and out. Opening (a file, an example from
 * the Examples menu, or imported definitions) is parse → migrate → validate, and only a valid
 * document replaces the canvas; otherwise the dialog lists the problems and nothing changes.
 */
import { parseScenario, parseScenarioText, type ParseResult } from '../../scenario/parseScenario';
import { definitionsTextToScenario, exportRabbitDefinitions, hasRabbitNodes } from '../../scenario/rabbitDefinitions';
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
  downloadJson(scenarioFileName(scenario), scenario);
}

/** Offers `data` as a JSON file download. */
function downloadJson(fileName: string, data: unknown): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
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
  const text = await readFileText(file);
  if (text !== undefined) openParsedScenario(parseScenarioText(text), `from ${file.name}`);
}

/** The file's text, or undefined after showing why it could not be read. */
async function readFileText(file: File): Promise<string | undefined> {
  try {
    return await file.text();
  } catch (error) {
    useAppStore
      .getState()
      .setLoadProblems([
        { path: '(file)', message: `could not be read: ${error instanceof Error ? error.message : String(error)}` },
      ]);
    return undefined;
  }
}

/** Warnings shown in the toast after an import; all of them are in the scenario's description. */
const SHOWN_WARNINGS = 4;

/**
 * "Import RabbitMQ definitions…": a definitions.json becomes a new scenario like an opened file
 * (a malformed one only opens the problems dialog), and what was ignored is said in a toast.
 */
export async function importRabbitDefinitionsFile(file: File): Promise<void> {
  const text = await readFileText(file);
  if (text === undefined) return;
  const imported = definitionsTextToScenario(text, { source: file.name });
  if (!imported.ok) {
    useAppStore.getState().setLoadProblems(imported.problems);
    return;
  }
  if (!openParsedScenario(parseScenario(imported.scenario), `from ${file.name}`)) return;
  const { warnings } = imported;
  if (warnings.length === 0) return;
  const shown = warnings.slice(0, SHOWN_WARNINGS).map((w) => `• ${w}`);
  if (warnings.length > SHOWN_WARNINGS) shown.push(`… and ${warnings.length - SHOWN_WARNINGS} more`);
  useAppStore
    .getState()
    .pushToast(
      'warning',
      `Imported with ${warnings.length === 1 ? 'a note' : `${warnings.length} notes`} (all in the scenario's description):\n${shown.join('\n')}`,
    );
}

/** Why export is unavailable, or undefined when the scenario has something to export. */
export function rabbitExportUnavailable(scenario: Pick<Scenario, 'nodes'>): string | undefined {
  return hasRabbitNodes(scenario)
    ? undefined
    : 'Nothing to export: the scenario has no RabbitMQ exchange or queue. Add one from the palette, or import definitions.';
}

/** "Export RabbitMQ definitions": downloads definitions.json for rabbitmqctl import_definitions. */
export function exportRabbitDefinitionsFile(): void {
  const store = useAppStore.getState();
  const unavailable = rabbitExportUnavailable(store.scenario);
  if (unavailable !== undefined) {
    store.pushToast('info', unavailable);
    return;
  }
  const { definitions, warnings } = exportRabbitDefinitions(store.scenario);
  downloadJson('definitions.json', definitions);
  const { exchanges, queues, bindings } = definitions;
  store.pushToast(
    'info',
    `Exported ${exchanges.length} exchanges, ${queues.length} queues and ${bindings.length} bindings to definitions.json (virtual host "/").`,
  );
  if (warnings.length > 0) {
    store.pushToast('warning', `Not exported as it is:\n${warnings.map((w) => `• ${w}`).join('\n')}`);
  }
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
