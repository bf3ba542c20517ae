/**
 * A RabbitMQ broker in time: publishes routed through exchanges (routing.ts), queues with TTL,
 * length limits and dead-lettering, and consumers with prefetch, acknowledgements, requeues and
 * crashes. Models RabbitMQ 4.3 (FIDELITY.md §4).
 *
 * Sources, rabbitmq/rabbitmq-server @5b09e556 (4.3+) unless said, deps/rabbit/src/:
 * - rabbit_queue_consumers.erl (`deliver`): a queue hands its head to the next consumer in turn
 *   whose limiter has room; rabbit_limiter.erl: `basic.qos` prefetch_count counts a consumer's
 *   unacknowledged deliveries (global=false, the default and, since 4.3, the only behaviour); 0 is
 *   no limit; with no-ack (autoAck) there is no limit and the message is settled on delivery.
 * - rabbit_amqqueue_process.erl / rabbit_fifo.erl: `basic.nack`/`basic.reject` with requeue put
 *   the message back at (for a classic queue) its original place, which for the head of the queue
 *   is the front, marked redelivered; a quorum queue delivers returned messages before the others.
 *   A closed channel requeues its unacknowledged messages.
 * - rabbit_fifo.erl `return_one` (4.3): a quorum queue's delivery count rises on basic.reject
 *   (requeue or not) and on a consumer crash, not on basic.nack with requeue; a message whose count
 *   passes `x-delivery-limit` (default 20 since 4.0) is dead-lettered with reason delivery_limit.
 * - rabbit_dead_letter.erl, mc.erl (`record_death`, `is_death_cycle`): dead letters are published
 *   to `x-dead-letter-exchange` with `x-dead-letter-routing-key` or their own routing keys; `x-death`
 *   keeps one entry per (queue, reason), most recent first, with a count; a cycle without a
 *   rejection drops the message.
 * - Docs https://www.rabbitmq.com/docs/ttl: the lower of `x-message-ttl` and the `expiration`
 *   property applies, and a queue expires messages only at its head.
 * - Docs https://www.rabbitmq.com/docs/maxlength: `x-max-length` / `x-max-length-bytes` count ready
 *   messages; `drop-head` drops (and dead-letters, reason maxlen) the oldest, `reject-publish`
 *   refuses the new one (nack, no dead-lettering), `reject-publish-dlx` refuses and dead-letters it;
 *   a quorum queue treats reject-publish-dlx as drop-head (rabbit_quorum_queue.erl `overflow/3`).
 * - Docs https://www.rabbitmq.com/docs/confirms: with publisher confirms, a routed message is
 *   acked once every queue it reached accepted it, an unroutable one as soon as routing found no
 *   queue (after basic.return when mandatory); docs/maxlength: a queue that refuses a message
 *   (reject-publish, reject-publish-dlx) makes the broker nack it.
 * - Tutorial 6 (https://www.rabbitmq.com/tutorials/tutorial-six-python): RPC. The client consumes a
 *   callback queue with no-ack and publishes requests with `reply_to` (that queue's name) and a
 *   `correlation_id`; the server publishes its reply to the default exchange with `reply_to` as
 *   routing key and the same `correlation_id`, then acks the request; the client discards a reply
 *   whose `correlation_id` it is not waiting for ("we may safely discard the message").
 *
 * Simplified, said out loud: no network time and no channel or connection flow control; a consumer
 * instance processes its deliveries one at a time, in delivery order; one consumer per instance and
 * queue (prefetch per consumer); the dead-letter cycle check drops a message dead-lettered again
 * into a queue it died in before when none of its deaths was a rejection; only consumers keep a
 * queue with `x-expires` alive; priorities, streams, exclusive queues and the consumer timeout
 * are not modelled; confirms come back at once (no persistence or replication delay); an RPC client's callback queue is a queue node like any
 * other (the tutorial's is exclusive and server-named), its correlation ids read
 * `<producer id>-<n>` (the tutorial's are uuids), and it waits for a reply without a timeout; a
 * message's details are kept for the last 5,000 settled messages.
 */
import type { RabbitConsumerConfig, RabbitQueueConfig } from '../../../scenario/schema';
import type { Sampler } from '../../kernel/distributions';
import { formatMs } from '../../kernel/formatMs';
import { createLatencyHistogram } from '../../kernel/histogram';
import type { RandomStream } from '../../kernel/rng';
import type { RouteVia, TraceSink } from '../../kernel/trace';
import type { XDeathEntry } from '../../rabbitTypes';
import type { HeaderTable } from './headersMatch';
import { isDeathCycle, recordDeath } from './deadLetter';
import { createPublisher, startRequest, takeReply, type Publisher } from './publisher';
import { fromAmqplibValue } from './headerValue';
import {
  DEFAULT_EXCHANGE,
  defaultExchangeBindings,
  routeThroughExchanges,
  type Binding,
  type Exchange,
  type RouteResult,
} from './routing';

export const EV_RABBIT_DONE = 21;
export const EV_RABBIT_EXPIRE = 22;
export const EV_RABBIT_RESTART = 23;
export const EV_RABBIT_QUEUE_EXPIRES = 24;

/** A message in a queue (one per queue it reached). */
export type QueueEntry = {
  readonly msgId: number;
  enqueuedAt: number;
  /** When its TTL runs out (Infinity without one). */
  expiresAt: number;
  redelivered: boolean;
  /** Quorum queues: failed deliveries, compared with the delivery limit. */
  deliveryCount: number;
  readonly bytes: number;
};

