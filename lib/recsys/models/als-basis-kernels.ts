import { addGramUpper, rotateRows } from './als-basis';
import { layoutWasm, type CgScratch } from './als-cg';

/**
 * The basis steps of an ALS sweep (rotation of the factors and their Gram matrix) on a solver's
 * scratch: in its WebAssembly module when it has one, else the JavaScript loops of als-basis.
 */

/**
 * x_r ← Rᵀx_r for rows [rowStart, rowEnd) (als-basis `rotateRows`), each row's f products in
 * the module when the scratch has one (Rᵀ copied into its G slot, so call it between solves).
 * @param s - this thread's scratch
 * @param x - row-major factors, updated in place
 * @param rotation - R, row-major f·f (eigenvectors as columns)
 * @param rowStart - first row
 * @param rowEnd - one past the last row
 * Complexity: O((rowEnd − rowStart)·f²).
 */
export function rotateRowsWith(
  s: CgScratch,
  x: Float64Array,
  rotation: Float64Array,
  rowStart: number,
  rowEnd: number,
): void {
  const f = s.factors;
  if (!s.wasm) {
    rotateRows(x, f, rotation, rowStart, rowEnd, s.r);
    return;
  }
  const rt = s.gram;
  for (let a = 0; a < f; a++) for (let k = 0; k < f; k++) rt[k * f + a] = rotation[a * f + k]!;
  const { xrow, r } = s;
  for (let u = rowStart; u < rowEnd; u++) {
    const o = u * f;
    for (let k = 0; k < f; k++) xrow[k] = x[o + k]!;
    s.wasm.rowDots(rt.byteOffset, f, f, xrow.byteOffset, r.byteOffset);
    for (let k = 0; k < f; k++) x[o + k] = r[k]!;
  }
}

const GRAM_ROWS = 128;

/**
 * Adds Σ_r x_r x_rᵀ over rows [rowStart, rowEnd) into the upper triangle of `out` (f·f), as
 * als-basis `addGramUpper`, in the module when the scratch has one: blocks of 128 rows are
 * transposed into its memory (zero-padded), and row a of the triangle is one rowDots call of
 * columns a..f−1 against column a. Call it between solves (it reuses the row buffers).
 * @param s - this thread's scratch
 * @param x - row-major factors, nRows × f
 * @param rowStart - first row
 * @param rowEnd - one past the last row
 * @param out - accumulator (f·f)
 * Complexity: O((rowEnd − rowStart)·f²/2).
 */
export function addGramUpperWith(
  s: CgScratch,
  x: Float64Array,
  rowStart: number,
  rowEnd: number,
  out: Float64Array,
): void {
  const f = s.factors;
  if (!s.wasm) {
    addGramUpper(x, f, rowStart, rowEnd, out);
    return;
  }
  if (s.capacity < f + f * GRAM_ROWS) layoutWasm(s, f + f * GRAM_ROWS);
  const dots = s.t.subarray(0, f);
  const block = s.t.subarray(f, f + f * GRAM_ROWS);
  for (let r0 = rowStart; r0 < rowEnd; r0 += GRAM_ROWS) {
    const n = Math.min(GRAM_ROWS, rowEnd - r0);
    if (n < GRAM_ROWS) block.fill(0);
    for (let r = 0; r < n; r++) {
      const o = (r0 + r) * f;
      for (let a = 0; a < f; a++) block[a * GRAM_ROWS + r] = x[o + a]!;
    }
    for (let a = 0; a < f; a++) {
      const col = block.byteOffset + a * GRAM_ROWS * 8;
      s.wasm.rowDots(col, f - a, GRAM_ROWS, col, dots.byteOffset);
      const ao = a * f + a;
      for (let j = 0; j < f - a; j++) out[ao + j]! += dots[j]!;
    }
  }
}
