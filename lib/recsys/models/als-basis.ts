import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

import { dot } from './als-vector';

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
 * row-major); call `symmetrizeGram` once all partial sums are in. Rows are processed in blocks
 * transposed to column-major, so every entry is a contiguous dot product.
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
  const block = new Float64Array(f * GRAM_BLOCK);
  for (let r0 = rowStart; r0 < rowEnd; r0 += GRAM_BLOCK) {
    const n = Math.min(GRAM_BLOCK, rowEnd - r0);
    for (let r = 0; r < n; r++) {
      const o = (r0 + r) * f;
      for (let a = 0; a < f; a++) block[a * GRAM_BLOCK + r] = x[o + a]!;
    }
    for (let a = 0; a < f; a++) {
      const ao = a * GRAM_BLOCK;
      let b = a;
      // four columns b per pass: each load of column a serves four products
      for (; b + 3 < f; b += 4) {
        const b0 = b * GRAM_BLOCK;
        const b1 = b0 + GRAM_BLOCK;
        const b2 = b1 + GRAM_BLOCK;
        const b3 = b2 + GRAM_BLOCK;
        let d0 = 0;
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        for (let r = 0; r < n; r++) {
          const v = block[ao + r]!;
          d0 += v * block[b0 + r]!;
          d1 += v * block[b1 + r]!;
          d2 += v * block[b2 + r]!;
          d3 += v * block[b3 + r]!;
        }
        out[a * f + b]! += d0;
        out[a * f + b + 1]! += d1;
        out[a * f + b + 2]! += d2;
        out[a * f + b + 3]! += d3;
      }
      for (; b < f; b++) out[a * f + b]! += dot(block, ao, block, b * GRAM_BLOCK, n);
    }
  }
}

const GRAM_BLOCK = 128;

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
  // Rᵀ row-major, so that each new coordinate is one contiguous dot product
  const rt = new Float64Array(f * f);
  for (let a = 0; a < f; a++) for (let k = 0; k < f; k++) rt[k * f + a] = rotation[a * f + k]!;
  // four rows per pass over Rᵀ: each load of Rᵀ serves four products
  const out = new Float64Array(4 * f);
  let r = rowStart;
  for (; r + 3 < rowEnd; r += 4) {
    const o0 = r * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    for (let k = 0; k < f; k++) {
      const ko = k * f;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let a = 0; a < f; a++) {
        const ra = rt[ko + a]!;
        d0 += ra * x[o0 + a]!;
        d1 += ra * x[o1 + a]!;
        d2 += ra * x[o2 + a]!;
        d3 += ra * x[o3 + a]!;
      }
      out[k] = d0;
      out[f + k] = d1;
      out[2 * f + k] = d2;
      out[3 * f + k] = d3;
    }
    x.set(out, o0);
  }
  for (; r < rowEnd; r++) {
    const o = r * f;
    for (let k = 0; k < f; k++) tmp[k] = dot(rt, k * f, x, o, f);
    for (let k = 0; k < f; k++) x[o + k] = tmp[k]!;
  }
}
