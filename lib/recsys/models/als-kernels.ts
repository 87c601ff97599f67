import { addGramUpperWith, rotateRowsWith } from './als-basis-kernels';
import { type CgProblem, createCgScratch, solveRowsCg } from './als-cg';

/**
 * The row-parallel kernels of one ALS sweep, behind an interface so that the same model code
 * runs them on this thread (`localAlsKernels`, pure) or on worker threads over shared memory
 * (lib/engine). Every kernel is a sum or a map over rows [0, nRows), so an implementation may
 * split the rows among threads; results must not depend on the split beyond rounding of the
 * Gram sums.
 */
export interface AlsKernels {
  /** Allocates a Float64Array the kernels can reach (a SharedArrayBuffer view for threads). */
  float64(n: number): Float64Array;
  /** Allocates an Int32Array the kernels can reach. */
  int32(n: number): Int32Array;
  /** `solveRowsCg(pb, 0, nRows, ·)`: CG steps for every row. */
  solve(pb: CgProblem, nRows: number): void;
  /** Adds Σ_r x_r x_rᵀ (upper triangle) into `out`, f·f. */
  gram(x: Float64Array, f: number, nRows: number, out: Float64Array): void;
  /** x_r ← Rᵀx_r for every row. */
  rotate(x: Float64Array, f: number, rotation: Float64Array, nRows: number): void;
}

/**
 * Single-threaded kernels over ordinary typed arrays: the reference implementation.
 * @param factors - number of factors f (sizes the scratch vectors)
 */
export function localAlsKernels(factors: number): AlsKernels {
  const scratch = createCgScratch(factors);
  return {
    float64: (n) => new Float64Array(n),
    int32: (n) => new Int32Array(n),
    solve: (pb, nRows) => solveRowsCg(pb, 0, nRows, scratch),
    gram: (x, _f, nRows, out) => addGramUpperWith(scratch, x, 0, nRows, out),
    rotate: (x, _f, rotation, nRows) => rotateRowsWith(scratch, x, rotation, 0, nRows),
  };
}
