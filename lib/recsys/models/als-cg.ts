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
 * Pure and allocation-free: every buffer is passed in. Used by `AlsModel` and by the worker
 * threads of lib/engine, which run it over row ranges of shared buffers.
 */

/** Scratch vectors of one solver (one per thread), each of length f. */
export interface CgScratch {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
  /** The current row's fixed-side vectors, gathered contiguously (grown on demand). */
  rows: Float64Array;
  /** One value per row entry (dot products, then weights), grown on demand. */
  t: Float64Array;
}

/** Allocates the scratch vectors of a solver for `factors` factors. */
export function createCgScratch(factors: number): CgScratch {
  return {
    r: new Float64Array(factors),
    p: new Float64Array(factors),
    ap: new Float64Array(factors),
    rows: new Float64Array(factors * 256),
    t: new Float64Array(256),
  };
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

const EPS = 1e-20;

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
  const f = pb.factors;
  for (let u = rowStart; u < rowEnd; u++) {
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

function solveRow(pb: CgProblem, xo: number, start: number, end: number, s: CgScratch): void {
  const { x, indices, conf } = pb;
  const f = pb.factors;
  const { r, p, ap } = s;
  const n = end - start;
  // gather the row's fixed-side vectors once: the 1 + cgSteps passes then read contiguous memory
  if (s.rows.length < n * f) s.rows = new Float64Array(Math.max(n * f, 2 * s.rows.length));
  const g = s.rows;
  const y = pb.y;
  for (let q = 0; q < n; q++) {
    const yo = indices[start + q]! * f;
    const go = q * f;
    for (let k = 0; k < f; k++) g[go + k] = y[yo + k]!;
  }
  // r = b − A·x = Σ_i (c_i − (c_i − 1)·y_i·x) y_i − G·x
  gramTimes(pb.gram, x, xo, r, f, -1);
  const t = s.t.length < n ? (s.t = new Float64Array(Math.max(n, 2 * s.t.length))) : s.t;
  rowDots(g, n, f, x, xo, t);
  for (let q = 0; q < n; q++) {
    const cm1 = conf[start + q]!;
    t[q] = cm1 + 1 - cm1 * t[q]!;
  }
  addRows(g, n, f, t, r);
  let rsOld = 0;
  for (let k = 0; k < f; k++) {
    p[k] = r[k]!;
    rsOld += r[k]! * r[k]!;
  }
  if (rsOld < EPS) return;
  for (let it = 0; it < pb.cgSteps; it++) {
    // Ap = G·p + Σ_i (c_i − 1)(y_i·p) y_i, never forming YᵀC_uY
    gramTimes(pb.gram, p, 0, ap, f, 1);
    rowDots(g, n, f, p, 0, t);
    for (let q = 0; q < n; q++) t[q] = conf[start + q]! * t[q]!;
    addRows(g, n, f, t, ap);
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

/** a[ao ..]·b[bo ..] over f entries, four accumulators (breaks the add latency chain). */
function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, f: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let k = 0;
  for (; k + 3 < f; k += 4) {
    d0 += a[ao + k]! * b[bo + k]!;
    d1 += a[ao + k + 1]! * b[bo + k + 1]!;
    d2 += a[ao + k + 2]! * b[bo + k + 2]!;
    d3 += a[ao + k + 3]! * b[bo + k + 3]!;
  }
  for (; k < f; k++) d0 += a[ao + k]! * b[bo + k]!;
  return d0 + d1 + d2 + d3;
}

/** out[oo ..] += w·v[vo ..] over f entries, unrolled by four. */
function axpy(out: Float64Array, oo: number, w: number, v: Float64Array, vo: number, f: number): void {
  let k = 0;
  for (; k + 3 < f; k += 4) {
    out[oo + k]! += w * v[vo + k]!;
    out[oo + k + 1]! += w * v[vo + k + 1]!;
    out[oo + k + 2]! += w * v[vo + k + 2]!;
    out[oo + k + 3]! += w * v[vo + k + 3]!;
  }
  for (; k < f; k++) out[oo + k]! += w * v[vo + k]!;
}

/** out = sign·G·v[vo .. vo+f), G diagonal (length f) or dense (f·f, symmetric). */
function gramTimes(g: Float64Array, v: Float64Array, vo: number, out: Float64Array, f: number, sign: number): void {
  if (g.length === f) {
    for (let k = 0; k < f; k++) out[k] = sign * g[k]! * v[vo + k]!;
    return;
  }
  rowDots(g, f, f, v, vo, out);
  if (sign !== 1) for (let a = 0; a < f; a++) out[a] = sign * out[a]!;
}
