import { candidateMask } from '../data/interactions';
import type { Csr, InteractionMatrix, RecommendOptions, Scored } from '../types';

/**
 * Top-k selection over a dense score vector with a size-k binary min-heap held in typed
 * arrays: O(n log k) time, O(k) memory, no per-item allocation. Ties are broken by the
 * smaller index so that results are deterministic. Entries equal to −∞ or NaN are skipped.
 */
export class TopK {
  private heapIdx: Int32Array;
  private heapScore: Float64Array;

  /** @param capacity - initial heap capacity (grows when a larger k is asked for) */
  constructor(capacity = 64) {
    this.heapIdx = new Int32Array(capacity);
    this.heapScore = new Float64Array(capacity);
  }

  /**
   * The k best entries of `scores`, best first.
   * @param scores - score per index; −∞/NaN mark excluded entries
   * @param k - how many to return (fewer when fewer finite entries exist)
   * @param allowed - optional mask: only indices with allowed[i] = 1 are considered
   */
  select(scores: ArrayLike<number>, k: number, allowed?: Uint8Array): Scored[] {
    if (!(k >= 0)) throw new RangeError('k must be ≥ 0');
    k = Math.min(Math.floor(k), scores.length);
    if (k === 0) return [];
    if (this.heapIdx.length < k) {
      this.heapIdx = new Int32Array(k);
      this.heapScore = new Float64Array(k);
    }
    if (k <= SORTED_K) return this.selectSorted(scores, k, allowed);
    const hi = this.heapIdx;
    const hs = this.heapScore;
    const n = scores.length;
    let size = 0;
    // While filling, worst = −∞ rejects −∞ and NaN. Once full, an entry must beat the root
    // strictly: indices grow, so an equal score always loses the tie to the kept entry.
    let worst = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      if (!(s > worst)) continue;
      if (allowed !== undefined && allowed[i] !== 1) continue;
      if (size < k) {
        // sift up: the root is the worst kept entry (lowest score, then highest index)
        let c = size++;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (hs[p]! < s || (hs[p] === s && hi[p]! > i)) break;
          hs[c] = hs[p]!;
          hi[c] = hi[p]!;
          c = p;
        }
        hs[c] = s;
        hi[c] = i;
        if (size === k) worst = hs[0]!;
      } else {
        siftDown(hs, hi, size, s, i);
        worst = hs[0]!;
      }
    }
    const out: Scored[] = new Array(size);
    for (let j = 0; j < size; j++) out[j] = { idx: hi[j]!, score: hs[j]! };
    out.sort((a, b) => b.score - a.score || a.idx - b.idx);
    return out;
  }

  /**
   * select for small k: the kept entries stay sorted (best first) and a new one is inserted
   * by shifting the worse ones, so no heap and no final sort. An entry must beat the last kept
   * one strictly (an equal score has the larger index and loses); while filling, the bar is −∞.
   * O(n + accepted·k); with k ≤ SORTED_K cheaper than the heap, and far cheaper on short inputs.
   */
  private selectSorted(scores: ArrayLike<number>, k: number, allowed?: Uint8Array): Scored[] {
    const hi = this.heapIdx;
    const hs = this.heapScore;
    const n = scores.length;
    let size = 0;
    let worst = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      if (!(s > worst)) continue;
      if (allowed !== undefined && allowed[i] !== 1) continue;
      let p = size < k ? size++ : k - 1;
      while (p > 0 && hs[p - 1]! < s) {
        hs[p] = hs[p - 1]!;
        hi[p] = hi[p - 1]!;
        p--;
      }
      hs[p] = s;
      hi[p] = i;
      if (size === k) worst = hs[k - 1]!;
    }
    const out: Scored[] = new Array(size);
    for (let j = 0; j < size; j++) out[j] = { idx: hi[j]!, score: hs[j]! };
    return out;
  }
}

/** Largest k that TopK.select serves by sorted insertion rather than with the heap. */
const SORTED_K = 32;

function siftDown(hs: Float64Array, hi: Int32Array, size: number, s: number, i: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) break;
    let w = l;
    const r = l + 1;
    // pick the worse child (lower score, or equal score and higher index)
    if (r < size && (hs[r]! < hs[l]! || (hs[r] === hs[l] && hi[r]! > hi[l]!))) w = r;
    if (hs[w]! < s || (hs[w] === s && hi[w]! > i)) {
      hs[c] = hs[w]!;
      hi[c] = hi[w]!;
      c = w;
    } else break;
  }
  hs[c] = s;
  hi[c] = i;
}

const shared = new TopK();

/**
 * Convenience wrapper around a shared {@link TopK}: the k best finite entries, best first.
 * O(n log k).
 * @param scores - score per index
 * @param k - list length
 * @param allowed - optional 0/1 mask of eligible indices
 */
export function topK(scores: ArrayLike<number>, k: number, allowed?: Uint8Array): Scored[] {
  return shared.select(scores, k, allowed);
}