/** What the broker keeps about one published message. */
export type RabbitMessage = {
  readonly msgId: number;
  readonly producer: string;
  readonly publishedAt: number;
  /** The exchange node it was published to ('' = the default exchange). */
  readonly exchange: string;
  readonly originalRoutingKey: string;
  /** Its routing key now (a dead-letter routing key replaces it). */
  routingKey: string;
  readonly headers: HeaderTable;
  readonly headersJson?: Record<string, string | number | boolean | null>;
  readonly expirationMs?: number;
  /** A poison message: every consumer fails on it (true), or the consumer nodes in the set. */
  readonly fails: boolean | ReadonlySet<string>;
  /** RPC: the queue the reply should go to, and the id that pairs request and reply. */
  readonly replyTo?: string;
  readonly correlationId?: string;
  /** A reply: the request it answers. */
  readonly inReplyTo?: number;
  /** Body size in bytes (x-max-length-bytes counts these). */
  readonly bytes: number;
  readonly xDeath: XDeathEntry[];
  /** Per queue index it reached: its state there. */
  readonly fates: Map<number, Fate>;
  /** Copies still in a queue (ready or unacked). */
  live: number;
  readonly life: { atMs: number; text: string; tone?: 'warn' | 'bad' }[];
};

export type Fate = {
  state: 'ready' | 'unacked' | 'acked' | 'dead-lettered' | 'expired' | 'dropped' | 'refused';
  deliveries: number;
  consumer: string | null;
};

export type RabbitQueue = {
  readonly index: number;
  readonly nodeId: string;
  readonly name: string;
  readonly config: RabbitQueueConfig;
  /** Ready messages, head at `head`. */
  ready: QueueEntry[];
  head: number;
  readyBytes: number;
  unacked: number;
  readonly consumers: ConsumerInstance[];
  /** The next consumer to offer a message to (round robin). */
  nextConsumer: number;
  expireSeq: number;
  expireAt: number;
  /** x-expires: bumped when the queue gains or loses its last consumer; deleted once it fires. */
  unusedSeq: number;
  deleted: boolean;
  enqueued: number;
  delivered: number;
  acked: number;
  redelivered: number;
  deadLettered: number;
  expired: number;
  dropped: number;
  refused: number;
  readonly departures: {
    atMs: number;
    msgId: number;
    what: 'dead-lettered' | 'expired' | 'dropped' | 'refused';
    reason: string;
  }[];
};

export type Delivery = { entry: QueueEntry; queue: RabbitQueue; deliveredAt: number };

export type ConsumerInstance = {
  readonly slot: number;
  readonly node: RabbitConsumerNode;
  readonly label: string;
  alive: boolean;
  /** Delivered and not yet acknowledged, in delivery order (with autoAck: delivered, not yet processed). */
  readonly unacked: Delivery[];
  /** Per queue index: its unacknowledged deliveries from that queue (the prefetch count). */
  readonly unackedByQueue: Map<number, number>;
  /** The delivery in hand, and the event that finishes it. */
  busy: Delivery | null;
  seq: number;
  processed: number;
};

export type RabbitConsumerNode = {
  readonly index: number;
  readonly nodeId: string;
  /** Replaced live by `reconfigureConsumer` (prefetch, processing, failures, replies, instances). */
  config: RabbitConsumerConfig;
  readonly queues: RabbitQueue[];
  readonly instances: ConsumerInstance[];
  sample: Sampler;
  readonly failures: RandomStream;
  /** Set for the reply consumer of an RPC client (a producer node), null for a consumer node. */
  readonly client: Publisher | null;
  processed: number;
  failed: number;
};

export type ExchangeStats = { in: number; routed: number; toAlternate: number; returned: number; dropped: number };

/** What the broker needs from the simulation. */
export type BrokerContext = {
  readonly now: number;
  readonly trace: TraceSink | null;
  schedule(time: number, kind: number, target: number, arg: number): void;
  /** A new message id (for a reply an RPC server publishes), `bytes` long. */
  newMessageId(bytes: number): number;
  /** A message left the broker acknowledged: end-to-end latency and the consumed count. */
  recordLatency(ms: number): void;
  /** A message moved along an edge (for the dots on the canvas). */
  noteMove(msgId: number, from: string, to: string, kind: 'routed' | 'delivered'): void;
};

const DEPARTURES_KEPT = 30;
const SETTLED_KEPT = 5000;
const LIFE_KEPT = 24;

export class RabbitBroker {
  readonly queues: RabbitQueue[] = [];
  readonly consumers: RabbitConsumerNode[] = [];
  readonly instances: ConsumerInstance[] = [];
  readonly exchangesById = new Map<string, Exchange>();
  readonly exchangeNames = new Map<string, string>();
  readonly bindingsBySource = new Map<string, Binding[]>();
  /** Which scenario edge carries each binding (source node → destination node). */
  readonly exchangeStats = new Map<string, ExchangeStats>();
  readonly messages = new Map<number, RabbitMessage>();
  /** Publish-to-ack latency of every message a consumer processed (the report's overall percentiles). */
  readonly latency = createLatencyHistogram();
  /** Producer node id → what it published and, for RPC clients, the replies it got. */
  readonly publishers = new Map<string, Publisher>();
  private readonly settled: number[] = [];
  private readonly queueByNode = new Map<string, RabbitQueue>();

  constructor(private readonly ctx: BrokerContext) {
    this.exchangesById.set('', DEFAULT_EXCHANGE);
    this.exchangeNames.set('', '(default exchange)');
  }

  // ——— Topology ———

  addExchange(nodeId: string, name: string, type: Exchange['type'], alternateExchange: string | undefined): void {
    this.exchangesById.set(nodeId, { id: nodeId, type, ...(alternateExchange ? { alternateExchange } : {}) });
    this.exchangeNames.set(nodeId, name);
    this.exchangeStats.set(nodeId, { in: 0, routed: 0, toAlternate: 0, returned: 0, dropped: 0 });
  }

  addQueue(nodeId: string, name: string, config: RabbitQueueConfig): RabbitQueue {
    const queue: RabbitQueue = {
      index: this.queues.length,
      nodeId,
      name,
      config,
      ready: [],
      head: 0,
      readyBytes: 0,
      unacked: 0,
      consumers: [],
      nextConsumer: 0,
      expireSeq: 0,
      expireAt: Infinity,
      unusedSeq: 0,
      deleted: false,
      enqueued: 0,
      delivered: 0,
      acked: 0,
      redelivered: 0,
      deadLettered: 0,
      expired: 0,
      dropped: 0,
      refused: 0,
      departures: [],
    };
    this.queues.push(queue);
    this.queueByNode.set(nodeId, queue);
    return queue;
  }

