import { expect, test } from 'vitest';

import { Rng } from '../random';
import {
  hitRateAtK,
  mapAtK,
  mrrAtK,
  ndcgAtK,
  precisionAtK,
  RANKING_METRICS,
  RankingAccumulator,
  recallAtK,
} from './ranking';

// list of 5, hits at ranks 2 and 5
const list = [10, 1, 11, 12, 2];

test('hits at ranks 2 and 5: hand-computed values', () => {
  // DCG = 1/log2(3) + 1/log2(6) = 0.630930 + 0.386853 = 1.017783
  // |R| = 2: IDCG = 1 + 0.630930 = 1.630930 ⇒ NDCG@5 = 0.6241 (the STYLE.md figure)
  expect(ndcgAtK(list, new Set([1, 2]), 5)).toBeCloseTo(0.6241, 4);
  // |R| = 3: IDCG = 1 + 0.630930 + 0.5 = 2.130930 ⇒ NDCG@5 = 0.4776
  const r3 = new Set([1, 2, 99]);
  expect(ndcgAtK(list, r3, 5)).toBeCloseTo(0.4776, 4);
  expect(precisionAtK(list, r3, 5)).toBe(0.4);
  expect(recallAtK(list, r3, 5)).toBeCloseTo(2 / 3, 12);
  expect(hitRateAtK(list, r3, 5)).toBe(1);
  expect(hitRateAtK(list, r3, 1)).toBe(0);
  // AP: (1/2 + 2/5) / min(3, 5) = 0.9/3 = 0.3
  expect(mapAtK(list, r3, 5)).toBeCloseTo(0.3, 12);
  expect(mrrAtK(list, r3, 5)).toBe(0.5);
  // @10 with only 5 items: precision still divides by 10; MAP by min(3,10) = 3
  expect(precisionAtK(list, r3, 10)).toBe(0.2);
  expect(mapAtK(list, r3, 10)).toBeCloseTo(0.3, 12);
  // @1: ideal over min(|R|, 1) = 1 position, no hit
  expect(ndcgAtK(list, r3, 1)).toBe(0);
});

test('MRR of reciprocal ranks 1/4, 1/2, 1/6 is 0.3056', () => {
  const acc = new RankingAccumulator(10);
  acc.add([0, 0, 0, 7], new Set([7]));
  acc.add([0, 7], new Set([7]));
  acc.add([0, 1, 2, 3, 4, 7], new Set([7]));
  // (0.25 + 0.5 + 0.166667)/3 = 0.305556
  expect(acc.mean('mrr', 10)).toBeCloseTo(0.3056, 4);
  expect(acc.mean('mrr', 5)).toBeCloseTo(0.75 / 3, 12); // rank 6 is outside K = 5
  expect(acc.mean('hitRate', 3)).toBeCloseTo(1 / 3, 12);
});

test('empty relevant set and zero users give 0, never NaN', () => {
  expect(ndcgAtK(list, new Set(), 5)).toBe(0);
  expect(recallAtK(list, new Set(), 5)).toBe(0);
  expect(mapAtK(list, new Set(), 5)).toBe(0);
  const acc = new RankingAccumulator();
  expect(acc.users).toBe(0);
  expect(acc.mean('ndcg', 10)).toBe(0);
  expect(acc.curve('precision')).toEqual(new Array(20).fill(0));
  expect(() => precisionAtK(list, new Set(), 0)).toThrow(RangeError);
  expect(() => new RankingAccumulator(32)).toThrow(RangeError);
});

test('accumulator curves equal the per-user functions on random lists', () => {
  const rng = new Rng(11);
  const acc = new RankingAccumulator(20);
  const fns = { precision: precisionAtK, recall: recallAtK, hitRate: hitRateAtK, ndcg: ndcgAtK, map: mapAtK, mrr: mrrAtK };
  const users: Array<[number[], Set<number>]> = [];
  for (let u = 0; u < 200; u++) {
    const items = rng.shuffle(Array.from({ length: 40 }, (_, i) => i));
    const l = items.slice(0, rng.int(21));
    const rel = new Set(rng.shuffle(items.slice()).slice(0, 1 + rng.int(8)));
    users.push([l, rel]);
    acc.add(l, rel);
  }
  for (const m of RANKING_METRICS) {
    for (const k of [1, 3, 5, 10, 20]) {
      const want = users.reduce((s, [l, r]) => s + fns[m](l, r, k), 0) / users.length;
      expect(acc.mean(m, k)).toBeCloseTo(want, 12);
      const per = acc.perUser(m, k);
      expect(per[7]).toBeCloseTo(fns[m](users[7]![0], users[7]![1], k), 12);
    }
  }
});