/**
 * Mark exclusions in a score buffer before {@link topK}: sets −∞ for the user's row of
 * `train` (when `excludeOrdered`; only entries with orders > 0 when `orders` is given) and for
 * every index in `exclude`. O(nnz(row) + |exclude|). Mutates `scores`.
 * @param scores - scratch score buffer of length nCols
 * @param train - user × merchant matrix
 * @param userIdx - the row; ignored when out of range (cold user)
 * @param opts - excludeOrdered / exclude as in RecommendOptions; orders aligned with train
 */
export function applyExclusions(
  scores: Float64Array,
  train: Csr,
  userIdx: number,
  opts: { excludeOrdered?: boolean; exclude?: ReadonlySet<number>; orders?: Float64Array },
): void {
  if (opts.excludeOrdered && userIdx >= 0 && userIdx < train.nRows) {
    for (let p = train.indptr[userIdx]!; p < train.indptr[userIdx + 1]!; p++) {
      if (!opts.orders || opts.orders[p]! > 0) scores[train.indices[p]!] = -Infinity;
    }
  }
  if (opts.exclude) {
    for (const m of opts.exclude) if (m >= 0 && m < scores.length) scores[m] = -Infinity;
  }
}

/**
 * The usual tail of `Recommender.recommend`: apply the caller's exclusions (merchants the user
 * ordered in `train` when `excludeOrdered`, plus `exclude`) to a scratch copy of the scores,
 * then take the top k among recommendation candidates (merchants with ≥ 1 checkout, see
 * `candidateMask`). O(merchants · log k).
 * @param scores - scoreAll output; mutated (use a scratch buffer)
 * @param train - the training matrix the model was fitted on
 * @param userIdx - the user (out of range = cold user: nothing ordered to exclude)
 * @param k - list length
 * @param opts - excludeOrdered / exclude
 * @param selector - a reusable TopK (default a shared one)
 */
export function rankScores(
  scores: Float64Array,
  train: InteractionMatrix,
  userIdx: number,
  k: number,
  opts: RecommendOptions = {},
  selector: TopK = shared,
): Scored[] {
  applyExclusions(scores, train.weights, userIdx, { ...opts, orders: train.orders });
  return selector.select(scores, k, candidateMask(train));
}

/**
 * Reusable membership marks over 0..n−1 with O(1) reset (generation stamps), for exclusion
 * sets in hot loops without clearing or allocating.
 */
export class Marks {
  private stamp: Int32Array;
  private gen = 0;
  /** @param n - universe size */
  constructor(n: number) {
    this.stamp = new Int32Array(n);
  }
  /** Forget all marks. O(1) (O(n) once every 2^31 resets). */
  reset(): void {
    if (++this.gen === 0x7fffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
  }
  /** Mark i (ignored when out of range). */
  add(i: number): void {
    if (i >= 0 && i < this.stamp.length) this.stamp[i] = this.gen;
  }
  /** Whether i is marked. */
  has(i: number): boolean {
    return this.stamp[i] === this.gen;
  }
}

/**
 * Reset `marks` and mark a user's exclusions: merchants ordered in `train` (orders > 0) when
 * `excludeOrdered`, plus `exclude`. O(nnz(row) + |exclude|).
 */
export function markExclusions(
  marks: Marks,
  train: InteractionMatrix,
  userIdx: number,
  opts: RecommendOptions,
): void {
  marks.reset();
  const w = train.weights;
  if (opts.excludeOrdered && userIdx >= 0 && userIdx < w.nRows) {
    for (let p = w.indptr[userIdx]!; p < w.indptr[userIdx + 1]!; p++) {
      if (train.orders[p]! > 0) marks.add(w.indices[p]!);
    }
  }
  if (opts.exclude) for (const m of opts.exclude) marks.add(m);
}

/**
 * Walk a precomputed ranking (best first) and take the first k entries not marked and not
 * already in `out`'s prefix. For models whose ranking does not depend on the user (popularity
 * fill): O(k + skipped) instead of O(merchants · log k).
 * @param order - merchant indices, best first (ties already broken by index)
 * @param score - score per merchant, non-increasing along `order`
 * @param scale - factor applied to the reported scores
 * @param k - wanted total length of `out`
 * @param skip - marks of merchants to skip
 * @param out - list to append to
 */
export function takeFromOrder(
  order: Int32Array,
  score: Float64Array,
  scale: number,
  k: number,
  skip: Marks,
  out: Scored[],
): Scored[] {
  if (!(k >= 0)) throw new RangeError('k must be ≥ 0');
  for (let i = 0; i < order.length && out.length < k; i++) {
    const m = order[i]!;
    if (!skip.has(m)) out.push({ idx: m, score: score[m]! * scale });
  }
  return out;
}

/**
 * Candidate merchants sorted by a score vector, descending, ties by smaller index. O(M log M).
 * @param scores - score per merchant
 * @param candidates - 0/1 mask (e.g. candidateMask)
 */
export function sortedOrder(scores: Float64Array, candidates: Uint8Array): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (candidates[i] === 1) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return Int32Array.from(idx);
}