  /** A binding from an exchange node to a queue or exchange node: one per key, or one headers binding. */
  addBinding(
    source: string,
    destination: { kind: 'queue' | 'exchange'; id: string },
    keys: readonly string[],
    args: Record<string, string | number | boolean | null> | undefined,
  ): void {
    const list = this.bindingsBySource.get(source) ?? [];
    const headerArgs = args ? toHeaderTable(args) : undefined;
    for (const key of keys) list.push({ destination, key, ...(headerArgs ? { args: headerArgs } : {}) });
    this.bindingsBySource.set(source, list);
  }

  /** Call once every queue is added: the default exchange's implicit binding per queue name. */
  finishTopology(): void {
    this.bindingsBySource.set(
      '',
      defaultExchangeBindings(this.queues.map((q) => q.name)).map((b, i) => ({
        ...b,
        destination: { kind: 'queue', id: (this.queues[i] as RabbitQueue).nodeId },
      })),
    );
  }

  addConsumerNode(
    nodeId: string,
    config: RabbitConsumerConfig,
    queueNodeIds: readonly string[],
    sample: Sampler,
    failures: RandomStream,
  ): RabbitConsumerNode {
    const node: RabbitConsumerNode = {
      index: this.consumers.length,
      nodeId,
      config,
      queues: queueNodeIds.map((id) => this.queueByNode.get(id)).filter((q): q is RabbitQueue => q !== undefined),
      instances: [],
      sample,
      failures,
      client: null,
      processed: 0,
      failed: 0,
    };
    this.consumers.push(node);
    for (let i = 0; i < config.consumers; i++) this.addInstance(node, `C${i + 1}`);
    return node;
  }

  private addInstance(node: RabbitConsumerNode, label: string): void {
    const instance: ConsumerInstance = {
      slot: this.instances.length,
      node,
      label,
      alive: true,
      unacked: [],
      unackedByQueue: new Map(),
      busy: null,
      seq: 0,
      processed: 0,
    };
    this.instances.push(instance);
    node.instances.push(instance);
    for (const queue of node.queues) queue.consumers.push(instance);
  }

  /** What RabbitMQ knows of a producer node (created on first use). */
  publisherOf(nodeId: string, replyQueue: RabbitQueue | null = null): Publisher {
    let publisher = this.publishers.get(nodeId);
    if (!publisher) {
      publisher = createPublisher(nodeId, replyQueue);
      this.publishers.set(nodeId, publisher);
    }
    return publisher;
  }

  /**
   * A producer node that is an RPC client: it consumes its callback queue with no-ack, as the
   * tutorial's client does (one consumer, no processing time), and its requests carry reply_to.
   */
  addRpcClient(producerNodeId: string, queueNodeId: string, failures: RandomStream): void {
    const queue = this.queueByNode.get(queueNodeId);
    if (!queue) return;
    const client = this.publisherOf(producerNodeId, queue);
    const node: RabbitConsumerNode = {
      index: -1,
      nodeId: producerNodeId,
      config: {
        consumers: 1,
        prefetch: 0,
        autoAck: true,
        processing: { type: 'constant', ms: 0 },
        failureProbability: 0,
        onFailure: 'reject',
        replies: false,
      },
      queues: [queue],
      instances: [],
      sample: () => 0,
      failures,
      client,
      processed: 0,
      failed: 0,
    };
    this.addInstance(node, 'reply consumer');
  }

  /** Call once every consumer is added: queues with x-expires and no consumer start their countdown. */
  start(): void {
    for (const queue of this.queues) this.checkUnused(queue);
  }

  /**
   * x-expires (docs https://www.rabbitmq.com/docs/ttl#queue-ttl, rabbit_amqqueue_process
   * `ensure_expiry_timer`): a queue with no consumers for the whole period is deleted. Simplified:
   * only consumers count as use (no basic.get or re-declaration in the model).
   */
  private checkUnused(queue: RabbitQueue): void {
    const expires = queue.config.expiresMs;
    if (expires === undefined || queue.deleted) return;
    queue.unusedSeq++;
    if (queue.consumers.some((c) => c.alive)) return;
    this.ctx.schedule(this.ctx.now + expires, EV_RABBIT_QUEUE_EXPIRES, queue.index, queue.unusedSeq);
  }

  onQueueExpires(index: number, seq: number): void {
    const queue = this.queues[index] as RabbitQueue;
    if (seq !== queue.unusedSeq || queue.deleted) return;
    const ctx = this.ctx;
    queue.deleted = true;
    // Deleting a queue deletes its messages: they are not dead-lettered.
    for (let entry = this.shiftReady(queue); entry; entry = this.shiftReady(queue)) {
      const msg = this.messages.get(entry.msgId) as RabbitMessage;
      msg.live--;
      queue.dropped++;
      this.fateOf(msg, queue).state = 'dropped';
      this.depart(queue, msg.msgId, 'dropped', 'the queue was deleted (x-expires)');
      this.life(
        msg,
        `${queue.name} had no consumer for x-expires (${queue.config.expiresMs} ms) and was deleted with it.`,
        'bad',
      );
      if (msg.live === 0) this.settle(msg);
    }
    // Its bindings go with it (the default exchange's too).
    for (const [source, bindings] of this.bindingsBySource)
      this.bindingsBySource.set(
        source,
        bindings.filter((b) => !(b.destination.kind === 'queue' && b.destination.id === queue.nodeId)),
      );
    ctx.trace?.({ t: ctx.now, type: 'rabbitmq.queue.deleted', queue: queue.name, reason: 'x-expires' });
  }

  queueOf(nodeId: string): RabbitQueue | undefined {
    return this.queueByNode.get(nodeId);
  }

  // ——— Publishing and routing ———

  /** Where a message published to `exchange` ('' = default) with this routing key and headers goes. */
  route(exchange: string, routingKey: string, headers: HeaderTable, mandatory: boolean): RouteResult {
    const start = this.exchangesById.get(exchange) ?? DEFAULT_EXCHANGE;
    return routeThroughExchanges(start, this.exchangesById, this.bindingsBySource, {
      routingKey,
      headers,
      mandatory,
    });
  }

