/**
 * Seeded pseudo-random numbers for everything stochastic in the numeric core (ALS
 * initialisation, bootstrap resampling, the random baseline). Never `Math.random()`.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "Small Fast Chaotic" 32-bit, PractRand-clean),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 */

/**
 * splitmix32 finaliser: a well-mixed unsigned 32-bit hash of `x` (seeding, and stateless
 * per-(user, merchant) pseudo-random values). O(1).
 * @param x - any number (its low 32 bits are used)
 */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * 32-bit FNV-1a hash of a string, to derive a seed from a name (e.g. a model kind).
 * @param s - any string
 * @returns an unsigned 32-bit integer. O(|s|).
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seeded PRNG (sfc32). Same seed ⇒ same sequence on every platform.
 * All methods are O(1) except `shuffle`/`sample` (O(n)).
 */
export class Rng {
  // State in an Int32Array: plain number fields holding 32-bit values get boxed by V8.
  private readonly st = new Int32Array(4);
  private spare: number | undefined;

  /** @param seed - any finite number; its low 32 bits (and high bits, mixed) select the stream */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const st = this.st;
    st[0] = splitmix32(lo);
    st[1] = splitmix32(st[0]! ^ hi);
    st[2] = splitmix32(st[1]! + 1);
    st[3] = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next unsigned 32-bit integer (sfc32 step). */
  nextUint32(): number {
    const st = this.st;
    const a = st[0]!;
    const b = st[1]!;
    const c = st[2]!;
    const d = st[3]!;
    const t = (((a + b) | 0) + d) | 0;
    st[3] = d + 1;
    st[0] = b ^ (b >>> 9);
    st[1] = c + (c << 3);
    st[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Uniform integer in [0, n).
   * @param n - exclusive upper bound, 1 ≤ n ≤ 2^32
   */
  int(n: number): number {
    if (!(n >= 1)) throw new RangeError('n must be ≥ 1');
    return Math.floor(this.next() * n);
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /**
   * Standard normal deviate (Marsaglia polar method), optionally scaled.
   * @param mean - mean of the distribution (default 0)
   * @param sd - standard deviation (default 1)
   */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return mean + sd * z;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mean + sd * u * f;
  }

  /**
   * In-place Fisher–Yates shuffle. O(n).
   * @param arr - array or typed array to permute
   * @returns the same array
   */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /**
   * Indices of a bootstrap resample: n draws with replacement from 0..n-1. O(n).
   * @param n - population size
   * @param out - optional buffer of length ≥ n to reuse
   */
  resampleIndices(n: number, out: Int32Array = new Int32Array(n)): Int32Array {
    for (let i = 0; i < n; i++) out[i] = this.int(n);
    return out;
  }

  /** A new independent generator derived from this one (for sub-tasks). */
  fork(): Rng {
    return new Rng(this.nextUint32() * 4294967296 + this.nextUint32());
  }
}

/**
 * Convenience constructor.
 * @param seed - the seed (default 42)
 */
export function createRng(seed = 42): Rng {
  return new Rng(seed);
}
