/**
 * Samplers for the scenario's duration distributions, on deterministic arithmetic (detMath).
 *
 * - exponential: mean × a ziggurat draw (kernel/ziggurat.ts).
 * - log-normal: e^(μ + σ·z) with z from the Marsaglia polar method (Marsaglia & Bray, 1964), which
 *   needs no trigonometry; μ = ln(median).
 */
import type { Distribution } from '../../scenario/schema';
import { exp, ln, sqrt } from './detMath';
import type { RandomStream } from './rng';
import { standardExponential } from './ziggurat';

export type Sampler = () => number;

export function createSampler(distribution: Distribution, stream: RandomStream): Sampler {
  switch (distribution.type) {
    case 'constant': {
      const ms = distribution.ms;
      return () => ms;
    }
    case 'exponential': {
      const mean = distribution.meanMs;
      return () => mean * standardExponential(stream);
    }
    case 'uniform': {
      const { minMs, maxMs } = distribution;
      const span = maxMs - minMs;
      return () => minMs + span * stream.next();
    }
    case 'lognormal': {
      const mu = ln(distribution.medianMs);
      const sigma = distribution.sigma;
      const normal = createStandardNormal(stream);
      return () => exp(mu + sigma * normal());
    }
  }
}

/** Standard normal draws by the Marsaglia polar method; the second variate of each pair is kept. */
export function createStandardNormal(stream: RandomStream): Sampler {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * stream.next() - 1;
      v = 2 * stream.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = sqrt((-2 * ln(s)) / s);
    spare = v * factor;
    hasSpare = true;
    return u * factor;
  };
}

/** The mean of a distribution, for theory checks and the inspector. */
export function meanOf(distribution: Distribution): number {
  switch (distribution.type) {
    case 'constant':
      return distribution.ms;
    case 'exponential':
      return distribution.meanMs;
    case 'uniform':
      return (distribution.minMs + distribution.maxMs) / 2;
    case 'lognormal':
      return distribution.medianMs * exp((distribution.sigma * distribution.sigma) / 2);
  }
}
