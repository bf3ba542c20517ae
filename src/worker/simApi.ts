/**
 * The simulation worker's API: it owns the simulation, advances virtual time at the chosen speed
 * and posts compact frames at most ~30 times a second, with at most one frame waiting for the UI.
 *
 * It lives in its own module, with the wall clock and the timer injected, so that Vitest can drive
 * it without a Worker (sim.worker.ts only exposes it through Comlink).
 */
import { createSimulation, runScenario, serializeReport, type SimulationHandle } from '../engine';
import { ScenarioAction, type Scenario, type ScenarioNode } from '../scenario/schema';
import type { Frame, SimApi, Speed, UpdateResult } from './protocol';

export type Host = {
  /** Wall-clock milliseconds (performance.now in the worker). */
  now(): number;
  /** Calls `fn` after `ms` wall milliseconds. */
  later(fn: () => void, ms: number): void;
  /** Marks `frame.values` for transfer instead of copy. */
  transfer(frame: Frame): Frame;
  /** Ends the worker (test hook). */
  close(): void;
};

const FRAME_INTERVAL_MS = 33;
/** Longest wall gap one tick turns into virtual time (a throttled tab must not jump ahead). */
const MAX_TICK_WALL_MS = 250;
/** Wall budget of one tick at "max" speed, so commands and frames still get through. */
const MAX_SPEED_SLICE_MS = 12;
/**
 * Records a run may hold. The engine keeps every record (for "why?" answers and consumption;
 * retention is not modelled yet) at ~40 bytes each, so a very long fast run would exhaust the
 * worker's memory; the run pauses here instead, and the user is told.
 */
export const MAX_RECORDS = 20_000_000;

