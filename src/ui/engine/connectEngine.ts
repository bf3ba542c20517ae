/**
 * Wires the engine client to the store once, at startup: frames into the store, worker status
 * into toasts, and a light timer that clears finished message dots while nothing else moves.
 */
import type { EngineClient } from '../../worker/engineClient';
import { useAppStore } from '../store/appStore';

let connected = false;

export function connectEngine(client: EngineClient): void {
  if (connected) return;
  connected = true;
  client.onFrame((frame) => useAppStore.getState().ingestFrame(frame, performance.now()));
  client.onStatus((status) =>
    useAppStore.getState().pushToast(status.kind === 'error' ? 'error' : 'warning', status.message),
  );
  setInterval(() => {
    const { dots, pruneDots } = useAppStore.getState();
    if (dots.length > 0) pruneDots(performance.now());
  }, 250);
}
