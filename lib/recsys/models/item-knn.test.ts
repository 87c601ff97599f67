import { describe, expect, test } from 'vitest';

import { matrixFromTriples } from '../testing/fixtures';
import { ItemKnnModel } from './item-knn';
import { kthLargest, knnSimilarity, weightMatrix } from './item-knn-similarity';
import { recommenderContract } from './recommender.contract';

recommenderContract('ItemKnnModel (binary cosine)', () => new ItemKnnModel());
recommenderContract('ItemKnnModel (bm25, shrink, 2 neighbours)', () =>
  new ItemKnnModel({ weighting: 'bm25', shrink: 1, neighbours: 2, normalize: false }),
);
recommenderContract('ItemKnnModel (tfidf)', () => new ItemKnnModel({ weighting: 'tfidf' }));

// users of A = {u1, u2}, B = {u1, u2, u3}, C = {u2, u3}; u2 ordered A twice
const train = matrixFromTriples([
  ['u1', 'A', 1], ['u1', 'B', 1],
  ['u2', 'A', 2], ['u2', 'B', 1], ['u2', 'C', 1],
  ['u3', 'B', 1], ['u3', 'C', 1],
]);
const m = (id: string) => train.merchants.indexOf(id)!;
const u = (id: string) => train.users.indexOf(id)!;

describe('ItemKnnModel on a hand-checked matrix', () => {
  test('cosine on the binary matrix: co-buyers / √(buyers·buyers)', () => {
    const model = new ItemKnnModel();
    model.fit(train);
    expect(model.neighbourSim(m('A'), m('B'))).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(model.neighbourSim(m('A'), m('C'))).toBeCloseTo(1 / 2, 12);
    expect(model.neighbourSim(m('C'), m('B'))).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(model.similarMerchants(m('A'), 5).map((s) => s.idx)).toEqual([m('B'), m('C')]);
  });

  test('shrinkage damps small supports: co / (√(nA·nB) + s)', () => {
    const model = new ItemKnnModel({ shrink: 1 });
    model.fit(train);
    expect(model.neighbourSim(m('A'), m('B'))).toBeCloseTo(2 / (Math.sqrt(6) + 1), 12);
  });

  test('neighbourhood size keeps the N most similar merchants', () => {
    const model = new ItemKnnModel({ neighbours: 1 });
    model.fit(train);
    expect(model.similarMerchants(m('A'), 5).map((s) => s.idx)).toEqual([m('B')]);
    expect(model.neighbourSim(m('A'), m('C'))).toBe(0);
  });

  test('score = Σ_j w(u,j)·sim(j,i), explained per history merchant', () => {
    const model = new ItemKnnModel({ includeSelf: false });
    model.fit(train);
    const out = new Float64Array(3);
    model.scoreAll(u('u1'), out);
    // u1 ordered A and B once: score(C) = sim(A,C) + sim(B,C)
    expect(out[m('C')]).toBeCloseTo(0.5 + 2 / Math.sqrt(6), 12);
    const parts = model.explain(u('u1'), m('C'));
    expect(parts.map((p) => p.merchantIdx)).toEqual([m('B'), m('A')]);
    expect(Math.abs(parts.reduce((a, p) => a + p.value, 0) - out[m('C')]!)).toBeLessThan(1e-12);
    // u2 ordered A twice (weight 2): the self-free score of B weighs sim(A,B) twice
    model.scoreAll(u('u2'), out);
    expect(out[m('B')]).toBeCloseTo(2 * (2 / Math.sqrt(6)) + 2 / Math.sqrt(6), 12);
  });

  test('includeSelf adds sim(i,i) = 1 for the user’s own merchants', () => {
    const withSelf = new ItemKnnModel();
    withSelf.fit(train);
    const out = new Float64Array(3);
    withSelf.scoreAll(u('u1'), out);
    expect(out[m('A')]).toBeCloseTo(1 + 2 / Math.sqrt(6), 12);
    const top = withSelf.explain(u('u1'), m('A'))[0]!;
    expect(top.merchantIdx).toBe(m('A'));
    expect(top.value).toBeCloseTo(1, 12);
  });
});

describe('weighting', () => {
  test('bm25 as implicit: r(K1+1)/(K1·L + r)·idf with merchants as documents', () => {
    const w = weightMatrix(train.weights, { weighting: 'bm25', k1: 2, b: 0.5 });
    // u1 has 2 merchants of 3: idf = ln 3 − ln 3 = 0; u3 likewise; u2: idf = ln 3 − ln 4 < 0
    const r = train.weights;
    const q = r.indptr[u('u2')]!; // u2's first entry is A (weight 2)
    expect(r.indices[q]).toBe(m('A'));
    const mean = 8 / 3; // merchant weight sums A=3, B=3, C=2
    const len = 1 - 0.5 + (0.5 * 3) / mean;
    expect(w.data[q]).toBeCloseTo(((2 * 3) / (2 * len + 2)) * (Math.log(3) - Math.log(4)), 12);
    expect(w.data[r.indptr[u('u1')]!]).toBeCloseTo(0, 12);
  });

  test('tfidf: √r · idf; binary: ones', () => {
    const t = weightMatrix(train.weights, { weighting: 'tfidf', k1: 1, b: 1 });
    const q = train.weights.indptr[u('u2')]!;
    expect(t.data[q]).toBeCloseTo(Math.sqrt(2) * (Math.log(3) - Math.log(4)), 12);
    expect([...weightMatrix(train.weights, { weighting: 'binary', k1: 1, b: 1 }).data].every((v) => v === 1)).toBe(true);
  });
});

test('knnSimilarity keeps ties by smaller index and kthLargest selects', () => {
  expect(kthLargest(Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6]), 3)).toBe(5);
  expect(kthLargest(Float64Array.from([2, 2, 2]), 2)).toBe(2);
  // every pair of 4 merchants co-ordered by one user: all similarities tie
  const flat = matrixFromTriples([['u', 'a', 1], ['u', 'b', 1], ['u', 'c', 1], ['u', 'd', 1]]);
  const nb = knnSimilarity(flat.weights, { neighbours: 2, shrink: 0, normalize: true });
  expect([...nb.indices.subarray(nb.indptr[3]!, nb.indptr[4]!)]).toEqual([0, 1]);
  expect([...nb.self]).toEqual([1, 1, 1, 1]);
});
