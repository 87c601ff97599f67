import { dot } from './als-vector';
import { createWasmRows, type WasmRows } from './als-wasm';

/**
 * Exact per-user ALS algebra (Hu, Koren & Volinsky 2008, §4–5), for scoring with a freshly
 * solved user vector and for explanations as in benfred/implicit's
 * `MatrixFactorizationBase.explain`:
 *   W_u = (YᵀC_uY + λI)⁻¹ = (G + Σ_j (c_uj − 1) y_j y_jᵀ)⁻¹,  x_u = W_u Σ_j c_uj y_j,
 *   score(u, i) = y_iᵀx_u = Σ_j c_uj · y_iᵀW_u y_j  (one additive share per history merchant j).
 * The dense algebra is a Cholesky factorisation on a Float64Array (no per-entry accessor calls),
 * since it runs once per scored user; the products building the system run in the
 * WebAssembly row kernels (als-wasm.ts) where available.
 */

/** One user's history in confidence form: merchants j and c_uj − 1 = α·r_uj. */
export interface UserHistory {
  merchants: Int32Array;
  confMinusOne: Float64Array;
}

/** A user's factorised system, reusable for several explanations of the same user. */
export interface UserSystem {
  /** Cholesky factor L of A_u = LLᵀ, row-major f·f (lower triangle; the rest is unused). */
  l: Float64Array;
  /** The exact user vector x_u = W_u·b_u (length f). */
  x: Float64Array;
}

/**
 * Builds and factorises A_u = G + Σ_j (c_uj − 1) y_j y_jᵀ (Cholesky) and solves
 * A_u x_u = Σ_j c_uj y_j.
 *
 * @param gram - G = YᵀY + λI, row-major f·f
 * @param y - merchant factors, row-major, f per merchant
 * @param f - number of factors
 * @param h - the user's history
 * @throws RangeError when A_u is not positive definite (λ ≤ 0 or non-finite factors)
 * Complexity: O(n_u·f² + f³).
 */
export function solveUserExact(gram: Float64Array, y: Float64Array, f: number, h: UserHistory): UserSystem {
  const n = h.merchants.length;
  // gathered column-major (padded to a multiple of 4 entries with zeros): z[a·n4 + q] = y_q[a],
  // w[a·n4 + q] = (c_q − 1)·y_q[a], so that every entry of Σ_q (c_q − 1) y_q y_qᵀ is one
  // contiguous dot product (in the WebAssembly module when available)
  const n4 = (n + 3) & ~3;
  const m = gatherMemory(f, n4);
  const { z, w, t } = m;
  const rhs = new Float64Array(f);
  for (let q = 0; q < n; q++) {
    const yo = h.merchants[q]! * f;
    const cm1 = h.confMinusOne[q]!;
    for (let r = 0; r < f; r++) {
      const yr = y[yo + r]!;
      rhs[r]! += (cm1 + 1) * yr;
      z[r * n4 + q] = yr;
      w[r * n4 + q] = cm1 * yr;
    }
  }
  for (let r = 0; r < f; r++) {
    for (let q = n; q < n4; q++) z[r * n4 + q] = w[r * n4 + q] = 0;
  }
  // lower triangle: row r, columns c ≤ r
  const a = gram.slice(0, f * f);
  for (let r = 0; r < f; r++) {
    if (m.wasm) {
      m.wasm.rowDots(z.byteOffset, r + 1, n4, w.byteOffset + r * n4 * 8, t.byteOffset);
      for (let c = 0; c <= r; c++) a[r * f + c]! += t[c]!;
    } else for (let c = 0; c <= r; c++) a[r * f + c]! += dot(w, r * n4, z, c * n4, n4);
  }
  choleskyInPlace(a, f);
  const x = new Float64Array(f);
  cholSolve(a, f, rhs, x);
  return { l: a, x };
}

/** Gather buffers of solveUserExact: views into this thread's module memory when available. */
interface GatherMemory {
  wasm: WasmRows | undefined;
  z: Float64Array;
  w: Float64Array;
  t: Float64Array;
}

let gatherState: { wasm: WasmRows | undefined; ready: boolean } = { wasm: undefined, ready: false };

function gatherMemory(f: number, n4: number): GatherMemory {
  if (!gatherState.ready) gatherState = { wasm: createWasmRows(1), ready: true };
  const { wasm } = gatherState;
  const doubles = f + 2 * f * n4;
  if (!wasm) {
    return { wasm, t: new Float64Array(f), z: new Float64Array(f * n4), w: new Float64Array(f * n4) };
  }
  const need = Math.ceil((doubles * 8) / 65536) - wasm.memory.buffer.byteLength / 65536;
  if (need > 0) wasm.memory.grow(need);
  const buf = wasm.memory.buffer;
  return {
    wasm,
    t: new Float64Array(buf, 0, f),
    w: new Float64Array(buf, f * 8, f * n4),
    z: new Float64Array(buf, (f + f * n4) * 8, f * n4),
  };
}

