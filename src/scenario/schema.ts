/**
 * Scenario format, version 1: the single source of truth for the canvas, the engine, the CLI and
 * files. One zod schema; the TypeScript types are inferred from it and the published JSON Schema
 * (public/scenario.schema.json) is generated from it.
 *
 * Defaults are the real systems' defaults where a real setting exists. Sources:
 * - Kafka producer `batch.size` = 16384: apache/kafka clients/.../producer/ProducerConfig.java.
 * - Kafka consumer `enable.auto.commit` = true, `auto.commit.interval.ms` = 5000,
 *   `max.poll.records` = 500, `auto.offset.reset` = latest, `heartbeat.interval.ms` = 3000:
 *   apache/kafka clients/.../consumer/ConsumerConfig.java.
 * - Broker `group.initial.rebalance.delay.ms` = 3000 and `num.partitions` = 1:
 *   apache/kafka GroupCoordinatorConfig.java and ServerLogConfigs.java.
 * Settings with no real counterpart (arrival rates, processing times) have documented defaults.
 */
import { z } from 'zod';
import { headersBindingError } from '../engine/model/rabbitmq/headersMatch';
import { fromAmqplibValue, type HeaderValue } from '../engine/model/rabbitmq/headerValue';

export const SCENARIO_FORMAT = 'eventscope.scenario';
export const CURRENT_VERSION = 1;

/** A node or edge id: what other parts of the file refer to it by. */
const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:>-]*$/, {
    message: 'expected letters, digits and . _ : > - (starting with a letter or digit)',
  });

const Position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

/** A duration distribution in virtual milliseconds, e.g. a consumer's per-record processing time. */
export const Distribution = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant'), ms: z.number().min(0).max(3_600_000) }),
  z.strictObject({ type: z.literal('exponential'), meanMs: z.number().positive().max(3_600_000) }),
  z
    .strictObject({
      type: z.literal('uniform'),
      minMs: z.number().min(0).max(3_600_000),
      maxMs: z.number().min(0).max(3_600_000),
    })
    .refine((d) => d.maxMs >= d.minMs, { message: 'maxMs must be ≥ minMs', path: ['maxMs'] }),
  z.strictObject({
    type: z.literal('lognormal'),
    /** e^μ of the underlying normal: half of the draws are below it. */
    medianMs: z.number().positive().max(3_600_000),
    /** σ of the underlying normal (0.5 = moderate spread, 1 = heavy tail). */
    sigma: z.number().min(0).max(4),
  }),
]);
export type Distribution = z.infer<typeof Distribution>;

/** How a rate-driven producer picks message keys. */
export const KeyDistribution = z.discriminatedUnion('type', [
  /** Keys `${prefix}0` … `${prefix}${count-1}`, each equally likely. */
  z.strictObject({
    type: z.literal('uniform'),
    count: z.number().int().min(1).max(1_000_000),
    prefix: z.string().max(32).default('key-'),
  }),
  /** Key i (1-based rank) is drawn with probability ∝ 1 / i^exponent: a few hot keys. */
  z.strictObject({
    type: z.literal('zipf'),
    count: z.number().int().min(1).max(100_000),
    exponent: z.number().min(0).max(5).default(1),
    prefix: z.string().max(32).default('key-'),
  }),
  /** No key: Kafka's built-in uniform sticky partitioner chooses the partition (KIP-794). */
  z.strictObject({ type: z.literal('null') }),
]);
export type KeyDistribution = z.infer<typeof KeyDistribution>;

/** One message of a scripted producer. */
export const ScriptedMessage = z.strictObject({
  /** Virtual time at which the producer sends it. */
  atMs: z.number().min(0).describe('Virtual time at which the producer sends it.'),
  /** Record key; null means no key. */
  key: z.string().max(256).nullable().default(null).describe('Record key; null means no key.'),
  /** Record value as text (its UTF-8 length is the value size); null is a tombstone (a null value). */
  body: z
    .string()
    .max(10_000)
    .nullable()
    .default('')
    .describe(
      'Record value as text (its UTF-8 length is the value size); null is a tombstone, which deletes the key in a compacted topic.',
    ),
  /** Explicit partition: used as is, like ProducerRecord(topic, partition, key, value). */
  partition: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Explicit partition, used as is; a partition the topic lacks fails the send.'),
  /** Message headers (Kafka record headers; a RabbitMQ headers exchange matches on them). */
  headers: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional()
    .describe('Message headers; a RabbitMQ headers exchange matches on them.'),
  /** RabbitMQ: the routing key; defaults to the key. */
  routingKey: z.string().max(255).optional().describe('RabbitMQ routing key; defaults to the key (or "" without one).'),
  /** RabbitMQ: the per-message TTL (the `expiration` property) in ms. */
  expirationMs: z.number().int().min(0).optional().describe('RabbitMQ per-message TTL (the expiration property), ms.'),
  /** A poison message: every RabbitMQ consumer fails on it (true), or only these consumer nodes. */
  fails: z
    .union([z.boolean(), z.array(Id).min(1).max(50)])
    .optional()
    .describe(
      'A poison message: true makes every RabbitMQ consumer that processes it fail; a list of rabbitmq.consumer node ids, only those.',
    ),
});
export type ScriptedMessage = z.infer<typeof ScriptedMessage>;

