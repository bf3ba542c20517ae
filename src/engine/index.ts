/**
 * Eventscope's simulation engine: the one public entry that the worker, the CLI, the benchmarks
 * and the tests use.
 *
 * The engine is pure and deterministic: no DOM, no timers, no `Date.now`, no `Math.random`.
 * Virtual time advances only by processing events, every random draw comes from a stream seeded
 * by (scenario seed, component id), and random-variate transforms use arithmetic the engine owns,
 * so the same scenario and seed give the same trace and report in Node and in the browser.
 *
 * @example
 * ```ts
 * import { createSimulation } from './engine';
 * import { parseScenarioText } from './scenario/parseScenario';
 *
 * const parsed = parseScenarioText(text);
 * if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
 * const sim = createSimulation(parsed.scenario, { seed: 7 });
 * sim.runUntil(60_000);                 // one virtual minute
 * console.log(sim.report().latency);    // { count, meanMs, p50Ms, p95Ms, p99Ms, maxMs }
 * sim.dispose();
 * ```
 */
import type { Scenario, ScenarioAction, ScenarioNode } from '../scenario/schema';
import type { TraceRecord, TraceSink } from './kernel/trace';
import {
  inspectGroup,
  inspectMessage,
  inspectRecord,
  inspectTopic,
  type GroupInfo,
  type RecordInfo,
  type TopicInfo,
} from './inspect';
import { buildReport, type SimReport } from './report';
import { Simulation, type SimulationOptions } from './simulation';
import { buildLayout, fillValues } from './snapshotBuilder';
import type { SimSnapshot, SnapshotLayout } from './snapshot';

export type {
  GroupInfo,
  TopicInfo,
  RecordInfo,
  SimReport,
  SimSnapshot,
  SnapshotLayout,
  SimulationOptions,
  TraceRecord,
  TraceSink,
};
export type { LatencySummary } from './report';
export type { MetricsSample, RecentMove } from './snapshot';
export * as SnapshotFields from './snapshot';
export { GROUP_STATE_NAMES, MEMBER_STATE_NAMES } from './model/kafka/groupStates';
export { explainKeyPartition, murmur2, partitionForKey, toPositive } from './model/kafka/partitioner';
export { assignRange } from './model/kafka/assignors';
export type {
  BindingProbe,
  QueueInfo,
  QueuedMessage,
  RabbitMessageInfo,
  RoutingProbe,
  XDeathEntry,
} from './rabbitTypes';
import type { QueueInfo, RabbitMessageInfo, RoutingProbe } from './rabbitTypes';
import { inspectQueue, inspectRabbitMessage, probeRoute } from './rabbitInspect';

/** A running simulation. Every method is synchronous; none allocates in proportion to run length. */
export type SimulationHandle = {
  /** The virtual clock, in milliseconds. */
  readonly timeMs: number;
  /** Events processed so far (model events and metric samples). */
  readonly events: number;
  /** Time of the next pending event, or Infinity when nothing is pending. */
  readonly nextEventMs: number;
  /** Records produced so far; the engine keeps every one (about 40 bytes each). */
  readonly records: number;
  /**
   * Processes every event due at or before `timeMs`, then sets the clock to `timeMs`.
   * @example sim.runUntil(sim.timeMs + 100) // 100 ms of virtual time
   */
  runUntil(timeMs: number): void;
  /**
   * Processes the next `count` model events (default 1), whatever their times; metric samples
   * in between are processed but not counted. Returns how many model events ran.
   */
  step(count?: number): number;
  /**
   * The state to draw: layout + one Float64Array of values, plus the metric samples and moved
   * messages since the previous call.
   */
  snapshot(): SimSnapshot;
  /** Counters, lag and latency percentiles per node, in a fixed key order. */
  report(): SimReport;
  /** "Why here?" for the record at an offset of a partition, or null when there is none. */
  inspectRecord(topicNodeId: string, partition: number, offset: number): RecordInfo | null;
  /** The same by message id (as carried by snapshot moves and trace records). */
  inspectMessage(msgId: number): RecordInfo | null;
  /**
   * Applies a node's new config to the running simulation when that is possible live (producer
   * traffic, consumer group size and processing time, topic configs, a RabbitMQ consumer's
   * instances, prefetch, processing, failures and replies); `applied: false` says why not, and the
   * caller restarts the run with the new scenario instead.
   * @example
   * sim.reconfigure({ ...workers, config: { ...workers.config, prefetch: 10 } }); // { applied: true }
   */
  reconfigure(node: ScenarioNode): { applied: boolean; reason?: string };
  /**
   * Applies a fault or an operator action now (its `atMs` is ignored) and returns the virtual time
   * it took effect and what it did (`ok: false` with the reason when it was refused). Record the action with that time in the scenario's `actions`, and a run from
   * the start replays it at the same point (it runs after every other event at that time).
   * @example
   * const { atMs } = sim.applyAction({ type: 'kafka.consumer.crash', group: 'orders', atMs: 0 });
   * scenario.actions.push({ type: 'kafka.consumer.crash', group: 'orders', atMs });
   */
  applyAction(action: ScenarioAction): { atMs: number; ok: boolean; text: string };
  /** What the applied actions did, newest last ("refused: the group is active", …). */
  actionResults(): { atMs: number; type: ScenarioAction['type']; ok: boolean; text: string }[];
  /** A consumer group's rebalance history, current assignment reasoning, and why records were processed twice or never. */
  inspectGroup(nodeId: string): GroupInfo | null;
  /** A topic's partition logs: segments, log start and end, and the last cleaner pass before and after. */
  inspectTopic(nodeId: string): TopicInfo | null;
  /**
   * RabbitMQ: where a message published to an exchange node with this routing key (and headers)
   * would go, binding by binding, through exchange-to-exchange bindings and alternate exchanges.
   * @example sim.probeRoute('events', { routingKey: 'kern.critical' })?.queues // ['critical-q', 'all-logs']
   */
  probeRoute(
    exchangeNodeId: string,
    message: { routingKey: string; headers?: Record<string, string | number | boolean | null> },
  ): RoutingProbe | null;
  /** RabbitMQ: a queue's arguments, its first ready messages, what is unacknowledged and by whom, and what left it without an ack. */
  inspectQueue(nodeId: string): QueueInfo | null;
  /** RabbitMQ: one message's routing, its fate in each queue, its x-death history and its life. */
  inspectRabbitMessage(msgId: number): RabbitMessageInfo | null;
  /** Lets go of the simulation (its message table can be large); later calls throw. */
  dispose(): void;
};

