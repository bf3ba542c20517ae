/**
 * The simulation: one virtual clock, one event queue, and the models of the scenario's nodes.
 * Time advances only by popping the earliest pending event; ties run in scheduling order, so
 * the same scenario and seed always produce the same run, in Node and in the browser.
 */
import type { Scenario, ScenarioAction, ScenarioNode, ScriptedMessage } from '../scenario/schema';
import { createSampler } from './kernel/distributions';
import { EventQueue } from './kernel/eventQueue';
import { createLatencyHistogram, type LatencyHistogram } from './kernel/histogram';
import { MessageTable } from './kernel/messageTable';
import { createStream, type RandomStream } from './kernel/rng';
import type { TraceSink } from './kernel/trace';
import {
  EV_AUTO_COMMIT,
  EV_CONSUMER_DONE,
  EV_POLL_TIMEOUT,
  onAutoCommitTimer,
  onPollTimeout,
  onRecordProcessed,
  type Consumer,
  type KafkaContext,
} from './model/kafka/consumer';
import {
  ConsumerGroup,
  EV_CONSUMER_RESTART,
  EV_HEARTBEAT,
  EV_JOIN_DEADLINE,
  EV_SESSION_EXPIRED,
} from './model/kafka/consumerGroup';
import { murmur2, serializeKey, toPositive } from './model/kafka/partitioner';
import type { PartitionLog, RecordSource } from './model/kafka/partitionLog';
import {
  Cluster,
  EV_BROKER_FENCED,
  EV_BROKER_SLOW_END,
  EV_ISR_EXPIRATION,
  EV_REPLICA_FETCH,
} from './model/kafka/replication';
import {
  appendRecord,
  createTopic,
  isCompacted,
  logConfigOf,
  RECORD_OVERHEAD_BYTES,
  TRUNCATION_RECORDS,
  TRUNCATIONS_KEPT,
  type Topic,
  type Truncation,
} from './model/kafka/topic';
import {
  EV_PRODUCE_ARRIVE,
  EV_PRODUCE_RESPONSE,
  EV_PRODUCE_TIMEOUT,
  EV_SENDER_WAKE,
  Sender,
  type SenderContext,
} from './model/kafka/sender';
import { EV_PRODUCE, KeyTable, Producer } from './model/producer';
import {
  EV_RABBIT_DONE,
  EV_RABBIT_EXPIRE,
  EV_RABBIT_QUEUE_EXPIRES,
  EV_RABBIT_RESTART,
  RabbitBroker,
  type BrokerContext,
} from './model/rabbitmq/broker';
import type { MetricsSample, RecentMove } from './snapshot';

const EV_SAMPLE = 6;
const EV_ACTION = 10;
/** A topic's retention check (delete-only topics) or cleaner pass (compacted topics). */
const EV_LOG_CLEANUP = 11;
/** Broker `log.initial.task.delay.ms` (ServerLogConfigs.LOG_INITIAL_TASK_DELAY_MS_DEFAULT): the first retention check. */
const LOG_INITIAL_TASK_DELAY_MS = 30_000;
/** How a record's partition was chosen (msgBy). */
export const BY_KEY = 0;
export const BY_STICKY = 1;
export const BY_EXPLICIT = 2;
const MOVE_RING = 64;
const SAMPLE_RING = 4096;

export type SimulationOptions = {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Receives one record per lifecycle step. */
  trace?: TraceSink;
  /** Virtual time between metrics samples (default 500 ms). */
  sampleIntervalMs?: number;
};

export class Simulation implements KafkaContext, SenderContext, BrokerContext {
  now = 0;
  events = 0;
  readonly seed: number;
  readonly scenario: Scenario;
  readonly queue = new EventQueue();
  readonly topics: Topic[] = [];
  readonly producers: Producer[] = [];
  readonly groups: ConsumerGroup[] = [];
  readonly consumers: Consumer[] = [];
  readonly keyTable = new KeyTable((key) => {
    const bytes = serializeKey(key);
    return { positive: toPositive(murmur2(bytes)), bytes: bytes.length };
  });
  /** Edge ids by "source\0target", for the dots. */
  readonly edgeIds = new Map<string, string>();
  trace: TraceSink | null;

  /** One row per produced record. */
  readonly messages = new MessageTable();
  /** Body and headers of scripted messages. */
  readonly scripted = new Map<
    number,
    { body: string | null; headers?: Record<string, string | number | boolean | null> }
  >();
  /** The RabbitMQ broker, when the scenario has RabbitMQ nodes. */
  readonly rabbit: RabbitBroker | null = null;
  /** Per producer: the RabbitMQ exchanges (node id, '' = default) it publishes to, and the queue name for a producer → queue edge. */
  readonly rabbitTargets: { exchange: string; queueName?: string; nodeId: string }[][] = [];
  // RabbitMQ moves for the canvas dots (a ring, like the Kafka one).
  readonly rabbitMoveMsg = new Int32Array(MOVE_RING);
  readonly rabbitMoveFrom: string[] = new Array<string>(MOVE_RING).fill('');
  readonly rabbitMoveTo: string[] = new Array<string>(MOVE_RING).fill('');
  readonly rabbitMoveKind = new Uint8Array(MOVE_RING);
  rabbitMovesWritten = 0;