export const Traffic = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('rate'),
    /** Messages per virtual second. */
    ratePerSec: z.number().positive().max(1_000_000).describe('Mean messages per virtual second.'),
    /** poisson: exponential gaps (random arrivals); constant: evenly spaced. */
    arrivals: z
      .enum(['poisson', 'constant'])
      .default('poisson')
      .describe('poisson: exponential gaps (random arrivals); constant: evenly spaced.'),
    keys: KeyDistribution.prefault({ type: 'uniform', count: 100 }),
    /** Size of each record's value in bytes. */
    valueBytes: z.number().int().min(0).max(1_048_576).default(100).describe("Size of each record's value in bytes."),
  }),
  z.strictObject({
    type: z.literal('scripted'),
    messages: z.array(ScriptedMessage).max(10_000),
  }),
]);
export type Traffic = z.infer<typeof Traffic>;

export const ProducerConfig = z
  .strictObject({
    traffic: Traffic.prefault({ type: 'rate', ratePerSec: 10 }),
    /** Kafka `batch.size`: a partition's batch closes at this many bytes; null keys stick to a partition for about this many. */
    batchSizeBytes: z
      .number()
      .int()
      .min(0)
      .max(16_777_216)
      .default(16_384)
      .describe(
        'Kafka batch.size: the most bytes one batch holds; the uniform sticky partitioner (KIP-794) switches partition after about this many.',
      ),
    /** `linger.ms` (5 since Kafka 4.0, KIP-1030): how long a batch waits for more records before it is sent. */
    lingerMs: z
      .number()
      .min(0)
      .max(3_600_000)
      .default(5)
      .describe('Kafka linger.ms (default 5 since 4.0): how long a batch that is not full waits for more records.'),
    /** `max.in.flight.requests.per.connection`: unanswered produce requests per broker. */
    maxInFlightRequestsPerConnection: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe('Kafka max.in.flight.requests.per.connection (default 5): unanswered requests per broker.'),
    /**
     * `enable.idempotence`: the broker drops a retried batch it already has (producer id and sequence
     * numbers). Unset: Kafka's default, on unless acks is not all or more than 5 requests may be in flight.
     */
    enableIdempotence: z
      .boolean()
      .optional()
      .describe(
        'Kafka enable.idempotence. Unset: on, unless acks is not all or max.in.flight.requests.per.connection > 5 (then off).',
      ),
    /** `request.timeout.ms`: how long a produce request may wait for its answer (the leader waits as long for acks=all). */
    requestTimeoutMs: z
      .number()
      .int()
      .min(1)
      .default(30_000)
      .describe('Kafka request.timeout.ms (default 30000): how long a produce request waits for its answer.'),
    /** `acks`: when the broker answers — not at all (0), once the leader wrote it (1), or once every in-sync replica has it (all). */
    acks: z
      .enum(['0', '1', 'all'])
      .default('all')
      .describe('Kafka acks (default all since 3.0): 0, 1 (leader only) or all (every in-sync replica).'),
    /** `delivery.timeout.ms`: a record still unsent (retrying) after this long fails. */
    deliveryTimeoutMs: z
      .number()
      .int()
      .min(1)
      .default(120_000)
      .describe('Kafka delivery.timeout.ms: how long a record may be retried before it fails.'),
    /** `retry.backoff.ms` and `retry.backoff.max.ms`: retries back off exponentially between these (KIP-580). */
    retryBackoffMs: z.number().int().min(0).default(100).describe('Kafka retry.backoff.ms.'),
    retryBackoffMaxMs: z.number().int().min(0).default(1000).describe('Kafka retry.backoff.max.ms.'),
    /** RabbitMQ: one routing key for every message at a rate (else each message's key is its routing key). */
    routingKey: z
      .string()
      .max(255)
      .optional()
      .describe("RabbitMQ routing key of every rate-driven message; unset: the message's key."),
    /** RabbitMQ `mandatory`: an unroutable message comes back (basic.return) rather than being dropped. */
    mandatory: z
      .boolean()
      .default(false)
      .describe('RabbitMQ mandatory flag: an unroutable message is returned to the producer, not dropped.'),
    /**
     * RabbitMQ publisher confirms (`confirm.select`): the broker acks each message once every queue
     * it reached took it (an unroutable one at once), and nacks it when a full queue refused it.
     */
    confirms: z
      .boolean()
      .default(false)
      .describe(
        'RabbitMQ publisher confirms: basic.ack once every queue took the message, basic.nack when a full queue (reject-publish) refused it.',
      ),
  })
  .superRefine((config, ctx) => {
    // ProducerConfig.postProcessAndValidateIdempotenceConfigs: an explicit enable.idempotence=true
    // with acks other than all, or more than 5 in flight, is a ConfigException.
    if (config.enableIdempotence === true && config.acks !== 'all')
      ctx.addIssue({
        code: 'custom',
        path: ['enableIdempotence'],
        message:
          'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      });
    if (config.enableIdempotence === true && config.maxInFlightRequestsPerConnection > 5)
      ctx.addIssue({
        code: 'custom',
        path: ['enableIdempotence'],
        message: 'Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.',
      });
    // KafkaProducer.configureDeliveryTimeout: delivery.timeout.ms must cover linger.ms + request.timeout.ms.
    if (config.deliveryTimeoutMs < config.lingerMs + config.requestTimeoutMs)
      ctx.addIssue({
        code: 'custom',
        path: ['deliveryTimeoutMs'],
        message: `delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms (${config.lingerMs + config.requestTimeoutMs})`,
      });
  });
export type ProducerConfig = z.infer<typeof ProducerConfig>;

export const KafkaTopicConfig = z.strictObject({
  /** Topic name; defaults to the node id. */
  name: z.string().min(1).max(249).optional().describe('Topic name; defaults to the node id.'),
  /** Number of partitions (Kafka's `num.partitions` default is 1). */
  partitions: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(1)
    .describe('Number of partitions (Kafka num.partitions, default 1).'),
  /** `cleanup.policy`: delete old segments, keep the latest record per key, or both. */
  cleanupPolicy: z
    .enum(['delete', 'compact', 'compact,delete'])
    .default('delete')
    .describe('Kafka cleanup.policy: delete (retention), compact (latest value per key) or both.'),
  /** `retention.ms`: closed segments whose newest record is older than this are deleted; −1 = forever. */
  retentionMs: z
    .number()
    .int()
    .min(-1)
    .default(604_800_000)
    .describe('Kafka retention.ms (default 7 days); -1 keeps records forever.'),
  /** `retention.bytes`: per partition; the oldest segments go while the log stays above it; −1 = no limit. */
  retentionBytes: z
    .number()
    .int()
    .min(-1)
    .default(-1)
    .describe('Kafka retention.bytes per partition (default -1: no limit).'),
  /** `segment.bytes`: the active segment rolls when the next record would take it past this. */
  segmentBytes: z
    .number()
    .int()
    .min(14, { message: 'expected ≥ 14 (Kafka: LegacyRecord.RECORD_OVERHEAD_V0)' })
    .max(2_147_483_647)
    .default(1_073_741_824)
    .describe('Kafka segment.bytes (default 1 GiB).'),
  /** `segment.ms`: the active segment rolls when a record comes this long after the segment's first. */
  segmentMs: z.number().int().min(1).default(604_800_000).describe('Kafka segment.ms (default 7 days).'),
  /** `delete.retention.ms`: how long a tombstone survives after the cleaner first keeps it. */
  deleteRetentionMs: z
    .number()
    .int()
    .min(0)
    .default(86_400_000)
    .describe('Kafka delete.retention.ms (default 1 day): how long tombstones survive compaction.'),
  /** `min.cleanable.dirty.ratio`: the cleaner runs when the dirty share of the log's bytes exceeds this. */
  minCleanableDirtyRatio: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe('Kafka min.cleanable.dirty.ratio (default 0.5).'),
  /** `min.compaction.lag.ms`: records younger than this are not compacted. */
  minCompactionLagMs: z.number().int().min(0).default(0).describe('Kafka min.compaction.lag.ms (default 0).'),
  /** `replication.factor`: copies of each partition on different brokers (needs that many broker nodes). */
  replicationFactor: z
    .number()
    .int()
    .min(1)
    .max(16)
    .default(1)
    .describe('Replicas per partition (broker default.replication.factor is 1); needs as many kafka.broker nodes.'),
  /** `min.insync.replicas`: with acks=all, writes need this many in-sync replicas. */
  minInsyncReplicas: z
    .number()
    .int()
    .min(1)
    .default(1)
    .describe('Kafka min.insync.replicas: with acks=all a write needs this many in-sync replicas.'),
  /** `unclean.leader.election.enable`: with no in-sync replica left, elect any live one (and lose data). */
  uncleanLeaderElectionEnable: z
    .boolean()
    .default(false)
    .describe('Kafka unclean.leader.election.enable: elect an out-of-sync replica rather than stay offline.'),
  /** Broker `log.retention.check.interval.ms`: how often retention runs (delete-only topics). */
  retentionCheckIntervalMs: z
    .number()
    .int()
    .min(1)
    .default(300_000)
    .describe("Broker's log.retention.check.interval.ms (default 5 min)."),
  /** Broker `log.cleaner.backoff.ms`: how often the cleaner looks at a compacted log when idle. */
  cleanerBackoffMs: z.number().int().min(1).default(15_000).describe("Broker's log.cleaner.backoff.ms (default 15 s)."),
});
export type KafkaTopicConfig = z.infer<typeof KafkaTopicConfig>;

export const KafkaConsumerGroupConfig = z.strictObject({
  /** `group.id`; defaults to the node id. */
  groupId: z.string().min(1).max(249).optional().describe('Kafka group.id; defaults to the node id.'),
  /** Number of consumer instances (processes) in the group. */
  consumers: z
    .number()
    .int()
    .min(0)
    .max(64)
    .default(1)
    .describe('Number of consumer instances (processes) in the group.'),
  /** Time the application spends on each record. */
  processing: Distribution.prefault({ type: 'constant', ms: 10 }),
  /**
   * `partition.assignment.strategy`. The client default [Range, CooperativeSticky] selects Range and
   * rebalances eagerly; 'cooperative-sticky' alone uses the cooperative protocol (KIP-429).
   */
  assignor: z
    .enum(['range', 'roundrobin', 'sticky', 'cooperative-sticky'])
    .default('range')
    .describe(
      'Kafka partition.assignment.strategy: range, roundrobin and sticky rebalance eagerly (stop the whole group); cooperative-sticky moves only the partitions that change hands.',
    ),
  /** `session.timeout.ms`: a consumer that stops heartbeating is removed after this long. */
  sessionTimeoutMs: z
    .number()
    .int()
    .min(6000, { message: "expected ≥ 6000 (the broker's group.min.session.timeout.ms)" })
    .max(1_800_000, { message: "expected ≤ 1800000 (the broker's group.max.session.timeout.ms)" })
    .default(45_000)
    .describe('Kafka session.timeout.ms: a crashed consumer is noticed only after this long without heartbeats.'),
  /** `max.poll.interval.ms`: a consumer that does not poll for this long leaves the group. */
  maxPollIntervalMs: z
    .number()
    .int()
    .min(1)
    .max(86_400_000)
    .default(300_000)
    .describe(
      'Kafka max.poll.interval.ms: a consumer busy longer than this between polls is kicked out; also the rebalance timeout.',
    ),
  /** With auto-commit off: commit after processing a batch (at-least-once) or before (at-most-once). */
  commitTiming: z
    .enum(['after-processing', 'before-processing'])
    .default('after-processing')
    .describe(
      'With enable.auto.commit false: commitSync after processing each batch (at-least-once) or right after poll, before processing (at-most-once).',
    ),
  /** `enable.auto.commit`: commit positions inside poll() every autoCommitIntervalMs. When false,
   *  the application commits synchronously after processing each polled batch. */
  enableAutoCommit: z
    .boolean()
    .default(true)
    .describe('Kafka enable.auto.commit; false: commit after each processed batch.'),
  /** `auto.commit.interval.ms`. */
  autoCommitIntervalMs: z.number().int().min(0).default(5000).describe('Kafka auto.commit.interval.ms.'),
  /** `max.poll.records`: most records one poll() returns. */
  maxPollRecords: z.number().int().min(1).max(100_000).default(500).describe('Kafka max.poll.records.'),
  /** `auto.offset.reset`: where a partition with no committed offset starts. */
  autoOffsetReset: z
    .enum(['latest', 'earliest'])
    .default('latest')
    .describe('Kafka auto.offset.reset: where a partition without a committed offset starts.'),
  /** Broker's `group.initial.rebalance.delay.ms`: the first rebalance of an empty group waits this long. */
  initialRebalanceDelayMs: z
    .number()
    .int()
    .min(0)
    .max(300_000)
    .default(3000)
    .describe("Broker's group.initial.rebalance.delay.ms."),
  /** `heartbeat.interval.ms`: members learn of a rebalance at their next heartbeat. */
  heartbeatIntervalMs: z
    .number()
    .int()
    .min(1)
    .max(300_000)
    .default(3000)
    .describe('Kafka heartbeat.interval.ms: members learn of a rebalance at their next heartbeat.'),
});
export type KafkaConsumerGroupConfig = z.infer<typeof KafkaConsumerGroupConfig>;

/** Where `kafka-consumer-groups --reset-offsets` moves a group's committed offsets. */
export const ResetOffsetsTarget = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('earliest') }),
  z.strictObject({ type: z.literal('latest') }),
  /** --to-offset: clamped into [log start, log end] as the tool does. */
  z.strictObject({ type: z.literal('offset'), offset: z.number().int().min(0) }),
  /** --to-datetime: the first offset whose timestamp is at or after this virtual time. */
  z.strictObject({ type: z.literal('timestamp'), timestampMs: z.number().min(0) }),
  /** --shift-by: committed offset plus this (negative goes back), clamped. */
  z.strictObject({ type: z.literal('shift'), by: z.number().int() }),
]);
export type ResetOffsetsTarget = z.infer<typeof ResetOffsetsTarget>;

