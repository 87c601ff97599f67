import { CG_EPS as EPS } from '../wasm/als-cg-module';
import { type CgWasm, createCgWasm, solveRowsWasm } from './als-cg-wasm';
import { axpy, dot } from './als-vector';

/**
 * Conjugate-gradient least-squares solver of implicit-feedback ALS (Hu, Koren & Volinsky 2008),
 * following Takács, Pilászy & Tikk (2011), "Applications of the conjugate gradient method for
 * implicit feedback collaborative filtering", as in benfred/implicit's `_least_squares_cg`.
 *
 * For one row u (a user, or a merchant in the transposed sweep) it improves x_u towards the
 * solution of  (YᵀC_uY + λI) x_u = YᵀC_u p_u  with a few CG steps, warm-started from the
 * previous x_u. With c_ui = 1 + α·r_ui and p_ui = 1 for observed pairs, the system is
 *   A = G + Σ_i (c_ui − 1) y_i y_iᵀ,   b = Σ_i c_ui y_i,   G = YᵀY + λI (shared by all rows),
 * so one product A·v costs O(f² + n_u·f) (or O(f + n_u·f) when G is diagonal, see als-basis.ts).
 *
 * Pure; it allocates only when the scratch grows to a longer row. Used by `AlsModel` and by the worker
 * threads of lib/engine, which run it over row ranges of shared buffers.
 */

/**
 * Scratch of one solver (one per thread): the CG vectors (length f) and one value per row
 * entry, used by the JavaScript loops, which gather each row's fixed-side vectors into `rows`;
 * and, where WebAssembly SIMD is available and f is a multiple of 4, the WebAssembly kernels
 * (als-cg-wasm.ts), which then run every solve, rotation and Gram sum of this scratch.
 */
export interface CgScratch {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
  /** The row's current x, copied next to the other vectors. */
  xrow: Float64Array;
  /** One value per row entry (dot products, then weights). */
  t: Float64Array;
  /** JavaScript path: the current row's fixed-side vectors, gathered, row-major. */
  rows: Float64Array;
  /** Row entries `t` and `rows` have room for. */
  capacity: number;
  factors: number;
  wasm?: CgWasm;
}

/**
 * Allocates the scratch of a solver for `factors` factors, on the WebAssembly kernels when
 * they are available and f is a multiple of 4 (else JavaScript loops).
 * @param factors - number of factors f
 * @param useWasm - false forces the JavaScript loops (default true)
 */
export function createCgScratch(factors: number, useWasm = true): CgScratch {
  const s: CgScratch = {
    r: new Float64Array(0),
    p: new Float64Array(0),
    ap: new Float64Array(0),
    xrow: new Float64Array(0),
    t: new Float64Array(0),
    rows: new Float64Array(0),
    capacity: 0,
    factors,
    wasm: useWasm && factors % 4 === 0 ? createCgWasm() : undefined,
  };
  ensureCapacity(s, s.wasm ? 1 : 256);
  return s;
}

/** JavaScript path: room for rows of n entries (before a row's solve: nothing live is lost). */
function ensureCapacity(s: CgScratch, n: number): void {
  if (n <= s.capacity) return;
  const cap = Math.max(n, 2 * s.capacity);
  const f = s.factors;
  s.r = new Float64Array(f);
  s.p = new Float64Array(f);
  s.ap = new Float64Array(f);
  s.xrow = new Float64Array(f);
  s.t = new Float64Array(cap);
  s.rows = new Float64Array(cap * f);
  s.capacity = cap;
}

/**
 * The rows to solve and the fixed side. `indptr/indices/conf` is the CSR of the rows being
 * solved (users × merchants for the user sweep, its transpose for the merchant sweep), where
 * `conf[q] = α·r` is the confidence minus one (c − 1) of pair q.
 */
export interface CgProblem {
  /** Factors being solved, row-major nRows × f, updated in place. */
  x: Float64Array;
  /** Fixed factors of the other side, row-major nOther × f. */
  y: Float64Array;
  /** G = YᵀY + λI: length f (diagonal, rotated basis) or f·f (dense, row-major). */
  gram: Float64Array;
  indptr: Int32Array;
  indices: Int32Array;
  conf: Float64Array;
  factors: number;
  cgSteps: number;
}

/**
 * Runs `cgSteps` CG steps for rows [rowStart, rowEnd) of `pb` (Takács et al. 2011, Alg. 3).
 * Rows without any interaction get x = 0 (their exact solution, since b = 0).
 *
 * @param pb - the problem (x is updated in place)
 * @param rowStart - first row to solve
 * @param rowEnd - one past the last row
 * @param s - scratch vectors of this thread
 * Complexity: O(Σ_rows cgSteps·(f² + n_u·f)) with a dense G, O(Σ cgSteps·n_u·f) with a diagonal G.
 */
export function solveRowsCg(pb: CgProblem, rowStart: number, rowEnd: number, s: CgScratch): void {
  let claimed = false;
  solveChunksCg(pb, Int32Array.of(rowStart, rowEnd), () => (claimed ? 1 : ((claimed = true), 0)), s);
}

/**
 * solveRowsCg over the chunks [cuts[c], cuts[c + 1]) that `claim()` hands out, one at a time,
 * until it returns c ≥ cuts.length − 1; threads sharing one counter thus share the rows by
 * speed rather than by a fixed split. Each row's result does not depend on who solves it.
 * @param pb - the problem (x is updated in place)
 * @param cuts - chunk boundaries, ascending
 * @param claim - the next chunk index to solve
 * @param s - scratch vectors of this thread
 */
