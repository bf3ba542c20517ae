/**
 * The wire protocol between the UI and the simulation worker, as types (in the manner of
 * Comlink's own protocol.ts). The worker exposes `SimApi` through Comlink; the UI talks to it only
 * through the supervised client in engineClient.ts.
 */
import type {
  GroupInfo,
  MetricsSample,
  QueueInfo,
  RabbitMessageInfo,
  RecentMove,
  RecordInfo,
  RoutingProbe,
  SnapshotLayout,
  TopicInfo,
} from '../engine';
import type { Scenario, ScenarioAction } from '../scenario/schema';

/** Play speed: virtual ms per wall ms (0.1 … 100), or as fast as possible. */
export type Speed = number | 'max';

/** What the worker posts at most ~30 times a second while something changes. */
export type Frame = {
  timeMs: number;
  events: number;
  /** Time of the next pending event (Infinity when none). */
  nextEventMs: number;
  playing: boolean;
  speed: Speed;
  /** Sent only when the layout changed (first frame, rebalance, reload); otherwise reuse the last. */
  layout?: SnapshotLayout;
  layoutVersion: number;
  /** Values described by the layout; transferred, not copied. */
  values: Float64Array;
  /** Metric samples taken since the previous frame. */
  samples: MetricsSample[];
  /** A few messages that moved since the previous frame (for the dots). */
  moves: RecentMove[];
  /** Increments each time the run restarts at t = 0 (load, restart, topology change). */
  runId: number;
  /** Something the user must be told, e.g. why the run paused by itself. */
  notice?: string;
};

/** Plain error shape crossing the worker boundary (Comlink keeps only name/message/stack). */
export type WorkerError = { code: string; message: string; path?: string };

export type UpdateResult = {
  /** false: applied live to the running simulation; true: the run restarted at t = 0. */
  restarted: boolean;
  reason?: string;
};

/** What "where would it go?" asks: a routing key, and headers for a headers exchange. */
export type RouteQuestion = { routingKey: string; headers?: Record<string, string | number | boolean | null> };

export type ActionOutcome = { action: ScenarioAction; ok: boolean; text: string };

export type SimApi = {
  /** Replaces the scenario and restarts the run at t = 0, keeping the play state. */
  load(scenario: Scenario): void;
  play(): void;
  pause(): void;
  setSpeed(speed: Speed): void;
  /** Paused stepping: one model event, or 100 ms of virtual time. */
  step(kind: 'event' | '100ms'): void;
  /** Back to t = 0 with the same scenario and seed. */
  restart(): void;
  /**
   * The scenario was edited. Config changes Kafka allows live (producer traffic, group size and
   * processing time) apply to the running simulation; anything else restarts it at t = 0.
   */
  update(scenario: Scenario, changedNodeId: string | null): UpdateResult;
  inspectRecord(topicNodeId: string, partition: number, offset: number): RecordInfo | null;
  inspectMessage(msgId: number): RecordInfo | null;
  inspectGroup(nodeId: string): GroupInfo | null;
  inspectTopic(nodeId: string): TopicInfo | null;
  /** RabbitMQ: where a message with this routing key (and headers) published to an exchange would go, and why. */
  probeRoute(exchangeNodeId: string, message: RouteQuestion): RoutingProbe | null;
  /** RabbitMQ: a queue's arguments, ready and unacknowledged messages, and recent departures. */
  inspectQueue(nodeId: string): QueueInfo | null;
  /** RabbitMQ: one message's routing, fate per queue, x-death history and life. */
  inspectRabbitMessage(msgId: number): RabbitMessageInfo | null;
  /**
   * Applies a fault or operator action at the current virtual time, adds it (with that time) to
   * the worker's scenario, and returns it as recorded with its outcome; null when nothing runs.
   */
  applyAction(action: ScenarioAction): ActionOutcome | null;
  /** Runs `scenario` headless to `durationMs` and returns the serialized report (CLI format). */
  runHeadless(scenario: Scenario, seed: number, durationMs: number): string;
  /** Registers the frame callback (a Comlink proxy). */
  subscribe(onFrame: (frame: Frame) => void): void;
  ping(): 'pong';
  /** Test hook: the worker closes itself as if it had crashed. */
  crashForTest(): void;
};
