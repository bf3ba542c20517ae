/**
 * What the engine shows the outside world many times a second: a compact snapshot.
 *
 * Numbers that change every frame live in one Float64Array (`values`) whose layout is described
 * by `SnapshotLayout`; the layout (names, member ids, assignments) changes only on a rebalance or
 * a config change, so the worker sends it only when its `version` moves, and the array itself is
 * transferred, not cloned. Read values through the offsets below.
 */

/** values[TOTALS + i]: the run's totals. */
export const TOTAL_PRODUCED = 0;
export const TOTAL_CONSUMED = 1;
export const TOTAL_LAG = 2;
export const TOTAL_FAILED = 3;
export const TOTALS_WIDTH = 4;

/** Per producer: values[at + …]. */
export const PRODUCER_PRODUCED = 0;
export const PRODUCER_FAILED = 1;
/** The sticky partition for null keys on the producer's first topic, −1 when none yet. */
export const PRODUCER_STICKY = 2;
/** Retriable errors the broker answered (NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT, …). */
export const PRODUCER_ERRORS = 3;
/** Records in the accumulator now (lingering, backing off, or waiting for a leader). */
export const PRODUCER_BUFFERED = 4;
/** Records in produce requests not answered yet. */
export const PRODUCER_IN_FLIGHT = 5;
/** Records the producer was told were written. */
export const PRODUCER_ACKED = 6;
/** Records a retry wrote twice (idempotence off), and retried batches the leader did not write again (on). */
export const PRODUCER_DUPLICATES = 7;
export const PRODUCER_DEDUPLICATED = 8;
/** Batches sent so far (records per batch = produced ÷ batches). */
export const PRODUCER_BATCHES = 9;
/** RabbitMQ: unroutable mandatory messages that came back (basic.return). */
export const PRODUCER_RETURNED = 10;
/** RabbitMQ RPC client (a callback queue in the layout): requests, replies matched, waiting, discarded, round trip p50 / p99 (ms). */
export const PRODUCER_RPC_REQUESTS = 11;
export const PRODUCER_RPC_REPLIES = 12;
export const PRODUCER_RPC_AWAITING = 13;
export const PRODUCER_RPC_DISCARDED = 14;
export const PRODUCER_RPC_P50 = 15;
export const PRODUCER_RPC_P99 = 16;
/** RabbitMQ publisher confirms: messages the broker acked, and nacked (a full queue refused them). */
export const PRODUCER_CONFIRMED = 17;
export const PRODUCER_NACKED = 18;
export const PRODUCER_WIDTH = 19;

/**
 * Per topic partition p, from values[at + 7p]: the log start offset; the log end offset; which of
 * the last 12 offsets are still in the log (bit i: offset end − 12 + i; the cleaner leaves gaps);
 * the base offset of the active segment (the one being written); the high watermark; the leader's
 * broker id (−1: offline; −2: no broker nodes); the in-sync replicas (bit k: the k-th broker of
 * the layout's `brokers`); the acknowledged records lost to truncation.
 */
export const PARTITION_WIDTH = 8;
export const PARTITION_HW = 4;
export const PARTITION_LEADER = 5;
export const PARTITION_ISR = 6;
/** Acknowledged records a leader change cut off (acks=1 failover, unclean election). */
export const PARTITION_ACKED_LOST = 7;

/** Per broker: values[at + …]. 1 while the process runs; 1 once the controller fenced it; 1 while its fetchers stall. */
export const BROKER_ALIVE = 0;
export const BROKER_FENCED = 1;
export const BROKER_SLOW = 2;
/** Partitions it leads. */
export const BROKER_LEADERS = 3;
/** Replicas it holds that are out of their ISR. */
export const BROKER_OUT_OF_SYNC = 4;
export const BROKER_WIDTH = 5;
/** Offsets covered by a partition's presence bits. */
export const PRESENCE_WINDOW = 12;

