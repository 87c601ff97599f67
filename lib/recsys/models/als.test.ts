import { describe, expect, test } from 'vitest';

import { Rng } from '../random';
import { checkerboard } from '../testing/fixtures';
import { AlsModel } from './als';
import { addGramUpper, eigenBasis, rotateRows, symmetrizeGram } from './als-basis';
import { createCgScratch, solveRowsCg } from './als-cg';
import { alsLoss, explainShares, historyDirections, solveUserExact } from './als-exact';
import { WoodburySolver, woodburyBasis } from './als-woodbury';
import { recommenderContract } from './recommender.contract';

recommenderContract('AlsModel', () => new AlsModel({ factors: 3, iterations: 10 }));
recommenderContract(
  'AlsModel (trained user vectors)',
  () => new AlsModel({ factors: 3, iterations: 10, exactUsers: false }),
  { faithfulExplain: false },
);

const fb = checkerboard();
const w = fb.train.weights;
const ALPHA = 10;
const conf = w.data.map((v) => v * ALPHA);

function randomMatrix(rows: number, f: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: rows * f }, () => rng.normal(0, 0.3));
}

describe('CG solver and the eigenbasis', () => {
  const f = 5;
  const y = randomMatrix(w.nCols, f, 3);
  const gram = new Float64Array(f * f);
  addGramUpper(y, f, 0, w.nCols, gram);
  symmetrizeGram(gram, f, 0.1);

  test('many CG steps reach the exact solution of (YᵀC_uY + λI)x = YᵀC_u p', () => {
    const x = new Float64Array(w.nRows * f);
    solveRowsCg({ x, y, gram, indptr: w.indptr, indices: w.indices, conf, factors: f, cgSteps: 20 }, 0, w.nRows, createCgScratch(f));
    for (const u of [0, 7, 14]) {
      const start = w.indptr[u]!;
      const end = w.indptr[u + 1]!;
      const exact = solveUserExact(gram, y, f, { merchants: w.indices.subarray(start, end), confMinusOne: conf.subarray(start, end) });
      for (let a = 0; a < f; a++) expect(x[u * f + a]).toBeCloseTo(exact.x[a]!, 8);
    }
  });

  test('the diagonal Gram in the rotated basis gives the same scores', () => {
    const x = new Float64Array(w.nRows * f);
    solveRowsCg({ x, y, gram, indptr: w.indptr, indices: w.indices, conf, factors: f, cgSteps: 3 }, 0, w.nRows, createCgScratch(f));
    const basis = eigenBasis(gram, f);
    const xr = new Float64Array(w.nRows * f);
    const yr = y.slice();
    rotateRows(yr, f, basis.rotation, 0, w.nCols, new Float64Array(f));
    solveRowsCg({ x: xr, y: yr, gram: basis.eigenvalues, indptr: w.indptr, indices: w.indices, conf, factors: f, cgSteps: 3 }, 0, w.nRows, createCgScratch(f));
    // same Krylov iterates from x0 = 0 in both bases: x_r = Rᵀx, so scores agree
    for (const [u, i] of [[0, 1], [5, 9], [14, 12]] as const) {
      let d = 0;
      let dr = 0;
      for (let a = 0; a < f; a++) {
        d += x[u * f + a]! * y[i * f + a]!;
        dr += xr[u * f + a]! * yr[i * f + a]!;
      }
      expect(dr).toBeCloseTo(d, 10);
    }
  });
});

test('solveUserExact and explainShares on a hand-solved 2 × 2 system', () => {
  // A = G + 1·y0y0ᵀ = [[5, 2], [2, 3]], b = 2·y0 = (2, 0): x = A⁻¹b = (6/11, −4/11)
  const gram = Float64Array.from([4, 2, 2, 3]);
  const y = Float64Array.from([1, 0, 0, 1]);
  const h = { merchants: Int32Array.from([0]), confMinusOne: Float64Array.from([1]) };
  const sys = solveUserExact(gram, y, 2, h);
  expect(sys.x[0]).toBeCloseTo(6 / 11, 14);
  expect(sys.x[1]).toBeCloseTo(-4 / 11, 14);
  // score of merchant 1 = y1·x = −4/11 = c_0 · y1ᵀA⁻¹y0 = 2 · (−2/11)
  // the direction c_0·A⁻¹y0 = 2·(3, −2)/11; shares: merchant 1 −4/11 (= x_1), merchant 0 6/11 (= x_0)
  const dirs = historyDirections(sys, y, 2, h);
  expect(dirs[0]).toBeCloseTo(6 / 11, 14);
  expect(dirs[1]).toBeCloseTo(-4 / 11, 14);
  expect(explainShares(dirs, y, 2, 1)[0]).toBeCloseTo(-4 / 11, 14);
  expect(explainShares(dirs, y, 2, 0)[0]).toBeCloseTo(6 / 11, 14);
  // Woodbury (P = YG⁻¹ = G⁻¹ here since Y = I): the same direction without factorising A
  const wb = new WoodburySolver(y, woodburyBasis(gram, y, 2), 2);
  const viaWoodbury = new Float64Array(2);
  expect(wb.directions(h.merchants, h.confMinusOne, 1, viaWoodbury)).toBe(true);
  expect(viaWoodbury[0]).toBeCloseTo(6 / 11, 14);
  expect(viaWoodbury[1]).toBeCloseTo(-4 / 11, 14);
  expect(gram).toEqual(Float64Array.from([4, 2, 2, 3]));
  const empty = { merchants: new Int32Array(0), confMinusOne: new Float64Array(0) };
  expect(() => solveUserExact(new Float64Array(4), y, 2, empty)).toThrow(/positive definite/);
});

