import { Rng } from '../random';
import { type HybridSignals, N_SIGNALS } from './hybrid-signals';
import { kthLargest } from './item-knn-similarity';

/**
 * Learning the hybrid's blend weights on a validation window (never the test window): the
 * normalised signals of each validation user are cached on a pool of candidate merchants, and
 * weight vectors on the simplex are scored by mean NDCG@K of the blended ranking.
 */

/** One validation user: a pool of merchants with their normalised signals and relevance. */
export interface ValidationUser {
  /** Pool merchants, ascending index (ties of the blend go to the smaller index). */
  pool: Int32Array;
  /** pool.length × N_SIGNALS, row-major. */
  features: Float64Array;
  /** 1 where the pool merchant was ordered in the validation window. */
  relevant: Uint8Array;
  /** |R|, including relevant merchants outside the pool (they still count in the ideal DCG). */
  nRelevant: number;
}

/** Options of {@link collectValidation}. */
export interface CollectOptions {
  /** Discovery protocol: drop the user's ordered merchants from the pool and from R. */
  excludeOrdered: boolean;
  /** Merchants taken from the top of each signal into the pool (default 50). */
  poolPerSignal?: number;
}

/**
 * Caches the validation users' signals. The pool is the union of each signal's top
 * `poolPerSignal` candidates: a blend of normalised non-negative signals ranks first what
 * ranks high on some signal, so the pool holds (almost always) the blended top K.
 *
 * @param signals - signals fitted on the pre-validation part of training
 * @param users - validation users (indices into signals.matrix)
 * @param relevant - per user, merchants ordered in the validation window
 * @param opts - protocol and pool size
 * Complexity: O(users · (signal cost + merchants · N_SIGNALS)).
 */
export function collectValidation(
  signals: HybridSignals,
  users: ArrayLike<number>,
  relevant: readonly ReadonlySet<number>[],
  opts: CollectOptions,
): ValidationUser[] {
  const c = new Collector(signals, opts.poolPerSignal ?? 50);
  const out: ValidationUser[] = [];
  for (let t = 0; t < users.length; t++) {
    const v = c.user(users[t]!, relevant[t]!, opts.excludeOrdered);
    if (v) out.push(v);
  }
  return out;
}

/**
 * {@link collectValidation} for both protocols at once: each user's signals are computed once
 * and pooled twice (the same result as two calls, at about half the signal cost).
 * @param signals - signals fitted on the pre-validation part of training
 * @param users - validation users (indices into signals.matrix)
 * @param relevant - per user, merchants ordered in the validation window
 * @param poolPerSignal - merchants taken from the top of each signal (default 50)
 */
export function collectValidationBoth(
  signals: HybridSignals,
  users: ArrayLike<number>,
  relevant: readonly ReadonlySet<number>[],
  poolPerSignal = 50,
): { all: ValidationUser[]; discovery: ValidationUser[] } {
  const c = new Collector(signals, poolPerSignal);
  const all: ValidationUser[] = [];
  const discovery: ValidationUser[] = [];
  for (let t = 0; t < users.length; t++) {
    const a = c.user(users[t]!, relevant[t]!, false);
    const d = c.user(users[t]!, relevant[t]!, true);
    if (a) all.push(a);
    if (d) discovery.push(d);
  }
  return { all, discovery };
}

/** Pools one user at a time; the signals of the last user are kept for the next call. */
class Collector {
  private readonly nM: number;
  private readonly bufs: Float64Array[];
  private readonly scale = new Float64Array(N_SIGNALS);
  private readonly blocked: Uint8Array;
  private readonly scratch: TopScratch;
  private readonly inPool: Uint8Array;
  /** Popularity and recency (the same for every user): positive entries, best first, once. */
  private readonly fixedOrder: ReadonlyMap<number, Int32Array>;
  private computed = -1;

  constructor(
    private readonly signals: HybridSignals,
    private readonly per: number,
  ) {
    this.nM = signals.matrix.merchants.size;
    this.bufs = Array.from({ length: N_SIGNALS }, () => new Float64Array(this.nM));
    this.blocked = new Uint8Array(this.nM);
    this.scratch = { idx: new Int32Array(this.nM), values: new Float64Array(this.nM), select: new Float64Array(this.nM) };
    this.inPool = new Uint8Array(this.nM);
    this.fixedOrder = new Map(([2, 3] as const).map((s) => [s, positiveOrder(signals.fixedSignal(s))]));
  }