  /**
   * basic.publish of a message: routed, then enqueued in every queue reached. `from` is the
   * producer node (for the dots); `exchange` the exchange node or '' for the default exchange.
   */
  publish(
    msgId: number,
    from: string,
    exchange: string,
    message: {
      routingKey: string;
      headers?: Record<string, string | number | boolean | null>;
      expirationMs?: number;
      fails: boolean | ReadonlySet<string>;
      mandatory: boolean;
      /** The producer enabled publisher confirms. */
      confirms?: boolean;
      bytes: number;
      /** A reply an RPC server publishes: the request's correlation id, and the request. */
      correlationId?: string;
      inReplyTo?: number;
    },
  ): void {
    const ctx = this.ctx;
    // A producer's publish (not a server's reply). An RPC client's requests carry its callback
    // queue as reply_to and a fresh correlation id.
    const client = message.inReplyTo === undefined ? this.publisherOf(from) : undefined;
    const replyTo = client?.replyQueue?.name;
    let correlationId = message.correlationId;
    if (client && replyTo !== undefined) {
      // Unique across clients (the tutorial uses a uuid), and readable: the client's name and a count.
      correlationId = startRequest(client, ctx.now);
    }
    const msg: RabbitMessage = {
      msgId,
      producer: from,
      publishedAt: ctx.now,
      exchange,
      originalRoutingKey: message.routingKey,
      routingKey: message.routingKey,
      headers: message.headers ? toHeaderTable(message.headers) : {},
      ...(message.headers ? { headersJson: message.headers } : {}),
      ...(message.expirationMs !== undefined ? { expirationMs: message.expirationMs } : {}),
      fails: message.fails,
      ...(replyTo !== undefined ? { replyTo } : {}),
      ...(correlationId !== undefined ? { correlationId } : {}),
      ...(message.inReplyTo !== undefined ? { inReplyTo: message.inReplyTo } : {}),
      bytes: message.bytes,
      xDeath: [],
      fates: new Map(),
      live: 0,
      life: [],
    };
    this.messages.set(msgId, msg);
    const result = this.route(exchange, message.routingKey, msg.headers, message.mandatory);
    const target = exchange === '' ? (result.queues[0] ?? '') : exchange;
    ctx.noteMove(msgId, from, target, 'routed');
    this.countRoute(exchange, result);
    ctx.trace?.({
      t: ctx.now,
      type: 'rabbitmq.message.published',
      msg: msgId,
      producer: from,
      exchange: this.exchangeNames.get(exchange) ?? exchange,
      routingKey: message.routingKey,
      queues: result.queues.map((id) => this.queueByNode.get(id)?.name ?? id),
      outcome: result.outcome.kind,
      via: this.describeHops(result),
      ...(replyTo !== undefined ? { replyTo } : {}),
      ...(correlationId !== undefined ? { correlationId } : {}),
    });
    const where = exchange === '' ? 'the default exchange' : `exchange ${this.exchangeNames.get(exchange) ?? exchange}`;
    if (replyTo !== undefined)
      this.life(msg, `An RPC request: reply_to '${replyTo}', correlation_id '${correlationId}'.`);
    if (client && result.outcome.kind === 'returned') client.returned++;
    if (result.queues.length === 0) {
      this.life(
        msg,
        result.outcome.kind === 'returned'
          ? `Published to ${where} with routing key '${message.routingKey}': no queue matched, so it was returned to the producer (mandatory, 312 NO_ROUTE).`
          : `Published to ${where} with routing key '${message.routingKey}': no queue matched, so it was dropped.`,
        'bad',
      );
      if (client && message.confirms) this.confirm(client, msg, false);
      this.settle(msg);
      return;
    }
    this.life(
      msg,
      `Published to ${where} with routing key '${message.routingKey}': routed to ${result.queues.map((id) => this.queueByNode.get(id)?.name ?? id).join(', ')}.`,
    );
    for (const hop of result.hops)
      if (hop.to.kind === 'queue' || hop.via === 'binding') ctx.noteMove(msgId, hop.from || from, hop.to.id, 'routed');
    for (const id of result.queues) {
      const queue = this.queueByNode.get(id);
      if (queue) this.enqueue(queue, msg, false);
    }
    if (client && message.confirms)
      this.confirm(
        client,
        msg,
        [...msg.fates.values()].some((f) => f.state === 'refused'),
      );
    if (msg.live === 0) this.settle(msg);
  }

  /** Publisher confirms: basic.ack, or basic.nack when a queue refused the message. */
  private confirm(client: Publisher, msg: RabbitMessage, refused: boolean): void {
    if (refused) {
      client.nacked++;
      this.life(
        msg,
        'The broker nacked it to the producer (basic.nack, publisher confirms): a queue refused it.',
        'bad',
      );
    } else {
      client.confirmed++;
    }
  }

  /** The route's hops by name, for the trace: which binding (exchange, keys) or alternate exchange led where. */
  private describeHops(result: RouteResult): RouteVia[] {
    return result.hops.map((hop) => ({
      exchange: this.exchangeNames.get(hop.from) ?? hop.from,
      to:
        hop.to.kind === 'queue'
          ? (this.queueByNode.get(hop.to.id)?.name ?? hop.to.id)
          : (this.exchangeNames.get(hop.to.id) ?? hop.to.id),
      ...(hop.via === 'binding' ? { keys: hop.keys } : { alternate: true as const }),
    }));
  }

  private countRoute(exchange: string, result: RouteResult): void {
    for (const id of result.exchanges) {
      const stats = this.exchangeStats.get(id);
      if (!stats) continue;
      stats.in++;
    }
    for (const hop of result.hops) {
      if (hop.via !== 'alternate-exchange') continue;
      const stats = this.exchangeStats.get(hop.from);
      if (stats) stats.toAlternate++;
    }
    const first = this.exchangeStats.get(exchange);
    if (!first) return;
    if (result.outcome.kind === 'routed') first.routed++;
    else if (result.outcome.kind === 'returned') first.returned++;
    else first.dropped++;
  }

