/**
 * The guided tour's commands: move between steps, close and reopen, and "Run to 12 s".
 *
 * The engine client has no "run until t" call; "Run to" gets one exactly from calls it already
 * has. A run stops by itself at its duration (the worker never advances past `run.durationMs`),
 * and the duration is a setting the worker applies live, without a restart. So "Run to 12 s"
 * pauses, restarts if the clock is already past 12 s, sends the engine the same scenario with
 * `run.durationMs` = 12 000, plays at Max until the run ends there, then sends the real duration
 * back and restores the user's speed. The store's scenario is never changed, and the canvas and
 * charts see every frame on the way.
 */
import { getEngineClient } from '../../worker/engineClient';
import type { AppState } from '../store/appStore';
import { useAppStore } from '../store/appStore';

/** "Run to" gives up when no frame arrives for this long. */
const FRAME_WAIT_MS = 5000;

/** Bumped by every new "Run to" and by cancelRunTo(): an older one stops waiting. */
let generation = 0;

export function goToTourStep(step: number): void {
  const { tour, scenario, setTour } = useAppStore.getState();
  const last = scenario.meta.tour.length - 1;
  const next = Math.max(0, Math.min(last, step));
  if (next !== tour.step) setTour({ step: next });
}

export function closeTour(): void {
  useAppStore.getState().setTour({ open: false });
}

export function openTour(): void {
  useAppStore.getState().setTour({ open: true, collapsed: false });
}

export function toggleTourCollapsed(): void {
  const { tour, setTour } = useAppStore.getState();
  setTour({ collapsed: !tour.collapsed });
}

/** Stops a "Run to" in progress (the time controls call this before their own command). */
export function cancelRunTo(): void {
  generation++;
  if (useAppStore.getState().tour.runningToMs !== null) useAppStore.getState().setTour({ runningToMs: null });
}

/**
 * Resolves once the store satisfies `condition` (at once if it already does); rejects when no
 * frame arrives for FRAME_WAIT_MS while waiting.
 */
function waitForStore(condition: (state: AppState) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (condition(useAppStore.getState())) {
      resolve();
      return;
    }
    let timer = setTimeout(fail, FRAME_WAIT_MS);
    let frames = useAppStore.getState().frames;
    function fail() {
      unsubscribe();
      reject(new Error(`no ${what} within ${FRAME_WAIT_MS / 1000} s`));
    }
    const unsubscribe = useAppStore.subscribe((state) => {
      if (condition(state)) {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      } else if (state.frames !== frames) {
        frames = state.frames; // still moving: wait on
        clearTimeout(timer);
        timer = setTimeout(fail, FRAME_WAIT_MS);
      }
    });
  });
}

/** Runs the simulation to virtual time `atMs` (capped at the run's duration) and leaves it paused there. */
export async function runTourTo(atMs: number): Promise<void> {
  const mine = ++generation;
  const get = useAppStore.getState;
  const client = getEngineClient();
  const loadId = get().loadId;
  const scenario = get().scenario;
  const target = Math.min(atMs, scenario.run.durationMs);
  const stale = () => mine !== generation || get().loadId !== loadId;
  const userSpeed = get().speed;
  let capped = false;
  get().setTour({ runningToMs: target });
  try {
    if (get().playing) {
      await client.pause();
      // After a pause the worker's last frame says playing: false.
      await waitForStore((s) => !s.playing, 'paused frame');
    }
    if (stale()) return;
    if (get().timeMs > target) {
      const runId = get().runId;
      await client.restart();
      await waitForStore((s) => s.runId !== runId, 'frame of the restarted run');
    }
    if (stale() || get().timeMs >= target) return;
    capped = true;
    await client.update({ ...scenario, run: { ...scenario.run, durationMs: target } }, null);
    await client.setSpeed('max');
    await client.play();
    // The worker stops by itself at the (capped) end of the run: that frame is at the target.
    await waitForStore((s) => stale() || (s.timeMs >= target && !s.playing), `run to ${target / 1000} s`);
  } catch (error) {
    if (!stale()) {
      get().pushToast(
        'error',
        `The tour could not run the simulation to ${atMs / 1000} s: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } finally {
    if (capped) {
      // A scenario loaded meanwhile keeps the play state: do not leave it playing at Max.
      if (mine === generation && get().loadId !== loadId) await client.pause().catch(() => undefined);
      else await client.update(get().scenario, null).catch(() => undefined);
      await client.setSpeed(userSpeed).catch(() => undefined);
    }
    if (mine === generation) get().setTour({ runningToMs: null });
  }
}
