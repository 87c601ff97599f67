import type { Scored } from '../types';
import { TopK } from './top-k';

let stridedHeap = new Int32Array(64);

/**
 * The k-th largest of q[0], q[stride], q[2·stride], … (n entries in all) above `floor`, or
 * floor when fewer than k are. Over a subset this is a lower bound of the k-th largest of the
 * whole row, hence a safe gathering threshold. O((n/stride)·log k).
 */
export function kthLargestStrided(q: Int32Array, n: number, stride: number, k: number, floor: number): number {
  if (stridedHeap.length < k) stridedHeap = new Int32Array(k);
  const h = stridedHeap;
  let size = 0;
  let root = floor;
  for (let i = 0; i < n; i += stride) {
    const v = q[i]!;
    if (v <= root) continue;
    let c: number;
    if (size < k) {
      c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (h[p]! <= v) break;
        h[c] = h[p]!;
        c = p;
      }
    } else {
      c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const w = l + 1 < size && h[l + 1]! < h[l]! ? l + 1 : l;
        if (h[w]! >= v) break;
        h[c] = h[w]!;
        c = w;
      }
    }
    h[c] = v;
    if (size === k) root = h[0]!;
  }
  return size < k ? floor : root;
}

/**
 * Exact top-k from cheap approximate scores with a certified error bound: if
 * |approx_i − exact_i| ≤ ε for every i, then with T the k-th largest approximate score, every
 * merchant of the exact top k has approx ≥ T − 2ε (at least k entries have exact ≥ T − ε, and
 * approx < T − 2ε means exact < T − ε). So only the entries with approx ≥ T − margin
 * (margin ≥ 2ε) are re-scored exactly, and the TopK over them, with its tie-break by smaller
 * index (kept because candidates stay in index order), is exactly the TopK over all exact
 * scores. The scans over whole rows run in WebAssembly (models/als-row-select.ts); this class
 * works on the gathered candidates. No allocation per call except the returned list.
 */
export class PrunedTopK {
  private heap = new Float64Array(64);
  private readonly selector = new TopK();
  /** Entries re-scored exactly so far (for tests and benchmarks: how much was pruned). */
  rescored = 0;
  /** Entries gathered for a selection so far (those re-scored are among them). */
  gathered = 0;
  /** Entries looked at so far. */
  scanned = 0;

  /**
   * The k-th largest of approx[0], approx[stride], … (below n) above `floor` (floor when
   * fewer than k exist). With stride > 1 a lower bound of the whole prefix's k-th largest.
   * O((n/stride)·log k).
   * @param approx - approximate scores
   * @param n - entries to consider (a prefix of approx)
   * @param k - rank
   * @param floor - entries ≤ floor are excluded
   * @param stride - step between the entries looked at (default 1)
   */
  kthLargest(approx: Float64Array, n: number, k: number, floor: number, stride = 1): number {
    if (this.heap.length < k) this.heap = new Float64Array(k);
    const h = this.heap;
    let size = 0;
    let root = floor;
    for (let i = 0; i < n; i += stride) {
      const v = approx[i]!;
      if (!(v > root)) continue;
      let c: number;
      if (size < k) {
        c = size++;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (h[p]! <= v) break;
          h[c] = h[p]!;
          c = p;
        }
      } else {
        c = 0;
        for (;;) {
          const l = 2 * c + 1;
          if (l >= size) break;
          const w = l + 1 < size && h[l + 1]! < h[l]! ? l + 1 : l;
          if (h[w]! >= v) break;
          h[c] = h[w]!;
          c = w;
        }
      }
      h[c] = v;
      if (size === k) root = h[0]!;
    }
    return size < k ? floor : root;
  }

  /**
   * The exact top k from a pre-gathered subset of a row: entries idx[0..c) (ascending) with
   * approximate scores vals[0..c). The subset must hold every entry whose approx reaches the
   * k-th largest approx of the whole row minus the margin (e.g. all entries ≥ any lower bound
   * of it minus the margin); then the result is TopK over the whole row's exact scores.
   * Overwrites vals and idx.
   * @param vals - approximate scores of the subset
   * @param idx - their indices, ascending
   * @param c - subset size
   * @param k - list length
   * @param margin - ≥ 2ε in vals' units
   * @param rescore - writes the exact scores of idx[0..n) to vals[0..n) (one call per list, so
   *   that the caller's loop stays monomorphic)
   */
  selectAmong(vals: Float64Array, idx: Int32Array, c: number, k: number, margin: number, rescore: Rescore): Scored[] {
    if (!(k >= 0)) throw new RangeError('k must be ≥ 0');
    k = Math.min(Math.floor(k), c);
    if (k === 0) return [];
    this.gathered += c;
    const t = this.kthLargest(vals, c, k, -Infinity) - margin;
    let m = 0;
    for (let j = 0; j < c; j++) if (vals[j]! >= t) idx[m++] = idx[j]!;
    rescore(idx, vals, m);
    this.rescored += m;
    const top = this.selector.select(vals.subarray(0, m), k);
    for (const s of top) s.idx = idx[s.idx]!;
    return top;
  }
}

/** Writes the exact scores of idx[0..n) to vals[0..n). */
export type Rescore = (idx: Int32Array, vals: Float64Array, n: number) => void;
