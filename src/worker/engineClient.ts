/**
 * The UI's only door to the simulation: a supervised Comlink client of the simulation worker.
 *
 * Comlink leaves a call pending forever when its worker dies, so every call here is timed out, a
 * watchdog pings the worker while it lives, and a worker that errors, stops answering or dies
 * is replaced by a fresh one restarted from the last scenario, speed and play state; listeners
 * are told, so the user is too.
 */
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type {
  GroupInfo,
  QueueInfo,
  RabbitMessageInfo,
  RecordInfo,
  RoutingProbe,
  SnapshotLayout,
  TopicInfo,
} from '../engine';
import type { Scenario, ScenarioAction } from '../scenario/schema';
import type { ActionOutcome, Frame, RouteQuestion, SimApi, Speed, UpdateResult } from './protocol';

export type EngineStatus =
  { kind: 'restarted'; message: string } | { kind: 'paused'; message: string } | { kind: 'error'; message: string };
/** A frame with the latest layout always filled in. */
export type LiveFrame = Frame & { layout: SnapshotLayout };

export type EngineClient = {
  load(scenario: Scenario): Promise<void>;
  play(): Promise<void>;
  pause(): Promise<void>;
  setSpeed(speed: Speed): Promise<void>;
  step(kind: 'event' | '100ms'): Promise<void>;
  restart(): Promise<void>;
  update(scenario: Scenario, changedNodeId: string | null): Promise<UpdateResult>;
  inspectRecord(topicNodeId: string, partition: number, offset: number): Promise<RecordInfo | null>;
  inspectMessage(msgId: number): Promise<RecordInfo | null>;
  inspectGroup(nodeId: string): Promise<GroupInfo | null>;
  inspectTopic(nodeId: string): Promise<TopicInfo | null>;
  probeRoute(exchangeNodeId: string, message: RouteQuestion): Promise<RoutingProbe | null>;
  inspectQueue(nodeId: string): Promise<QueueInfo | null>;
  inspectRabbitMessage(msgId: number): Promise<RabbitMessageInfo | null>;
  /** Applies a fault or operator action now; the outcome's `action` carries the time to record. */
  applyAction(action: ScenarioAction): Promise<ActionOutcome | null>;
  runHeadless(scenario: Scenario, seed: number, durationMs: number): Promise<string>;
  onFrame(listener: (frame: LiveFrame) => void): () => void;
  onStatus(listener: (status: EngineStatus) => void): () => void;
  /** Test hook: makes the worker close itself, as a crash would. */
  crashForTest(): Promise<void>;
};

const CALL_TIMEOUT_MS = 4000;
/** Headless runs may legitimately take long. */
const HEADLESS_TIMEOUT_MS = 120_000;
const WATCHDOG_INTERVAL_MS = 1000;
const PING_TIMEOUT_MS = 2500;
/** Run ids of worker n start at (n − 1) × this, so a replacement's runs never repeat an id. */
const RUN_IDS_PER_WORKER = 1_000_000;

class WorkerTimeout extends Error {}

