import { describe, expect, it } from 'vitest';
import { createStream } from './rng';
import { standardExponential } from './ziggurat';
import { exp } from './detMath';

describe('ziggurat exponential', () => {
  it('matches the exponential CDF (Kolmogorov–Smirnov distance below the 1 % critical value)', () => {
    const n = 200_000;
    const stream = createStream(11, 'zig');
    const draws = Float64Array.from({ length: n }, () => standardExponential(stream)).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const cdf = 1 - exp(-(draws[i] as number));
      d = Math.max(d, Math.abs(cdf - i / n), Math.abs(cdf - (i + 1) / n));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('has mean 1 and variance 1, tail included', () => {
    const stream = createStream(5, 'zig');
    let sum = 0;
    let sumSq = 0;
    let tail = 0;
    const n = 1_000_000;
    for (let i = 0; i < n; i++) {
      const x = standardExponential(stream);
      sum += x;
      sumSq += x * x;
      if (x > 7.7) tail++;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(1, 2);
    expect(sumSq / n - mean * mean).toBeCloseTo(1, 1);
    expect(tail / n).toBeCloseTo(Math.exp(-7.7), 3); // P(X > 7.7) ≈ 0.00045
  });
});