export function solveChunksCg(pb: CgProblem, cuts: Int32Array, claim: () => number, s: CgScratch): void {
  if (s.wasm) {
    solveRowsWasm(pb, cuts, claim, s.wasm);
    return;
  }
  const f = pb.factors;
  for (let c = claim(); c < cuts.length - 1; c = claim()) {
    for (let u = cuts[c]!; u < cuts[c + 1]!; u++) {
      const start = pb.indptr[u]!;
      const end = pb.indptr[u + 1]!;
      const xo = u * f;
      if (start === end) {
        pb.x.fill(0, xo, xo + f);
        continue;
      }
      solveRow(pb, xo, start, end, s);
    }
  }
}

function solveRow(pb: CgProblem, xo: number, start: number, end: number, s: CgScratch): void {
  const { x, indices, conf } = pb;
  const f = pb.factors;
  const n = end - start;
  ensureCapacity(s, n);
  // gather the row's fixed-side vectors once: the 1 + cgSteps passes then read them contiguously
  const { y } = pb;
  const g = s.rows;
  for (let q = 0; q < n; q++) {
    const yo = indices[start + q]! * f;
    const go = q * f;
    for (let k = 0; k < f; k++) g[go + k] = y[yo + k]!;
  }
  const { r, p, ap, xrow, t } = s;
  for (let k = 0; k < f; k++) xrow[k] = x[xo + k]!;
  // r = b − A·x = Σ_i (c_i − (c_i − 1)·y_i·x) y_i − G·x
  gramTimes(pb.gram, s, xrow, r, -1);
  dots(s, n, xrow);
  for (let q = 0; q < n; q++) {
    const cm1 = conf[start + q]!;
    t[q] = cm1 + 1 - cm1 * t[q]!;
  }
  addWeighted(s, n, r);
  let rsOld = 0;
  for (let k = 0; k < f; k++) {
    p[k] = r[k]!;
    rsOld += r[k]! * r[k]!;
  }
  if (rsOld < EPS) return;
  for (let it = 0; it < pb.cgSteps; it++) {
    // Ap = G·p + Σ_i (c_i − 1)(y_i·p) y_i, never forming YᵀC_uY
    gramTimes(pb.gram, s, p, ap, 1);
    dots(s, n, p);
    for (let q = 0; q < n; q++) t[q] = conf[start + q]! * t[q]!;
    addWeighted(s, n, ap);
    const alpha = rsOld / dot(p, 0, ap, 0, f);
    let rsNew = 0;
    for (let k = 0; k < f; k++) {
      x[xo + k]! += alpha * p[k]!;
      r[k]! -= alpha * ap[k]!;
      rsNew += r[k]! * r[k]!;
    }
    if (rsNew < EPS) break;
    const beta = rsNew / rsOld;
    for (let k = 0; k < f; k++) p[k] = r[k]! + beta * p[k]!;
    rsOld = rsNew;
  }
}

/** s.t[q] = row q · v for the row's n gathered fixed-side vectors. */
function dots(s: CgScratch, n: number, v: Float64Array): void {
  rowDots(s.rows, n, s.factors, v, 0, s.t);
}

/** out += Σ_q s.t[q] · row q over the row's n gathered fixed-side vectors. */
function addWeighted(s: CgScratch, n: number, out: Float64Array): void {
  addRows(s.rows, n, s.factors, s.t, out);
}

/**
 * t[q] = g_q·v[vo ..] for the n gathered rows g_q (f each), four rows per pass so that each
 * load of v serves four products. O(n·f).
 */
function rowDots(g: Float64Array, n: number, f: number, v: Float64Array, vo: number, t: Float64Array): void {
  let q = 0;
  for (; q + 3 < n; q += 4) {
    const o0 = q * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let k = 0; k < f; k++) {
      const vk = v[vo + k]!;
      d0 += g[o0 + k]! * vk;
      d1 += g[o1 + k]! * vk;
      d2 += g[o2 + k]! * vk;
      d3 += g[o3 + k]! * vk;
    }
    t[q] = d0;
    t[q + 1] = d1;
    t[q + 2] = d2;
    t[q + 3] = d3;
  }
  for (; q < n; q++) t[q] = dot(g, q * f, v, vo, f);
}

/** out += Σ_q w[q]·g_q over the n gathered rows, four rows per pass over out. O(n·f). */
function addRows(g: Float64Array, n: number, f: number, w: Float64Array, out: Float64Array): void {
  let q = 0;
  for (; q + 3 < n; q += 4) {
    const o0 = q * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    const w0 = w[q]!;
    const w1 = w[q + 1]!;
    const w2 = w[q + 2]!;
    const w3 = w[q + 3]!;
    for (let k = 0; k < f; k++) {
      out[k]! += w0 * g[o0 + k]! + w1 * g[o1 + k]! + w2 * g[o2 + k]! + w3 * g[o3 + k]!;
    }
  }
  for (; q < n; q++) axpy(out, 0, w[q]!, g, q * f, f);
}

/** out = sign·G·v, G diagonal (length f) or dense (f·f, symmetric). */
function gramTimes(g: Float64Array, s: CgScratch, v: Float64Array, out: Float64Array, sign: number): void {
  const f = s.factors;
  if (g.length === f) {
    for (let k = 0; k < f; k++) out[k] = sign * g[k]! * v[k]!;
    return;
  }
  rowDots(g, f, f, v, 0, out);
  if (sign !== 1) for (let a = 0; a < f; a++) out[a] = sign * out[a]!;
}
