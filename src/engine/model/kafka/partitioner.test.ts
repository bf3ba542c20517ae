import { describe, expect, it } from 'vitest';
import vectors from '../../../../vectors/kafka-partition.json';
import { createStream } from '../../kernel/rng';
import {
  explainKeyPartition,
  murmur2,
  partitionForKey,
  serializeKey,
  StickyPartitioner,
  toPositive,
} from './partitioner';

type Row = {
  key?: string;
  keyHex?: string;
  keyByteLength: number;
  murmur2: number;
  partitions: Record<string, number>;
};

function bytesOf(row: Row): Uint8Array {
  // Raw byte keys (IntegerSerializer, LongSerializer…) have only keyHex; long keys only key.
  if (row.keyHex !== undefined && row.keyHex.length === row.keyByteLength * 2) {
    return Uint8Array.from(row.keyHex.match(/../g) ?? [], (h) => parseInt(h, 16));
  }
  return serializeKey(row.key ?? '');
}

describe('murmur2 (Kafka Utils.murmur2)', () => {
  it.each(Object.entries(vectors.kafkaUnitTestVectors.cases))(
    'matches UtilsTest.testMurmur2 for "%s"',
    (key, expected) => {
      expect(murmur2(serializeKey(key))).toBe(expected);
    },
  );

  it.each((vectors.rows as Row[]).map((row) => [row.key?.slice(0, 24) ?? `0x${row.keyHex}`, row] as const))(
    'matches the real implementations for key %j',
    (_, row) => {
      const bytes = bytesOf(row);
      expect(bytes.length).toBe(row.keyByteLength);
      expect(murmur2(bytes)).toBe(row.murmur2);
      for (const [count, partition] of Object.entries(row.partitions)) {
        expect(toPositive(murmur2(bytes)) % Number(count)).toBe(partition);
      }
    },
  );

  it('hashes the empty key (zero bytes is not null)', () => {
    expect(murmur2(new Uint8Array(0))).toBe(275646681);
    expect(partitionForKey('', 6)).toBe(3);
  });

  it('masks the sign bit instead of taking the absolute value', () => {
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-790332482)).toBe(-790332482 & 0x7fffffff);
  });

  it('explains a keyed choice step by step', () => {
    const why = explainKeyPartition('foobar', 12);
    expect(why).toEqual({
      key: 'foobar',
      keyBytes: 6,
      murmur2: -790332482,
      positive: 1357151166,
      numPartitions: 12,
      partition: 6,
    });
  });
});

describe('uniform sticky partitioner (KIP-794)', () => {
  it('stays on one partition until batch.size bytes went to it, then draws again', () => {
    const sticky = new StickyPartitioner(1000, createStream(1, 'p'));
    const send = () => {
      const p = sticky.partition(6);
      sticky.onAppended(300, true, 6);
      return p;
    };
    const first = send();
    expect(send()).toBe(first);
    expect(send()).toBe(first);
    expect(sticky.switches).toBe(0);
    send(); // 1200 bytes ≥ batch.size: switch after this record
    expect(sticky.switches).toBe(1);
    expect(sticky.producedBytes).toBe(0);
  });

  it('does not leave a half-full batch behind: waits for a full batch, or twice batch.size', () => {
    const sticky = new StickyPartitioner(1000, createStream(1, 'p'));
    const first = sticky.partition(6);
    sticky.onAppended(1200, false, 6); // batch.size reached, but the last batch is not full
    expect(sticky.partition(6)).toBe(first);
    expect(sticky.switches).toBe(0);
    sticky.onAppended(800, false, 6); // 2000 = 2 × batch.size: switch regardless
    expect(sticky.switches).toBe(1);
  });

  it('spreads null-key records uniformly over partitions in the long run', () => {
    const sticky = new StickyPartitioner(16384, createStream(7, 'p'));
    const counts = new Array(6).fill(0);
    // 6M records of 100 bytes = ~36,600 stints of 164 records; each partition's share of stints
    // has a standard deviation of ~1.2 %, so 5 % is a loose bound that still catches a bias.
    for (let i = 0; i < 6_000_000; i++) {
      counts[sticky.partition(6)]++;
      sticky.onAppended(100, true, 6);
    }
    for (const count of counts) expect(Math.abs(count - 1_000_000)).toBeLessThan(50_000);
  });
});