/** Something that happens to the running system at a virtual time: a fault or an operator's action. */
export const ScenarioAction = z.discriminatedUnion('type', [
  z.strictObject({
    atMs: z.number().min(0),
    /** A RabbitMQ consumer process dies: its channel closes and its unacknowledged messages are requeued. */
    type: z.literal('rabbitmq.consumer.crash'),
    /** The RabbitMQ consumer node. */
    consumer: Id,
    /** Which instance ("C2"); the first running one when absent. */
    member: z.string().max(16).optional(),
    /** A replacement process starts this long after the crash. */
    restartAfterMs: z.number().min(0).optional(),
  }),
  z.strictObject({
    atMs: z.number().min(0),
    /** The consumer process dies: no commit, no LeaveGroup; the coordinator notices after session.timeout.ms. */
    type: z.literal('kafka.consumer.crash'),
    /** The consumer group node. */
    group: Id,
    /** Which consumer, as labelled on the canvas ("C2"); the first running one when absent. */
    member: z.string().max(16).optional(),
    /** A replacement process starts this long after the crash (as an orchestrator would restart it). */
    restartAfterMs: z.number().min(0).optional(),
  }),
  z.strictObject({
    atMs: z.number().min(0),
    /** One more consumer process starts and joins the group (scaling out by one). */
    type: z.literal('kafka.consumer.start'),
    group: Id,
  }),
  z.strictObject({
    atMs: z.number().min(0),
    /** A consumer closes cleanly: it finishes its batch, commits (auto-commit on) and leaves the group. */
    type: z.literal('kafka.consumer.stop'),
    group: Id,
    /** Which consumer ("C2"); the newest running one when absent. */
    member: z.string().max(16).optional(),
  }),
  z.strictObject({
    atMs: z.number().min(0),
    /** The broker process dies; the controller fences it after broker.session.timeout.ms (9 s) and leaders move. */
    type: z.literal('kafka.broker.crash'),
    /** The broker node. */
    broker: Id,
  }),
  z.strictObject({
    atMs: z.number().min(0),
    /** The crashed broker starts again, catches up and rejoins the ISRs. */
    type: z.literal('kafka.broker.restart'),
    broker: Id,
  }),
  z.strictObject({
    atMs: z.number().min(0),
    /** The broker's replica fetchers stall (a long GC pause, a slow disk): its followers fall behind. */
    type: z.literal('kafka.broker.slow'),
    broker: Id,
    durationMs: z.number().min(0),
  }),
  z.strictObject({
    atMs: z.number().min(0),
    /** `kafka-consumer-groups --reset-offsets --execute` on every partition of the group's topics. */
    type: z.literal('kafka.group.resetOffsets'),
    group: Id,
    to: ResetOffsetsTarget,
    /**
     * The tool refuses while the group has members. true: stop the group's consumers (graceful
     * close), reset, then start them again, as an operator would; false: fail if the group is active.
     */
    stopConsumers: z.boolean().default(true),
  }),
]);
export type ScenarioAction = z.infer<typeof ScenarioAction>;

