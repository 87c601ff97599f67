import { createCgRows, type CgRows } from '../wasm/als-cg-module';
import { createGemm, type Gemm } from '../wasm/gemm-tiles';
import type { CgProblem } from './als-cg';

/**
 * The WebAssembly kernels of one solver (one per thread) over one memory of their own: the
 * CG row solve (wasm/als-cg-module.ts) and the tiled product of the basis steps
 * (wasm/gemm-tiles.ts, used by als-basis-kernels.ts). Each call copies what it needs into the
 * memory from byte 0 (nothing lives there between calls) and copies its results out.
 */
export interface CgWasm {
  memory: WebAssembly.Memory;
  cg: CgRows;
  gemm: Gemm;
}

/** Both kernels over a fresh memory, or undefined where WebAssembly SIMD is unavailable. */
export function createCgWasm(): CgWasm | undefined {
  if (typeof WebAssembly !== 'object') return undefined;
  const memory = new WebAssembly.Memory({ initial: 16 });
  const cg = createCgRows(memory);
  const gemm = createGemm(memory);
  return cg && gemm ? { memory, cg, gemm } : undefined;
}

/** Grows `mem` to at least `bytes` bytes (views made before a growth are detached). */
export function growMemory(mem: WebAssembly.Memory, bytes: number): void {
  const need = Math.ceil(bytes / 65536) - mem.buffer.byteLength / 65536;
  if (need > 0) mem.grow(need);
}

/*
 * The CG driver: the fixed side and G are copied in once per call, then the rows go through in
 * blocks (at most BLOCK_ROWS rows and BLOCK_NNZ non-zeros, or one longer row): the block's CSR
 * slice and x are copied in, solved in one call, and x is copied back. Layout in doubles:
 *   [work 3f + fp | G | y (f32 rows of fp) | x block | conf block | indptr block | indices block]
 * where fp is f rounded up to 8 (the f32 kernel's 8-float steps; the padding is zero).
 */

const BLOCK_ROWS = 2048;
const BLOCK_NNZ = 1 << 16;

/**
 * solveChunksCg of als-cg.ts on this thread's WebAssembly kernels: the same CG steps and
 * stopping rule, with the row products in f32 (see wasm/als-cg-module.ts). The fixed side is
 * copied in once, then the claimed chunks [cuts[c], cuts[c + 1]) are solved.
 * @param pb - the problem (x is updated in place)
 * @param cuts - chunk boundaries, ascending
 * @param claim - the next chunk index to solve (≥ cuts.length − 1: none left)
 * @param w - this thread's kernels
 * Complexity: as solveRowsCg, plus O(nOther·f) to copy the fixed side.
 */
export function solveRowsWasm(pb: CgProblem, cuts: Int32Array, claim: () => number, w: CgWasm): void {
  const { memory, cg } = w;
  const { indptr, indices, conf, x, y, gram, factors: f } = pb;
  const chunks = cuts.length - 1;
  let longest = 0;
  for (let u = cuts[0]!; u < cuts[chunks]!; u++) longest = Math.max(longest, indptr[u + 1]! - indptr[u]!);
  const nnzCap = Math.max(BLOCK_NNZ, longest);
  const fp = (f + 7) & ~7;
  const nOther = y.length / f;
  const gramAt = 3 * f + fp;
  const yAt = gramAt + gram.length;
  const xAt = yAt + Math.ceil((nOther * fp) / 2);
  const confAt = xAt + BLOCK_ROWS * f;
  const ptrAt = confAt + nnzCap;
  // int32 from here: indptr then indices
  const idxAt = ptrAt + Math.ceil((BLOCK_ROWS + 1) / 2);
  growMemory(memory, (idxAt + Math.ceil(nnzCap / 2)) * 8);
  const buf = memory.buffer;
  new Float64Array(buf, gramAt * 8, gram.length).set(gram);
  const y32 = new Float32Array(buf, yAt * 8, nOther * fp);
  if (fp === f) y32.set(y);
  else {
    // zero padding: the memory holds earlier calls' bytes, which may read as NaN
    y32.fill(0);
    for (let i = 0; i < nOther; i++) y32.set(y.subarray(i * f, i * f + f), i * fp);
  }
  const xs = new Float64Array(buf, xAt * 8, BLOCK_ROWS * f);
  const cs = new Float64Array(buf, confAt * 8, nnzCap);
  const ptr = new Int32Array(buf, ptrAt * 8, BLOCK_ROWS + 1);
  const idx = new Int32Array(buf, idxAt * 8, nnzCap);
  const diag = gram.length === f ? 1 : 0;
  for (let c = claim(); c < chunks; c = claim()) solveBlocks(cuts[c]!, cuts[c + 1]!);

  /** Rows [rowStart, rowEnd) in blocks: CSR slice and x in, one kernel call, x out. */
  function solveBlocks(rowStart: number, rowEnd: number): void {
    for (let b0 = rowStart; b0 < rowEnd; ) {
      const q0 = indptr[b0]!;
      let b1 = b0 + 1;
      while (b1 < rowEnd && b1 - b0 < BLOCK_ROWS && indptr[b1 + 1]! - q0 <= nnzCap) b1++;
      const rows = b1 - b0;
      const q1 = indptr[b1]!;
      for (let i = 0; i <= rows; i++) ptr[i] = indptr[b0 + i]! - q0;
      idx.set(indices.subarray(q0, q1));
      cs.set(conf.subarray(q0, q1));
      xs.set(x.subarray(b0 * f, b1 * f));
      cg(ptrAt * 8, idxAt * 8, confAt * 8, xAt * 8, rows, yAt * 8, gramAt * 8, diag, f, pb.cgSteps, 0);
      x.set(xs.subarray(0, rows * f), b0 * f);
      b0 = b1;
    }
  }
}