  /** A message arrives in a queue (published or dead-lettered): limits, TTL, then consumers. */
  private enqueue(queue: RabbitQueue, msg: RabbitMessage, deadLetter: boolean): void {
    const ctx = this.ctx;
    const config = queue.config;
    const bytes = msg.bytes;
    const overflow =
      config.type === 'quorum' && config.overflow === 'reject-publish-dlx' ? 'drop-head' : config.overflow;
    const full =
      (config.maxLength !== undefined && this.readyCount(queue) + 1 > config.maxLength) ||
      (config.maxLengthBytes !== undefined && queue.readyBytes + bytes > config.maxLengthBytes);
    if (full && overflow !== 'drop-head') {
      queue.refused++;
      this.depart(queue, msg.msgId, 'refused', `the queue is full (x-overflow=${overflow})`);
      ctx.trace?.({ t: ctx.now, type: 'rabbitmq.message.refused', msg: msg.msgId, queue: queue.name, overflow });
      msg.fates.set(queue.index, { state: 'refused', deliveries: 0, consumer: null });
      this.life(msg, `${queue.name} was full (x-max-length) and refused it (x-overflow=${overflow}).`, 'bad');
      if (overflow === 'reject-publish-dlx') this.deadLetter(queue, msg, 'maxlen', false);
      return;
    }
    const ttl = Math.min(config.messageTtlMs ?? Infinity, msg.expirationMs ?? Infinity);
    const entry: QueueEntry = {
      msgId: msg.msgId,
      enqueuedAt: ctx.now,
      expiresAt: ttl === Infinity ? Infinity : ctx.now + ttl,
      redelivered: false,
      deliveryCount: 0,
      bytes,
    };
    queue.ready.push(entry);
    queue.readyBytes += bytes;
    queue.enqueued++;
    msg.live++;
    msg.fates.set(queue.index, { state: 'ready', deliveries: 0, consumer: null });
    if (deadLetter) this.life(msg, `Dead-lettered into ${queue.name}.`);
    ctx.trace?.({ t: ctx.now, type: 'rabbitmq.message.enqueued', msg: msg.msgId, queue: queue.name });
    // drop-head: the oldest ready messages make room (rabbit_amqqueue_process `maybe_drop_head`).
    while (
      (config.maxLength !== undefined && this.readyCount(queue) > config.maxLength) ||
      (config.maxLengthBytes !== undefined && queue.readyBytes > config.maxLengthBytes)
    ) {
      const dropped = this.shiftReady(queue) as QueueEntry;
      const victim = this.messages.get(dropped.msgId) as RabbitMessage;
      victim.live--;
      this.life(
        victim,
        `${queue.name} reached x-max-length and dropped it from the head (x-overflow=drop-head).`,
        'warn',
      );
      this.deadLetter(queue, victim, 'maxlen');
      if (victim.live === 0) this.settle(victim);
    }
    this.scheduleExpiry(queue);
    this.dispatch(queue);
  }

  private readyCount(queue: RabbitQueue): number {
    return queue.ready.length - queue.head;
  }

  private shiftReady(queue: RabbitQueue): QueueEntry | undefined {
    if (queue.head >= queue.ready.length) return undefined;
    const entry = queue.ready[queue.head++] as QueueEntry;
    queue.readyBytes -= entry.bytes;
    if (queue.head > 1024 && queue.head * 2 > queue.ready.length) {
      queue.ready = queue.ready.slice(queue.head);
      queue.head = 0;
    }
    return entry;
  }

  private unshiftReady(queue: RabbitQueue, entry: QueueEntry): void {
    if (queue.head > 0) queue.ready[--queue.head] = entry;
    else queue.ready.unshift(entry);
    queue.readyBytes += entry.bytes;
  }

  /** Ready messages, head first. */
  readyOf(queue: RabbitQueue): readonly QueueEntry[] {
    return queue.ready.slice(queue.head);
  }

  // ——— TTL ———

  private scheduleExpiry(queue: RabbitQueue): void {
    const head = queue.ready[queue.head];
    const at = head ? head.expiresAt : Infinity;
    if (at === queue.expireAt) return;
    queue.expireAt = at;
    queue.expireSeq++;
    if (at !== Infinity) this.ctx.schedule(at, EV_RABBIT_EXPIRE, queue.index, queue.expireSeq);
  }

  onExpire(index: number, seq: number): void {
    const queue = this.queues[index] as RabbitQueue;
    if (seq !== queue.expireSeq) return;
    queue.expireAt = Infinity;
    this.dropExpiredHead(queue);
    this.scheduleExpiry(queue);
    this.dispatch(queue);
  }

  /** Classic and quorum queues expire messages only at their head. */
  private dropExpiredHead(queue: RabbitQueue): void {
    const now = this.ctx.now;
    for (let head = queue.ready[queue.head]; head && head.expiresAt <= now; head = queue.ready[queue.head]) {
      this.shiftReady(queue);
      const msg = this.messages.get(head.msgId) as RabbitMessage;
      msg.live--;
      queue.expired++;
      this.ctx.trace?.({ t: now, type: 'rabbitmq.message.expired', msg: msg.msgId, queue: queue.name });
      this.life(msg, `Its TTL ran out in ${queue.name} and it reached the head: expired.`, 'warn');
      if (queue.config.deadLetterExchange === undefined) {
        queue.dropped++;
        this.fateOf(msg, queue).state = 'expired';
        this.depart(queue, msg.msgId, 'expired', 'TTL, no dead-letter exchange');
      } else {
        this.deadLetter(queue, msg, 'expired');
      }
      if (msg.live === 0) this.settle(msg);
    }
  }

  // ——— Delivery ———

  private hasRoom(instance: ConsumerInstance, queue: RabbitQueue): boolean {
    if (!instance.alive) return false;
    const config = instance.node.config;
    if (config.autoAck || config.prefetch === 0) return true;
    return (instance.unackedByQueue.get(queue.index) ?? 0) < config.prefetch;
  }

