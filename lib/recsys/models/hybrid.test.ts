import { describe, expect, test, vi } from 'vitest';

import { buildInteractions, DAY_MS } from '../data/interactions';
import { checkerboard, FIXTURE_NOW, makeEvent } from '../testing/fixtures';
import { AlsModel } from './als';
import { HybridModel } from './hybrid';
import { HybridSignals, N_SIGNALS } from './hybrid-signals';
import { carveOutFromMatrix } from './hybrid-validation';
import { blendNdcg, collectValidation, collectValidationBoth, learnWeights, type ValidationUser } from './hybrid-weights';
import { ItemKnnModel } from './item-knn';
import { recommenderContract } from './recommender.contract';

const small = { als: { factors: 3, iterations: 10 } };
const fb = checkerboard({ size: 6 });
recommenderContract('HybridModel (matrix carve-out)', () => new HybridModel(small));
recommenderContract('HybridModel (carve-out from events)', () => new HybridModel(small), {
  fitOptions: { seed: 1, events: checkerboard().events },
});

const user = (features: number[][], relevant: number[], nRelevant: number): ValidationUser => ({
  pool: Int32Array.from(features, (_, i) => i),
  features: Float64Array.from(features.flatMap((row) => [...row, ...new Array(N_SIGNALS - row.length).fill(0)])),
  relevant: Uint8Array.from(relevant),
  nRelevant,
});

describe('weight learning', () => {
  // pool of 3; signal 0 ranks 2,1,0 and signal 1 ranks 0,1,2; merchant 0 is relevant, |R| = 2
  const data = [user([[0.1, 1], [0.5, 0.5], [1, 0]], [1, 0, 0], 2)];

  test('blendNdcg: hit at rank 3 with |R| = 2 ⇒ (1/log2 4)/(1 + 1/log2 3)', () => {
    expect(blendNdcg(data, [1, 0, 0, 0, 0], 3)).toBeCloseTo(0.5 / (1 + 1 / Math.log2(3)), 12);
    expect(blendNdcg(data, [0, 1, 0, 0, 0], 3)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
    // equal blend: scores 0.55, 0.5, 0.5: merchant 0 first
    expect(blendNdcg(data, [0.5, 0.5, 0, 0, 0], 1)).toBe(1);
    // a tie at the k-th place keeps the smaller index: merchant 1 (relevant) never enters
    const tie = [user([[0.5], [0.5]], [0, 1], 1), user([[0.2], [0.7], [0.7]], [0, 0, 1], 1)];
    expect(blendNdcg(tie, [1, 0, 0, 0, 0], 1)).toBe(0);
    // k = 2: the second user's relevant merchant 2 ties merchant 1 and lands at rank 2
    expect(blendNdcg(tie, [1, 0, 0, 0, 0], 2)).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(3)) / 2, 12);
  });

  test('the learned weights are never worse on validation than any single signal', () => {
    const mixed = [
      ...data,
      user([[1, 0.2], [0, 0.3], [0.2, 0]], [1, 0, 0], 1),
      user([[0, 0.9, 0.1], [0.8, 0.8, 0.8], [0.3, 0, 1]], [0, 1, 0], 1),
    ];
    const r = learnWeights(mixed, { k: 1, samples: 20, seed: 3 });
    expect(r.singles).toHaveLength(N_SIGNALS);
    expect(r.ndcg).toBeGreaterThanOrEqual(Math.max(...r.singles));
    expect(r.ndcg).toBe(1);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(learnWeights(mixed, { k: 1, samples: 20, seed: 3 }).weights).toEqual(r.weights);
  });
});

test('a cold user straight after fit gets the popularity and recency blend, explained (−1 is a user, not "none")', () => {
  const ago = (d: number) => FIXTURE_NOW - d * DAY_MS;
  const events = ['u1', 'u2', 'u3'].flatMap((u, j) => [makeEvent(u, 'pop', { eventTime: ago(5) }), makeEvent(u, `own${j}`, { eventTime: ago(40) })]);
  const train = buildInteractions(events, { now: FIXTURE_NOW });
  const m = new HybridModel({ ...small, weights: [0.3, 0.3, 0.1, 0.1, 0.2] });
  m.fit(train, { seed: 1 });
  // cold weights 0.5 popularity + 0.5 recency; 'pop' has the most orders and the only recent buyers
  const [first, second] = m.recommend(-1, 2);
  expect(first).toEqual({ idx: train.merchants.indexOf('pop'), score: 1 });
  expect(second!.score).toBeCloseTo(0.5 / 3, 12);
  const parts = m.explain(-1, first!.idx);
  expect(parts.map((c) => c.source).sort()).toEqual(['popularity', 'recency']);
  expect(parts.reduce((a, c) => a + c.value, 0)).toBeCloseTo(1, 12);
});

