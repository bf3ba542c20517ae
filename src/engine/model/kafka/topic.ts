/**
 * A Kafka topic as a set of partition logs: each partition is an append-only sequence of records,
 * and a record's offset is its position in that sequence (the first record of an empty
 * partition gets offset 0; each append takes the log end offset and increments it by one).
 * Source: Kafka documentation, "Topics and Logs" (https://kafka.apache.org/documentation/#intro_concepts_and_terms).
 *
 * Simplified in this version: one broker, no replication (the high watermark equals the log end
 * offset), no retention (the log start offset stays 0), no compaction.
 */
import { GrowableInt32 } from '../../kernel/growable';

export type Topic = {
  readonly index: number;
  readonly nodeId: string;
  readonly name: string;
  readonly partitions: number;
  /** Per partition: message ids in offset order (offset = position + logStartOffset). */
  readonly logs: GrowableInt32[];
  /** Per partition: the first offset still in the log. */
  readonly logStartOffsets: Float64Array;
  /** Indices of the consumer groups subscribed to this topic… */
  readonly groups: number[];
  /** …and this topic's index within each of those groups' subscriptions. */
  readonly groupTopicIndex: number[];
};

export function createTopic(index: number, nodeId: string, name: string, partitions: number): Topic {
  return {
    index,
    nodeId,
    name,
    partitions,
    logs: Array.from({ length: partitions }, () => new GrowableInt32(256)),
    logStartOffsets: new Float64Array(partitions),
    groups: [],
    groupTopicIndex: [],
  };
}

/** The log end offset: the offset the next appended record will get. */
export function logEndOffset(topic: Topic, partition: number): number {
  return (topic.logStartOffsets[partition] as number) + (topic.logs[partition] as GrowableInt32).length;
}

/** Appends a message and returns its offset. */
export function appendRecord(topic: Topic, partition: number, msgId: number): number {
  const log = topic.logs[partition] as GrowableInt32;
  const offset = (topic.logStartOffsets[partition] as number) + log.length;
  log.push(msgId);
  return offset;
}

/** The message id at an offset, or −1 when the offset is outside the log. */
export function recordAt(topic: Topic, partition: number, offset: number): number {
  const log = topic.logs[partition];
  if (!log) return -1;
  const position = offset - (topic.logStartOffsets[partition] as number);
  if (position < 0 || position >= log.length || !Number.isInteger(position)) return -1;
  return log.data[position] as number;
}