/**
 * Creates a simulation of a validated scenario at virtual time 0.
 * @param scenario A scenario that passed `parseScenario` (defaults filled in).
 * @param options `seed` overrides the scenario's seed; `trace` receives every lifecycle step.
 */
export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): SimulationHandle {
  let current: Simulation | null = new Simulation(scenario, options);
  const live = (): Simulation => {
    if (!current) throw new Error('This simulation was disposed.');
    return current;
  };
  let layout: SnapshotLayout | null = null;
  let samplesSeen = 0;
  let movesSeen = 0;
  let rabbitMovesSeen = 0;
  return {
    get timeMs() {
      return live().now;
    },
    get events() {
      return live().events;
    },
    get nextEventMs() {
      return live().queue.peekTime();
    },
    get records() {
      return live().messages.length;
    },
    runUntil: (timeMs) => live().runUntil(timeMs),
    step: (count) => live().step(count),
    snapshot() {
      const sim = live();
      if (!layout || layout.version !== sim.layoutVersion) layout = buildLayout(sim);
      const fresh = sim.samplesTaken - samplesSeen;
      const samples = fresh > 0 ? sim.samples.slice(-Math.min(fresh, sim.samples.length)) : [];
      samplesSeen = sim.samplesTaken;
      const moves = sim.recentMoves(movesSeen, 6);
      movesSeen = sim.movesWritten;
      if (sim.rabbit) {
        for (const move of sim.recentRabbitMoves(rabbitMovesSeen, 6)) moves.push(move);
        rabbitMovesSeen = sim.rabbitMovesWritten;
      }
      return {
        timeMs: sim.now,
        events: sim.events,
        nextEventMs: sim.queue.peekTime(),
        layout,
        values: fillValues(sim, layout),
        samples,
        moves,
      };
    },
    report: () => buildReport(live()),
    inspectRecord: (topicNodeId, partition, offset) => inspectRecord(live(), topicNodeId, partition, offset),
    inspectMessage: (msgId) => inspectMessage(live(), msgId),
    reconfigure: (node) => live().reconfigure(node),
    applyAction: (action) => live().applyActionNow(action),
    actionResults: () => live().actionResults.slice(),
    inspectGroup: (nodeId) => inspectGroup(live(), nodeId),
    inspectTopic: (nodeId) => inspectTopic(live(), nodeId),
    probeRoute: (exchangeNodeId, message) => probeRoute(live(), exchangeNodeId, message),
    inspectQueue: (nodeId) => inspectQueue(live(), nodeId),
    inspectRabbitMessage: (msgId) => inspectRabbitMessage(live(), msgId),
    dispose: () => {
      current = null;
    },
  };
}

/**
 * Runs a scenario headless for `durationMs` of virtual time and returns its report: what the
 * CLI's `run` does and what the worker does for the CLI/browser comparison.
 */
export function runScenario(
  scenario: Scenario,
  options: { seed?: number; durationMs?: number; trace?: TraceSink } = {},
): SimReport {
  const sim = createSimulation(scenario, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.trace ? { trace: options.trace } : {}),
  });
  try {
    sim.runUntil(options.durationMs ?? scenario.run.durationMs);
    return sim.report();
  } finally {
    sim.dispose();
  }
}

/** The report as the CLI writes it: two-space indented JSON and a final newline. */
export function serializeReport(report: SimReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
