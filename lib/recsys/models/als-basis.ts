import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Dense helpers of the ALS sweep: Gram matrices and the orthogonal change of basis that makes
 * the user-side Gram matrix diagonal.
 *
 * Why: in the user sweep every CG product needs G·p with G = YᵀY + λI, O(f²) per user per step,
 * which dominates when users have few interactions. Writing G = RΛRᵀ (symmetric eigen-
 * decomposition, O(f³) once per sweep) and rotating both sides, x' = Rᵀx and y' = Rᵀy, keeps
 * every score x'ᵀy' = xᵀy and turns G into the diagonal Λ, so G·p costs O(f). The rotation of
 * X costs one O(f²) product per user per iteration instead of 1 + cgSteps of them.
 */

/**
 * Adds Σ_{rows} x_r x_rᵀ over rows [rowStart, rowEnd) into the upper triangle of `out` (f·f,
 * row-major); call `symmetrizeGram` once all partial sums are in.
 *
 * @param x - row-major factors, nRows × f
 * @param f - number of factors
 * @param rowStart - first row
 * @param rowEnd - one past the last row
 * @param out - accumulator (f·f)
 * Complexity: O((rowEnd − rowStart)·f²/2).
 */
export function addGramUpper(
  x: Float64Array,
  f: number,
  rowStart: number,
  rowEnd: number,
  out: Float64Array,
): void {
  for (let r = rowStart; r < rowEnd; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const xa = x[o + a]!;
      if (xa === 0) continue;
      const go = a * f;
      for (let b = a; b < f; b++) out[go + b]! += xa * x[o + b]!;
    }
  }
}

/**
 * Copies the upper triangle of `g` to the lower one and adds λ to the diagonal: G = XᵀX + λI.
 *
 * @param g - f·f matrix whose upper triangle holds XᵀX, completed in place
 * @param f - number of factors
 * @param lambda - L2 regularisation λ
 * Complexity: O(f²).
 */
export function symmetrizeGram(g: Float64Array, f: number, lambda: number): void {
  for (let a = 0; a < f; a++) {
    g[a * f + a]! += lambda;
    for (let b = a + 1; b < f; b++) g[b * f + a] = g[a * f + b]!;
  }
}

/** Eigen-decomposition G = RΛRᵀ of a symmetric f × f matrix. */
export interface Basis {
  /** Eigenvectors as columns, row-major f·f: R[a·f + k] is component a of eigenvector k. */
  rotation: Float64Array;
  /** Eigenvalues Λ (the diagonal Gram matrix in the new basis). */
  eigenvalues: Float64Array;
}

/**
 * Symmetric eigen-decomposition of G (ml-matrix, Jacobi/QL as in JAMA).
 *
 * @param g - symmetric f·f row-major matrix
 * @param f - its order
 * Complexity: O(f³).
 */
export function eigenBasis(g: Float64Array, f: number): Basis {
  const m = new Matrix(f, f);
  for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) m.set(a, b, g[a * f + b]!);
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const v = evd.eigenvectorMatrix;
  const rotation = new Float64Array(f * f);
  for (let a = 0; a < f; a++) for (let k = 0; k < f; k++) rotation[a * f + k] = v.get(a, k);
  return { rotation, eigenvalues: Float64Array.from(evd.realEigenvalues) };
}

/**
 * Rewrites rows [rowStart, rowEnd) of `x` in the basis R: x_r ← Rᵀx_r.
 *
 * @param x - row-major factors, updated in place
 * @param f - number of factors
 * @param rotation - R, row-major f·f (eigenvectors as columns)
 * @param rowStart - first row
 * @param rowEnd - one past the last row
 * @param tmp - scratch of length f
 * Complexity: O((rowEnd − rowStart)·f²).
 */
export function rotateRows(
  x: Float64Array,
  f: number,
  rotation: Float64Array,
  rowStart: number,
  rowEnd: number,
  tmp: Float64Array,
): void {
  for (let r = rowStart; r < rowEnd; r++) {
    const o = r * f;
    tmp.fill(0);
    for (let a = 0; a < f; a++) {
      const xa = x[o + a]!;
      if (xa === 0) continue;
      const ro = a * f;
      for (let k = 0; k < f; k++) tmp[k]! += xa * rotation[ro + k]!;
    }
    for (let k = 0; k < f; k++) x[o + k] = tmp[k]!;
  }
}
