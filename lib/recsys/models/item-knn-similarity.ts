import { transpose } from '../matrix/csr';
import type { Csr } from '../types';

/**
 * Merchant × merchant similarity for item-based kNN (Sarwar et al. 2001; Deshpande & Karypis
 * 2004), with the weightings of benfred/implicit's `nearest_neighbours.py`.
 */

/** How the user × merchant matrix is weighted before similarities are computed. */
export type KnnWeighting = 'binary' | 'tfidf' | 'bm25';

/** Options of {@link weightMatrix}. */
export interface WeightingParams {
  weighting: KnnWeighting;
  /** BM25 term-frequency saturation K1 (implicit's default 100). */
  k1: number;
  /** BM25 length normalisation B in [0, 1] (implicit's default 0.8). */
  b: number;
}

/**
 * Weights the stored entries of a user × merchant matrix, merchants as "documents" and users
 * as "terms" (implicit's `bm25_weight(X.T)` / `tfidf_weight(X.T)`):
 * - binary: 1;
 * - tfidf: √r · idf(u), idf(u) = ln(M) − ln(1 + merchants of u);
 * - bm25: r·(K1 + 1) / (K1·L(i) + r) · idf(u), L(i) = 1 − B + B·rowSum(i)/mean rowSum.
 * Zero or negative results are kept (they simply contribute nothing useful).
 *
 * @param x - user × merchant matrix (values r > 0)
 * @param p - weighting and BM25 constants
 * @returns a new matrix with the same structure. O(nnz + users + merchants).
 */
export function weightMatrix(x: Csr, p: WeightingParams): Csr {
  const data = new Float64Array(x.data.length);
  if (p.weighting === 'binary') {
    data.fill(1);
    return { ...x, data };
  }
  const nM = x.nCols;
  const merchantSum = new Float64Array(nM);
  for (let q = 0; q < x.indices.length; q++) merchantSum[x.indices[q]!]! += x.data[q]!;
  let activeMerchants = 0;
  let total = 0;
  for (let i = 0; i < nM; i++) {
    if (merchantSum[i]! > 0) activeMerchants++;
    total += merchantSum[i]!;
  }
  const meanLen = activeMerchants > 0 ? total / activeMerchants : 1;
  const logN = Math.log(Math.max(1, nM));
  for (let u = 0; u < x.nRows; u++) {
    const start = x.indptr[u]!;
    const end = x.indptr[u + 1]!;
    const idf = logN - Math.log1p(end - start);
    for (let q = start; q < end; q++) {
      const r = x.data[q]!;
      if (p.weighting === 'tfidf') data[q] = Math.sqrt(r) * idf;
      else {
        const len = 1 - p.b + (p.b * merchantSum[x.indices[q]!]!) / meanLen;
        data[q] = ((r * (p.k1 + 1)) / (p.k1 * len + r)) * idf;
      }
    }
  }
  return { ...x, data };
}

/** Sparse top-N neighbour lists: row i holds merchants j ≠ i with sim(i, j), ascending j. */
export interface Neighbours {
  indptr: Int32Array;
  indices: Int32Array;
  sims: Float64Array;
  /** sim(i, i), kept apart so that the N neighbours are other merchants. */
  self: Float64Array;
}

/** Options of {@link knnSimilarity}. */
export interface SimilarityParams {
  /** Neighbours kept per merchant (N). */
  neighbours: number;
  /** Shrinkage s: sim = dot / (‖a‖·‖b‖ + s) (Koren 2008 style damping of small supports). */
  shrink: number;
  /** Divide by the norms (cosine); false = plain dot product, as implicit's BM25Recommender. */
  normalize: boolean;
}

/**
 * Item–item similarities sim(a, b) = ⟨x_a, x_b⟩ / (‖x_a‖‖x_b‖ + s) over the columns of `w`
 * (with binary weights: users who ordered both / (√(users of a · users of b) + s)), keeping the
 * N largest per merchant. Computed as Wᵀ·W one row at a time with a dense accumulator and a
 * list of touched columns (Gustavson's sparse product), then a linear-time selection.
 *
 * @param w - weighted user × merchant matrix
 * @param p - neighbourhood size, shrinkage, normalisation
 * Complexity: O(Σ_u nnz(u)² + merchants²) time worst case, O(merchants + N·merchants) memory.
 */