/** Per group: values[at + …]. */
export const GROUP_STATE = 0;
export const GROUP_CONSUMED = 1;
export const GROUP_LAG = 2;
/** Age of the oldest record the group has not committed, over its partitions (ms). */
export const GROUP_LAG_AGE = 3;
/** Records the group processed a second time because a commit was lost (crash, kick-out, cooperative revocation). */
export const GROUP_DUPLICATES = 4;
/** Records the group moved past without processing (committed before processing, auto.offset.reset=latest). */
export const GROUP_LOST = 5;
/** Records processed again on purpose, after an offset reset went back. */
export const GROUP_REPLAYED = 6;
/** Records an offset reset jumped over. */
export const GROUP_SKIPPED = 7;
export const GROUP_WIDTH = 8;

/**
 * Per subscription partition p, from values[at + 4p]: the committed offset (−1: none); the lag in
 * records; the owning consumer's position, the next offset it will fetch (−1: no owner; records
 * between the committed offset and the position were delivered but are not committed yet); and
 * the lag in time, the age of the oldest record not yet committed (ms, 0 when none).
 */
export const SUBSCRIPTION_WIDTH = 4;

/** Per member: values[at + …]. */
export const MEMBER_STATE = 0;
export const MEMBER_PROCESSED = 1;
/** Index into the member's `assigned` list of the partition in hand, −1 when none. */
export const MEMBER_CURRENT = 2;
/** Offset of the record in hand, −1 when none. */
export const MEMBER_OFFSET = 3;
/** 1 when the member has already rejoined the rebalance in progress (a cooperative one keeps consuming meanwhile). */
export const MEMBER_JOINED = 4;
/** For a crashed member still in the group: when the coordinator will notice (session timeout), else −1. */
export const MEMBER_EXPIRES_AT = 5;
export const MEMBER_WIDTH = 6;

/** Per RabbitMQ exchange: values[at + …]. Messages published to it (or reaching it by binding or as an alternate). */
export const EXCHANGE_IN = 0;
/** Messages it sent to at least one queue (directly or through bound exchanges). */
export const EXCHANGE_ROUTED = 1;
/** Messages that matched none of its bindings and went to its alternate exchange. */
export const EXCHANGE_TO_ALTERNATE = 2;
/** Messages published to it that reached no queue: returned to the producer (mandatory), or dropped. */
export const EXCHANGE_RETURNED = 3;
export const EXCHANGE_DROPPED = 4;
export const EXCHANGE_WIDTH = 5;

/** Per RabbitMQ queue: values[at + …]. Messages waiting to be delivered, and delivered but not acknowledged. */
export const QUEUE_READY = 0;
export const QUEUE_UNACKED = 1;
/** Totals: enqueued, delivered to consumers (redeliveries too), acknowledged. */
export const QUEUE_ENQUEUED = 2;
export const QUEUE_DELIVERED = 3;
export const QUEUE_ACKED = 4;
/** Deliveries of a message that had been delivered before (requeued by a nack, a reject or a crash). */
export const QUEUE_REDELIVERED = 5;
/** Messages dead-lettered from this queue (any reason), expired by TTL, dropped without a DLX (overflow, delivery limit, expiry), and publishes refused by overflow. */
export const QUEUE_DEAD_LETTERED = 6;
export const QUEUE_EXPIRED = 7;
export const QUEUE_DROPPED = 8;
export const QUEUE_REFUSED = 9;
/** Age of the oldest ready message (ms; 0 when empty). */
export const QUEUE_HEAD_AGE = 10;
/** 1 once x-expires deleted the queue (it routes nothing more). */
export const QUEUE_DELETED = 11;
export const QUEUE_WIDTH = 12;

/** Per RabbitMQ consumer node: values[at + …]. Running consumers; messages processed (acked) and failed. */
export const RCONSUMER_RUNNING = 0;
export const RCONSUMER_PROCESSED = 1;
export const RCONSUMER_FAILED = 2;
export const RCONSUMER_WIDTH = 3;
/** Per consumer instance: values[at + …]. Its unacknowledged messages, messages processed, and state (0 idle, 1 busy, 2 crashed). */
export const RMEMBER_UNACKED = 0;
export const RMEMBER_PROCESSED = 1;
export const RMEMBER_STATE = 2;
export const RMEMBER_WIDTH = 3;