export function createEngineClient(spawn: () => Worker): EngineClient {
  const frameListeners = new Set<(frame: LiveFrame) => void>();
  const statusListeners = new Set<(status: EngineStatus) => void>();
  let worker: Worker;
  let remote: Remote<SimApi>;
  let layout: SnapshotLayout | null = null;
  // What a replacement worker must be brought back to.
  let scenario: Scenario | null = null;
  let playing = false;
  let speed: Speed = 1;
  let generation = 0;
  let restarting = false;
  /** Headless runs keep the worker busy for a while: the watchdog waits for them. */
  let longCalls = 0;

  const emit = (status: EngineStatus) => statusListeners.forEach((listener) => listener(status));

  /** Frames of worker `mine`; run ids are offset per worker so they stay unique across restarts. */
  function receiverFor(mine: number) {
    return (frame: Frame): void => {
      if (mine !== generation) return;
      if (frame.layout) layout = frame.layout;
      if (!layout) return;
      if (!restarting) playing = frame.playing;
      if (frame.notice) emit({ kind: 'paused', message: frame.notice });
      const live: LiveFrame = { ...frame, runId: frame.runId + (mine - 1) * RUN_IDS_PER_WORKER, layout };
      frameListeners.forEach((listener) => listener(live));
    };
  }

  function startWorker(): void {
    generation++;
    const mine = generation;
    worker = spawn();
    remote = wrap<SimApi>(worker);
    layout = null;
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      void replaceWorker('The simulation worker crashed', mine);
    });
    void remote.subscribe(proxy(receiverFor(mine)));
  }

  /**
   * Replaces worker `failed` (a stale report about an already replaced worker is ignored) and
   * brings the new one back to the last scenario, speed and play state.
   */
  async function replaceWorker(cause: string, failed: number): Promise<void> {
    if (restarting || failed !== generation) return;
    restarting = true;
    const wasPlaying = playing;
    try {
      remote[releaseProxy]();
    } catch {
      // the old proxy may already be unusable
    }
    worker.terminate();
    startWorker();
    try {
      await timed(remote.setSpeed(speed), CALL_TIMEOUT_MS);
      if (scenario) await timed(remote.load(scenario), CALL_TIMEOUT_MS);
      if (wasPlaying) await timed(remote.play(), CALL_TIMEOUT_MS);
      playing = wasPlaying;
      emit({ kind: 'restarted', message: `${cause}; it was restarted and the run started again at t = 0.` });
    } catch {
      emit({ kind: 'error', message: `${cause}, and restarting it failed. Reload the page to continue.` });
    } finally {
      restarting = false;
    }
  }

  /** Calls the worker; if it does not answer in time, replaces it and rejects. */
  async function call<T>(invoke: (api: Remote<SimApi>) => Promise<T>, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
    const mine = generation;
    try {
      return await timed(invoke(remote), timeoutMs);
    } catch (error) {
      if (error instanceof WorkerTimeout) void replaceWorker('The simulation worker stopped responding', mine);
      throw error;
    }
  }

  startWorker();
  let pinging = false;
  setInterval(() => {
    if (restarting || pinging || longCalls > 0) return;
    const mine = generation;
    pinging = true;
    timed(remote.ping(), PING_TIMEOUT_MS)
      .catch((error: unknown) => {
        if (error instanceof WorkerTimeout) void replaceWorker('The simulation worker stopped responding', mine);
      })
      .finally(() => {
        pinging = false;
      });
  }, WATCHDOG_INTERVAL_MS);

  return {
    async load(next) {
      scenario = next;
      await call((api) => api.load(next));
    },
    async play() {
      playing = true;
      await call((api) => api.play());
    },
    async pause() {
      playing = false;
      await call((api) => api.pause());
    },
    async setSpeed(next) {
      speed = next;
      await call((api) => api.setSpeed(next));
    },
    async step(kind) {
      playing = false;
      await call((api) => api.step(kind));
    },
    restart: () => call((api) => api.restart()),
    async update(next, changedNodeId) {
      scenario = next;
      return call((api) => api.update(next, changedNodeId));
    },
    inspectRecord: (topicNodeId, partition, offset) => call((api) => api.inspectRecord(topicNodeId, partition, offset)),
    inspectMessage: (msgId) => call((api) => api.inspectMessage(msgId)),
    inspectGroup: (nodeId) => call((api) => api.inspectGroup(nodeId)),
    inspectTopic: (nodeId) => call((api) => api.inspectTopic(nodeId)),
    probeRoute: (exchangeNodeId, message) => call((api) => api.probeRoute(exchangeNodeId, message)),
    inspectQueue: (nodeId) => call((api) => api.inspectQueue(nodeId)),
    inspectRabbitMessage: (msgId) => call((api) => api.inspectRabbitMessage(msgId)),
    async applyAction(action) {
      const outcome = await call((api) => api.applyAction(action));
      if (outcome && scenario) scenario = { ...scenario, actions: [...scenario.actions, outcome.action] };
      return outcome;
    },
    async runHeadless(headless, seed, durationMs) {
      longCalls++;
      try {
        return await call((api) => api.runHeadless(headless, seed, durationMs), HEADLESS_TIMEOUT_MS);
      } finally {
        longCalls--;
      }
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    async crashForTest() {
      // The worker closes itself; this call never gets an answer, so do not wait for one.
      void remote.crashForTest();
    },
  };
}

function timed<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new WorkerTimeout(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

let singleton: EngineClient | null = null;

/** The app's client, created on first use (a module-level singleton survives StrictMode's double mount). */
export function getEngineClient(): EngineClient {
  singleton ??= createEngineClient(
    () => new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'simulation' }),
  );
  return singleton;
}
