import { growMemory } from './als-cg-wasm';
import { addGramUpper, rotateRows } from './als-basis';
import type { CgScratch } from './als-cg';

/**
 * The basis steps of an ALS sweep (rotation of the factors and their Gram matrix) on a solver's
 * scratch: with the tiled WebAssembly product (wasm/gemm-tiles.ts) when the scratch has its
 * kernels, else the JavaScript loops of als-basis. Rows go through the module's memory in
 * blocks of BLOCK rows.
 */

const BLOCK = 256;

/**
 * x_r ← Rᵀx_r for rows [rowStart, rowEnd) (als-basis `rotateRows`): in the module, each block
 * of rows X_b becomes X_b·R (row r of X_b·R is Rᵀx_r).
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
  const w = s.wasm;
  if (!w) {
    rotateRows(x, f, rotation, rowStart, rowEnd, s.r);
    return;
  }
  // [R | X block | X·R block], in doubles
  const aAt = f * f;
  const cAt = aAt + BLOCK * f;
  growMemory(w.memory, (cAt + BLOCK * f) * 8);
  const buf = w.memory.buffer;
  new Float64Array(buf, 0, f * f).set(rotation);
  const a = new Float64Array(buf, aAt * 8, BLOCK * f);
  const c = new Float64Array(buf, cAt * 8, BLOCK * f);
  for (let r0 = rowStart; r0 < rowEnd; r0 += BLOCK) {
    const n = Math.min(BLOCK, rowEnd - r0);
    // rows padded with zeros to a multiple of 4 (the tile height)
    const m = (n + 3) & ~3;
    a.set(x.subarray(r0 * f, (r0 + n) * f));
    a.fill(0, n * f, m * f);
    c.fill(0, 0, m * f);
    w.gemm(aAt * 8, 8, f * 8, 0, f * 8, cAt * 8, f * 8, m, f, f, 0);
    x.set(c.subarray(0, n * f), r0 * f);
  }
}

/**
 * Adds Σ_r x_r x_rᵀ over rows [rowStart, rowEnd) into the upper triangle of `out` (f·f), as
 * als-basis `addGramUpper`: in the module, the upper tiles of X_bᵀX_b accumulate over the
 * blocks X_b, then their upper triangle is added to `out` (its lower triangle is left as is).
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
  const w = s.wasm;
  if (!w) {
    addGramUpper(x, f, rowStart, rowEnd, out);
    return;
  }
  // [G | X block], in doubles
  const aAt = f * f;
  growMemory(w.memory, (aAt + BLOCK * f) * 8);
  const buf = w.memory.buffer;
  const g = new Float64Array(buf, 0, f * f).fill(0);
  const a = new Float64Array(buf, aAt * 8, BLOCK * f);
  for (let r0 = rowStart; r0 < rowEnd; r0 += BLOCK) {
    const n = Math.min(BLOCK, rowEnd - r0);
    a.set(x.subarray(r0 * f, (r0 + n) * f));
    w.gemm(aAt * 8, f * 8, 8, aAt * 8, f * 8, 0, f * 8, f, n, f, 1);
  }
  for (let i = 0; i < f; i++) for (let j = i; j < f; j++) out[i * f + j]! += g[i * f + j]!;
}