describe('HybridModel', () => {
  const model = new HybridModel(small);
  model.fit(fb.train, { seed: 4, events: fb.events });

  test('learns per-protocol weights from the event carve-out, at least as good as each signal', () => {
    const r = model.report!;
    expect(r.source).toBe('events');
    for (const part of [r.all!, r.discovery!]) {
      expect(part.users).toBeGreaterThan(0);
      expect(part.ndcg).toBeGreaterThanOrEqual(Math.max(...part.singles));
    }
    expect(model.params['w.repeat']).toBeCloseTo(model.weights.all[4]!, 6);
  });

  test('discovery explanations sum to the discovery scores of recommend', () => {
    for (let u = 0; u < fb.train.users.size; u += 5) {
      for (const r of model.recommend(u, 3, { excludeOrdered: true })) {
        const parts = model.explain(u, r.idx, 1000, { excludeOrdered: true });
        expect(Math.abs(parts.reduce((a, c) => a + c.value, 0) - r.score)).toBeLessThan(1e-9);
      }
    }
  });

  test('fixed one-hot weights reproduce a single signal; cold users fall back to popularity', () => {
    const repeatOnly = new HybridModel({ ...small, weights: [0, 0, 0, 0, 1] });
    repeatOnly.fit(fb.train, { seed: 1 });
    const recs = repeatOnly.recommend(0, 3);
    expect(recs[0]!.score).toBe(1);
    expect(repeatOnly.explain(0, recs[0]!.idx)).toEqual([{ merchantIdx: recs[0]!.idx, value: 1, source: 'repeat' }]);
    expect(repeatOnly.recommend(-1, 2).map((r) => r.score)[0]).toBe(1);
    expect(() => new HybridModel({ weights: [1] })).toThrow(RangeError);
  });
});

test('fit adopts item-knn and als models already fitted on the same matrix, seed and params', () => {
  const alsFit = vi.spyOn(AlsModel.prototype, 'fit');
  const knnFit = vi.spyOn(ItemKnnModel.prototype, 'fit');
  try {
    const own = new HybridModel(small);
    own.fit(fb.train, { seed: 4, events: fb.events });
    // validation fit + refit of each signal
    expect([alsFit.mock.calls.length, knnFit.mock.calls.length]).toEqual([2, 2]);
    const als = new AlsModel({ factors: 3, iterations: 10 });
    als.fit(fb.train, { seed: 4 });
    const knn = new ItemKnnModel();
    knn.fit(fb.train);
    const otherSeed = new AlsModel({ factors: 3, iterations: 10 });
    otherSeed.fit(fb.train, { seed: 5 });
    alsFit.mockClear();
    knnFit.mockClear();
    const reused = new HybridModel(small);
    reused.fit(fb.train, { seed: 4, events: fb.events, fitted: [otherSeed, knn, als] });
    // only the validation fits remain; the adopted models are the same fit, so the same scores
    expect([alsFit.mock.calls.length, knnFit.mock.calls.length]).toEqual([1, 1]);
    const a = new Float64Array(fb.train.merchants.size);
    const b = new Float64Array(fb.train.merchants.size);
    for (let u = 0; u < fb.train.users.size; u += 3) {
      own.scoreAll(u, a);
      reused.scoreAll(u, b);
      expect([...b]).toEqual([...a]);
    }
    // different params or seed: not adopted
    alsFit.mockClear();
    new HybridModel({ als: { factors: 4, iterations: 10 } }).fit(fb.train, { seed: 4, fitted: [als] });
    new HybridModel(small).fit(fb.train, { seed: 4, fitted: [otherSeed] });
    expect(alsFit.mock.calls.length).toBe(4);
  } finally {
    alsFit.mockRestore();
    knnFit.mockRestore();
  }
});

test('collectValidationBoth pools exactly as one collectValidation call per protocol', () => {
  const signals = new HybridSignals(small);
  signals.fit(fb.train, 2);
  const users = [0, 3, 4, 7, 11];
  // a held-out merchant plus one the user ordered (kept in "all", dropped in discovery)
  const relevant = users.map((u) => new Set([fb.withheld[u]!, fb.train.weights.indices[fb.train.weights.indptr[u]!]!]));
  const both = collectValidationBoth(signals, users, relevant);
  expect(both.all).toEqual(collectValidation(signals, users, relevant, { excludeOrdered: false }));
  expect(both.discovery).toEqual(collectValidation(signals, users, relevant, { excludeOrdered: true }));
  expect(both.all.length).toBe(users.length);
  expect(both.discovery.every((d) => d.nRelevant === 1)).toBe(true);
});

test('carveOutFromMatrix: last orders inside the window become targets', () => {
  const ago = (d: number) => FIXTURE_NOW - d * DAY_MS;
  const train = buildInteractions(
    [
      makeEvent('u1', 'a', { eventTime: ago(30) }),
      makeEvent('u1', 'a', { eventTime: ago(2) }),
      makeEvent('u1', 'b', { eventTime: ago(3) }),
      makeEvent('u1', 'c', { eventTime: ago(40) }),
      makeEvent('u2', 'b', { eventTime: ago(1) }),
    ],
    { now: FIXTURE_NOW },
  );
  const c = carveOutFromMatrix(train, 7);
  const m = (id: string) => train.merchants.indexOf(id)!;
  expect(c.train.now).toBe(ago(7));
  // u2 has nothing before the window: not a validation user
  expect([...c.userIdx]).toEqual([train.users.indexOf('u1')]);
  expect([...c.relevant[0]!].sort()).toEqual([m('a'), m('b')].sort());
  const w = c.train.weights;
  expect([...w.indices.subarray(w.indptr[0]!, w.indptr[1]!)]).toEqual([m('a'), m('c')]);
  expect(c.train.orders[0]).toBe(1);
  expect(w.data[0]).toBe(1);
});

test('validation users are all kept up to the cap, else a seeded ascending sample of distinct users', async () => {
  const { sampleValidationUsers } = await import('./hybrid');
  expect(sampleValidationUsers(4, 5, 1)).toEqual([0, 1, 2, 3]);
  const s = sampleValidationUsers(1000, 50, 7);
  expect(s).toHaveLength(50);
  expect(new Set(s).size).toBe(50);
  expect([...s].sort((a, b) => a - b)).toEqual(s);
  expect(sampleValidationUsers(1000, 50, 7)).toEqual(s);
  expect(sampleValidationUsers(1000, 50, 8)).not.toEqual(s);
});
