/**
 * Latency histograms in bounded memory, with HdrHistogram's bucket layout: 3 significant digits
 * (every value is counted in a bucket no wider than 1/1000 of it), values in whole microseconds
 * up to 24 h, 28,672 counters whatever the number of values.
 *
 * Layout and percentile rule follow HdrHistogram (Gil Tene; the TypeScript port hdr-histogram-js
 * `JsHistogram`: `countsArrayIndex`, `valueFromIndex`, `getValueAtPercentile`,
 * `highestEquivalentValue`). histogram.test.ts checks that every percentile equals
 * hdr-histogram-js's on random data.
 *
 * Why not the library itself: a simulation records one value per consumed message, and
 * hdr-histogram-js costs ~215 ns per value in its JS build and ~80 ns through its WebAssembly
 * build's loader (measured on this project's machines), 20 % of the engine's time in the
 * reference benchmark; this recorder costs a few ns.
 */

const SUB_BUCKET_HALF_COUNT_MAGNITUDE = 10; // 2 × 10^3 → sub-bucket count 2048
const SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_COUNT_MAGNITUDE;
const SUB_BUCKET_MASK = 2 * SUB_BUCKET_HALF_COUNT - 1;
const LEADING_ZERO_COUNT_BASE = 64 - SUB_BUCKET_HALF_COUNT_MAGNITUDE - 1;
const MAX_TRACKABLE_US = 24 * 3600 * 1_000_000;
const TWO_POW_32 = 4294967296;
/** Buckets needed to cover MAX_TRACKABLE_US (HdrHistogram `getBucketsNeededToCoverValue`). */
const BUCKET_COUNT = (() => {
  let smallestUntrackable = 2 * SUB_BUCKET_HALF_COUNT;
  let buckets = 1;
  while (smallestUntrackable <= MAX_TRACKABLE_US) {
    smallestUntrackable *= 2;
    buckets++;
  }
  return buckets;
})();
const COUNTS_LENGTH = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT;

function bucketIndexOf(value: number): number {
  const leadingZeros =
    value >= TWO_POW_32 ? Math.clz32(Math.floor(value / TWO_POW_32)) : 32 + Math.clz32((value | SUB_BUCKET_MASK) >>> 0);
  return LEADING_ZERO_COUNT_BASE - leadingZeros;
}

/** Index of the counter for an integer value ≥ 0. */
export function countsIndexOf(value: number): number {
  const bucket = bucketIndexOf(value);
  const subBucket =
    bucket < 31
      ? value < TWO_POW_32
        ? value >>> bucket
        : Math.floor(value / 2 ** bucket)
      : Math.floor(value / 2 ** bucket);
  return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (subBucket - SUB_BUCKET_HALF_COUNT);
}

/** The lowest value counted at `index`. */
function valueFromIndex(index: number): number {
  let bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  let subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
  if (bucket < 0) {
    subBucket -= SUB_BUCKET_HALF_COUNT;
    bucket = 0;
  }
  return subBucket * 2 ** bucket;
}

/** The highest value counted at the same index as `value`. */
function highestEquivalentValue(value: number): number {
  const bucket = bucketIndexOf(value);
  const subBucket = Math.floor(value / 2 ** bucket);
  const adjustedBucket = subBucket >= 2 * SUB_BUCKET_HALF_COUNT ? bucket + 1 : bucket;
  const lowest = subBucket * 2 ** bucket;
  return lowest + 2 ** adjustedBucket - 1;
}

const bits = new DataView(new ArrayBuffer(8));

/** The unit in the last place of a positive double (0 for 0), from its exponent bits. */
function ulp(x: number): number {
  if (!(x > 0)) return 0;
  bits.setFloat64(0, x);
  const exponent = ((bits.getUint32(0) >>> 20) & 0x7ff) - 1023;
  return 2 ** (exponent - 52);
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(COUNTS_LENGTH);
  private total = 0;
  private minIndex = COUNTS_LENGTH;
  private maxIndex = 0;
  private maxUs = 0;

  /** Records one latency in virtual milliseconds (rounded to whole microseconds). */
  record(ms: number): void {
    let us = Math.round(ms * 1000);
    if (!(us > 0)) us = 0;
    else if (us > MAX_TRACKABLE_US) us = MAX_TRACKABLE_US;
    const index = countsIndexOf(us);
    this.counts[index] = (this.counts[index] as number) + 1;
    this.total++;
    if (index > this.maxIndex) this.maxIndex = index;
    if (index < this.minIndex) this.minIndex = index;
    if (us > this.maxUs) this.maxUs = us;
  }

  count(): number {
    return this.total;
  }

  /** The largest recorded value, in ms (exact). */
  maxMs(): number {
    return this.maxUs / 1000;
  }

  /** The value at a percentile (0–100) in ms, as HdrHistogram reports it; 0 when empty. */
  percentileMs(percentile: number): number {
    return this.percentilesMs([percentile])[0] as number;
  }

  /** Several percentiles (ascending) in one pass over the counters. */
  percentilesMs(percentiles: readonly number[]): number[] {
    const out = percentiles.map(() => 0);
    if (this.total === 0) return out;
    let k = 0;
    let running = 0;
    // HdrHistogram: round the fractional count up, minus one ulp of floating-point noise.
    const targets = percentiles.map((p) => {
      const fp = (Math.min(Math.max(p, 0), 100) / 100) * this.total;
      return Math.max(Math.ceil(fp - ulp(fp)), 1);
    });
    for (let i = this.minIndex; i <= this.maxIndex && k < percentiles.length; i++) {
      running += this.counts[i] as number;
      while (k < percentiles.length && running >= (targets[k] as number)) {
        const value = valueFromIndex(i);
        out[k] = (percentiles[k] === 0 ? value : highestEquivalentValue(value)) / 1000;
        k++;
      }
    }
    return out;
  }

  /** Adds every value of `other` to this histogram. */
  add(other: LatencyHistogram): void {
    for (let i = other.minIndex; i <= other.maxIndex; i++) {
      this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
    }
    this.total += other.total;
    if (other.maxIndex > this.maxIndex) this.maxIndex = other.maxIndex;
    if (other.minIndex < this.minIndex) this.minIndex = other.minIndex;
    if (other.maxUs > this.maxUs) this.maxUs = other.maxUs;
  }

  reset(): void {
    if (this.total > 0) this.counts.fill(0, this.minIndex, this.maxIndex + 1);
    this.total = 0;
    this.minIndex = COUNTS_LENGTH;
    this.maxIndex = 0;
    this.maxUs = 0;
  }
}

export function createLatencyHistogram(): LatencyHistogram {
  return new LatencyHistogram();
}