  /** rabbit_queue_consumers `deliver`: the head goes to the next consumer in turn with room under its prefetch. */
  dispatch(queue: RabbitQueue): void {
    const consumers = queue.consumers;
    const n = consumers.length;
    if (n === 0) return;
    while (this.readyCount(queue) > 0) {
      this.dropExpiredHead(queue);
      if (this.readyCount(queue) === 0) break;
      let chosen: ConsumerInstance | null = null;
      for (let k = 0; k < n; k++) {
        const candidate = consumers[(queue.nextConsumer + k) % n] as ConsumerInstance;
        if (this.hasRoom(candidate, queue)) {
          chosen = candidate;
          queue.nextConsumer = (queue.nextConsumer + k + 1) % n;
          break;
        }
      }
      if (!chosen) break;
      this.deliver(queue, this.shiftReady(queue) as QueueEntry, chosen);
    }
    this.scheduleExpiry(queue);
  }

  private deliver(queue: RabbitQueue, entry: QueueEntry, instance: ConsumerInstance): void {
    const ctx = this.ctx;
    const msg = this.messages.get(entry.msgId) as RabbitMessage;
    const delivery: Delivery = { entry, queue, deliveredAt: ctx.now };
    queue.delivered++;
    if (entry.redelivered) queue.redelivered++;
    const fate = this.fateOf(msg, queue);
    fate.deliveries++;
    fate.consumer = `${instance.node.nodeId}/${instance.label}`;
    ctx.noteMove(msg.msgId, queue.nodeId, instance.node.nodeId, 'delivered');
    ctx.trace?.({
      t: ctx.now,
      type: 'rabbitmq.message.delivered',
      msg: msg.msgId,
      queue: queue.name,
      consumer: instance.node.nodeId,
      member: instance.label,
      redelivered: entry.redelivered,
    });
    if (instance.node.config.autoAck) {
      // no-ack: settled as it leaves the queue; a crash before processing loses it.
      fate.state = 'acked';
      queue.acked++;
      msg.live--;
      this.life(
        msg,
        `Delivered from ${queue.name} to ${instance.node.nodeId} ${instance.label} with no-ack: settled at once.`,
      );
      if (msg.live === 0) this.settle(msg);
    } else {
      fate.state = 'unacked';
      queue.unacked++;
      instance.unackedByQueue.set(queue.index, (instance.unackedByQueue.get(queue.index) ?? 0) + 1);
      this.life(
        msg,
        `Delivered from ${queue.name} to ${instance.node.nodeId} ${instance.label}${entry.redelivered ? ' (redelivered)' : ''}.`,
      );
    }
    instance.unacked.push(delivery);
    if (!instance.busy) this.startNext(instance);
  }

  /** The application takes its oldest delivery (deliveries are processed one at a time, in order). */
  private startNext(instance: ConsumerInstance): void {
    const next = instance.unacked[0];
    if (!next || !instance.alive) {
      instance.busy = null;
      return;
    }
    instance.busy = next;
    this.ctx.schedule(this.ctx.now + instance.node.sample(), EV_RABBIT_DONE, instance.slot, ++instance.seq);
  }

  /** The application finished a message: ack, or its failure handling. */
  onDone(slot: number, seq: number): void {
    const instance = this.instances[slot] as ConsumerInstance;
    if (seq !== instance.seq || !instance.alive || !instance.busy) return;
    const delivery = instance.busy;
    const index = instance.unacked.indexOf(delivery);
    instance.unacked.splice(index, 1);
    instance.busy = null;
    const { queue, entry } = delivery;
    const node = instance.node;
    const msg = this.messages.get(entry.msgId) as RabbitMessage;
    const ctx = this.ctx;
    const fails =
      msg.fails === true ||
      (msg.fails !== false && msg.fails.has(node.nodeId)) ||
      (node.config.failureProbability > 0 && node.failures.next() < node.config.failureProbability);
    const autoAck = node.config.autoAck;
    if (!autoAck) {
      queue.unacked--;
      instance.unackedByQueue.set(queue.index, (instance.unackedByQueue.get(queue.index) ?? 1) - 1);
    }
    if (!fails) {
      instance.processed++;
      node.processed++;
      // An RPC client's replies are counted at the client (its round trip), not as consumed messages.
      if (node.client) {
        this.receiveReply(node.client, msg);
      } else {
        ctx.recordLatency(ctx.now - msg.publishedAt);
        this.latency.record(ctx.now - msg.publishedAt);
      }
      if (node.config.replies && msg.replyTo !== undefined) this.reply(instance, msg, msg.replyTo);
      if (!autoAck) {
        queue.acked++;
        msg.live--;
        this.fateOf(msg, queue).state = 'acked';
        ctx.trace?.({
          t: ctx.now,
          type: 'rabbitmq.message.acked',
          msg: msg.msgId,
          queue: queue.name,
          member: instance.label,
        });
        this.life(msg, `${node.nodeId} ${instance.label} processed it and acknowledged it (basic.ack).`);
        if (msg.live === 0) this.settle(msg);
      }
    } else {
      node.failed++;
      if (autoAck) {
        this.life(
          msg,
          `${node.nodeId} ${instance.label} failed on it; with no-ack it was already settled, so it is gone.`,
          'bad',
        );
      } else {
        this.fail(queue, entry, msg, instance, node.config.onFailure);
      }
    }
    this.startNext(instance);
    this.dispatch(queue);
  }

  /**
   * An RPC server's reply (tutorial 6 `on_request`): basic.publish to the default exchange with the
   * request's reply_to as routing key and its correlation_id, before the request is acked.
   */
  private reply(instance: ConsumerInstance, request: RabbitMessage, replyTo: string): void {
    const replyId = this.ctx.newMessageId(request.bytes);
    this.life(
      request,
      `${instance.node.nodeId} ${instance.label} published its reply (message #${replyId}) to the default exchange with routing key '${replyTo}' (its reply_to).`,
    );
    this.publish(replyId, instance.node.nodeId, '', {
      routingKey: replyTo,
      fails: false,
      mandatory: false,
      bytes: request.bytes,
      ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
      inReplyTo: request.msgId,
    });
  }

