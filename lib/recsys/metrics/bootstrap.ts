import { Rng } from '../random';

/** A point estimate with a percentile bootstrap interval. */
export interface Interval {
  /** The statistic on the full sample (mean, or mean difference). */
  value: number;
  /** Lower / upper percentile bounds of the (1 − alpha) interval. */
  lo: number;
  hi: number;
  /** Sample size (users). */
  n: number;
}

/** Options of the bootstrap functions. */
export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** PRNG seed (default 0). */
  seed?: number;
  /** 1 − confidence level (default 0.05 ⇒ 95 %). */
  alpha?: number;
}

function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Each user's group of identical value tuples, and each group's values (V per group). O(n·V). */
function groupUsers(vectors: readonly Float64Array[], n: number): { group: Int32Array; values: Float64Array; size: number } {
  const V = vectors.length;
  const group = new Int32Array(n);
  const ids = new Map<string, number>();
  const values: number[] = [];
  const tuple = new Array<number>(V);
  for (let i = 0; i < n; i++) {
    for (let v = 0; v < V; v++) tuple[v] = vectors[v]![i]!;
    const key = tuple.join(',');
    let g = ids.get(key);
    if (g === undefined) {
      g = ids.size;
      ids.set(key, g);
      values.push(...tuple);
    }
    group[i] = g;
  }
  return { group, values: Float64Array.from(values), size: ids.size };
}

function bootstrap(vectors: readonly Float64Array[], opts: BootstrapOptions): Interval[] {
  const n = vectors[0]?.length ?? 0;
  const B = opts.resamples ?? 1000;
  const alpha = opts.alpha ?? 0.05;
  if (!(B >= 1)) throw new RangeError('resamples must be ≥ 1');
  if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha must be in (0, 1)');
  if (vectors.some((v) => v.length !== n)) throw new RangeError('vectors must have equal length');
  if (n === 0) return vectors.map(() => ({ value: 0, lo: 0, hi: 0, n: 0 }));
  const rng = new Rng(opts.seed ?? 0);
  const means = vectors.map(() => new Float64Array(B));
  // Users with the same values in every vector form one group (ranking metrics take few
  // distinct values: most users of a model share a handful of hit patterns). A resample's sum is
  // then Σ_g (draws landing in g)·value_g: per draw one counter, per group one product per
  // vector. The draws are the same as summing draw by draw; only the order of the additions
  // differs (the means agree to ~1e-15).
  const { group, values, size } = groupUsers(vectors, n);
  const V = vectors.length;
  const counts = new Float64Array(size);
  for (let b = 0; b < B; b++) {
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[group[Math.floor((rng.nextUint32() / 4294967296) * n)]!]!++;
    for (let v = 0; v < V; v++) {
      let sum = 0;
      for (let g = 0; g < size; g++) sum += counts[g]! * values[g * V + v]!;
      means[v]![b] = sum / n;
    }
  }
  return vectors.map((x, v) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += x[i]!;
    const m = means[v]!.sort();
    return { value: total / n, lo: quantileSorted(m, alpha / 2), hi: quantileSorted(m, 1 - alpha / 2), n };
  });
}

/**
 * Percentile bootstrap interval of a mean (Efron & Tibshirani 1993, ch. 13): resample the
 * users with replacement B times, take the alpha/2 and 1 − alpha/2 quantiles (linear
 * interpolation) of the resampled means. Empty input ⇒ all zeros with n = 0. O(B · n).
 * @param values - one value per user
 * @param opts - resamples, seed, alpha
 */
export function bootstrapMean(values: Float64Array, opts: BootstrapOptions = {}): Interval {
  return bootstrap([values], opts)[0]!;
}

/**
 * {@link bootstrapMean} of several aligned per-user vectors with one shared set of resampled
 * user indices (one PRNG stream: cheaper, and the intervals are jointly consistent).
 * O(n · vectors + B · (n + groups · vectors)), groups = distinct value tuples.
 * @param vectors - per-user values, all of the same length
 * @param opts - resamples, seed, alpha
 */
export function bootstrapMeans(
  vectors: readonly Float64Array[],
  opts: BootstrapOptions = {},
): Interval[] {
  return bootstrap(vectors, opts);
}

/**
 * Paired bootstrap of the mean difference a − b over the same users (same resampled user
 * indices for both models, so user-level variance cancels). An interval excluding 0 means the
 * models differ at level alpha. O(B · n).
 * @param a - per-user values of model A
 * @param b - per-user values of model B, aligned with `a`
 * @param opts - resamples, seed, alpha
 */
export function pairedBootstrap(
  a: Float64Array,
  b: Float64Array,
  opts: BootstrapOptions = {},
): Interval {
  if (a.length !== b.length) throw new RangeError('a and b must be aligned (same length)');
  const d = new Float64Array(a.length);
  for (let i = 0; i < d.length; i++) d[i] = a[i]! - b[i]!;
  return bootstrap([d], opts)[0]!;
}