export type SnapshotLayout = {
  version: number;
  /** `replyQueue`: an RPC client's callback queue (its name). */
  producers: { nodeId: string; at: number; topics: string[]; replyQueue?: string }[];
  topics: {
    nodeId: string;
    name: string;
    partitions: number;
    at: number;
    /** With broker nodes: each partition's replicas (broker ids, the preferred leader first). */
    replicas?: number[][];
  }[];
  /** Broker nodes, when the scenario has any. */
  brokers: { nodeId: string; id: number; at: number }[];
  groups: {
    nodeId: string;
    groupId: string;
    generation: number;
    /** Kafka's class name of the assignor, e.g. "CooperativeStickyAssignor". */
    assignor: string;
    protocol: 'eager' | 'cooperative';
    at: number;
    subscriptions: { topicNodeId: string; topic: string; partitions: number; at: number }[];
    /** The group's consumer processes: members, crashed ones the coordinator still counts, kicked-out ones. */
    members: {
      label: string;
      memberId: string;
      /** The coordinator counts it as a member. */
      inGroup: boolean;
      assigned: { topicNodeId: string; topic: string; partition: number }[];
      at: number;
    }[];
    /** "Why does this consumer own these partitions?", step by step. */
    explanation: string[];
  }[];
  /** RabbitMQ exchanges, queues and consumer nodes. */
  exchanges: { nodeId: string; name: string; type: 'direct' | 'fanout' | 'topic' | 'headers'; at: number }[];
  queues: {
    nodeId: string;
    name: string;
    type: 'classic' | 'quorum';
    at: number;
  }[];
  rabbitConsumers: {
    nodeId: string;
    /** Queue node ids it consumes from. */
    queues: string[];
    at: number;
    members: { label: string; at: number }[];
  }[];
  /** Length of `values`. */
  width: number;
};

/** A message that moved since the last snapshot, for the dots on the canvas. */
export type RecentMove = {
  msgId: number;
  /**
   * Kafka — 'appended': producer → topic; 'delivered': topic → consumer group. RabbitMQ — 'routed':
   * producer → exchange or queue, exchange → exchange or queue (a binding that matched);
   * 'delivered': queue → consumer node. RabbitMQ moves have partition and offset −1.
   */
  kind: 'appended' | 'delivered' | 'routed';
  from: string;
  to: string;
  partition: number;
  offset: number;
  key: string | null;
};

/** One row of the metrics time series, sampled every `sampleIntervalMs` of virtual time. */
export type MetricsSample = {
  t: number;
  producedPerSec: number;
  consumedPerSec: number;
  lag: number;
  /** Lag in time: the largest age of a record a group has not committed (ms). */
  lagMs: number;
  /** Per consumer group, in the layout's order: its lag in records and in time (ms). */
  groups: { lag: number; lagMs: number }[];
  /** End-to-end latency percentiles of the records consumed in this interval (ms). */
  p50: number;
  p95: number;
  p99: number;
  /**
   * With RabbitMQ queues: deliveries per second, and per queue (the layout's order) its ready and
   * unacknowledged messages and how long its oldest ready message has waited (ms).
   */
  rabbit?: { deliveredPerSec: number; queues: { ready: number; unacked: number; waitMs: number }[] };
};

export type SimSnapshot = {
  timeMs: number;
  events: number;
  /** Time of the next pending event (Infinity when none). */
  nextEventMs: number;
  layout: SnapshotLayout;
  values: Float64Array;
  /** Samples taken since the previous snapshot. */
  samples: MetricsSample[];
  /** Up to a few messages that moved since the previous snapshot. */
  moves: RecentMove[];
};