export const KafkaBrokerConfig = z.strictObject({
  /** `node.id`; defaults to 1, 2, 3 … in canvas order. */
  brokerId: z.number().int().min(0).max(1_000_000).optional().describe('Kafka node.id; defaults to 1, 2, 3… in order.'),
  /** `replica.lag.time.max.ms`: a follower not caught up for this long leaves the ISR. */
  replicaLagTimeMaxMs: z
    .number()
    .int()
    .min(1)
    .default(30_000)
    .describe('Kafka replica.lag.time.max.ms: a follower behind for this long is removed from the ISR.'),
  /** One way network time between brokers; a follower's fetch takes a round trip. Not a Kafka setting. */
  networkLatencyMs: z
    .number()
    .min(0)
    .max(10_000)
    .default(1)
    .describe('One-way network time between brokers (ms); replication takes a round trip.'),
});
export type KafkaBrokerConfig = z.infer<typeof KafkaBrokerConfig>;

/** A RabbitMQ exchange: routes each published message to queues (and exchanges) by its bindings. */
export const RabbitExchangeConfig = z.strictObject({
  /** The exchange's name on the broker; defaults to the node id. */
  name: z.string().min(1).max(255).optional().describe('Exchange name; defaults to the node id.'),
  type: z
    .enum(['direct', 'fanout', 'topic', 'headers'])
    .default('direct')
    .describe('direct: binding key = routing key; fanout: every binding; topic: * and # patterns; headers: x-match.'),
  /** `alternate-exchange`: the id of the exchange node that gets what this one cannot route. */
  alternateExchange: z
    .string()
    .optional()
    .describe('alternate-exchange: the exchange node that receives what matches no binding.'),
});
export type RabbitExchangeConfig = z.infer<typeof RabbitExchangeConfig>;