  /** The broker nodes' cluster, when the scenario has any (else one implicit broker). */
  readonly cluster: Cluster | null = null;
  /** The producers' accumulators and senders, and the leaders' side of produce requests. */
  readonly sender: Sender;
  readonly retryStream: RandomStream;
  /** Invalidates a topic's pending cleanup event after a config change. */
  private readonly topicEpochs: number[] = [];
  failed = 0;
  /** The scenario's actions plus those applied live, by index (EV_ACTION's target). */
  readonly actions: ScenarioAction[] = [];
  /** What each applied action did, for the UI ("refused: the group is active"). */
  readonly actionResults: { atMs: number; type: ScenarioAction['type']; ok: boolean; text: string }[] = [];

  // Metrics.
  private readonly windowLatency: LatencyHistogram = createLatencyHistogram();
  latencySumMs = 0;
  consumed = 0;
  readonly sampleIntervalMs: number;
  readonly samples: MetricsSample[] = [];
  samplesTaken = 0;
  private lastSampleProduced = 0;
  private lastSampleConsumed = 0;
  private lastSampleDelivered = 0;

  // Recent moves for the canvas (a ring of message ids and the group slot for deliveries).
  readonly moveMsg = new Int32Array(MOVE_RING);
  readonly moveGroup = new Int32Array(MOVE_RING);
  movesWritten = 0;
  layoutVersion = 1;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.retryStream = createStream(this.seed, 'producer-retries');
    this.trace = options.trace ?? null;
    this.sampleIntervalMs = options.sampleIntervalMs ?? 500;
    for (const edge of scenario.edges) this.edgeIds.set(`${edge.source}\u0000${edge.target}`, edge.id);
    const byKind = <K extends ScenarioNode['kind']>(kind: K) =>
      scenario.nodes.filter((n): n is Extract<ScenarioNode, { kind: K }> => n.kind === kind);
    const targetsOf = (id: string) => scenario.edges.filter((e) => e.source === id).map((e) => e.target);
    const sourcesOf = (id: string) => scenario.edges.filter((e) => e.target === id).map((e) => e.source);