  /** The RPC client takes a reply from its callback queue: one it waits for, or one to discard. */
  private receiveReply(client: Publisher, msg: RabbitMessage): void {
    const ctx = this.ctx;
    const id = msg.correlationId;
    const roundTripMs = takeReply(client, id, ctx.now);
    if (roundTripMs !== null) {
      this.life(
        msg,
        `${client.nodeId} matched it to its request by correlation_id '${id}': round trip ${formatMs(roundTripMs)}.`,
      );
    } else {
      this.life(
        msg,
        id === undefined
          ? `${client.nodeId} discarded it: it has no correlation_id.`
          : `${client.nodeId} discarded it: it is not waiting for correlation_id '${id}' (already answered, or not its request).`,
        'warn',
      );
    }
    ctx.trace?.({
      t: ctx.now,
      type: 'rabbitmq.rpc.reply',
      msg: msg.msgId,
      producer: client.nodeId,
      correlationId: id ?? null,
      outcome: roundTripMs !== null ? 'matched' : 'discarded',
      ...(roundTripMs !== null ? { roundTripMs } : {}),
    });
  }

  /** basic.nack / basic.reject of a message the consumer failed on. */
  private fail(
    queue: RabbitQueue,
    entry: QueueEntry,
    msg: RabbitMessage,
    instance: ConsumerInstance,
    how: RabbitConsumerConfig['onFailure'],
  ): void {
    const ctx = this.ctx;
    ctx.trace?.({
      t: ctx.now,
      type: 'rabbitmq.message.nacked',
      msg: msg.msgId,
      queue: queue.name,
      member: instance.label,
      method: how === 'nack-requeue' ? 'basic.nack' : 'basic.reject',
      requeue: how !== 'reject',
    });
    if (how === 'reject') {
      msg.live--;
      this.life(
        msg,
        `${instance.node.nodeId} ${instance.label} failed on it and rejected it without requeue (basic.reject).`,
        'warn',
      );
      this.deadLetter(queue, msg, 'rejected');
      if (msg.live === 0) this.settle(msg);
      return;
    }
    // 4.3: basic.reject counts as a failed delivery in a quorum queue, basic.nack does not.
    const counted = how === 'reject-requeue';
    this.requeue(
      queue,
      entry,
      msg,
      counted,
      `${instance.node.nodeId} ${instance.label} failed on it and ${how === 'nack-requeue' ? 'nacked it with requeue (basic.nack)' : 'rejected it with requeue (basic.reject)'}`,
    );
  }

  /** Back to the front of the queue, redelivered; a quorum queue may dead-letter it past its delivery limit. */
  private requeue(queue: RabbitQueue, entry: QueueEntry, msg: RabbitMessage, counted: boolean, why: string): void {
    entry.redelivered = true;
    const quorum = queue.config.type === 'quorum';
    if (quorum && counted) entry.deliveryCount++;
    const limit = queue.config.deliveryLimit;
    if (quorum && limit >= 0 && entry.deliveryCount > limit) {
      msg.live--;
      this.life(msg, `${why}; its delivery count ${entry.deliveryCount} passed x-delivery-limit ${limit}.`, 'warn');
      this.deadLetter(queue, msg, 'delivery_limit');
      if (msg.live === 0) this.settle(msg);
      return;
    }
    this.fateOf(msg, queue).state = 'ready';
    this.life(
      msg,
      `${why}: back at the head of ${queue.name}, marked redelivered${quorum ? ` (delivery count ${entry.deliveryCount})` : ''}.`,
      'warn',
    );
    this.unshiftReady(queue, entry);
    this.scheduleExpiry(queue);
  }

  // ——— Dead-lettering ———

  /**
   * Sends a message that leaves `queue` to the queue's dead-letter exchange, or drops it without
   * one. `wasEnqueued` is false for a publish that reject-publish-dlx refused (it is counted as
   * refused, not as dead-lettered from the queue).
   */
  private deadLetter(queue: RabbitQueue, msg: RabbitMessage, reason: XDeathEntry['reason'], wasEnqueued = true): void {
    const ctx = this.ctx;
    const dlx = queue.config.deadLetterExchange;
    if (dlx === undefined) {
      if (wasEnqueued) {
        queue.dropped++;
        this.fateOf(msg, queue).state = 'dropped';
      }
      this.depart(queue, msg.msgId, 'dropped', `${reason}, no dead-letter exchange`);
      ctx.trace?.({ t: ctx.now, type: 'rabbitmq.message.dropped', msg: msg.msgId, queue: queue.name, reason });
      return;
    }
    if (wasEnqueued) {
      queue.deadLettered++;
      this.fateOf(msg, queue).state = 'dead-lettered';
    }
    recordDeath(msg.xDeath, {
      queue: queue.name,
      reason,
      timeMs: ctx.now,
      // The exchange's name as the broker records it: '' for the default exchange.
      exchange: msg.exchange === '' ? '' : (this.exchangeNames.get(msg.exchange) ?? msg.exchange),
      routingKeys: [msg.routingKey],
    });
    const routingKey = queue.config.deadLetterRoutingKey ?? msg.routingKey;
    msg.routingKey = routingKey;
    const exchangeName = dlx === '' ? 'the default exchange' : (this.exchangeNames.get(dlx) ?? dlx);
    const result = this.route(dlx, routingKey, msg.headers, false);
    this.countRoute(dlx, result);
    this.depart(queue, msg.msgId, 'dead-lettered', `${reason} → ${exchangeName}`);
    ctx.trace?.({
      t: ctx.now,
      type: 'rabbitmq.message.dead-lettered',
      msg: msg.msgId,
      queue: queue.name,
      reason,
      exchange: exchangeName,
      routingKey,
      queues: result.queues.map((id) => this.queueByNode.get(id)?.name ?? id),
      via: this.describeHops(result),
    });
    ctx.noteMove(msg.msgId, queue.nodeId, dlx === '' ? (result.queues[0] ?? '') : dlx, 'routed');
    const targets = result.queues.filter(
      (id) => !isDeathCycle(msg.xDeath, (this.queueByNode.get(id) as RabbitQueue).name),
    );
    this.life(
      msg,
      `Dead-lettered from ${queue.name} (reason ${reason}) to ${exchangeName} with routing key '${routingKey}'${targets.length ? `: to ${targets.map((id) => this.queueByNode.get(id)?.name ?? id).join(', ')}` : result.queues.length ? ': a dead-letter cycle without a rejection, so it was dropped' : ': no queue matched, so it was dropped'}.`,
      targets.length ? 'warn' : 'bad',
    );
    for (const id of targets) this.enqueue(this.queueByNode.get(id) as RabbitQueue, msg, true);
  }