/** A RabbitMQ queue: classic or quorum, with its x-arguments. */
export const RabbitQueueConfig = z.strictObject({
  /** The queue's name on the broker; defaults to the node id (the default exchange routes by it). */
  name: z.string().min(1).max(255).optional().describe('Queue name; defaults to the node id.'),
  /** `x-queue-type`. */
  type: z.enum(['classic', 'quorum']).default('classic').describe('x-queue-type: classic or quorum.'),
  /** `x-message-ttl`: messages waiting longer expire (at the head of the queue). */
  messageTtlMs: z.number().int().min(0).optional().describe('x-message-ttl in ms; unset: no TTL.'),
  /** `x-max-length`: ready messages at most. */
  maxLength: z.number().int().min(0).optional().describe('x-max-length: ready messages at most; unset: no limit.'),
  /** `x-max-length-bytes`: ready message body bytes at most. */
  maxLengthBytes: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('x-max-length-bytes: ready body bytes at most; unset: no limit.'),
  /** `x-overflow`: what a full queue does. */
  overflow: z
    .enum(['drop-head', 'reject-publish', 'reject-publish-dlx'])
    .default('drop-head')
    .describe('x-overflow: drop the oldest (default), refuse the new one, or refuse and dead-letter it.'),
  /** `x-dead-letter-exchange`: the id of the exchange node dead letters go to ('' is the default exchange). */
  deadLetterExchange: z
    .string()
    .optional()
    .describe(
      'x-dead-letter-exchange: the exchange node id dead letters are published to ("" = the default exchange).',
    ),
  /** `x-dead-letter-routing-key`: replaces the message's routing key when it is dead-lettered. */
  deadLetterRoutingKey: z.string().max(255).optional().describe('x-dead-letter-routing-key; unset: the original key.'),
  /** `x-expires`: a queue unused this long (no consumers) is deleted, with its messages. */
  expiresMs: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('x-expires in ms: a queue without consumers for this long is deleted, messages and all; unset: never.'),
  /** Quorum queues: `x-delivery-limit` (20 since RabbitMQ 4.0; −1 = none). */
  deliveryLimit: z
    .number()
    .int()
    .min(-1)
    .default(20)
    .describe('Quorum queues: x-delivery-limit (default 20 since 4.0; -1 = no limit).'),
});
export type RabbitQueueConfig = z.infer<typeof RabbitQueueConfig>;