/**
 * Lower Cholesky factor of a symmetric positive-definite matrix, in place: only the lower
 * triangle of `a` (row-major n·n) is read and overwritten with L (A = LLᵀ). O(n³/3).
 */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const jo = j * n;
    let d = a[jo + j]!;
    for (let k = 0; k < j; k++) d -= a[jo + k]! * a[jo + k]!;
    if (!(d > 0)) throw new RangeError('ALS user system is not positive definite (regularization must be > 0)');
    const ljj = Math.sqrt(d);
    a[jo + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const io = i * n;
      let s = a[io + j]!;
      for (let k = 0; k < j; k++) s -= a[io + k]! * a[jo + k]!;
      a[io + j] = s * inv;
    }
  }
}

/** Solves LLᵀ out = b with the factor of `choleskyInPlace` (forward, then back substitution). O(n²). */
export function cholSolve(l: Float64Array, n: number, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const io = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[io + k]! * out[k]!;
    out[i] = s / l[io + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * out[k]!;
    out[i] = s / l[i * n + i]!;
  }
}

/**
 * The directions c_uj·W_u y_j of every history entry (row q = entry q, n_u·f) from the user's
 * factorised system: a pair of triangular solves each. O(n_u·f²).
 */
export function historyDirections(sys: UserSystem, y: Float64Array, f: number, h: UserHistory): Float64Array {
  const n = h.merchants.length;
  const dirs = new Float64Array(n * f);
  for (let q = 0; q < n; q++) {
    const yo = h.merchants[q]! * f;
    const d = dirs.subarray(q * f, q * f + f);
    cholSolve(sys.l, f, y.subarray(yo, yo + f), d);
    const c = h.confMinusOne[q]! + 1;
    for (let r = 0; r < f; r++) d[r]! *= c;
  }
  return dirs;
}

/**
 * Shares c_uj · y_iᵀW_u y_j of each history merchant j in the score y_iᵀx_u (they sum to it
 * exactly, up to rounding). W_u is symmetric, so y_iᵀW_u y_j = y_iᵀ(W_u y_j): with the
 * directions c_uj·W_u y_j solved once per user (historyDirections, or WoodburySolver.directions),
 * every share is one dot product.
 *
 * @param dirs - the user's directions, n_u·f
 * @param y - merchant factors
 * @param f - number of factors
 * @param item - the merchant being explained
 * @returns one value per history entry. O(n_u·f).
 */
export function explainShares(dirs: Float64Array, y: Float64Array, f: number, item: number): Float64Array {
  const n = dirs.length / f;
  const io = item * f;
  const shares = new Float64Array(n);
  for (let q = 0; q < n; q++) shares[q] = dot(dirs, q * f, y, io, f);
  return shares;
}

/**
 * The objective of Hu et al. (2008, eq. 3): Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(‖X‖² + ‖Y‖²),
 * summed over all pairs in O(users·f² + nnz·f) as Σ_u x_uᵀ(YᵀY)x_u plus corrections on the
 * observed pairs (as implicit's `calculate_loss`).
 *
 * @param x - user factors (row-major, f per user)
 * @param y - merchant factors
 * @param f - number of factors
 * @param csr - users × merchants pattern with `conf[q]` = c − 1 of each stored pair
 * @param lambda - λ
 */
export function alsLoss(
  x: Float64Array,
  y: Float64Array,
  f: number,
  csr: { indptr: Int32Array; indices: Int32Array; conf: Float64Array },
  lambda: number,
): number {
  const nU = csr.indptr.length - 1;
  const nM = y.length / f;
  const yty = new Float64Array(f * f);
  for (let i = 0; i < nM; i++) {
    for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) yty[a * f + b]! += y[i * f + a]! * y[i * f + b]!;
  }
  let loss = 0;
  for (let u = 0; u < nU; u++) {
    const xo = u * f;
    for (let a = 0; a < f; a++) {
      let t = 0;
      for (let b = 0; b < f; b++) t += yty[a * f + b]! * x[xo + b]!;
      loss += x[xo + a]! * t;
    }
    for (let q = csr.indptr[u]!; q < csr.indptr[u + 1]!; q++) {
      const yo = csr.indices[q]! * f;
      let d = 0;
      for (let a = 0; a < f; a++) d += x[xo + a]! * y[yo + a]!;
      const c = csr.conf[q]! + 1;
      loss += c * (1 - d) * (1 - d) - d * d;
    }
  }
  let reg = 0;
  for (const v of x) reg += v * v;
  for (const v of y) reg += v * v;
  return loss + lambda * reg;
}
