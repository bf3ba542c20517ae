import { describe, expect, it } from 'vitest';
import type { MetricsSample } from '../../engine';
import { decimate } from './decimate';

const sample = (t: number, value: number): MetricsSample => ({
  t,
  producedPerSec: value,
  consumedPerSec: value,
  lag: value,
  p50: value,
  p95: value,
  p99: value,
});

describe('decimate', () => {
  it('leaves short series alone', () => {
    const series = [sample(0, 1), sample(1, 2)];
    expect(decimate(series, 10)).toBe(series);
  });

  it('keeps at most maxPoints, averages rates and keeps spikes of lag and latency', () => {
    const series = Array.from({ length: 600 }, (_, i) => sample(i, i === 301 ? 1000 : 10));
    const drawn = decimate(series, 200);
    expect(drawn.length).toBeLessThanOrEqual(200);
    expect(drawn.at(-1)?.t).toBe(599);
    expect(Math.max(...drawn.map((s) => s.p99))).toBe(1000);
    expect(Math.max(...drawn.map((s) => s.lag))).toBe(1000);
    expect(Math.max(...drawn.map((s) => s.producedPerSec))).toBeCloseTo((1000 + 20) / 3, 6);
  });
});
