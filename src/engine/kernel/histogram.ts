/**
 * Latency histograms in bounded memory: HdrHistogram (hdr-histogram-js, the TypeScript port of
 * Gil Tene's HdrHistogram) with 3 significant digits, values recorded in microseconds.
 *
 * The WebAssembly build is used: it records a value in ~34 ns where the library's pure-JS
 * histogram takes ~215 ns (measured on this project's machines; see docs/architecture.md), and a
 * simulation records one value per consumed message. Its memory is outside the JS heap, so every
 * histogram is released with `destroy()` when its simulation is disposed.
 */
import { build, initWebAssemblySync, type Histogram } from 'hdr-histogram-js';

export type LatencyHistogram = {
  /** Records one latency in virtual milliseconds. */
  record(ms: number): void;
  /** The value at a percentile (0–100) in milliseconds, 0 when empty. */
  percentileMs(percentile: number): number;
  maxMs(): number;
  count(): number;
  reset(): void;
  /** Adds every value of another histogram to this one. */
  add(other: LatencyHistogram): void;
  destroy(): void;
  /** The underlying histogram (for `add`). */
  readonly raw: Histogram;
};

const MAX_TRACKABLE_US = 24 * 3600 * 1_000_000;
let wasmReady = false;

export function createLatencyHistogram(): LatencyHistogram {
  if (!wasmReady) {
    initWebAssemblySync();
    wasmReady = true;
  }
  const raw = build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 3,
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_TRACKABLE_US,
    autoResize: false,
    useWebAssembly: true,
  });
  let destroyed = false;
  return {
    raw,
    record(ms) {
      const us = Math.round(ms * 1000);
      raw.recordValue(us < 0 ? 0 : us > MAX_TRACKABLE_US ? MAX_TRACKABLE_US : us);
    },
    percentileMs: (p) => (raw.totalCount === 0 ? 0 : raw.getValueAtPercentile(p) / 1000),
    maxMs: () => (raw.totalCount === 0 ? 0 : raw.maxValue / 1000),
    count: () => raw.totalCount,
    reset: () => raw.reset(),
    add: (other) => raw.add(other.raw),
    destroy() {
      if (!destroyed) raw.destroy();
      destroyed = true;
    },
  };
}