describe('AlsModel', () => {
  test('the loss of Hu et al. decreases over sweeps', () => {
    const losses = [1, 2, 4, 8].map((iterations) => {
      const m = new AlsModel({ factors: 4, iterations, alpha: ALPHA, regularization: 0.1 });
      m.fit(fb.train, { seed: 5 });
      const { users, merchants, f } = m.factors;
      return alsLoss(users, merchants, f, { indptr: w.indptr, indices: w.indices, conf }, 0.1);
    });
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]!);
  });

  test('explain shares sum to the exactly recomputed score (trained vectors in scoreAll)', () => {
    const m = new AlsModel({ factors: 6, iterations: 5, exactUsers: false, alpha: ALPHA });
    m.fit(fb.train, { seed: 2 });
    const { merchants: y, f } = m.factors;
    const gram = new Float64Array(f * f);
    addGramUpper(y, f, 0, w.nCols, gram);
    symmetrizeGram(gram, f, 0.05);
    for (const u of [0, 4, 11]) {
      const start = w.indptr[u]!;
      const end = w.indptr[u + 1]!;
      const h = { merchants: w.indices.subarray(start, end), confMinusOne: conf.subarray(start, end) };
      const sys = solveUserExact(gram, y, f, h);
      for (const i of [fb.withheld[u]!, 0, 15]) {
        let exact = 0;
        for (let a = 0; a < f; a++) exact += sys.x[a]! * y[i * f + a]!;
        const sum = m.explain(u, i, 1000).reduce((acc, c) => acc + c.value, 0);
        expect(Math.abs(sum - exact)).toBeLessThanOrEqual(1e-6 * Math.max(1e-3, Math.abs(exact)));
        const shares = explainShares(historyDirections(sys, y, f, h), y, f, i);
        expect(shares.length).toBe(end - start);
        expect(Math.abs(shares.reduce((a, c) => a + c, 0) - exact)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exact)));
      }
    }
  });

  test('scoreAll (WebAssembly at f = 8) is x_u·y_i for every merchant, and explain sums to it', () => {
    const m = new AlsModel({ factors: 8, iterations: 4, alpha: ALPHA });
    m.fit(fb.train, { seed: 3 });
    const { merchants: y, f } = m.factors;
    const out = new Float64Array(w.nCols);
    for (const u of [0, 9]) {
      m.scoreAll(u, out);
      const xu = m.userVector(u);
      for (let i = 0; i < w.nCols; i++) {
        let d = 0;
        for (let a = 0; a < f; a++) d += xu[a]! * y[i * f + a]!;
        expect(Math.abs(out[i]! - d)).toBeLessThan(1e-12);
      }
      const sum = m.explain(u, 2, 1000).reduce((acc, c) => acc + c.value, 0);
      expect(Math.abs(sum - out[2]!)).toBeLessThan(1e-9);
    }
  });

  test('the same seed gives identical factors; another seed differs', () => {
    const fit = (seed: number) => {
      const m = new AlsModel({ factors: 4, iterations: 3 });
      m.fit(fb.train, { seed });
      return m.factors.merchants;
    };
    expect(fit(9)).toEqual(fit(9));
    expect(fit(9)).not.toEqual(fit(10));
  });

  test('similarMerchants ranks by cosine of merchant factors', () => {
    const m = new AlsModel({ factors: 3, iterations: 10 });
    m.fit(fb.train, { seed: 1 });
    const { merchants: y, f } = m.factors;
    const sims = m.similarMerchants(0, 2);
    const cos = (a: number, b: number) => {
      let d = 0;
      let na = 0;
      let nb = 0;
      for (let k = 0; k < f; k++) {
        d += y[a * f + k]! * y[b * f + k]!;
        na += y[a * f + k]! ** 2;
        nb += y[b * f + k]! ** 2;
      }
      return d / Math.sqrt(na * nb);
    };
    expect(sims[0]!.score).toBeCloseTo(cos(0, sims[0]!.idx), 12);
  });

  test('rejects bad hyper-parameters', () => {
    expect(() => new AlsModel({ factors: 0 })).toThrow(RangeError);
    expect(() => new AlsModel({ regularization: 0 })).toThrow(/regularization/);
  });
});

test('precomputeUsers: false solves each exact user vector on first use, with the same results', () => {
  const eager = new AlsModel({ factors: 4, iterations: 5 });
  eager.fit(fb.train, { seed: 5 });
  const lazy = new AlsModel({ factors: 4, iterations: 5 });
  lazy.fit(fb.train, { seed: 5, precomputeUsers: false });
  const warm = Array.from({ length: w.nRows }, (_, u) => u).filter((u) => w.indptr[u + 1]! > w.indptr[u]!);
  expect(warm.length).toBeGreaterThan(2);
  const solved = (m: AlsModel) => m.snapshot().exactDone.reduce((a, b) => a + b, 0);
  expect(solved(eager)).toBe(warm.length);
  expect(solved(lazy)).toBe(0);
  expect(lazy.recommend(warm[1]!, 3)).toEqual(eager.recommend(warm[1]!, 3));
  expect(solved(lazy)).toBe(1); // just the user asked for
  for (const u of warm) {
    expect(lazy.recommend(u, 4, { excludeOrdered: true })).toEqual(eager.recommend(u, 4, { excludeOrdered: true }));
    expect(lazy.explain(u, 0)).toEqual(eager.explain(u, 0));
  }
  expect(lazy.recommendMany(Int32Array.from(warm), 4)).toEqual(eager.recommendMany(Int32Array.from(warm), 4));
});
