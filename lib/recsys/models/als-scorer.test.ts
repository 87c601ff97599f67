import { describe, expect, test } from 'vitest';

import { Rng } from '../random';
import { syntheticMatrix } from '../testing/synthetic';
import { checkerboard } from '../testing/fixtures';
import { AlsModel } from './als';
import { solveUserExact } from './als-exact';
import { PrunedTopK } from '../matrix/pruned-top-k';
import { rescoreEach } from '../testing/rescore-each';
import { alsDot, EXCLUDED, QuantisedAlsScorer } from './als-scorer';
import { woodburyBasis, WoodburySolver } from './als-woodbury';
import { symmetrizeGram } from './als-basis';

function randomRows(n: number, f: number, seed: number, sd: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n * f }, () => rng.normal(0, sd));
}

describe('QuantisedAlsScorer', () => {
  test('hand case: factors on the quantisation grid score exactly, with only the rounding slack as bound', () => {
    // f = 64: Q = ⌊√((2³¹ − 1)/64)⌋ = 5,792; max|Y| = 1 so s_y = 1/5792, and 0.5, 0.25 are on the grid
    const f = 64;
    const y = new Float64Array(2 * f);
    y[0] = 1;
    y[1] = -1;
    y[f] = 0.5;
    y[f + 1] = 0.25;
    const x = new Float64Array(f);
    x[0] = 2;
    x[1] = 1; // s_x = 2/5792: 1 is on the grid too
    const s = QuantisedAlsScorer.create(y, f, 2)!;
    s.run([x]);
    const q = s.row(0);
    // q_x = (5792, 2896), q_y0 = (5792, −5792), q_y1 = (2896, 1448)
    expect(q[0]).toBe(5792 * 5792 - 2896 * 5792);
    expect(q[1]).toBe(5792 * 2896 + 2896 * 1448);
    expect(s.scale[0]! * q[0]!).toBeCloseTo(1, 12); // 2·1 + 1·(−1)
    expect(s.scale[0]! * q[1]!).toBeCloseTo(1.25, 12); // 2·0.5 + 1·0.25
    expect(s.eps[0]).toBeLessThan(1e-9);
    expect(s.eps[0]).toBeGreaterThan(0);
  });

  test('property: |scale·q − exact| ≤ ε for every merchant (random factors of several scales, odd f)', () => {
    for (const [f, sd, seed] of [[64, 0.3, 1], [64, 5, 2], [6, 0.01, 3], [7, 1, 4], [32, 100, 5]] as const) {
      const nM = 301;
      const y = randomRows(nM, f, seed, sd);
      const s = QuantisedAlsScorer.create(y, f, nM)!;
      const xs = [0, 1, 2].map((j) => randomRows(1, f, seed * 10 + j, sd * (j + 1)));
      s.run([...xs, undefined]);
      let worst = 0;
      for (let j = 0; j < 3; j++) {
        const q = s.row(j);
        for (let i = 0; i < nM; i++) {
          const err = Math.abs(s.scale[j]! * q[i]! - alsDot(xs[j]!, y, i, f, false));
          expect(err).toBeLessThanOrEqual(s.eps[j]!);
          worst = Math.max(worst, err / s.eps[j]!);
        }
      }
      // the bound is not vacuous: some error uses a visible part of it
      expect(worst).toBeGreaterThan(0.01);
      // a missing user scores 0 everywhere
      expect(s.row(3).subarray(0, nM).every((v) => v === 0)).toBe(true);
    }
  });

  test('a merchant ranked below the best approximately but above it exactly is still re-scored (k = 1)', () => {
    // f = 4: Q = ⌊√((2³¹ − 1)/4)⌋ = 23,170 and max|Y| = 1, so s_y = 1/Q. y₀ = (1, 0, 0, 0),
    // y₁ = (1 − 1/Q, 1, 1, 1); x = (1, 0.4/Q, 0.4/Q, 0.4/Q) quantises to (Q, 0, 0, 0)·(1/Q).
    // Approximate: q₀ = Q·Q > q₁ = Q·(Q − 1). Exact: 1 < 1 − 1/Q + 1.2/Q = 1 + 0.2/Q.
    // Both are within the margin, and they share one block of 8: a threshold taken from the
    // block maxima without the margin gathered merchant 0 alone and returned it.
    const f = 4;
    const Q = 23170;
    const y = Float64Array.of(1, 0, 0, 0, 1 - 1 / Q, 1, 1, 1);
    const x = Float64Array.of(1, 0.4 / Q, 0.4 / Q, 0.4 / Q);
    const s = QuantisedAlsScorer.create(y, f, 2)!;
    s.run([x]);
    const row = s.row(0);
    expect([row[0], row[1]]).toEqual([Q * Q, Q * (Q - 1)]);
    row.fill(EXCLUDED, 2); // the padding, as callers must
    const top = s.topKPrefix(0, s.paddedLength, 1, new PrunedTopK(), rescoreEach((i) => alsDot(x, y, i, f, false)));
    expect(top).toEqual([{ idx: 1, score: alsDot(x, y, 1, f, false) }]);
    expect(top[0]!.score).toBeGreaterThan(1);
  });

  test('topKF64: the same for approximate f64 scores, and ties keep the smaller index', () => {
    const s = QuantisedAlsScorer.create(new Float64Array(4 * 100), 4, 100)!;
    const approx = s.f64Row(0).fill(-Infinity);
    approx.set([0.5, 1, 0.9995, 0.2], 40); // merchants 40..43, one block of 8
    approx[97] = 0.9995;
    const exactOf = new Map([[40, 0.5], [41, 1], [42, 1.0005], [43, 0.2], [97, 1.0005]]);
    const exact = rescoreEach((i) => exactOf.get(i)!);
    expect(s.topKF64(approx, 1, 0.002, new PrunedTopK(), exact)).toEqual([{ idx: 42, score: 1.0005 }]);
    expect(s.topKF64(approx, 3, 0.002, new PrunedTopK(), exact)).toEqual([
      { idx: 42, score: 1.0005 },
      { idx: 97, score: 1.0005 },
      { idx: 41, score: 1 },
    ]);
    // fewer finite entries than k: all of them
    expect(s.topKF64(approx, 10, 0.002, new PrunedTopK(), exact).map((e) => e.idx)).toEqual([42, 97, 41, 40, 43]);
  });

  test('a catalogue under 64·k merchants (300, k 20): the 8-entry maxima still bound what is gathered', () => {
    // 300 merchants make 5 maxima of 64 entries, fewer than k: the threshold then comes from
    // the 38 maxima of 8 entries (the 20th largest of them), not from nothing (which gathered
    // and sorted all 300 for every list)
    const f = 8;
    const nM = 300;
    const y = randomRows(nM, f, 21, 1);
    const x = randomRows(1, f, 22, 1);
    const exactOf = (i: number) => alsDot(x, y, i, f, false);
    const byScore = Array.from({ length: nM }, (_, i) => i).sort((a, b) => exactOf(b) - exactOf(a) || a - b);
    const s = QuantisedAlsScorer.create(y, f, nM)!;
    s.run([x]);
    s.row(0).fill(EXCLUDED, nM);
    const pruned = new PrunedTopK();
    const top = s.topKPrefix(0, s.paddedLength, 20, pruned, rescoreEach(exactOf));
    expect(top.map((e) => e.idx)).toEqual(byScore.slice(0, 20));
    expect(pruned.gathered).toBeGreaterThanOrEqual(20);
    expect(pruned.gathered).toBeLessThan(100);
    // the same for f64 rows
    const approx = s.f64Row(0).fill(-Infinity);
    for (let i = 0; i < nM; i++) approx[i] = exactOf(i);
    const p64 = new PrunedTopK();
    expect(s.topKF64(approx, 20, 1e-9, p64, rescoreEach(exactOf)).map((e) => e.idx)).toEqual(byScore.slice(0, 20));
    expect(p64.gathered).toBeLessThan(100);
  });

  test('alsDot reproduces scoreAll bit for bit (WebAssembly order)', () => {
    const train = syntheticMatrix(200, 150, 1200, 7);
    const m = new AlsModel({ factors: 16, iterations: 3 });
    m.fit(train, { seed: 3 });
    const out = new Float64Array(150);
    for (const u of [0, 5, 77]) {
      m.scoreAll(u, out);
      const x = m.userVector(u);
      for (let i = 0; i < 150; i++) expect(m.exactScore(x, i)).toBe(out[i]);
    }
  });
});