  // ——— Crashes ———

  /** A consumer process dies: its channel closes and its unacknowledged messages go back to their queues. */
  crash(node: RabbitConsumerNode, member: string | undefined, restartAfterMs: number | undefined): string | null {
    const instance = node.instances.find((i) => i.alive && (member === undefined || i.label === member));
    if (!instance) return null;
    const ctx = this.ctx;
    this.closeChannel(instance, 'crashed');
    ctx.trace?.({ t: ctx.now, type: 'rabbitmq.consumer.crashed', consumer: node.nodeId, member: instance.label });
    if (restartAfterMs !== undefined)
      ctx.schedule(ctx.now + restartAfterMs, EV_RABBIT_RESTART, instance.slot, instance.seq);
    return instance.label;
  }

  /**
   * The instance stops and its channel closes: what it had not acknowledged is requeued,
   * redelivered to the others (with no-ack it was settled already, so it is lost).
   */
  private closeChannel(instance: ConsumerInstance, how: 'crashed' | 'stopped'): void {
    const node = instance.node;
    instance.alive = false;
    instance.seq++;
    instance.busy = null;
    const deliveries = instance.unacked.splice(0);
    instance.unackedByQueue.clear();
    const touched = new Set<RabbitQueue>();
    // Requeued in reverse so that each lands at the front in its original order.
    for (let k = deliveries.length - 1; k >= 0; k--) {
      const { queue, entry } = deliveries[k] as Delivery;
      const msg = this.messages.get(entry.msgId) as RabbitMessage;
      if (node.config.autoAck) {
        this.life(msg, `${node.nodeId} ${instance.label} ${how} before processing it; with no-ack it is lost.`, 'bad');
        continue;
      }
      queue.unacked--;
      touched.add(queue);
      // 4.3: a closed channel's returned messages count as failed deliveries in a quorum queue.
      this.requeue(
        queue,
        entry,
        msg,
        true,
        `${node.nodeId} ${instance.label} ${how} with it unacknowledged, so the channel closed and it was requeued`,
      );
    }
    for (const queue of node.queues) this.checkUnused(queue);
    for (const queue of touched) this.dispatch(queue);
  }

  /**
   * New settings for a running consumer node: a new prefetch applies to the next deliveries
   * (basic.qos), processing, failures and replies to the next message; more instances subscribe,
   * and fewer stop the newest ones (their channels close). No-ack is chosen at basic.consume, so
   * the caller restarts the run for that.
   */
  reconfigureConsumer(node: RabbitConsumerNode, config: RabbitConsumerConfig, sample: Sampler | null): void {
    node.config = config;
    if (sample) node.sample = sample;
    while (node.instances.length < config.consumers) this.addInstance(node, `C${node.instances.length + 1}`);
    while (node.instances.length > config.consumers) {
      const instance = node.instances.pop() as ConsumerInstance;
      if (instance.alive) {
        this.closeChannel(instance, 'stopped');
        this.ctx.trace?.({
          t: this.ctx.now,
          type: 'rabbitmq.consumer.stopped',
          consumer: node.nodeId,
          member: instance.label,
        });
      }
      instance.seq++;
      for (const queue of node.queues) {
        const at = queue.consumers.indexOf(instance);
        if (at < 0) continue;
        queue.consumers.splice(at, 1);
        if (queue.nextConsumer > at) queue.nextConsumer--;
        if (queue.nextConsumer >= queue.consumers.length) queue.nextConsumer = 0;
      }
    }
    for (const queue of node.queues) {
      if (queue.deleted) continue;
      this.checkUnused(queue);
      this.dispatch(queue);
    }
  }

  onRestart(slot: number, seq: number): void {
    const instance = this.instances[slot] as ConsumerInstance;
    if (instance.alive || seq !== instance.seq) return;
    instance.alive = true;
    for (const queue of instance.node.queues) {
      if (queue.deleted) continue;
      this.checkUnused(queue);
      this.dispatch(queue);
    }
  }

  // ——— Bookkeeping ———

  fateOf(msg: RabbitMessage, queue: RabbitQueue): Fate {
    let fate = msg.fates.get(queue.index);
    if (!fate) {
      fate = { state: 'ready', deliveries: 0, consumer: null };
      msg.fates.set(queue.index, fate);
    }
    return fate;
  }

  private depart(
    queue: RabbitQueue,
    msgId: number,
    what: RabbitQueue['departures'][number]['what'],
    reason: string,
  ): void {
    if (queue.departures.length === DEPARTURES_KEPT) queue.departures.shift();
    queue.departures.push({ atMs: this.ctx.now, msgId, what, reason });
  }

  private life(msg: RabbitMessage, text: string, tone?: 'warn' | 'bad'): void {
    if (msg.life.length === LIFE_KEPT) msg.life.splice(1, 1);
    msg.life.push({ atMs: this.ctx.now, text, ...(tone ? { tone } : {}) });
  }

  /** A message with no copy left in any queue: keep its details for a while, then forget them. */
  private settle(msg: RabbitMessage): void {
    this.settled.push(msg.msgId);
    if (this.settled.length > SETTLED_KEPT) {
      const old = this.settled.shift() as number;
      const gone = this.messages.get(old);
      if (gone && gone.live === 0) this.messages.delete(old);
    }
  }
}

/** Binding arguments and message headers as JSON → typed header values (as amqplib would send them). */
export function toHeaderTable(json: Record<string, string | number | boolean | null>): HeaderTable {
  const table: Record<string, ReturnType<typeof fromAmqplibValue> & object> = {};
  for (const [key, value] of Object.entries(json)) {
    const typed = fromAmqplibValue(value);
    if (typed) table[key] = typed;
  }
  return table;
}
