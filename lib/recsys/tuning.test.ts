import { expect, test } from 'vitest';

import { checkerboard, matrixFromTriples } from './testing/fixtures';
import { tune, tuningParams, validationNdcg } from './tuning';
import type { Recommender, Scored } from './types';

test('validationNdcg: hit at rank 2 of 3 with |R| = 1 ⇒ 1/log2(3); discovery drops own merchants', () => {
  const train = matrixFromTriples([['u', 'a', 1], ['u', 'b', 1], ['v', 'c', 1], ['v', 'd', 1]]);
  const idx = (id: string) => train.merchants.indexOf(id)!;
  const fixed: Scored[] = ['a', 'c', 'd'].map((id, i) => ({ idx: idx(id), score: 3 - i }));
  const model = { recommend: (_u: number, k: number) => fixed.slice(0, k) } as unknown as Recommender;
  const carve = { train, userIdx: Int32Array.from([0]), relevant: [new Set([idx('c')])] };
  expect(validationNdcg(model, carve, 'all', 3)).toBeCloseTo(1 / Math.log2(3), 12);
  // in discovery, a relevant set made only of own merchants is skipped (0 users ⇒ 0)
  const own = { ...carve, relevant: [new Set([idx('a')])] };
  expect(validationNdcg(model, own, 'discovery', 3)).toBe(0);
});

test('tune scores every grid point on the validation window and picks the best', () => {
  const fb = checkerboard({ size: 6 });
  const r = tune(fb.train, {
    events: fb.events,
    grid: { itemKnn: { neighbours: [1, 5], shrink: [0] }, als: { factors: [2, 3], alpha: [5], regularization: [0.1] } },
    baseAls: { iterations: 5 },
    validationDays: 20,
  });
  expect(r.source).toBe('events');
  expect(r.validationUsers).toBeGreaterThan(0);
  expect(r.itemKnn.scores.map((s) => s.params.neighbours)).toEqual([1, 5]);
  expect(r.als.scores).toHaveLength(2);
  const bestKnn = Math.max(...r.itemKnn.scores.map((s) => s.ndcg));
  expect(r.itemKnn.scores.find((s) => s.params.neighbours === r.itemKnn.chosen.neighbours)!.ndcg).toBe(bestKnn);
  expect(r.als.chosen.iterations).toBe(5);
  const flat = tuningParams(r);
  expect(flat['tuning.itemKnn.neighbours=1,shrink=0']).toBeCloseTo(r.itemKnn.scores[0]!.ndcg, 6);
  expect(flat['tuning.als.chosen.factors']).toBe(r.als.chosen.factors);
});