describe('WoodburySolver', () => {
  test('equals the Cholesky solve of A_u, and declines histories above maxRank', () => {
    const f = 8;
    const nM = 40;
    const y = randomRows(nM, f, 11, 0.4);
    const gram = new Float64Array(f * f);
    for (let i = 0; i < nM; i++)
      for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) gram[a * f + b]! += y[i * f + a]! * y[i * f + b]!;
    symmetrizeGram(gram, f, 0.05);
    const w = new WoodburySolver(y, woodburyBasis(gram, y, f), f);
    expect(w.maxRank).toBe(4);
    const merchants = Int32Array.from([3, 9, 17, 30]);
    const r = Float64Array.from([1, 2, 0, 3]); // r = 0: in b (c = 1) but not in the low-rank update
    const out = new Float64Array(f + 2);
    expect(w.solve(merchants, r, 10, out, 2)).toBe(true);
    const exact = solveUserExact(gram, y, f, { merchants, confMinusOne: r.map((v) => 10 * v) }).x;
    for (let a = 0; a < f; a++) expect(out[2 + a]).toBeCloseTo(exact[a]!, 12);
    const many = Int32Array.from([1, 2, 3, 4, 5]);
    expect(w.solve(many, new Float64Array(5).fill(1), 10, out, 0)).toBe(false);
  });
});