export function knnSimilarity(w: Csr, p: SimilarityParams): Neighbours {
  const nM = w.nCols;
  const wt = transpose(w);
  const norm = new Float64Array(nM);
  for (let i = 0; i < nM; i++) {
    let s = 0;
    for (let q = wt.indptr[i]!; q < wt.indptr[i + 1]!; q++) s += wt.data[q]! * wt.data[q]!;
    norm[i] = p.normalize ? Math.sqrt(s) : 1;
  }
  const acc = new Float64Array(nM);
  const cand = new Int32Array(nM);
  const vals = new Float64Array(nM);
  const sel = new Selector(nM);
  const rows: { idx: Int32Array; sim: Float64Array }[] = [];
  const self = new Float64Array(nM);
  const { indptr, indices, data } = w;
  const binary = data.every((v) => v === 1);
  let total = 0;
  for (let a = 0; a < nM; a++) {
    // row a of WᵀW; no touched-list bookkeeping in the O(Σ nnz(u)²) loop, a scan instead
    for (let q = wt.indptr[a]!; q < wt.indptr[a + 1]!; q++) {
      const u = wt.indices[q]!;
      const wa = wt.data[q]!;
      const end = indptr[u + 1]!;
      if (binary) for (let r = indptr[u]!; r < end; r++) acc[indices[r]!]! += 1;
      else for (let r = indptr[u]!; r < end; r++) acc[indices[r]!]! += wa * data[r]!;
    }
    let nC = 0;
    for (let b = 0; b < nM; b++) {
      const v = acc[b]!;
      if (v === 0) continue;
      acc[b] = 0;
      const denom = p.normalize ? norm[a]! * norm[b]! + p.shrink : 1;
      const s = denom > 0 ? v / denom : 0;
      if (b === a) self[a] = s;
      else if (s !== 0) {
        cand[nC] = b;
        vals[nC++] = s;
      }
    }
    const row = sel.top(cand, vals, nC, p.neighbours);
    rows.push(row);
    total += row.idx.length;
  }
  return packRows(rows, total, self);
}

/** Top-n selection with reusable buffers (candidates arrive by ascending index). */
class Selector {
  private readonly scratch: Float64Array;
  constructor(size: number) {
    this.scratch = new Float64Array(size);
  }

  /** The n largest values (ties: smaller index), by ascending index. O(count). */
  top(idx: Int32Array, vals: Float64Array, count: number, n: number): { idx: Int32Array; sim: Float64Array } {
    if (count <= n) return { idx: idx.slice(0, count), sim: vals.slice(0, count) };
    const buf = this.scratch.subarray(0, count);
    buf.set(vals.subarray(0, count));
    const threshold = kthLargest(buf, n);
    let above = 0;
    for (let t = 0; t < count; t++) if (vals[t]! > threshold) above++;
    let ties = n - above;
    const outIdx = new Int32Array(n);
    const outSim = new Float64Array(n);
    let o = 0;
    // candidates are in ascending index order, so the first ties are the smaller indices
    for (let t = 0; t < count; t++) {
      const v = vals[t]!;
      if (v > threshold || (v === threshold && ties-- > 0)) {
        outIdx[o] = idx[t]!;
        outSim[o++] = v;
      }
    }
    return { idx: outIdx, sim: outSim };
  }
}

/** The n-th largest value of `a` (1-based n ≤ a.length); reorders `a`. Hoare quickselect, O(len). */
export function kthLargest(a: Float64Array, n: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

function packRows(rows: { idx: Int32Array; sim: Float64Array }[], total: number, self: Float64Array): Neighbours {
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(total);
  const sims = new Float64Array(total);
  let o = 0;
  rows.forEach((r, i) => {
    indices.set(r.idx, o);
    sims.set(r.sim, o);
    o += r.idx.length;
    indptr[i + 1] = o;
  });
  return { indptr, indices, sims, self };
}
