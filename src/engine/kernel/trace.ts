/**
 * The trace: one plain record per lifecycle step, as namespaced past-tense facts
 * ('kafka.record.appended'), in the spirit of xstate's inspection events. Records are only built
 * when a sink is attached, so a run without a trace pays nothing for it.
 */

/**
 * One hop of a RabbitMQ route, by name: from `exchange` to the queue or exchange `to`, through the
 * bindings with these `keys` that matched (headers bindings have the key ''), or to its alternate
 * exchange.
 */
export type RouteVia = { exchange: string; to: string; keys?: string[]; alternate?: true };

export type TraceRecord =
  | {
      t: number;
      type: 'kafka.record.appended';
      msg: number;
      producer: string;
      topic: string;
      partition: number;
      offset: number;
      key: string | null;
      /** Why this partition: the key's hash, the sticky choice for null keys, or an explicit one. */
      by: 'key' | 'sticky' | 'explicit';
    }
  | { t: number; type: 'kafka.record.failed'; msg: number; producer: string; topic: string; reason: string }
  | {
      t: number;
      type: 'kafka.record.delivered';
      msg: number;
      group: string;
      member: string;
      topic: string;
      partition: number;
      offset: number;
    }
  | {
      t: number;
      type: 'kafka.record.processed';
      msg: number;
      group: string;
      member: string;
      latencyMs: number;
      /** Set when the group had processed this record before: 'duplicate' (a crash, a kick-out or a
       *  revocation lost the commit) or 'replay' (an offset reset went back over it). */
      again?: 'duplicate' | 'replay';
    }
  | {
      t: number;
      type: 'kafka.record.lost';
      msg: number;
      group: string;
      topic: string;
      partition: number;
      offset: number;
      /** 'lost': the group moved past it without processing it; 'skipped': an offset reset jumped over it. */
      kind: 'lost' | 'skipped';
      reason: string;
    }
  | {
      t: number;
      /** Retention deleted the segment holding it, or the cleaner removed it (a later record has its key). */
      type: 'kafka.record.deleted' | 'kafka.record.compacted';
      msg: number;
      topic: string;
      partition: number;
      offset: number;
      /** 'retention.ms', 'retention.bytes', 'log-start-offset' or 'compacted'. */
      reason: string;
    }
  | {
      t: number;
      type: 'kafka.offsets.out-of-range';
      group: string;
      member: string;
      topic: string;
      partition: number;
      /** The position that fell below the log start offset, and where auto.offset.reset moved it. */
      from: number;
      to: number;
    }
  | {
      t: number;
      /** The high watermark passed it: every in-sync replica has it, consumers may read it, acks=all is answered. */
      type: 'kafka.record.replicated';
      msg: number;
      topic: string;
      partition: number;
      offset: number;
    }
  | {
      t: number;
      /** A leader change cut it off every replica; `acked`: the producer had been told it was written. */
      type: 'kafka.record.truncated';
      msg: number;
      topic: string;
      partition: number;
      offset: number;
      acked: boolean;
      reason: string;
    }
  | {
      t: number;
      /** A retriable produce error (NOT_ENOUGH_REPLICAS, NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT,
       *  NETWORK_EXCEPTION): the batch waits for a retry. */
      type: 'kafka.produce.error';
      producer: string;
      topic: string;
      partition: number;
      error: string;
      records: number;
    }
  | {
      t: number;
      /** An idempotent producer's retried batch the leader already had: answered with its offsets, not written again. */
      type: 'kafka.batch.deduplicated';
      producer: string;
      topic: string;
      partition: number;
      sequence: number;
      offset: number;
      records: number;
    }
  | {
      t: number;
      /** A retry wrote a record the log already had (the first answer was lost and idempotence is off). */
      type: 'kafka.record.duplicated';
      msg: number;
      topic: string;
      partition: number;
      /** The new copy's offset, and the first copy's. */
      offset: number;
      firstOffset: number;
    }
  | {
      t: number;
      /** basic.publish: routed through the exchanges to these queues (or returned / dropped). */
      type: 'rabbitmq.message.published';
      msg: number;
      producer: string;
      exchange: string;
      routingKey: string;
      queues: string[];
      outcome: 'routed' | 'returned' | 'dropped';
      /** Each hop: through which exchange's binding (its matching keys) or alternate exchange, to where. */
      via: RouteVia[];
      /** An RPC request's callback queue, and the id a request and its reply share. */
      replyTo?: string;
      correlationId?: string;
    }
  | {
      t: number;
      /** An RPC client took a reply from its callback queue: matched to a request it waits for, or discarded. */
      type: 'rabbitmq.rpc.reply';
      msg: number;
      producer: string;
      correlationId: string | null;
      outcome: 'matched' | 'discarded';
      roundTripMs?: number;
    }
  | { t: number; type: 'rabbitmq.message.enqueued' | 'rabbitmq.message.expired'; msg: number; queue: string }
  | {
      t: number;
      /** A full queue refused it (x-overflow reject-publish or reject-publish-dlx). */
      type: 'rabbitmq.message.refused';
      msg: number;
      queue: string;
      overflow: string;
    }
  | {
      t: number;
      type: 'rabbitmq.message.delivered';
      msg: number;
      queue: string;
      consumer: string;
      member: string;
      redelivered: boolean;
    }
  | { t: number; type: 'rabbitmq.message.acked'; msg: number; queue: string; member: string }
  | {
      t: number;
      type: 'rabbitmq.message.nacked';
      msg: number;
      queue: string;
      member: string;
      method: 'basic.nack' | 'basic.reject';
      requeue: boolean;
    }
  | {
      t: number;
      /** Left the queue for good without a dead-letter exchange to go to (overflow, TTL, rejection, delivery limit). */
      type: 'rabbitmq.message.dropped';
      msg: number;
      queue: string;
      reason: string;
    }
  | {
      t: number;
      type: 'rabbitmq.message.dead-lettered';
      msg: number;
      queue: string;
      reason: 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';
      exchange: string;
      routingKey: string;
      queues: string[];
      via: RouteVia[];
    }
  | { t: number; type: 'rabbitmq.consumer.crashed'; consumer: string; member: string }
  /** The node was scaled down live: the instance stopped and its channel closed. */
  | { t: number; type: 'rabbitmq.consumer.stopped'; consumer: string; member: string }
  | {
      t: number;
      /** x-expires: the queue had no consumer for that long and was deleted with its messages. */
      type: 'rabbitmq.queue.deleted';
      queue: string;
      reason: 'x-expires';
    }
  | { t: number; type: 'kafka.consumer.crashed'; group: string; member: string; label: string }
  | { t: number; type: 'kafka.consumer.started'; group: string; label: string }
  | {
      t: number;
      type: 'kafka.group.member-removed';
      group: string;
      member: string;
      label: string;
      reason: 'left' | 'session-timeout' | 'poll-timeout' | 'rebalance-timeout';
    }
  | { t: number; type: 'kafka.group.rebalance-started'; group: string; generation: number; reason: string }
  | { t: number; type: 'kafka.partitions.revoked'; group: string; member: string; partitions: string[] }
  | { t: number; type: 'kafka.offsets.commit-failed'; group: string; member: string; reason: string }
  | {
      t: number;
      type: 'kafka.offsets.reset';
      group: string;
      topic: string;
      partition: number;
      from: number;
      to: number;
    }
  | { t: number; type: 'kafka.offsets.reset-refused'; group: string; reason: string }
  | {
      t: number;
      type: 'kafka.offsets.committed';
      group: string;
      member: string;
      topic: string;
      partition: number;
      /** The committed offset: the next offset the group will read. */
      offset: number;
    }
  | {
      t: number;
      type: 'kafka.group.rebalanced';
      group: string;
      generation: number;
      assignment: Record<string, string[]>;
    };

export type TraceSink = (record: TraceRecord) => void;
