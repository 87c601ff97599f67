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
  gramTimes(pb.gram, x, xo, r, f, -1);
  for (let q = start; q < end; q++) {
    const yo = indices[q]! * f;
    const cm1 = conf[q]!;
    axpy(r, 0, cm1 + 1 - cm1 * dot(y, yo, x, xo, f), y, yo, f);
  }
  let rsOld = 0;
  for (let k = 0; k < f; k++) {
    p[k] = r[k]!;
    rsOld += r[k]! * r[k]!;
  }
  if (rsOld < EPS) return;
  for (let it = 0; it < pb.cgSteps; it++) {
    // Ap = G·p + Σ_i (c_i − 1)(y_i·p) y_i, never forming YᵀC_uY
    gramTimes(pb.gram, p, 0, ap, f, 1);
    for (let q = start; q < end; q++) {
      const yo = indices[q]! * f;
      axpy(ap, 0, conf[q]! * dot(y, yo, p, 0, f), y, yo, f);
    }
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
  for (let a = 0; a < f; a++) out[a] = sign * dot(g, a * f, v, vo, f);
}