  user(u: number, relevant: ReadonlySet<number>, excludeOrdered: boolean): ValidationUser | undefined {
    const { nM, bufs, blocked } = this;
    const train = this.signals.matrix;
    blocked.fill(0);
    if (excludeOrdered) {
      for (let q = train.weights.indptr[u]!; q < train.weights.indptr[u + 1]!; q++) {
        if (train.orders[q]! > 0) blocked[train.weights.indices[q]!] = 1;
      }
    }
    const rel = [...relevant].filter((m) => !(m < nM && blocked[m] === 1));
    if (rel.length === 0) return undefined;
    if (this.computed !== u) {
      this.signals.compute(u, bufs, this.scale);
      this.computed = u;
    }
    // pool = the union of the signals' tops, ascending (marks cleared again after use)
    const inPool = this.inPool;
    const pool: number[] = [];
    for (let s = 0; s < N_SIGNALS; s++) {
      const fixed = this.fixedOrder.get(s);
      const top = fixed ? firstUnblocked(fixed, this.per, blocked) : topPositive(bufs[s]!, this.per, blocked, this.scratch);
      for (const i of top) {
        if (inPool[i] === 0) {
          inPool[i] = 1;
          pool.push(i);
        }
      }
    }
    for (const i of pool) inPool[i] = 0;
    pool.sort((a, b) => a - b);
    const features = new Float64Array(pool.length * N_SIGNALS);
    pool.forEach((i, p) => {
      for (let s = 0; s < N_SIGNALS; s++) features[p * N_SIGNALS + s] = bufs[s]![i]!;
    });
    const relSet = new Set(rel);
    return {
      pool: Int32Array.from(pool),
      features,
      relevant: Uint8Array.from(pool, (i) => (relSet.has(i) ? 1 : 0)),
      nRelevant: rel.length,
    };
  }
}

/** Scratch of topPositive: positions and values of the candidates, and a copy to select in. */
interface TopScratch {
  idx: Int32Array;
  values: Float64Array;
  select: Float64Array;
}

/**
 * Indices of the n largest positive entries not blocked (ties: smaller index), ascending.
 * One pass over v gathers the candidates; the rest works on them only. O(len + candidates).
 */
export function topPositive(v: Float64Array, n: number, blocked: Uint8Array, scratch: TopScratch): number[] {
  const { idx, values, select } = scratch;
  let count = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x > 0 && blocked[i] !== 1) {
      idx[count] = i;
      values[count++] = x;
    }
  }
  if (count <= n) return Array.from(idx.subarray(0, count));
  select.set(values.subarray(0, count));
  const threshold = kthLargest(select.subarray(0, count), n);
  let above = 0;
  for (let c = 0; c < count; c++) if (values[c]! > threshold) above++;
  let ties = n - above;
  const out: number[] = [];
  for (let c = 0; c < count; c++) {
    const x = values[c]!;
    if (x > threshold || (x === threshold && ties-- > 0)) out.push(idx[c]!);
  }
  return out;
}

/** The positive entries of v, largest first (ties: smaller index first). O(len log len). */
export function positiveOrder(v: Float64Array): Int32Array {
  const order: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i]! > 0) order.push(i);
  order.sort((a, b) => v[b]! - v[a]! || a - b);
  return Int32Array.from(order);
}

/**
 * topPositive for a signal whose positive entries are already in order (positiveOrder): the
 * first n not blocked, ascending. The same set as topPositive. O(n + blocked entries passed).
 */
export function firstUnblocked(order: Int32Array, n: number, blocked: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = 0; p < order.length && out.length < n; p++) if (blocked[order[p]!] !== 1) out.push(order[p]!);
  return out.sort((a, b) => a - b);
}

/**
 * Mean binary NDCG@K of the blend Σ_s w_s·signal_s over validation users (ideal DCG over
 * min(|R|, K) positions, Järvelin & Kekäläinen 2002).
 *
 * @param data - cached validation users
 * @param w - weight per signal
 * @param k - cut-off K
 * Complexity: O(Σ pool · (N_SIGNALS + K)).
 */
