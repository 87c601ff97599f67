/**
 * Seeded pseudo-random numbers for the demo generator. Every random choice of the generator
 * goes through {@link Rng}, so one seed fixes the whole data set (never `Math.random()`).
 */

/**
 * Derives an independent 32-bit seed from a base seed and a salt (murmur3 `fmix32`
 * finalizer over both), so the catalogue, the population and the simulation each get
 * their own stream and changing one part does not reshuffle the others.
 * @param seed - base seed (any number; truncated to 32 bits)
 * @param salt - stream label
 */
export function deriveSeed(seed: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * sfc32 (Doty-Humphrey's Small Fast Counting generator, passes PractRand), state filled by
 * splitmix32 from one 32-bit seed. About 100 M draws per second in V8.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  /** @param seed - 32-bit seed; equal seeds give equal streams. */
  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix32 = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.a = splitmix32();
    this.b = splitmix32();
    this.c = splitmix32();
    this.d = splitmix32();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal draw (Box–Muller; the pair's second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return z;
    }
    const u = 1 - this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shapes below 1 via the boost
   * `Gamma(a) = Gamma(a + 1) · U^(1/a)`). Normalised gamma draws give a Dirichlet sample.
   * @param shape - must be > 0
   */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError('shape must be > 0');
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = 1 - this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  /**
   * Binomial(n, p) draw by CDF inversion; expected cost O(1 + n·p), which is small because the
   * generator asks for one day's share of a user's remaining orders.
   * @param n - trials (integer ≥ 0)
   * @param p - success probability; values ≥ 1 return n
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const u = this.next();
    if (n === 1) return u < p ? 1 : 0;
    const q = 1 - p;
    const ratio = p / q;
    let prob = Math.pow(q, n);
    let cdf = prob;
    let k = 0;
    while (u >= cdf && k < n) {
      prob *= ((n - k) / (k + 1)) * ratio;
      k++;
      cdf += prob;
    }
    return k;
  }
}

/**
 * Index of the first entry in `cum[lo..hi)` greater than `x` (binary search over a
 * non-decreasing cumulative weight array); `hi - 1` when none is.
 * @param cum - cumulative weights
 * @param lo - first index of the segment
 * @param hi - one past the last index of the segment (must be > lo)
 * @param x - draw in [0, cum[hi-1])
 */
export function searchCumulative(
  cum: ArrayLike<number>,
  lo: number,
  hi: number,
  x: number,
): number {
  let a = lo;
  let b = hi - 1;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((cum[mid] as number) > x) b = mid;
    else a = mid + 1;
  }
  return a;
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error
 * < 1.2e-9). Used for stratified lognormal draws, which keep the shape of a small sample exact.
 * @param p - probability in (0, 1)
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  // prettier-ignore
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  // prettier-ignore
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155211639];
  // prettier-ignore
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  // prettier-ignore
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: readonly number[], x: number): number => k.reduce((acc, v) => acc * x + v, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
