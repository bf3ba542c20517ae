/**
 * Entry point: connects the simulation worker's client to the store, loads the default scenario
 * and renders the app. The simulation never runs on this thread.
 */
import '@xyflow/react/dist/style.css';
import './ui/styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { formatProblems, parseScenario } from './scenario/parseScenario';
import { defaultScenario } from './scenario/examples/defaultScenario';
import { loadScenario } from './ui/actions/fileActions';
import { App } from './ui/App';
import { connectEngine } from './ui/engine/connectEngine';
import { useAppStore } from './ui/store/appStore';
import { getEngineClient } from './worker/engineClient';

const client = getEngineClient();
connectEngine(client);

const parsed = parseScenario(defaultScenario);
if (parsed.ok) loadScenario(parsed.scenario);
else useAppStore.getState().pushToast('error', `The default scenario is invalid:\n${formatProblems(parsed.problems)}`);

/** For end-to-end tests (headless runs, crash tests); harmless to expose. */
declare global {
  interface Window {
    __eventscope?: { store: typeof useAppStore; client: typeof client };
  }
}
window.__eventscope = { store: useAppStore, client };

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
