/**
 * What the engine answers about RabbitMQ nodes and messages (the shapes the UI renders): where a
 * routing key would go and why, a queue's contents, and one message's story.
 */

/** One binding of an exchange, judged against a message: matched or not, and why. */
export type BindingProbe = {
  /** The scenario edge carrying the binding, and the node it leads to (a queue or an exchange). */
  edgeId: string;
  targetNodeId: string;
  targetKind: 'queue' | 'exchange';
  /** The binding key (one edge can carry several bindings), or the headers arguments. */
  key: string;
  arguments?: Record<string, string | number | boolean | null>;
  matched: boolean;
  /** Plain-language steps: which words matched which, which header compared how. */
  why: string[];
};

/** "Where would this message go?" for a message published to one exchange (or to a queue by name). */
export type RoutingProbe = {
  /** Each exchange the message passes through, in order, with the verdict of each of its bindings. */
  exchanges: {
    nodeId: string;
    name: string;
    type: 'direct' | 'fanout' | 'topic' | 'headers';
    bindings: BindingProbe[];
    /** Set when nothing matched and the exchange has an alternate exchange (its node id). */
    alternateExchange?: string;
  }[];
  /** Queue node ids that would receive it, once each. */
  queues: string[];
  /** routed; returned (mandatory, 312 NO_ROUTE); dropped. */
  outcome: 'routed' | 'returned' | 'dropped';
  /** The outcome in words. */
  summary: string;
};

/** One dead-lettering of a message, as its `x-death` header records it (most recent first). */
export type XDeathEntry = {
  queue: string;
  reason: 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';
  count: number;
  /** When it was first dead-lettered from this queue for this reason. */
  timeMs: number;
  exchange: string;
  routingKeys: string[];
};

/** A message in a queue, for the queue inspector. */
export type QueuedMessage = {
  msgId: number;
  routingKey: string;
  enqueuedAtMs: number;
  /** Delivered before (requeued after a nack, a reject or a consumer crash). */
  redelivered: boolean;
  /** Quorum queues: the delivery count compared with the delivery limit. */
  deliveryCount: number;
  /** When its TTL runs out (it is only dropped when it reaches the head), or null. */
  expiresAtMs: number | null;
  bytes: number;
};

export type QueueInfo = {
  nodeId: string;
  name: string;
  type: 'classic' | 'quorum';
  /** The queue's arguments as RabbitMQ would list them (x-message-ttl, x-max-length, x-dead-letter-exchange, …). */
  arguments: Record<string, string | number>;
  readyCount: number;
  /** The first ready messages, head first (at most 24). */
  ready: QueuedMessage[];
  /** Delivered and not acknowledged yet, per consumer instance. */
  unacked: (QueuedMessage & { consumer: string; deliveredAtMs: number })[];
  /** The latest messages that left the queue other than by an ack (newest last, at most 30). */
  departures: {
    atMs: number;
    msgId: number;
    what: 'dead-lettered' | 'expired' | 'dropped' | 'refused';
    reason: string;
  }[];
};

/** The story of one RabbitMQ message: where it was published, where it went, what happened in each queue. */
export type RabbitMessageInfo = {
  msgId: number;
  producer: string;
  publishedAtMs: number;
  routingKey: string;
  headers?: Record<string, string | number | boolean | null>;
  body?: string | null;
  /** Where it was published: an exchange node id, or '' for the default exchange (a producer → queue edge). */
  exchange: string;
  /** RPC (tutorial 6): a request's callback queue (its name), the id pairing request and reply. */
  replyTo?: string;
  correlationId?: string;
  /** A reply an RPC server published: the message id of the request it answers. */
  inReplyTo?: number;
  /** The routing decision at publish time, binding by binding. */
  route: RoutingProbe;
  /** Its fate in each queue it reached (dead-lettering can add queues). */
  queues: {
    queueNodeId: string;
    state: 'ready' | 'unacked' | 'acked' | 'dead-lettered' | 'expired' | 'dropped' | 'refused';
    deliveries: number;
    /** The consumer holding it (unacked) or that acknowledged it. */
    consumer: string | null;
  }[];
  xDeath: XDeathEntry[];
  /** Its life so far, in order. */
  lifecycle: { atMs: number; text: string; tone?: 'warn' | 'bad' }[];
};
