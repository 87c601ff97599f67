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
}

/** Allocates the scratch vectors of a solver for `factors` factors. */
export function createCgScratch(factors: number): CgScratch {
  return {
    r: new Float64Array(factors),
    p: new Float64Array(factors),
    ap: new Float64Array(factors),
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
  const { x, y, indices, conf } = pb;
  const f = pb.factors;
  const { r, p, ap } = s;
  // r = b − A·x = Σ_i (c_i − (c_i − 1)·y_i·x) y_i − G·x
  gramTimes(pb.gram, x, xo, r, f);
  for (let k = 0; k < f; k++) r[k] = -r[k]!;
  for (let q = start; q < end; q++) {
    const yo = indices[q]! * f;
    const cm1 = conf[q]!;
    let d = 0;
    for (let k = 0; k < f; k++) d += y[yo + k]! * x[xo + k]!;
    const w = cm1 + 1 - cm1 * d;
    for (let k = 0; k < f; k++) r[k]! += w * y[yo + k]!;
  }
  let rsOld = 0;
  for (let k = 0; k < f; k++) {
    p[k] = r[k]!;
    rsOld += r[k]! * r[k]!;
  }
  if (rsOld < EPS) return;
  for (let it = 0; it < pb.cgSteps; it++) {
    // Ap = G·p + Σ_i (c_i − 1)(y_i·p) y_i, never forming YᵀC_uY
    gramTimes(pb.gram, p, 0, ap, f);
    for (let q = start; q < end; q++) {
      const yo = indices[q]! * f;
      let d = 0;
      for (let k = 0; k < f; k++) d += y[yo + k]! * p[k]!;
      const w = conf[q]! * d;
      for (let k = 0; k < f; k++) ap[k]! += w * y[yo + k]!;
    }
    let pAp = 0;
    for (let k = 0; k < f; k++) pAp += p[k]! * ap[k]!;
    const alpha = rsOld / pAp;
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

/** out = G·v[vo .. vo+f), G diagonal (length f) or dense (f·f). */
function gramTimes(g: Float64Array, v: Float64Array, vo: number, out: Float64Array, f: number): void {
  if (g.length === f) {
    for (let k = 0; k < f; k++) out[k] = g[k]! * v[vo + k]!;
    return;
  }
  for (let a = 0; a < f; a++) {
    const go = a * f;
    let acc = 0;
    for (let b = 0; b < f; b++) acc += g[go + b]! * v[vo + b]!;
    out[a] = acc;
  }
}