export function blendNdcg(data: readonly ValidationUser[], w: ArrayLike<number>, k: number): number {
  if (data.length === 0) return 0;
  // 1/log2(rank + 1) per position, and the ideal DCG of m relevant merchants (same sums as before)
  const discount = Float64Array.from({ length: k }, (_, r) => 1 / Math.log2(r + 2));
  const idealDcg = new Float64Array(k + 1);
  for (let m = 1; m <= k; m++) idealDcg[m] = idealDcg[m - 1]! + discount[m - 1]!;
  const topS = new Float64Array(k);
  const topR = new Uint8Array(k);
  // the five weights in locals, the sum unrolled in the same order (identical rounding);
  // FIVE fails to compile if SIGNALS changes length. Read one by one: destructured from an
  // array they stayed boxed numbers, and the loop ran ~1.5× slower (throw-away timing)
  const FIVE: 5 = N_SIGNALS;
  const w0 = w[0]!;
  const w1 = w[1]!;
  const w2 = w[2]!;
  const w3 = w[3]!;
  const w4 = w[4]!;
  let sum = 0;
  for (let u = 0; u < data.length; u++) {
    const d = data[u]!;
    let n = 0;
    // the k-th best so far, in a local (read for every pool merchant)
    let kth = -Infinity;
    const feat = d.features;
    const relevant = d.relevant;
    const len = d.pool.length;
    for (let p = 0, o = 0; p < len; p++, o += FIVE) {
      const s = w0 * feat[o]! + w1 * feat[o + 1]! + w2 * feat[o + 2]! + w3 * feat[o + 3]! + w4 * feat[o + 4]!;
      // insertion into the sorted top-k; strict > keeps the smaller index first on ties
      if (n === k && !(s > kth)) continue;
      let pos = n < k ? n++ : k - 1;
      while (pos > 0 && s > topS[pos - 1]!) {
        topS[pos] = topS[pos - 1]!;
        topR[pos] = topR[pos - 1]!;
        pos--;
      }
      topS[pos] = s;
      topR[pos] = relevant[p]!;
      if (n === k) kth = topS[k - 1]!;
    }
    let dcg = 0;
    for (let r = 0; r < n; r++) if (topR[r] === 1) dcg += discount[r]!;
    sum += dcg / idealDcg[Math.min(d.nRelevant, k)]!;
  }
  return sum / data.length;
}

/** Result of {@link learnWeights}. */
export interface LearnedWeights {
  /** The chosen weights (sum 1). */
  weights: Float64Array;
  /** Validation NDCG@K of the chosen weights. */
  ndcg: number;
  /** Validation NDCG@K of each signal alone (the one-hot vectors), in SIGNALS order. */
  singles: number[];
  /** Validation users scored. */
  users: number;
}

/** Options of {@link learnWeights}. */
export interface LearnOptions {
  k?: number;
  /** Random Dirichlet(1) samples of the simplex (default 150). */
  samples?: number;
  /** Rounds of coordinate ascent from the best sample (default 3). */
  rounds?: number;
  seed?: number;
}

/**
 * Random search over the weight simplex (one-hot vectors first, then uniform, then seeded
 * Dirichlet(1) samples), refined by multiplicative coordinate ascent. Only strict improvements
 * replace the incumbent, so the result is never worse on validation than the best single
 * signal.
 *
 * @param data - cached validation users
 * @param opts - K, sample count, rounds, seed
 * Complexity: O((samples + rounds·25) · Σ pool · N_SIGNALS).
 */
export function learnWeights(data: readonly ValidationUser[], opts: LearnOptions = {}): LearnedWeights {
  const k = opts.k ?? 10;
  const rng = new Rng(opts.seed ?? 42);
  const singles: number[] = [];
  let best: Float64Array = new Float64Array(N_SIGNALS);
  let bestScore = -1;
  const consider = (w: Float64Array): boolean => {
    const score = blendNdcg(data, w, k);
    if (score > bestScore + 1e-12) {
      best = w;
      bestScore = score;
      return true;
    }
    return false;
  };
  for (let s = 0; s < N_SIGNALS; s++) {
    const w = new Float64Array(N_SIGNALS);
    w[s] = 1;
    consider(w);
    singles.push(blendNdcg(data, w, k));
  }
  consider(new Float64Array(N_SIGNALS).fill(1 / N_SIGNALS));
  for (let t = 0; t < (opts.samples ?? 150); t++) {
    consider(normalise(Float64Array.from({ length: N_SIGNALS }, () => -Math.log(1 - rng.next()))));
  }
  for (let round = 0; round < (opts.rounds ?? 3); round++) {
    let improved = false;
    for (let s = 0; s < N_SIGNALS; s++) {
      for (const f of [0, 0.25, 0.5, 0.8, 1.25, 2, 4]) {
        const w = best.slice();
        w[s] = w[s] === 0 && f > 1 ? 0.05 * f : w[s]! * f;
        if (w.some((v) => v > 0)) improved = consider(normalise(w)) || improved;
      }
    }
    if (!improved) break;
  }
  return { weights: best, ndcg: Math.max(bestScore, 0), singles, users: data.length };
}

function normalise(w: Float64Array): Float64Array {
  let s = 0;
  for (const v of w) s += v;
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / s;
  return w;
}