/** Applications consuming from RabbitMQ queues: how many, their prefetch, acks, speed and failures. */
export const RabbitConsumerConfig = z.strictObject({
  consumers: z.number().int().min(0).max(200).default(1).describe('Consumer instances (one channel each).'),
  /** `basic.qos` prefetch_count per consumer; 0 = unlimited (RabbitMQ's default). */
  prefetch: z
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(0)
    .describe('basic.qos prefetch_count per consumer (0 = unlimited, the default).'),
  /** `autoAck` (no-ack): a message counts as acknowledged when it is sent to the consumer. */
  autoAck: z.boolean().default(false).describe('no-ack: acknowledged on delivery (a crash loses what was delivered).'),
  processing: Distribution.prefault({ type: 'exponential', meanMs: 10 }),
  /** Chance that processing a message fails (on top of messages scripted to fail). */
  failureProbability: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe('Chance that processing a message fails (besides messages scripted with fails).'),
  /** What the consumer does with a message it failed on. */
  onFailure: z
    .enum(['nack-requeue', 'reject-requeue', 'reject'])
    .default('nack-requeue')
    .describe(
      'basic.nack with requeue (redelivered; in 4.3 not counted by quorum delivery limits), basic.reject with requeue (counted), or basic.reject without requeue (dead-lettered).',
    ),
  /**
   * RPC server (RabbitMQ tutorial 6): after processing a message that carries `reply_to`, publish a
   * reply to the default exchange with `reply_to` as routing key and the request's `correlation_id`,
   * then acknowledge the request.
   */
  replies: z
    .boolean()
    .default(false)
    .describe(
      'RPC server: after processing a message with reply_to, publish a reply (same correlation_id) to the default exchange with routing key reply_to, then ack.',
    ),
});
export type RabbitConsumerConfig = z.infer<typeof RabbitConsumerConfig>;

const nodeBase = { id: Id, position: Position.prefault({ x: 0, y: 0 }), label: z.string().max(80).optional() };

export const ProducerNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('producer'),
  config: ProducerConfig.prefault({}),
});
export const KafkaTopicNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('kafka.topic'),
  config: KafkaTopicConfig.prefault({}),
});
export const KafkaConsumerGroupNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('kafka.consumerGroup'),
  config: KafkaConsumerGroupConfig.prefault({}),
});

export const KafkaBrokerNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('kafka.broker'),
  config: KafkaBrokerConfig.prefault({}),
});

export const RabbitExchangeNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('rabbitmq.exchange'),
  config: RabbitExchangeConfig.prefault({}),
});

export const RabbitQueueNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('rabbitmq.queue'),
  config: RabbitQueueConfig.prefault({}),
});

export const RabbitConsumerNode = z.strictObject({
  ...nodeBase,
  kind: z.literal('rabbitmq.consumer'),
  config: RabbitConsumerConfig.prefault({}),
});

export const ScenarioNode = z.discriminatedUnion('kind', [
  ProducerNode,
  KafkaTopicNode,
  KafkaConsumerGroupNode,
  KafkaBrokerNode,
  RabbitExchangeNode,
  RabbitQueueNode,
  RabbitConsumerNode,
]);
export type ScenarioNode = z.infer<typeof ScenarioNode>;
export type NodeKind = ScenarioNode['kind'];
export const NODE_KINDS: readonly NodeKind[] = [
  'producer',
  'kafka.topic',
  'kafka.consumerGroup',
  'kafka.broker',
  'rabbitmq.exchange',
  'rabbitmq.queue',
  'rabbitmq.consumer',
];
export type NodeOfKind<K extends NodeKind> = Extract<ScenarioNode, { kind: K }>;

