/**
 * A Kafka topic as a set of partition logs. Each partition is an append-only sequence of records
 * kept in segments (partitionLog.ts): a record's offset is the log end offset when it is appended;
 * retention deletes whole old segments and moves the log start offset; compaction removes records
 * superseded by a later one with the same key, leaving gaps (offsets never change).
 * Source: Kafka documentation, "Topics and Logs" (https://kafka.apache.org/documentation/#intro_concepts_and_terms),
 * and partitionLog.ts for the broker's rules.
 *
 * With broker nodes on the canvas, replication.ts replicates each partition and moves its high
 * watermark; without them there is one implicit broker and the high watermark is the log end offset.
 */
import type { KafkaTopicConfig } from '../../../scenario/schema';
import { PartitionLog, type CleanResult, type LogConfig, type RecordSource } from './partitionLog';

/**
 * What each record adds to a log on disk beyond its key and value: the v2 record batch header
 * (61 bytes, DefaultRecordBatch.RECORD_BATCH_OVERHEAD) plus a record's own varint header (~9
 * bytes), since every record here is its own batch. Segment sizes and retention.bytes count it.
 */
export const RECORD_OVERHEAD_BYTES = 70;

export type Topic = {
  readonly index: number;
  readonly nodeId: string;
  readonly name: string;
  readonly partitions: number;
  config: KafkaTopicConfig;
  /** One log per partition. */
  readonly logs: PartitionLog[];
  /** Indices of the consumer groups subscribed to this topic… */
  readonly groups: number[];
  /** …and this topic's index within each of those groups' subscriptions. */
  readonly groupTopicIndex: number[];
  /** Records deleted by retention, and removed by the cleaner, over the run. */
  deletedByRetention: number;
  compactedAway: number;
  /**
   * Per partition: the high watermark, the offset up to which records are replicated to every
   * in-sync replica and consumers may read. Without replication it follows the log end offset.
   */
  readonly highWatermarks: Float64Array;
  /** Replicated by a cluster of broker nodes (replication.ts keeps the high watermarks); else one implicit broker. */
  replicated: boolean;
  /** Per partition: 1 while its leader is up, so consumers can fetch. */
  readonly readable: Uint8Array;
  /** Records cut off by leader changes, and how many of them the producer had been told were written. */
  truncated: number;
  /** Per partition: acknowledged records a leader change cut off (the report sums them). */
  readonly ackedLostByPartition: Float64Array;
  /** Per partition: the last cleaner pass that removed something, for the "before and after" view. */
  readonly lastClean: ({ atMs: number; result: CleanResult } | null)[];
  /** Per partition: the last leader changes that cut the log, with the records they removed. */
  readonly truncations: Truncation[][];
};

/** A leader change that cut a partition's log: which records went, and whether each had been acknowledged. */
export type Truncation = {
  atMs: number;
  reason: string;
  /** The first offset cut (the new log end offset). */
  fromOffset: number;
  /** How many records went; `records` keeps the first TRUNCATION_RECORDS of them. */
  count: number;
  ackedCount: number;
  records: { msgId: number; offset: number; acked: boolean }[];
};

export const TRUNCATIONS_KEPT = 5;
export const TRUNCATION_RECORDS = 48;

/** The log settings of a topic's config. */
export function logConfigOf(config: KafkaTopicConfig): LogConfig {
  return {
    segmentBytes: config.segmentBytes,
    segmentMs: config.segmentMs,
    retentionMs: config.retentionMs,
    retentionBytes: config.retentionBytes,
    cleanupPolicy: config.cleanupPolicy,
    deleteRetentionMs: config.deleteRetentionMs,
    minCleanableDirtyRatio: config.minCleanableDirtyRatio,
    minCompactionLagMs: config.minCompactionLagMs,
  };
}

export function createTopic(index: number, nodeId: string, config: KafkaTopicConfig, source: RecordSource): Topic {
  const logConfig = logConfigOf(config);
  return {
    index,
    nodeId,
    name: config.name ?? nodeId,
    partitions: config.partitions,
    config,
    logs: Array.from({ length: config.partitions }, () => new PartitionLog(logConfig, source, 256)),
    groups: [],
    groupTopicIndex: [],
    highWatermarks: new Float64Array(config.partitions),
    replicated: false,
    readable: new Uint8Array(config.partitions).fill(1),
    truncated: 0,
    ackedLostByPartition: new Float64Array(config.partitions),
    deletedByRetention: 0,
    compactedAway: 0,
    lastClean: Array.from({ length: config.partitions }, () => null),
    truncations: Array.from({ length: config.partitions }, () => []),
  };
}

/** Whether the topic is compacted (cleanup.policy compact or compact,delete). */
export function isCompacted(topic: Topic): boolean {
  return topic.config.cleanupPolicy !== 'delete';
}

/** The log end offset: the offset the next appended record will get. */
export function logEndOffset(topic: Topic, partition: number): number {
  return (topic.logs[partition] as PartitionLog).logEndOffset;
}

/** The first offset still in the log. */
export function logStartOffset(topic: Topic, partition: number): number {
  return (topic.logs[partition] as PartitionLog).logStartOffset;
}

/** The high watermark: consumers read below it (read_uncommitted), and `latest` means it. */
export function highWatermark(topic: Topic, partition: number): number {
  return topic.highWatermarks[partition] as number;
}

/** Appends a message and returns its offset; without replication the high watermark follows at once. */
export function appendRecord(topic: Topic, partition: number, msgId: number, nowMs: number): number {
  const offset = (topic.logs[partition] as PartitionLog).append(msgId, nowMs);
  if (!topic.replicated) topic.highWatermarks[partition] = offset + 1;
  return offset;
}

/** The message id at an offset, or −1 when no record has that offset (deleted, compacted away, not yet written). */
export function recordAt(topic: Topic, partition: number, offset: number): number {
  const log = topic.logs[partition];
  if (!log || !Number.isInteger(offset)) return -1;
  const index = log.indexOf(offset);
  return index < log.length && log.offsetAt(index) === offset ? log.msgIdAt(index) : -1;
}

/** The first record at or after an offset: its message id, or −1 when none. */
export function recordAtOrAfter(topic: Topic, partition: number, offset: number): number {
  const log = topic.logs[partition];
  if (!log) return -1;
  const index = log.indexOf(offset);
  return index < log.length ? log.msgIdAt(index) : -1;
}