export function createSimApi(host: Host, recordLimit = MAX_RECORDS): SimApi {
  let scenario: Scenario | null = null;
  let sim: SimulationHandle | null = null;
  let onFrame: ((frame: Frame) => unknown) | null = null;
  let playing = false;
  let speed: Speed = 1;
  let runId = 0;
  let lastWall = 0;
  let lastFrameAt = -Infinity;
  let sentLayoutVersion = -1;
  let framePending = false;
  let dirty = true;
  let ticking = false;
  /** Virtual ms per chunk at "max" speed, adapted to the scenario's event density. */
  let maxChunkMs = 100;
  let notice: string | undefined;

  function start(next: Scenario): void {
    sim?.dispose();
    scenario = next;
    sim = createSimulation(next);
    runId++;
    sentLayoutVersion = -1;
    dirty = true;
  }

  /** Records produced in this run (every one is kept). */
  function recordsHeld(): number {
    return sim ? sim.records : 0;
  }

  function ended(): boolean {
    return !!sim && !!scenario && sim.timeMs >= scenario.run.durationMs;
  }

  function post(force: boolean): void {
    if (!sim || !onFrame) return;
    const wall = host.now();
    if (framePending || (!force && wall - lastFrameAt < FRAME_INTERVAL_MS)) {
      dirty = true;
      return;
    }
    const snap = sim.snapshot();
    const frame: Frame = {
      timeMs: snap.timeMs,
      events: snap.events,
      nextEventMs: snap.nextEventMs,
      playing,
      speed,
      layoutVersion: snap.layout.version,
      values: snap.values,
      samples: snap.samples,
      moves: snap.moves,
      runId,
    };
    if (notice) frame.notice = notice;
    notice = undefined;
    if (snap.layout.version !== sentLayoutVersion) frame.layout = snap.layout;
    sentLayoutVersion = snap.layout.version;
    lastFrameAt = wall;
    dirty = false;
    framePending = true;
    const acknowledged = onFrame(host.transfer(frame));
    Promise.resolve(acknowledged).then(
      () => {
        framePending = false;
        if (dirty) post(true);
      },
      () => {
        framePending = false;
      },
    );
  }

  function tick(): void {
    ticking = false;
    if (!sim || !scenario || !playing) return;
    const wall = host.now();
    const duration = scenario.run.durationMs;
    if (speed === 'max') {
      // Advance in chunks of virtual time that grow while they are cheap, so a slice never
      // overshoots its wall budget by much and never crosses the end of the run.
      const until = wall + MAX_SPEED_SLICE_MS;
      while (sim.timeMs < duration && sim.records < recordLimit) {
        const started = host.now();
        if (started >= until) break;
        sim.runUntil(Math.min(duration, sim.timeMs + maxChunkMs));
        if (host.now() - started < MAX_SPEED_SLICE_MS / 4) maxChunkMs *= 2;
        else maxChunkMs = Math.max(1, maxChunkMs / 2);
      }
    } else {
      const elapsed = Math.min(wall - lastWall, MAX_TICK_WALL_MS);
      sim.runUntil(Math.min(sim.timeMs + elapsed * speed, duration));
    }
    lastWall = wall;
    if (recordsHeld() >= recordLimit && !ended()) {
      playing = false;
      notice =
        `The run paused at ${Math.round(sim.timeMs / 1000)} s: it holds ${recordLimit.toLocaleString('en-US')} records, ` +
        'the most Eventscope keeps in memory (it does not model retention yet). Restart, or shorten the run.';
    }
    if (ended()) playing = false;
    dirty = true;
    post(!playing);
    schedule();
  }

  function schedule(): void {
    if (!playing || ticking) return;
    ticking = true;
    host.later(tick, speed === 'max' ? 0 : 16);
  }

  return {
    load(next) {
      start(next);
      post(true);
      if (playing) {
        lastWall = host.now();
        schedule();
      }
    },
    play() {
      if (!sim) return;
      if (ended()) start(scenario as Scenario);
      playing = true;
      lastWall = host.now();
      post(true);
      schedule();
    },
    pause() {
      playing = false;
      post(true);
    },
    setSpeed(next) {
      speed = next === 'max' ? 'max' : Math.min(100, Math.max(0.1, next));
      lastWall = host.now();
      post(true);
    },
    step(kind) {
      if (!sim || !scenario) return;
      playing = false;
      if (kind === 'event') sim.step(1);
      else sim.runUntil(Math.min(sim.timeMs + 100, scenario.run.durationMs));
      post(true);
    },
    restart() {
      if (!scenario) return;
      start(scenario);
      lastWall = host.now();
      post(true);
    },
    update(next, changedNodeId): UpdateResult {
      const result = applyUpdate(next, changedNodeId);
      post(true);
      return result;
    },
    inspectRecord: (topicNodeId, partition, offset) => sim?.inspectRecord(topicNodeId, partition, offset) ?? null,
    inspectMessage: (msgId) => sim?.inspectMessage(msgId) ?? null,
    inspectGroup: (nodeId) => sim?.inspectGroup(nodeId) ?? null,
    inspectTopic: (nodeId) => sim?.inspectTopic(nodeId) ?? null,
    probeRoute: (exchangeNodeId, message) => sim?.probeRoute(exchangeNodeId, message) ?? null,
    inspectQueue: (nodeId) => sim?.inspectQueue(nodeId) ?? null,
    inspectRabbitMessage: (msgId) => sim?.inspectRabbitMessage(msgId) ?? null,
    applyAction(action) {
      if (!sim || !scenario) return null;
      const outcome = sim.applyAction(action);
      // Parsed like the UI's copy will be (same defaults, same key order), so the two compare equal.
      const recorded = ScenarioAction.parse({ ...action, atMs: outcome.atMs });
      // The worker's copy already holds the action, so the UI's update with it restarts nothing.
      scenario = { ...scenario, actions: [...scenario.actions, recorded] };
      post(true);
      return { action: recorded, ok: outcome.ok, text: outcome.text };
    },
    runHeadless: (headless, seed, durationMs) => serializeReport(runScenario(headless, { seed, durationMs })),
    subscribe(listener) {
      onFrame = listener;
      post(true);
    },
    ping: () => 'pong',
    crashForTest: () => host.close(),
  };

  function applyUpdate(next: Scenario, changedNodeId: string | null): UpdateResult {
    const previous = scenario;
    if (!previous || !sim) {
      start(next);
      return { restarted: true, reason: 'first load' };
    }
    if (simulatedShape(previous) === simulatedShape(next)) {
      scenario = next; // positions, labels, meta or duration only
      return { restarted: false };
    }
    const before = previous.nodes.find((n) => n.id === changedNodeId);
    const after = next.nodes.find((n) => n.id === changedNodeId);
    if (before && after && simulatedShape(previous, changedNodeId) === simulatedShape(next, changedNodeId)) {
      const outcome = sim.reconfigure(after as ScenarioNode);
      if (outcome.applied) {
        scenario = next;
        return { restarted: false };
      }
      start(next);
      return { restarted: true, reason: outcome.reason ?? 'this change needs a fresh run' };
    }
    start(next);
    return { restarted: true, reason: bindingsOnly(previous, next) ? 'a binding changed' : 'the topology changed' };
  }
}

/** Whether two scenarios differ only in their edges' settings (RabbitMQ binding keys and arguments). */
function bindingsOnly(previous: Scenario, next: Scenario): boolean {
  return simulatedShape(previous, null, false) === simulatedShape(next, null, false);
}

/** Everything that affects the simulation, optionally leaving out one node's config or the edges' settings. */
function simulatedShape(scenario: Scenario, exceptConfigOf: string | null = null, edgeConfigs = true): string {
  return JSON.stringify({
    seed: scenario.seed,
    actions: scenario.actions,
    nodes: scenario.nodes.map((n) => [n.id, n.kind, n.id === exceptConfigOf ? null : n.config]),
    // An edge's config is a RabbitMQ binding's keys and arguments: changing them changes routing.
    edges: scenario.edges.map((e) => (edgeConfigs ? [e.source, e.target, e.config] : [e.source, e.target])),
  });
}
