import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exp, ln, pow, sqrt } from './detMath';

const close = (actual: number, expected: number, ulps = 2) =>
  Math.abs(actual - expected) <= ulps * Number.EPSILON * Math.max(1, Math.abs(expected));

describe('deterministic elementary functions', () => {
  it('ln agrees with Math.log within 2 ulp over the whole positive range', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), (x) =>
        close(ln(x), Math.log(x)),
      ),
      { numRuns: 20_000 },
    );
  });

  it('exp agrees with Math.exp within 2 ulp', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => close(exp(x), Math.exp(x))),
      {
        numRuns: 20_000,
      },
    );
  });

  it('handles the edges', () => {
    expect(ln(1)).toBe(0);
    expect(ln(0)).toBe(-Infinity);
    expect(ln(-1)).toBeNaN();
    expect(exp(0)).toBe(1);
    expect(exp(1000)).toBe(Infinity);
    expect(exp(-1000)).toBe(0);
    expect(sqrt(0)).toBe(0);
    expect(pow(2, 10)).toBeCloseTo(1024, 10);
  });

  it('sqrt is within 1 ulp of Math.sqrt', () => {
    fc.assert(fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), (x) => close(sqrt(x), Math.sqrt(x), 1)));
  });
});
