/**
 * Seeded random streams, one per component: a component's draws depend only on the scenario seed
 * and its own id, so adding a node never changes another node's random draws.
 *
 * Generator: xoroshiro128+ from `pure-rand` (well-kept, pure JS integer arithmetic, identical in
 * every engine). Uniform doubles use one 32-bit draw: u = (n + 0.5) / 2^32, which lies strictly
 * inside (0, 1) so that −ln(u) is always finite.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type RandomStream = {
  /** A uniform double strictly inside (0, 1). */
  next(): number;
  /** A uniform integer in [0, n). */
  nextInt(n: number): number;
  /** A raw unsigned 32-bit draw. */
  nextUint32(): number;
};

const TWO_POW_32 = 4294967296;

/** A stream keyed by (seed, component id). */
export function createStream(seed: number, componentId: string): RandomStream {
  const generator: RandomGenerator = xoroshiro128plus((seed ^ fnv1a(componentId)) | 0);
  // Discard a few outputs: xoroshiro's first draws from nearby seeds are correlated.
  for (let i = 0; i < 8; i++) generator.next();
  return {
    next: () => ((generator.next() >>> 0) + 0.5) / TWO_POW_32,
    nextInt: (n) => Math.floor((((generator.next() >>> 0) + 0.5) / TWO_POW_32) * n),
    nextUint32: () => generator.next() >>> 0,
  };
}

/** FNV-1a over the UTF-16 code units of `text`: a fast, fixed 32-bit hash for stream ids. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