/** Every user's recommendMany list equals recommend's, for both protocols and an exclude set. */
function expectSameLists(m: AlsModel, users: number, k: number): void {
  const all = Int32Array.from({ length: users + 2 }, (_, i) => (i < users ? i : users + i)); // two unknown users
  for (const opts of [{}, { excludeOrdered: true }, { excludeOrdered: true, exclude: new Set([0, 1, 2]) }]) {
    const many = m.recommendMany(all, k, opts);
    all.forEach((u, j) => expect(many[j]).toEqual(m.recommend(u, k, opts)));
    // the two unknown users get one fallback list, computed once, but not shared objects
    expect(many[users]).toEqual(many[users + 1]);
    expect(many[users]![0]).not.toBe(many[users + 1]![0]);
  }
}

describe('AlsModel.recommendMany', () => {
  test('checkerboard fixture: the same lists as recommend for every user (k 1, 3, more than the catalog)', () => {
    const fb = checkerboard();
    const m = new AlsModel({ factors: 4, iterations: 10 });
    m.fit(fb.train, { seed: 1 });
    for (const k of [1, 3, 100]) expectSameLists(m, fb.train.users.size, k);
  });

  test('generated 3,000 × 1,200 set: identical lists while re-scoring only a small share exactly', () => {
    const train = syntheticMatrix(3000, 1200, 15000, 5);
    const m = new AlsModel({ factors: 32, iterations: 4 });
    m.fit(train, { seed: 2 });
    expectSameLists(m, 3000, 20);
    const { rescored, scanned } = m.pruningStats;
    expect(scanned).toBe(3 * 3000 * 1200);
    // the pruning prunes: about k of 1,200 merchants per user are re-scored, far from all
    expect(rescored).toBeGreaterThan(3 * 3000 * 20 * 0.9);
    expect(rescored / scanned).toBeLessThan(0.05);
  });

  test('trained (not exact) user vectors: still identical', () => {
    const train = syntheticMatrix(500, 300, 3000, 6);
    const m = new AlsModel({ factors: 12, iterations: 3, exactUsers: false });
    m.fit(train, { seed: 2 });
    expectSameLists(m, 500, 10);
  });
});