/** A header value as JSON: a string, a number (amqplib's typing: the smallest integer type, or a double), a boolean, or null (void). */
export const HeaderJson = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ScenarioEdge = z.strictObject({
  id: Id,
  source: Id,
  target: Id,
  config: z
    .strictObject({
      /**
       * From a RabbitMQ exchange: one binding per key (direct and topic exchanges compare it with the
       * routing key; fanout ignores it). Default: one binding with the empty key.
       */
      bindingKeys: z
        .array(z.string().max(255))
        .min(1)
        .max(20)
        .optional()
        .describe('RabbitMQ binding keys, one binding each (from an exchange only); default [""].'),
      /** From a RabbitMQ headers exchange: the binding arguments (x-match and the header values to match). */
      arguments: z
        .record(z.string(), HeaderJson)
        .optional()
        .describe(
          'RabbitMQ binding arguments for a headers exchange: x-match (all, any, all-with-x, any-with-x) and values.',
        ),
    })
    .prefault({}),
});
export type ScenarioEdge = z.infer<typeof ScenarioEdge>;

/** Which edges make sense: source kind → target kinds. */
export const ALLOWED_EDGES: Readonly<Record<NodeKind, readonly NodeKind[]>> = {
  // A producer → queue edge publishes through the default exchange, with the queue's name as routing key.
  producer: ['kafka.topic', 'rabbitmq.exchange', 'rabbitmq.queue'],
  'kafka.topic': ['kafka.consumerGroup'],
  'kafka.consumerGroup': [],
  // Every topic is placed on the cluster that all broker nodes form: no edges needed.
  'kafka.broker': [],
  // Bindings: exchange → queue, and exchange → exchange.
  'rabbitmq.exchange': ['rabbitmq.queue', 'rabbitmq.exchange'],
  // queue → producer: the producer is an RPC client that consumes its replies from this queue (its
  // callback queue); its requests carry reply_to = the queue's name and a correlation_id.
  'rabbitmq.queue': ['rabbitmq.consumer', 'producer'],
  'rabbitmq.consumer': [],
};

export const ScenarioShape = z.strictObject({
  format: z.literal(SCENARIO_FORMAT),
  version: z.literal(CURRENT_VERSION),
  meta: z
    .strictObject({
      title: z.string().max(200).default('Untitled scenario'),
      description: z.string().max(5000).default(''),
      /** A guided tour: steps shown one at a time beside the canvas, as plain text. */
      tour: z
        .array(
          z.strictObject({
            title: z.string().min(1).max(80),
            /** Plain text (never rendered as HTML); blank lines separate paragraphs. */
            text: z.string().max(2000),
            /** When this step is worth reading: the tour suggests running to this virtual time. */
            atMs: z.number().min(0).optional(),
          }),
        )
        .max(30)
        .default([])
        .describe('Guided tour steps shown beside the canvas (plain text).'),
    })
    .prefault({}),
  /** Seed of every random draw; the same seed replays the same run. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1)
    .describe('Seed of every random draw; the same seed replays the same run.'),
  run: z
    .strictObject({
      durationMs: z.number().positive().max(86_400_000).default(60_000).describe('Virtual time a run lasts.'),
    })
    .prefault({}),
  nodes: z.array(ScenarioNode).max(500),
  edges: z.array(ScenarioEdge).max(2000).default([]),
  /** Faults and operator actions, each at a virtual time (also what the UI records when you trigger one). */
  actions: z
    .array(ScenarioAction)
    .max(1000)
    .default([])
    .describe('Faults and operator actions at virtual times (consumer crashes, offset resets).'),
});

