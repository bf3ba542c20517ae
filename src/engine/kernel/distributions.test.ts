import { describe, expect, it } from 'vitest';
import { createSampler, meanOf } from './distributions';
import { createStream } from './rng';
import type { Distribution } from '../../scenario/schema';

function sampleMean(distribution: Distribution, n = 200_000): number {
  const sample = createSampler(distribution, createStream(3, 'test'));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sample();
  return sum / n;
}

describe('duration samplers', () => {
  it.each<Distribution>([
    { type: 'constant', ms: 7 },
    { type: 'exponential', meanMs: 5 },
    { type: 'uniform', minMs: 2, maxMs: 10 },
    { type: 'lognormal', medianMs: 20, sigma: 0.5 },
  ])('has the analytic mean: %j', (distribution) => {
    expect(sampleMean(distribution) / meanOf(distribution)).toBeCloseTo(1, 1.5);
  });

  it('draws exponential gaps whose variance equals mean² (coefficient of variation 1)', () => {
    const sample = createSampler({ type: 'exponential', meanMs: 4 }, createStream(9, 'x'));
    let sum = 0;
    let sumSq = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = sample();
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.sqrt(variance) / mean).toBeCloseTo(1, 1.5);
  });

  it('gives the same draws for the same seed and component, different for another component', () => {
    const a = createSampler({ type: 'exponential', meanMs: 1 }, createStream(5, 'a'));
    const a2 = createSampler({ type: 'exponential', meanMs: 1 }, createStream(5, 'a'));
    const b = createSampler({ type: 'exponential', meanMs: 1 }, createStream(5, 'b'));
    const xs = [a(), a(), a()];
    expect([a2(), a2(), a2()]).toEqual(xs);
    expect([b(), b(), b()]).not.toEqual(xs);
  });
});
