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
 * Exact top-k (and exact maximum) from cheap approximate scores with a certified error bound:
 * if |approx_i − exact_i| ≤ ε for every i, then with T the k-th largest approximate score,
 * every merchant of the exact top k has approx ≥ T − 2ε (at least k entries have
 * exact ≥ T − ε, and approx < T − 2ε means exact < T − ε). So only the entries with
 * approx ≥ T − margin (margin ≥ 2ε) are re-scored exactly, and the TopK over them, with its
 * tie-break by smaller index (kept because candidates are gathered in index order), is exactly
 * the TopK over all exact scores. Entries ≤ `floor` (−∞, or INT32_MIN for integer scores)
 * are excluded. No allocation per call except the returned list. Scores come as a Float64Array
 * (integer scores copied in with `set`): one element type keeps the scans monomorphic.
 */
export class PrunedTopK {
  private heap = new Float64Array(64);
  private cand = new Int32Array(64);
  private exactBuf = new Float64Array(64);
  private readonly selector = new TopK();
  /** Entries re-scored exactly so far (for tests and benchmarks: how much was pruned). */
  rescored = 0;
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

  /** Indices with approx ≥ threshold and approx > floor, ascending, into this.cand; returns their count. O(n). */
  private gather(approx: Float64Array, n: number, threshold: number, floor: number): number {
    let c = 0;
    for (let i = 0; i < n; i++) {
      const v = approx[i]!;
      if (v >= threshold && v > floor) {
        if (c === this.cand.length) this.grow(c * 2);
        this.cand[c++] = i;
      }
    }
    this.scanned += n;
    return c;
  }

  private grow(size: number): void {
    const cand = new Int32Array(size);
    cand.set(this.cand);
    this.cand = cand;
    this.exactBuf = new Float64Array(size);
  }

  /**
   * The exact top k, best first, ties by smaller index (as TopK over the exact scores).
   * @param approx - approximate scores, excluded entries ≤ floor
   * @param n - number of entries
   * @param k - list length
   * @param margin - ≥ 2ε in approx's units (Infinity re-scores every entry)
   * @param floor - exclusion value (−Infinity, or −2³¹ for Int32Array scores)
   * @param exact - exact score of entry i (must be finite)
   */
  select(
    approx: Float64Array,
    n: number,
    k: number,
    margin: number,
    floor: number,
    exact: (i: number) => number,
  ): Scored[] {
    if (!(k >= 0)) throw new RangeError('k must be ≥ 0');
    k = Math.min(Math.floor(k), n);
    if (k === 0) return [];
    // a lower bound of the k-th largest from every 4th entry, then everything reaching it
    const t = this.kthLargest(approx, n, k, floor, 4);
    const c = this.gather(approx, n, t, floor);
    const vals = this.exactBuf;
    for (let j = 0; j < c; j++) vals[j] = approx[this.cand[j]!]!;
    return this.selectAmong(vals, this.cand, c, k, margin, exact);
  }

  /**
   * {@link select} over a pre-gathered subset: entries idx[0..c) (ascending) with approximate
   * scores vals[0..c). The subset must hold every entry whose approx reaches the k-th largest
   * approx of the whole row (e.g. all entries ≥ any lower bound of it); then the result is
   * that of select over the whole row. Overwrites vals and idx.
   * @param vals - approximate scores of the subset
   * @param idx - their indices, ascending
   * @param c - subset size
   * @param k - list length
   * @param margin - ≥ 2ε in vals' units
   * @param exact - exact score of index i
   */
  selectAmong(
    vals: Float64Array,
    idx: Int32Array,
    c: number,
    k: number,
    margin: number,
    exact: (i: number) => number,
  ): Scored[] {
    if (!(k >= 0)) throw new RangeError('k must be ≥ 0');
    k = Math.min(Math.floor(k), c);
    if (k === 0) return [];
    const t = this.kthLargest(vals, c, k, -Infinity) - margin;
    let m = 0;
    for (let j = 0; j < c; j++) {
      if (vals[j]! >= t) {
        vals[m] = exact(idx[j]!);
        idx[m++] = idx[j]!;
      }
    }
    this.rescored += m;
    const top = this.selector.select(vals.subarray(0, m), k);
    for (const s of top) s.idx = idx[s.idx]!;
    return top;
  }

  /**
   * The exact maximum over entries above floor (floor when there are none).
   * @param approx - approximate scores
   * @param n - number of entries
   * @param margin - ≥ 2ε in approx's units
   * @param floor - exclusion value
   * @param exact - exact score of entry i
   */
  max(approx: Float64Array, n: number, margin: number, floor: number, exact: (i: number) => number): number {
    let top = floor;
    for (let i = 0; i < n; i++) if (approx[i]! > top) top = approx[i]!;
    if (top === floor) return floor;
    const c = this.gather(approx, n, top - margin, floor);
    this.rescored += c;
    let best = -Infinity;
    for (let j = 0; j < c; j++) {
      const v = exact(this.cand[j]!);
      if (v > best) best = v;
    }
    return best;
  }
}