    const topicIndex = new Map<string, number>();
    for (const node of byKind('kafka.topic')) {
      topicIndex.set(node.id, this.topics.length);
      this.topics.push(createTopic(this.topics.length, node.id, node.config, this.recordSource));
      this.topicEpochs.push(0);
    }
    const brokers = byKind('kafka.broker');
    if (brokers.length > 0) {
      this.cluster = new Cluster(
        brokers.map((b) => ({ nodeId: b.id, config: b.config })),
        this,
      );
      for (const topic of this.topics)
        this.cluster.addTopic(topic, createStream(this.seed, `placement:${topic.nodeId}`));
    }
    for (const node of byKind('kafka.consumerGroup')) {
      const topics = sourcesOf(node.id)
        .map((id) => topicIndex.get(id))
        .filter((t): t is number => t !== undefined)
        .sort((a, b) => ((this.topics[a] as Topic).name < (this.topics[b] as Topic).name ? -1 : 1));
      const stream = createStream(this.seed, `group:${node.id}`);
      const processing = createStream(this.seed, `processing:${node.id}`);
      const group = new ConsumerGroup(
        this.groups.length,
        node.id,
        node.config.groupId ?? node.id,
        node.config,
        topics,
        this,
        stream,
        (config) => createSampler(config.processing, processing),
        createLatencyHistogram(),
      );
      topics.forEach((t, i) => {
        (this.topics[t] as Topic).groups.push(group.index);
        (this.topics[t] as Topic).groupTopicIndex.push(i);
      });
      this.groups.push(group);
    }
    const exchanges = byKind('rabbitmq.exchange');
    const queues = byKind('rabbitmq.queue');
    if (exchanges.length > 0 || queues.length > 0) {
      const rabbit = new RabbitBroker(this);
      this.rabbit = rabbit;
      for (const node of exchanges)
        rabbit.addExchange(node.id, node.config.name ?? node.id, node.config.type, node.config.alternateExchange);
      for (const node of queues) rabbit.addQueue(node.id, node.config.name ?? node.id, node.config);
      const kindOf = new Map(scenario.nodes.map((n) => [n.id, n.kind]));
      for (const edge of scenario.edges) {
        if (kindOf.get(edge.source) !== 'rabbitmq.exchange') continue;
        const to = kindOf.get(edge.target);
        if (to !== 'rabbitmq.queue' && to !== 'rabbitmq.exchange') continue;
        rabbit.addBinding(
          edge.source,
          { kind: to === 'rabbitmq.queue' ? 'queue' : 'exchange', id: edge.target },
          edge.config.bindingKeys ?? [''],
          edge.config.arguments,
        );
      }
      rabbit.finishTopology();
      for (const node of byKind('rabbitmq.consumer')) {
        rabbit.addConsumerNode(
          node.id,
          node.config,
          sourcesOf(node.id),
          createSampler(node.config.processing, createStream(this.seed, `processing:${node.id}`)),
          createStream(this.seed, `failures:${node.id}`),
        );
      }
      // queue → producer: an RPC client taking replies from its callback queue.
      for (const edge of scenario.edges)
        if (kindOf.get(edge.source) === 'rabbitmq.queue' && kindOf.get(edge.target) === 'producer')
          rabbit.addRpcClient(edge.target, edge.source, createStream(this.seed, `failures:${edge.target}`));
      rabbit.start();
    }
    for (const node of byKind('producer')) {
      const topics = targetsOf(node.id)
        .map((id) => topicIndex.get(id))
        .filter((t): t is number => t !== undefined);
      const producer = new Producer(
        this.producers.length,
        node.id,
        node.config,
        topics,
        createStream(this.seed, `producer:${node.id}`),
        this.keyTable,
      );
      this.producers.push(producer);
      const rabbitTargets: { exchange: string; queueName?: string; nodeId: string }[] = [];
      for (const id of targetsOf(node.id)) {
        const target = scenario.nodes.find((n) => n.id === id);
        if (target?.kind === 'rabbitmq.exchange') rabbitTargets.push({ exchange: id, nodeId: id });
        if (target?.kind === 'rabbitmq.queue')
          rabbitTargets.push({ exchange: '', queueName: target.config.name ?? target.id, nodeId: id });
      }
      this.rabbitTargets.push(rabbitTargets);
    }
    // t = 0: consumers start and join; producers schedule their first send.
    for (const group of this.groups) group.setSize(group.config.consumers);
    this.sender = new Sender(this, this.producers);
    for (const producer of this.producers) this.scheduleProducer(producer, true);
    this.schedule(this.sampleIntervalMs, EV_SAMPLE, 0, 0);
    for (const topic of this.topics) this.scheduleLogCleanup(topic, true);
    for (const action of scenario.actions) this.scheduleAction(action);
  }

  /** What a partition log reads about its records, from the message table. */
  private readonly recordSource: RecordSource = {
    timestampOf: (msgId) => this.messages.producedAt[msgId] as number,
    bytesOf: (msgId) => (this.messages.bytes[msgId] as number) + RECORD_OVERHEAD_BYTES,
    keyOf: (msgId) => this.messages.key[msgId] as number,
    isTombstone: (msgId) => this.messages.tombstone[msgId] === 1,
  };

  /**
   * Kafka's log manager runs retention every log.retention.check.interval.ms (first after
   * log.initial.task.delay.ms) for delete-only logs; compacted logs are handled by the cleaner
   * thread, which cleans and then applies retention every log.cleaner.backoff.ms when idle
   * (LogManager.cleanupLogs, LogCleaner.cleanFilthiestLog).
   */
  private scheduleLogCleanup(topic: Topic, first: boolean): void {
    const config = topic.config;
    const interval = isCompacted(topic) ? config.cleanerBackoffMs : config.retentionCheckIntervalMs;
    const delay = first && !isCompacted(topic) ? LOG_INITIAL_TASK_DELAY_MS : interval;
    this.schedule(this.now + delay, EV_LOG_CLEANUP, topic.index, this.topicEpochs[topic.index] as number);
  }

  private onLogCleanup(topic: Topic, epoch: number): void {
    if (epoch !== this.topicEpochs[topic.index]) return;
    const compacted = isCompacted(topic);
    for (let p = 0; p < topic.partitions; p++) {
      const log = topic.logs[p] as PartitionLog;
      const hw = topic.highWatermarks[p] as number;
      let retention;
      if (compacted) {
        const cycle = log.cleanerCycle(this.now, hw);
        retention = cycle.retention;
        const cleaned = cycle.cleaned;
        if (cleaned && cleaned.removedMsgIds.length > 0) {
          topic.compactedAway += cleaned.removedMsgIds.length;
          topic.lastClean[p] = { atMs: this.now, result: cleaned };
          this.noteRemoved(topic, p, cleaned.removedMsgIds, 'compacted');
        }
      } else {
        retention = log.deleteRetention(this.now, hw);
      }
      if (retention.deletedMsgIds.length > 0) {
        topic.deletedByRetention += retention.deletedMsgIds.length;
        this.noteRemoved(topic, p, retention.deletedMsgIds, retention.reason ?? 'retention.ms');
        for (let g = 0; g < topic.groups.length; g++) {
          (this.groups[topic.groups[g] as number] as ConsumerGroup).onRecordsDeleted(
            topic.groupTopicIndex[g] as number,
            p,
            retention.deletedMsgIds,
            retention.logStartOffset,
            retention.reason ?? 'retention.ms',
          );
        }
      }
    }
    this.scheduleLogCleanup(topic, false);
  }

  private noteRemoved(topic: Topic, partition: number, msgIds: readonly number[], reason: string): void {
    const trace = this.trace;
    if (!trace) return;
    for (const msgId of msgIds) {
      trace({
        t: this.now,
        type: reason === 'compacted' ? 'kafka.record.compacted' : 'kafka.record.deleted',
        msg: msgId,
        topic: topic.name,
        partition,
        offset: this.messages.offset[msgId] as number,
        reason,
      });
    }
  }

  /** Actions run after every other event at their time (see EventQueue.pushLate). */
  private scheduleAction(action: ScenarioAction): void {
    this.queue.pushLate(Math.max(action.atMs, this.now), EV_ACTION, this.actions.length, 0);
    this.actions.push(action);
  }

  /**
   * Applies an action now, as the UI does while a run is paused between frames; returns the time
   * it takes effect, which the caller records in the scenario so a replay does the same.
   */
  applyActionNow(action: ScenarioAction): { atMs: number; ok: boolean; text: string } {
    const atMs = this.now;
    this.scheduleAction({ ...action, atMs });
    // Run it now (with whatever else is due at this instant), so its outcome can be reported.
    this.runUntil(atMs);
    const result = this.actionResults.at(-1);
    return { atMs, ok: result?.ok ?? false, text: result?.text ?? '' };
  }

  private runAction(action: ScenarioAction): void {
    if (action.type === 'rabbitmq.consumer.crash') {
      const node = this.rabbit?.consumers.find((c) => c.nodeId === action.consumer);
      const label = node ? (this.rabbit as RabbitBroker).crash(node, action.member, action.restartAfterMs) : null;
      this.recordActionResult(
        action,
        label !== null,
        !node
          ? `no RabbitMQ consumer "${action.consumer}"`
          : label
            ? `${label} of ${node.nodeId} crashed: its unacknowledged messages are requeued`
            : `${node.nodeId} has no running consumer${action.member ? ` ${action.member}` : ''} to crash`,
      );
      return;
    }
    if (!('group' in action)) {
      this.recordActionResult(action, ...this.runBrokerAction(action));
      return;
    }
    const group = this.groups.find((g) => g.nodeId === action.group);
    let ok = false;
    let text: string;
    if (!group) {
      text = `no consumer group "${action.group}"`;
    } else if (action.type === 'kafka.consumer.crash') {
      ok = group.crash(action.member, action.restartAfterMs);
      text = ok
        ? `${action.member ?? 'A consumer'} of ${group.groupId} crashed`
        : `${group.groupId} has no running consumer${action.member ? ` ${action.member}` : ''} to crash`;
    } else if (action.type === 'kafka.consumer.start') {
      const label = group.requestStart();
      ok = true;
      text = label
        ? `${label} of ${group.groupId} started`
        : `a consumer of ${group.groupId} starts after the offset reset under way`;
    } else if (action.type === 'kafka.consumer.stop') {
      const label = group.stop(action.member);
      ok = label !== null;
      text = label
        ? `${label} of ${group.groupId} is closing`
        : `${group.groupId} has no running consumer${action.member ? ` ${action.member}` : ''} to stop`;
    } else {
      const result = group.resetOffsets(action.to, action.stopConsumers);
      ok = result.ok;
      text = result.reason ?? `offset reset of ${group.groupId} under way`;
    }
    this.recordActionResult(action, ok, text);
  }

  private recordActionResult(action: ScenarioAction, ok: boolean, text: string): void {
    if (this.actionResults.length === 200) this.actionResults.shift();
    this.actionResults.push({ atMs: this.now, type: action.type, ok, text });
  }

  private runBrokerAction(action: Extract<ScenarioAction, { broker: string }>): [boolean, string] {
    const broker = this.cluster?.brokers.find((b) => b.nodeId === action.broker);
    if (!this.cluster || !broker) return [false, `no broker "${action.broker}"`];
    const name = `broker ${broker.id}`;
    if (action.type === 'kafka.broker.crash') {
      return this.cluster.crash(broker) ? [true, `${name} crashed`] : [false, `${name} is already down`];
    }
    if (action.type === 'kafka.broker.restart') {
      return this.cluster.restart(broker) ? [true, `${name} restarted`] : [false, `${name} is running`];
    }
    return this.cluster.slow(broker, action.durationMs)
      ? [true, `${name}'s replica fetchers stall for ${Math.round(action.durationMs / 100) / 10} s`]
      : [false, `${name} is down`];
  }

  schedule(time: number, kind: number, target: number, arg: number): void {
    this.queue.push(time, kind, target, arg);
  }

  messageCount(): number {
    return this.messages.length;
  }

  offsetOf(msgId: number): number {
    return this.messages.offset[msgId] as number;
  }

  producedAt(msgId: number): number {
    return this.messages.producedAt[msgId] as number;
  }

  recordLatency(ms: number): void {
    this.windowLatency.record(ms);
    this.latencySumMs += ms;
    this.consumed++;
  }

  invalidateLayout(): void {
    this.layoutVersion++;
  }

  /** Processes every event due at or before `timeMs`, then sets the clock to `timeMs`. */
  runUntil(timeMs: number): void {
    const queue = this.queue;
    while (queue.length > 0 && queue.peekTime() <= timeMs) this.dispatch(queue.pop());
    if (timeMs > this.now) this.now = timeMs;
  }

  /** Processes events until `count` model events have run (metric samples do not count). */
  step(count = 1): number {
    let done = 0;
    // One metric sample is always pending: with nothing else left, there is no model event to run.
    while (done < count && this.queue.length > 1) {
      if (this.dispatch(this.queue.pop()) !== EV_SAMPLE) done++;
    }
    return done;
  }

  private dispatch(slot: number): number {
    const queue = this.queue;
    const kind = queue.kindOf(slot);
    const target = queue.targetOf(slot);
    const arg = queue.argOf(slot);
    this.now = queue.timeOf(slot);
    this.events++;
    switch (kind) {
      case EV_PRODUCE:
        this.onProduce(this.producers[target] as Producer, arg);
        break;
      case EV_CONSUMER_DONE:
        onRecordProcessed(this.consumers[target] as Consumer, arg);
        break;
      case EV_JOIN_DEADLINE:
        (this.groups[target] as ConsumerGroup).onJoinDeadline(arg);
        break;
      case EV_HEARTBEAT: {
        const consumer = this.consumers[target] as Consumer;
        consumer.group.onHeartbeat(consumer, arg);
        break;
      }
      case EV_AUTO_COMMIT:
        onAutoCommitTimer(this.consumers[target] as Consumer);
        break;
      case EV_SAMPLE:
        this.takeSample();
        break;
      case EV_POLL_TIMEOUT:
        onPollTimeout(this.consumers[target] as Consumer, arg);
        break;
      case EV_SESSION_EXPIRED: {
        const consumer = this.consumers[target] as Consumer;
        consumer.group.onSessionExpired(consumer, arg);
        break;
      }
      case EV_CONSUMER_RESTART:
        (this.groups[target] as ConsumerGroup).onRestart();
        break;
      case EV_ACTION:
        this.runAction(this.actions[target] as ScenarioAction);
        break;
      case EV_LOG_CLEANUP:
        this.onLogCleanup(this.topics[target] as Topic, arg);
        break;
      case EV_RABBIT_DONE:
        this.rabbit?.onDone(target, arg);
        break;
      case EV_RABBIT_EXPIRE:
        this.rabbit?.onExpire(target, arg);
        break;
      case EV_RABBIT_RESTART:
        this.rabbit?.onRestart(target, arg);
        break;
      case EV_RABBIT_QUEUE_EXPIRES:
        this.rabbit?.onQueueExpires(target, arg);
        break;
      case EV_SENDER_WAKE:
        this.sender.onWake(this.producers[target] as Producer, arg);
        break;
      case EV_PRODUCE_ARRIVE:
        this.sender.onArrive(target, arg);
        break;
      case EV_PRODUCE_RESPONSE:
        this.sender.onResponse(target, arg);
        break;
      case EV_PRODUCE_TIMEOUT:
        this.sender.onTimeout(target, arg);
        break;
      case EV_REPLICA_FETCH:
        this.cluster?.onReplicaFetch(target, arg);
        break;
      case EV_ISR_EXPIRATION:
        this.cluster?.onIsrExpiration();
        break;
      case EV_BROKER_FENCED:
        this.cluster?.onBrokerFenced(target, arg);
        break;
      case EV_BROKER_SLOW_END:
        this.cluster?.onSlowEnd(target, arg);
        break;
    }
    return kind;
  }

  private scheduleProducer(producer: Producer, first: boolean): void {
    const time = producer.nextSendTime(this.now, first);
    if (time !== Infinity) this.schedule(time, EV_PRODUCE, producer.index, producer.epoch);
  }

  private onProduce(producer: Producer, epoch: number): void {
    if (epoch !== producer.epoch) return;
    const traffic = producer.config.traffic;
    if (traffic.type === 'rate') {
      const keyId = producer.pickKey();
      for (let j = 0; j < producer.topics.length; j++) this.send(producer, j, keyId, traffic.valueBytes, -1);
      if (this.rabbit && (this.rabbitTargets[producer.index] as unknown[]).length > 0) {
        const key = keyId >= 0 ? (this.keyTable.keys[keyId] as string) : '';
        this.publishToRabbit(producer, producer.config.routingKey ?? key, keyId, traffic.valueBytes, undefined);
      }
    } else {
      const message = producer.script[producer.scriptIndex++];
      if (message) {
        const keyId = message.key === null ? -1 : this.keyTable.intern(message.key);
        const tombstone = message.body === null;
        const valueBytes = tombstone ? 0 : serializeKey(message.body as string).length;
        for (let j = 0; j < producer.topics.length; j++) {
          const msgId = this.send(producer, j, keyId, valueBytes, message.partition ?? -1, tombstone);
          this.scripted.set(
            msgId,
            message.headers ? { body: message.body, headers: message.headers } : { body: message.body },
          );
        }
        if (this.rabbit && (this.rabbitTargets[producer.index] as unknown[]).length > 0)
          this.publishToRabbit(producer, message.routingKey ?? message.key ?? '', keyId, valueBytes, message);
      }
    }
    this.scheduleProducer(producer, false);
  }

  /** basic.publish of one message to each RabbitMQ exchange (or queue, through the default exchange) the producer is connected to. */
  private publishToRabbit(
    producer: Producer,
    routingKey: string,
    keyId: number,
    bytes: number,
    message: ScriptedMessage | undefined,
  ): void {
    const rabbit = this.rabbit as RabbitBroker;
    for (const target of this.rabbitTargets[producer.index] as { exchange: string; queueName?: string }[]) {
      const msgId = this.messages.add(this.now, keyId, producer.index, -1, -1, -1, bytes, BY_EXPLICIT);
      if (message) {
        this.scripted.set(
          msgId,
          message.headers ? { body: message.body, headers: message.headers } : { body: message.body },
        );
      }
      producer.sent++;
      producer.produced++;
      rabbit.publish(msgId, producer.nodeId, target.exchange, {
        routingKey: target.queueName ?? routingKey,
        ...(message?.headers ? { headers: message.headers } : {}),
        ...(message?.expirationMs !== undefined ? { expirationMs: message.expirationMs } : {}),
        fails:
          message?.fails === undefined ? false : Array.isArray(message.fails) ? new Set(message.fails) : message.fails,
        mandatory: producer.config.mandatory,
        confirms: producer.config.confirms,
        bytes,
      });
    }
  }

  /** A message id for a message the engine itself publishes (an RPC server's reply). */
  newMessageId(bytes: number): number {
    return this.messages.add(this.now, -1, -1, -1, -1, -1, bytes, BY_EXPLICIT);
  }

  /** A RabbitMQ message moved along an edge. */
  noteMove(msgId: number, from: string, to: string, kind: 'routed' | 'delivered'): void {
    const ring = this.rabbitMovesWritten++ & (MOVE_RING - 1);
    this.rabbitMoveMsg[ring] = msgId;
    this.rabbitMoveFrom[ring] = from;
    this.rabbitMoveTo[ring] = to;
    this.rabbitMoveKind[ring] = kind === 'routed' ? 0 : 1;
  }

  /** RabbitMQ moves since `since` (a previous `rabbitMovesWritten`), newest last. */
  recentRabbitMoves(since: number, limit: number): RecentMove[] {
    const from = Math.max(since, this.rabbitMovesWritten - Math.min(limit, MOVE_RING));
    const moves: RecentMove[] = [];
    for (let i = from; i < this.rabbitMovesWritten; i++) {
      const ring = i & (MOVE_RING - 1);
      const msgId = this.rabbitMoveMsg[ring] as number;
      const keyId = this.messages.key[msgId] as number;
      moves.push({
        msgId,
        kind: this.rabbitMoveKind[ring] === 0 ? 'routed' : 'delivered',
        from: this.rabbitMoveFrom[ring] as string,
        to: this.rabbitMoveTo[ring] as string,
        partition: -1,
        offset: -1,
        key: keyId >= 0 ? (this.keyTable.keys[keyId] as string) : null,
      });
    }
    return moves;
  }

  /** KafkaProducer.send() of one record to the producer's j-th topic; returns the message id. */
  private send(
    producer: Producer,
    j: number,
    keyId: number,
    valueBytes: number,
    explicit: number,
    tombstone = false,
  ): number {
    const topic = this.topics[producer.topics[j] as number] as Topic;
    const bytes = valueBytes + (keyId >= 0 ? (this.keyTable.byteLengths[keyId] as number) : 0);
    let partition: number;
    let by: number;
    if (explicit >= 0) {
      partition = explicit;
      by = BY_EXPLICIT;
    } else if (keyId >= 0) {
      partition = (this.keyTable.positiveHashes[keyId] as number) % topic.partitions;
      by = BY_KEY;
    } else {
      partition = (producer.sticky[j] as Producer['sticky'][number]).partition(topic.partitions);
      by = BY_STICKY;
    }
    // KafkaProducer.send fails: "Invalid partition given with record: p is not in the range [0...n)";
    // a compacted topic's broker refuses records without a key (UnifiedLog.analyzeAndValidateRecords).
    const failure =
      partition >= topic.partitions
        ? `Invalid partition given with record: ${partition} is not in the range [0...${topic.partitions})`
        : keyId < 0 && isCompacted(topic)
          ? `Compacted topic cannot accept message without key in topic partition ${topic.name}-${partition}.`
          : null;
    if (failure) {
      const msgId = this.messages.add(
        this.now,
        keyId,
        producer.index,
        topic.index,
        -1,
        -1,
        bytes,
        by,
        tombstone ? 1 : 0,
      );
      this.failRecord(producer, topic, msgId, failure);
      return msgId;
    }
    const msgId = this.messages.add(
      this.now,
      keyId,
      producer.index,
      topic.index,
      partition,
      -1,
      bytes,
      by,
      tombstone ? 1 : 0,
    );
    const sticky = by === BY_STICKY ? (producer.sticky[j] as Producer['sticky'][number]) : null;
    const appended = this.sender.append(producer, j, topic, partition, msgId, bytes);
    sticky?.onAppended(appended, this.sender.allBatchesFull(producer, j, partition), topic.partitions);
    return msgId;
  }

  /** The send failed for good: counted, and traced with Kafka's reason. */
  failRecord(producer: Producer, topic: Topic, msgId: number, reason: string): void {
    producer.failed++;
    this.failed++;
    this.trace?.({
      t: this.now,
      type: 'kafka.record.failed',
      msg: msgId,
      producer: producer.nodeId,
      topic: topic.name,
      reason,
    });
  }

  /** The leader writes one record of a batch: it gets its offset (a retried record already in the log gets a second one). */
  leaderAppend(producer: Producer, topic: Topic, partition: number, msgId: number): number {
    const offset = appendRecord(topic, partition, msgId, this.now);
    const messages = this.messages;
    const firstCopy = messages.copies[msgId] === 0;
    if (firstCopy) {
      messages.offset[msgId] = offset;
      messages.appendedAt[msgId] = this.now;
    }
    messages.copies[msgId] = Math.min(255, (messages.copies[msgId] as number) + 1);
    producer.produced++;
    if (this.trace) {
      const keyId = messages.key[msgId] as number;
      const by = messages.by[msgId] as number;
      this.trace({
        t: this.now,
        type: 'kafka.record.appended',
        msg: msgId,
        producer: producer.nodeId,
        topic: topic.name,
        partition,
        offset,
        key: keyId >= 0 ? (this.keyTable.keys[keyId] as string) : null,
        by: by === BY_KEY ? 'key' : by === BY_STICKY ? 'sticky' : 'explicit',
      });
      if (!firstCopy)
        this.trace({
          t: this.now,
          type: 'kafka.record.duplicated',
          msg: msgId,
          topic: topic.name,
          partition,
          offset,
          firstOffset: messages.offset[msgId] as number,
        });
    }
    const ring = this.movesWritten++ & (MOVE_RING - 1);
    this.moveMsg[ring] = msgId;
    this.moveGroup[ring] = -1;
    return offset;
  }

  /** A batch is in the leader's log: followers fetch it, or (one implicit broker) readers may read it. */
  afterBatchAppended(topic: Topic, partition: number): void {
    if (this.cluster && topic.replicated) this.cluster.onAppend(topic, partition);
    else this.wakeReaders(topic, partition);
  }

  /** A producer retry wrote records again: every group reading the topic learns why it sees them twice. */
  onDuplicateAppend(producer: Producer, topic: Topic, partition: number, fromOffset: number, toOffset: number): void {
    for (let g = 0; g < topic.groups.length; g++) {
      (this.groups[topic.groups[g] as number] as ConsumerGroup).ledger.noteProducerDuplicate(
        topic.groupTopicIndex[g] as number,
        partition,
        fromOffset,
        toOffset,
        `${producer.nodeId} sent offsets ${fromOffset}–${toOffset - 1} again: its first request was written but the answer never came (${producer.config.acks === 'all' ? 'enable.idempotence is off' : `acks=${producer.config.acks} turns idempotence off`}), so the retry wrote the same records a second time.`,
      );
    }
  }

  private wakeReaders(topic: Topic, partition: number): void {
    const groups = topic.groups;
    for (let g = 0; g < groups.length; g++) {
      (this.groups[groups[g] as number] as ConsumerGroup).onRecordAppended(
        topic.groupTopicIndex[g] as number,
        partition,
      );
    }
  }

  // ——— Replication callbacks ———

  /** The high watermark moved: acks=all requests it passed are answered, and readers may fetch. */
  onHighWatermark(topic: Topic, partition: number, from: number, to: number): void {
    const trace = this.trace;
    if (trace) {
      const log = topic.logs[partition] as PartitionLog;
      for (let i = log.indexOf(from); i < log.length; i++) {
        const offset = log.offsetAt(i);
        if (offset >= to) break;
        trace({
          t: this.now,
          type: 'kafka.record.replicated',
          msg: log.msgIdAt(i),
          topic: topic.name,
          partition,
          offset,
        });
      }
    }
    this.sender.onHighWatermark(topic, partition);
    this.wakeReaders(topic, partition);
  }

  onLeaderChange(topic: Topic, partition: number, leader: number): void {
    this.sender.onLeaderChange(topic, partition, leader);
  }

  onBrokerCrashed(brokerId: number): void {
    this.sender.onBrokerCrashed(brokerId);
  }

  onBrokerRestarted(): void {
    this.sender.onMetadataChange();
  }

  /** A leader change cut the log: those records are gone; the acknowledged ones are lost writes. */
  onTruncated(topic: Topic, partition: number, msgIds: readonly number[], reason: string): void {
    if (msgIds.length === 0) return;
    const copies = this.messages.copies;
    // The cut is a suffix of the log, above what any follower had: no compaction gaps, so the
    // i-th record removed had offset newLogEnd + i.
    const newLogEnd = (topic.logs[partition] as PartitionLog).logEndOffset;
    this.sender.onTruncated(topic, partition, newLogEnd);
    const cut: Truncation = {
      atMs: this.now,
      reason,
      fromOffset: newLogEnd,
      count: msgIds.length,
      ackedCount: 0,
      records: [],
    };
    for (let i = 0; i < msgIds.length; i++) {
      const msgId = msgIds[i] as number;
      const offset = newLogEnd + i;
      copies[msgId] = Math.max(0, (copies[msgId] as number) - 1);
      const acked = this.messages.acked[msgId] === 1;
      topic.truncated++;
      if (acked) {
        topic.ackedLostByPartition[partition] = (topic.ackedLostByPartition[partition] as number) + 1;
        cut.ackedCount++;
      }
      if (cut.records.length < TRUNCATION_RECORDS) cut.records.push({ msgId, offset, acked });
      this.trace?.({
        t: this.now,
        type: 'kafka.record.truncated',
        msg: msgId,
        topic: topic.name,
        partition,
        offset,
        acked,
        reason,
      });
    }
    const list = topic.truncations[partition] as Truncation[];
    if (list.length === TRUNCATIONS_KEPT) list.shift();
    list.push(cut);
  }

  private takeSample(): void {
    const seconds = this.sampleIntervalMs / 1000;
    const produced = this.producedTotal();
    let lag = 0;
    let lagMs = 0;
    const groups: MetricsSample['groups'] = [];
    for (const group of this.groups) {
      const groupLag = group.totalLag();
      const groupLagMs = group.maxLagAge();
      lag += groupLag;
      lagMs = Math.max(lagMs, groupLagMs);
      groups.push({ lag: groupLag, lagMs: groupLagMs });
    }
    const sample: MetricsSample = {
      t: this.now,
      producedPerSec: (produced - this.lastSampleProduced) / seconds,
      consumedPerSec: (this.consumed - this.lastSampleConsumed) / seconds,
      lag,
      lagMs,
      groups,
      p50: 0,
      p95: 0,
      p99: 0,
    };
    [sample.p50, sample.p95, sample.p99] = this.windowLatency.percentilesMs([50, 95, 99]) as [number, number, number];
    const rabbit = this.rabbit;
    if (rabbit) {
      let delivered = 0;
      const queues = rabbit.queues.map((q) => {
        delivered += q.delivered;
        const head = q.ready[q.head];
        return { ready: q.ready.length - q.head, unacked: q.unacked, waitMs: head ? this.now - head.enqueuedAt : 0 };
      });
      sample.rabbit = { deliveredPerSec: (delivered - this.lastSampleDelivered) / seconds, queues };
      this.lastSampleDelivered = delivered;
    }
    this.windowLatency.reset();
    this.lastSampleProduced = produced;
    this.lastSampleConsumed = this.consumed;
    if (this.samples.length === SAMPLE_RING) this.samples.shift();
    this.samples.push(sample);
    this.samplesTaken++;
    this.schedule(this.now + this.sampleIntervalMs, EV_SAMPLE, 0, 0);
  }

  producedTotal(): number {
    let produced = 0;
    for (const producer of this.producers) produced += producer.produced;
    return produced;
  }

  /** Recent moves, newest last; `since` is a previous `movesWritten`. */
  recentMoves(since: number, limit: number): RecentMove[] {
    const from = Math.max(since, this.movesWritten - Math.min(limit, MOVE_RING));
    const moves: RecentMove[] = [];
    for (let i = from; i < this.movesWritten; i++) {
      const ring = i & (MOVE_RING - 1);
      const msgId = this.moveMsg[ring] as number;
      const messages = this.messages;
      const topic = this.topics[messages.topic[msgId] as number] as Topic;
      const producer = this.producers[messages.producer[msgId] as number] as Producer;
      const keyId = messages.key[msgId] as number;
      const common = {
        msgId,
        partition: messages.partition[msgId] as number,
        offset: messages.offset[msgId] as number,
        key: keyId >= 0 ? (this.keyTable.keys[keyId] as string) : null,
      };
      moves.push({ ...common, kind: 'appended', from: producer.nodeId, to: topic.nodeId });
      for (const g of topic.groups) {
        moves.push({ ...common, kind: 'delivered', from: topic.nodeId, to: (this.groups[g] as ConsumerGroup).nodeId });
      }
    }
    return moves;
  }

  /** Applies a config change to a running simulation when Kafka would allow it live. */
  reconfigure(node: ScenarioNode): { applied: boolean; reason?: string } {
    if (node.kind === 'producer') {
      const producer = this.producers.find((p) => p.nodeId === node.id);
      if (!producer) return { applied: false, reason: 'unknown producer' };
      // A KafkaProducer reads its settings once, when it is created: only the traffic changes live.
      const { traffic: _next, ...nextSettings } = node.config;
      const { traffic: _current, ...currentSettings } = producer.config;
      if (JSON.stringify(nextSettings) !== JSON.stringify(currentSettings)) {
        return { applied: false, reason: 'a producer reads its settings when it starts' };
      }
      // Simplified: a script switched on mid-run sends its messages at their absolute times
      // (those already past go at once).
      producer.configure(node.config);
      producer.epoch++;
      this.scheduleProducer(producer, false);
      return { applied: true };
    }
    if (node.kind === 'rabbitmq.consumer') {
      const consumer = this.rabbit?.consumers.find((c) => c.nodeId === node.id);
      if (!consumer) return { applied: false, reason: 'unknown RabbitMQ consumer' };
      if (node.config.autoAck !== consumer.config.autoAck)
        return { applied: false, reason: 'no-ack is chosen when a consumer subscribes (basic.consume)' };
      const sample =
        JSON.stringify(node.config.processing) !== JSON.stringify(consumer.config.processing)
          ? createSampler(node.config.processing, createStream(this.seed, `processing:${node.id}:${this.now}`))
          : null;
      const resized = node.config.consumers !== consumer.instances.length;
      this.rabbit?.reconfigureConsumer(consumer, node.config, sample);
      if (resized) this.invalidateLayout();
      return { applied: true };
    }
    if (node.kind === 'rabbitmq.exchange' || node.kind === 'rabbitmq.queue') {
      // Exchanges and queues are declared with their arguments; a changed queue is a new queue.
      return {
        applied: false,
        reason: 'RabbitMQ exchanges and queues are declared with their arguments when the run starts',
      };
    }
    if (node.kind === 'kafka.consumerGroup') {
      const group = this.groups.find((g) => g.nodeId === node.id);
      if (!group) return { applied: false, reason: 'unknown consumer group' };
      const next = node.config;
      if ((next.groupId ?? node.id) !== group.groupId) return { applied: false, reason: 'group.id changed' };
      const previous = group.config;
      group.config = next;
      if (JSON.stringify(next.processing) !== JSON.stringify(previous.processing)) {
        group.processingSampler = createSampler(
          next.processing,
          createStream(this.seed, `processing:${node.id}:${this.now}`),
        );
      }
      if (next.consumers !== previous.consumers) group.setSize(next.consumers);
      return { applied: true };
    }
    const topic = this.topics.find((t) => t.nodeId === node.id);
    if (!topic || node.kind !== 'kafka.topic') return { applied: false, reason: 'unknown node' };
    if (node.config.partitions !== topic.partitions || (node.config.name ?? node.id) !== topic.name) {
      return { applied: false, reason: 'a topic’s name and partition count cannot change while it runs' };
    }
    // kafka-configs --alter: topic settings apply to the live logs (at the next roll, check or pass).
    topic.config = node.config;
    const logConfig = logConfigOf(node.config);
    for (const log of topic.logs) log.config = logConfig;
    // The log manager picks up a new check interval or policy from the next check on.
    this.topicEpochs[topic.index] = (this.topicEpochs[topic.index] as number) + 1;
    this.scheduleLogCleanup(topic, false);
    return { applied: true };
  }
}
