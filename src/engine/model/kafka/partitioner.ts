/**
 * Kafka's producer partitioning, as the Java client does it.
 *
 * Keyed records: partition = toPositive(murmur2(serializedKey)) % numPartitions.
 * Source: apache/kafka @1eb76443, clients/src/main/java/org/apache/kafka/common/utils/Utils.java
 * (`murmur2`, `toPositive`) and clients/.../producer/internals/BuiltInPartitioner.java
 * (`partitionForKey`). Keys are serialized as UTF-8, like `StringSerializer`. An empty key is
 * zero bytes, not null, so it is hashed. `toPositive` masks the sign bit; it is not Math.abs.
 *
 * Null keys: the built-in uniform sticky partitioner (KIP-794, Kafka ≥ 3.3; BuiltInPartitioner
 * `nextPartition` / `updatePartitionInfo`): stay on one partition until `batch.size` bytes have
 * been appended to it and its last batch is full (or 2 × batch.size regardless), then move to a
 * uniformly random partition (which may be the same one). The bytes counted are the records' size
 * inside their batch, batch headers included (sender.ts).
 * Simplified: adaptive partitioning (partitioner.adaptive.partitioning.enable, weights by each
 * broker's queue length) is not modelled: every partition is chosen with equal chance, which is
 * what Kafka does when the queues are equal.
 */
import type { RandomStream } from '../../kernel/rng';

const SEED = 0x9747b28c | 0;
const M = 0x5bd1e995;
const R = 24;

/** Kafka's `Utils.murmur2`: the signed 32-bit murmur2 hash of `data`. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k =
      (data[i4] as number) |
      ((data[i4 + 1] as number) << 8) |
      ((data[i4 + 2] as number) << 16) |
      ((data[i4 + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  // Java's fall-through switch over the 1–3 trailing bytes.
  const rest = length & 3;
  if (rest === 3) h ^= (data[tail + 2] as number) << 16;
  if (rest >= 2) h ^= (data[tail + 1] as number) << 8;
  if (rest >= 1) {
    h ^= data[tail] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (so −1 becomes 2147483647, not 1). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

const encoder = new TextEncoder();

/** The bytes Kafka's `StringSerializer` writes for a key. */
export function serializeKey(key: string): Uint8Array {
  return encoder.encode(key);
}

/** `BuiltInPartitioner.partitionForKey`. */
export function partitionForKey(key: string, numPartitions: number): number {
  return toPositive(murmur2(serializeKey(key))) % numPartitions;
}

/** Every number behind a keyed partition choice, for the "why this partition?" answer. */
export type KeyPartitionExplanation = {
  key: string;
  keyBytes: number;
  murmur2: number;
  positive: number;
  numPartitions: number;
  partition: number;
};

export function explainKeyPartition(key: string, numPartitions: number): KeyPartitionExplanation {
  const bytes = serializeKey(key);
  const hash = murmur2(bytes);
  const positive = toPositive(hash);
  return { key, keyBytes: bytes.length, murmur2: hash, positive, numPartitions, partition: positive % numPartitions };
}

/** KIP-794 uniform sticky state for one (producer, topic). */
export class StickyPartitioner {
  /** The partition records without a key currently go to; −1 before the first record. */
  current = -1;
  /** Bytes produced to `current` since it was chosen. */
  producedBytes = 0;
  /** How many times the sticky partition has switched. */
  switches = 0;

  constructor(
    private readonly batchSizeBytes: number,
    private readonly stream: RandomStream,
  ) {}

  /** The partition for the next null-key record (BuiltInPartitioner.peekCurrentPartitionInfo). */
  partition(numPartitions: number): number {
    if (this.current < 0 || this.current >= numPartitions) this.choose(numPartitions);
    return this.current;
  }

  /**
   * `updatePartitionInfo`: `appendedBytes` went to the current partition. Switch once batch.size
   * bytes went there and the partition's last batch is full (`enableSwitch`, RecordAccumulator's
   * `allBatchesFull`, so a half-filled batch is not left behind), or at twice batch.size regardless.
   */
  onAppended(appendedBytes: number, enableSwitch: boolean, numPartitions: number): void {
    this.producedBytes += appendedBytes;
    const size = this.batchSizeBytes;
    if ((this.producedBytes >= size && enableSwitch) || this.producedBytes >= size * 2) {
      this.choose(numPartitions);
      this.switches++;
    }
  }

  private choose(numPartitions: number): void {
    this.current = this.stream.nextUint32() % numPartitions;
    this.producedBytes = 0;
  }
}