/** The whole document, with cross-references checked (ids unique, edges between compatible nodes). */
export const Scenario = ScenarioShape.superRefine((doc, ctx) => {
  const kinds = new Map<string, NodeKind>();
  doc.nodes.forEach((node, i) => {
    if (kinds.has(node.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['nodes', i, 'id'],
        message: `duplicate node id "${node.id}"`,
        input: node.id,
      });
    }
    kinds.set(node.id, node.kind);
  });
  const edgeIds = new Set<string>();
  const pairs = new Set<string>();
  doc.edges.forEach((edge, i) => {
    if (edgeIds.has(edge.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['edges', i, 'id'],
        message: `duplicate edge id "${edge.id}"`,
        input: edge.id,
      });
    }
    edgeIds.add(edge.id);
    const from = kinds.get(edge.source);
    const to = kinds.get(edge.target);
    if (from === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['edges', i, 'source'],
        message: `no node with id "${edge.source}"`,
        input: edge.source,
      });
    }
    if (to === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['edges', i, 'target'],
        message: `no node with id "${edge.target}"`,
        input: edge.target,
      });
    }
    if (from !== undefined && to !== undefined && !ALLOWED_EDGES[from].includes(to)) {
      const allowed = ALLOWED_EDGES[from];
      ctx.addIssue({
        code: 'custom',
        path: ['edges', i, 'target'],
        message: `a ${from} cannot connect to a ${to}${allowed.length ? ` (it connects to: ${allowed.join(', ')})` : ' (it has no outgoing connections)'}`,
        input: edge.target,
      });
    }
    const pair = `${edge.source}\u0000${edge.target}`;
    if (pairs.has(pair)) {
      ctx.addIssue({
        code: 'custom',
        path: ['edges', i],
        message: `"${edge.source}" is already connected to "${edge.target}"`,
      });
    }
    pairs.add(pair);
  });
  doc.actions.forEach((action, i) => {
    const [field, id, expected] =
      'group' in action
        ? (['group', action.group, 'kafka.consumerGroup'] as const)
        : 'consumer' in action
          ? (['consumer', action.consumer, 'rabbitmq.consumer'] as const)
          : (['broker', action.broker, 'kafka.broker'] as const);
    const kind = kinds.get(id);
    if (kind !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['actions', i, field],
        message: kind === undefined ? `no node with id "${id}"` : `expected a ${expected} node, got a ${kind}`,
        input: id,
      });
    }
  });
  // RabbitMQ references: alternate and dead-letter exchanges name exchange nodes; binding settings
  // belong on edges that leave an exchange.
  doc.nodes.forEach((node, i) => {
    const refs: [string, string | undefined][] =
      node.kind === 'rabbitmq.exchange'
        ? [['alternateExchange', node.config.alternateExchange]]
        : node.kind === 'rabbitmq.queue'
          ? [['deadLetterExchange', node.config.deadLetterExchange || undefined]]
          : [];
    for (const [field, ref] of refs) {
      if (ref === undefined || kinds.get(ref) === 'rabbitmq.exchange') continue;
      ctx.addIssue({
        code: 'custom',
        path: ['nodes', i, 'config', field],
        message: kinds.has(ref)
          ? `expected a rabbitmq.exchange node, got a ${kinds.get(ref)}`
          : `no exchange node with id "${ref}"`,
        input: ref,
      });
    }
  });
  doc.edges.forEach((edge, i) => {
    const from = kinds.get(edge.source);
    const args = edge.config.arguments;
    const source = doc.nodes.find((n) => n.id === edge.source);
    if (source?.kind === 'rabbitmq.exchange' && source.config.type === 'headers' && args) {
      // rabbit_exchange_type_headers:validate_binding refuses a bad x-match with 406 PRECONDITION_FAILED.
      const table: Record<string, HeaderValue> = {};
      for (const [key, value] of Object.entries(args)) {
        const typed = fromAmqplibValue(value);
        if (typed) table[key] = typed;
      }
      const refusal = headersBindingError(table);
      if (refusal)
        ctx.addIssue({
          code: 'custom',
          path: ['edges', i, 'config', 'arguments', 'x-match'],
          message: `RabbitMQ refuses this binding (406 PRECONDITION_FAILED): ${refusal}`,
        });
    }
    if (from === 'rabbitmq.exchange' || (edge.config.bindingKeys === undefined && args === undefined)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['edges', i, 'config'],
      message: 'binding keys and arguments belong on an edge from a rabbitmq.exchange',
    });
  });
  // A message that fails at named consumers names rabbitmq.consumer nodes.
  doc.nodes.forEach((node, i) => {
    if (node.kind !== 'producer' || node.config.traffic.type !== 'scripted') return;
    node.config.traffic.messages.forEach((message, m) => {
      if (!Array.isArray(message.fails)) return;
      message.fails.forEach((id, k) => {
        if (kinds.get(id) === 'rabbitmq.consumer') return;
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'config', 'traffic', 'messages', m, 'fails', k],
          message: kinds.has(id)
            ? `expected a rabbitmq.consumer node, got a ${kinds.get(id)}`
            : `no rabbitmq.consumer node with id "${id}"`,
          input: id,
        });
      });
    });
  });
  // An RPC client has one callback queue.
  const replyQueues = new Map<string, number>();
  doc.edges.forEach((edge, i) => {
    if (kinds.get(edge.source) !== 'rabbitmq.queue' || kinds.get(edge.target) !== 'producer') return;
    if (replyQueues.has(edge.target)) {
      ctx.addIssue({
        code: 'custom',
        path: ['edges', i],
        message: `producer "${edge.target}" already takes its replies from another queue (one callback queue per producer)`,
      });
      return;
    }
    replyQueues.set(edge.target, i);
  });
  // Replicas go on distinct brokers: the cluster must have enough of them (InvalidReplicationFactorException).
  const brokers = doc.nodes.filter((n) => n.kind === 'kafka.broker');
  const ids = new Set<number>();
  brokers.forEach((node, k) => {
    const id = node.config.brokerId ?? k + 1;
    if (ids.has(id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['nodes', doc.nodes.indexOf(node), 'config', 'brokerId'],
        message: `duplicate broker id ${id}`,
        input: id,
      });
    }
    ids.add(id);
  });
  doc.nodes.forEach((node, i) => {
    if (node.kind !== 'kafka.topic') return;
    const available = Math.max(1, brokers.length);
    if (node.config.replicationFactor > available) {
      ctx.addIssue({
        code: 'custom',
        path: ['nodes', i, 'config', 'replicationFactor'],
        message: `replication factor ${node.config.replicationFactor} is larger than the number of brokers (${brokers.length === 0 ? 'none on the canvas: add kafka.broker nodes' : brokers.length})`,
        input: node.config.replicationFactor,
      });
    }
  });
});
export type Scenario = z.infer<typeof Scenario>;
/** A scenario as written in a file: every field with a default may be left out. */
export type ScenarioInput = z.input<typeof Scenario>;
