import fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { createLatencyHistogram } from './histogram';

const PERCENTILES = [0, 1, 25, 50, 90, 95, 99, 99.9, 100];

describe('LatencyHistogram (HdrHistogram layout)', () => {
  it('reports the same percentiles as hdr-histogram-js for any data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 86_400_000_000 })), {
          minLength: 1,
          maxLength: 400,
        }),
        (valuesUs) => {
          const reference = hdr.build({
            bitBucketSize: 64,
            numberOfSignificantValueDigits: 3,
            lowestDiscernibleValue: 1,
            highestTrackableValue: 86_400_000_000,
            useWebAssembly: false,
          });
          const ours = createLatencyHistogram();
          for (const us of valuesUs) {
            reference.recordValue(us);
            ours.record(us / 1000);
          }
          for (const p of PERCENTILES) expect(ours.percentileMs(p)).toBe(reference.getValueAtPercentile(p) / 1000);
          expect(ours.percentilesMs(PERCENTILES)).toEqual(PERCENTILES.map((p) => ours.percentileMs(p)));
          expect(ours.maxMs()).toBe(Math.max(...valuesUs) / 1000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adds and resets', () => {
    const a = createLatencyHistogram();
    const b = createLatencyHistogram();
    for (let i = 1; i <= 100; i++) a.record(i);
    for (let i = 101; i <= 200; i++) b.record(i);
    a.add(b);
    expect(a.count()).toBe(200);
    expect(a.percentileMs(50)).toBeCloseTo(100, 0);
    a.reset();
    expect(a.count()).toBe(0);
    expect(a.percentileMs(99)).toBe(0);
  });
});
