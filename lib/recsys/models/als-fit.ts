import { transpose } from '../matrix/csr';
import { Rng } from '../random';
import type { Csr } from '../types';
import { eigenBasis, symmetrizeGram } from './als-basis';
import type { CgProblem } from './als-cg';
import type { AlsKernels } from './als-kernels';

/** What the sweeps need of AlsModel's parameters. */
export interface AlsFitParams {
  factors: number;
  regularization: number;
  alpha: number;
  iterations: number;
  cgSteps: number;
}

/** Fitted factors: users X (nU·f), merchants Y (nM·f), and G = YᵀY + λI (f·f), all row-major. */
export interface AlsFactors {
  x: Float64Array;
  y: Float64Array;
  gramY: Float64Array;
}

/**
 * The alternating least squares sweeps of AlsModel.fit: seeded uniform [0, 0.01) init (as
 * implicit), then `iterations` user and merchant half-sweeps on the kernels (this thread or
 * workers over shared memory), each row improved by `cgSteps` warm-started CG steps.
 * O(iterations · (cgSteps·nnz·f + (users + merchants)·f²)).
 * @param weights - the user × merchant weights r
 * @param p - factors, λ, α, iterations, CG steps
 * @param k - where the sweeps run
 * @param seed - seed of the initial factors
 * @param onIteration - called after each iteration with (done, total)
 */
export function fitAlsFactors(weights: Csr, p: AlsFitParams, k: AlsKernels, seed: number, onIteration?: (done: number, total: number) => void): AlsFactors {
  const f = p.factors;
  const nU = weights.nRows;
  const nM = weights.nCols;
  const users = problem(k, weights, p);
  const items = problem(k, transpose(weights), p);
  const rng = new Rng(seed);
  for (const v of [users.x, items.x]) for (let q = 0; q < v.length; q++) v[q] = rng.next() * 0.01;
  users.y = items.x;
  items.y = users.x;
  for (let it = 0; it < p.iterations; it++) {
    sweep(k, p, users, items, nU, nM);
    sweep(k, p, items, users, nM, nU);
    onIteration?.(it + 1, p.iterations);
  }
  return { x: users.x, y: items.x, gramY: gramOf(k, items.x, f, nM, p.regularization) };
}

/**
 * One half-sweep: solve every row of `solving` against the fixed `other` side. G = YᵀY + λI
 * is diagonalised (both sides rotated, O((n + m)·f²)) when that is cheaper than the dense
 * G·p products it saves (O((cgSteps + 1)·n·f²)); else CG uses the dense G.
 */
function sweep(k: AlsKernels, p: AlsFitParams, solving: CgProblem, other: CgProblem, n: number, m: number): void {
  const f = p.factors;
  const g = gramOf(k, other.x, f, m, p.regularization);
  if (n + m < (p.cgSteps + 1) * n) {
    const basis = eigenBasis(g, f);
    k.rotate(solving.x, f, basis.rotation, n);
    k.rotate(other.x, f, basis.rotation, m);
    solving.gram = basis.eigenvalues;
  } else solving.gram = g;
  k.solve(solving, n);
}

/** One side's CG problem in the kernels' memory: the matrix, c − 1 = α·r, the factors to solve. */
function problem(k: AlsKernels, m: Csr, p: AlsFitParams): CgProblem {
  const f = p.factors;
  const indptr = k.int32(m.indptr.length);
  indptr.set(m.indptr);
  const indices = k.int32(m.indices.length);
  indices.set(m.indices);
  const conf = k.float64(m.data.length);
  // c − 1 = α·r (Hu et al. 2008, eq. 6)
  for (let q = 0; q < conf.length; q++) conf[q] = p.alpha * m.data[q]!;
  const x = k.float64(m.nRows * f);
  return { x, y: x, gram: x, indptr, indices, conf, factors: f, cgSteps: p.cgSteps };
}

/** G = XᵀX + λI of nRows rows of f factors. O(nRows·f²). */
function gramOf(k: AlsKernels, x: Float64Array, f: number, nRows: number, lambda: number): Float64Array {
  const g = k.float64(f * f);
  k.gram(x, f, nRows, g);
  symmetrizeGram(g, f, lambda);
  return g;
}
