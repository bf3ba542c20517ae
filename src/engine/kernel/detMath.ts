/**
 * Deterministic elementary functions for random-variate transforms.
 *
 * ECMAScript lets `Math.log`, `Math.exp`, `Math.pow` … differ between engines and versions
 * ("implementation-approximated"), so a simulation that samples with them may give different
 * numbers in Node and in Chromium. These use only + − × ÷ and bit access, which IEEE 754 rounds
 * the same everywhere, so the same seed gives the same draws in every JS engine.
 *
 * Algorithms and coefficients: fdlibm `e_log.c` and `e_exp.c` (Sun Microsystems, 1993; the basis of
 * V8's and SpiderMonkey's own implementations). Accuracy is within about 1 ulp, which is far
 * below what a simulation needs; what matters here is that it is the *same* result everywhere.
 */

const view = new DataView(new ArrayBuffer(8));
// The same 8 bytes as a double and as two 32-bit words, for the hot path of ln(): faster than
// DataView. HI is the index of the word holding sign, exponent and the top of the mantissa.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0;

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const SQRT2 = 1.4142135623730951;

/** Natural logarithm of a positive finite number (NaN for x ≤ 0 other than +0 → −∞). */
export function ln(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  // x = m · 2^k with m in [1, 2)
  f64[0] = x;
  let hi = u32[HI] as number;
  let k = (hi >>> 20) - 1023;
  if (k === -1023) {
    // subnormal: scale up by 2^54 first
    f64[0] = x * 18014398509481984;
    hi = u32[HI] as number;
    k = (hi >>> 20) - 1023 - 54;
  }
  u32[HI] = (hi & 0x000fffff) | 0x3ff00000;
  let m = f64[0] as number;
  // move m into [√½, √2) so that f = m − 1 is small
  if (m > SQRT2) {
    m *= 0.5;
    k += 1;
  }
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
}

const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/** e^x. */
export function exp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019411) return 0;
  const k = Math.round(x * INV_LN2);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return scalePow2(y, k);
}

/** y · 2^k, exact (k in the double exponent range, split in two steps near the edges). */
function scalePow2(y: number, k: number): number {
  if (k > 1023) return y * pow2(1023) * pow2(k - 1023);
  if (k < -1022) return y * pow2(-1022) * pow2(k + 1022);
  return y * pow2(k);
}

function pow2(k: number): number {
  view.setUint32(0, (k + 1023) << 20);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** x^y for x > 0. */
export function pow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  return exp(y * ln(x));
}

/** √x, refined by one Newton step from exp(ln(x)/2). */
export function sqrt(x: number): number {
  if (x === 0) return 0;
  if (!(x > 0)) return NaN;
  const r = exp(0.5 * ln(x));
  return 0.5 * (r + x / r);
}
