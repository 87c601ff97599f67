import { expect, test } from 'vitest';

import { buildInteractions, candidateMask } from '../data/interactions';
import { FIXTURE_NOW, makeEvent, matrixFromTriples } from '../testing/fixtures';
import {
  catalogCoverage,
  intraListDiversity,
  meanIntraListDiversity,
  MerchantCosine,
  novelty,
} from './beyond-accuracy';

// users: a,b ordered by u1,u2 (a also by u3); c by u4 only; d only by u1 (twice)
const train = matrixFromTriples([
  ['u1', 'a', 1],
  ['u1', 'b', 1],
  ['u1', 'd', 2],
  ['u2', 'a', 1],
  ['u2', 'b', 1],
  ['u3', 'a', 1],
  ['u4', 'c', 1],
]);
const i = (id: string) => train.merchants.indexOf(id)!;
const cos = new MerchantCosine(train);

test('binary cosine: co-users ÷ √(users(a)·users(b))', () => {
  expect(Array.from(cos.users)).toEqual([3, 2, 1, 1]); // a, b, d, c in index order
  expect(cos.cosine(i('a'), i('b'))).toBeCloseTo(2 / Math.sqrt(6), 12); // 0.8165
  expect(cos.cosine(i('b'), i('a'))).toBeCloseTo(2 / Math.sqrt(6), 12);
  expect(cos.cosine(i('a'), i('d'))).toBeCloseTo(1 / Math.sqrt(3), 12); // 0.5774, repeat orders don't count
  expect(cos.cosine(i('a'), i('c'))).toBe(0);
});

test('intra-list diversity: mean over pairs of 1 − cos', () => {
  // pairs (a,b) (a,c) (b,c): 1 − 0.8165, 1, 1 ⇒ (3 − 0.816497)/3 = 0.727834
  expect(intraListDiversity([i('a'), i('b'), i('c')], 3, cos)).toBeCloseTo(0.727834, 6);
  expect(intraListDiversity([i('a'), i('b'), i('c')], 2, cos)).toBeCloseTo(1 - 0.816497, 6);
  expect(intraListDiversity([i('a')], 10, cos)).toBeUndefined();
  // the one-item list is skipped: mean of 0.727834 and 1 (c,d: no co-users)
  const d = meanIntraListDiversity([[i('a'), i('b'), i('c')], [i('a')], [i('c'), i('d')]], 10, cos);
  expect(d.users).toBe(2);
  expect(d.value).toBeCloseTo((0.727834 + 1) / 2, 6);
  expect(meanIntraListDiversity([], 10, cos)).toEqual({ value: 0, users: 0 });
});

test('coverage counts distinct candidates in the top K over all candidates', () => {
  const cand = candidateMask(train);
  expect(catalogCoverage([[i('a'), i('b')], [i('a'), i('c')]], 2, cand)).toBe(3 / 4);
  expect(catalogCoverage([[i('a'), i('b')], [i('a'), i('c')]], 1, cand)).toBe(1 / 4);
  expect(catalogCoverage([], 5, new Uint8Array(0))).toBe(0);
});

test('novelty: mean self-information −log2(users(i)/N) over recommended slots', () => {
  // N = 4 users. a: −log2(3/4) = 0.415037; c: −log2(1/4) = 2 ⇒ slots (a, c, a): 2.830075/3
  const n = novelty([[i('a'), i('c')], [i('a')]], 10, cos.users, 4);
  expect(n.items).toBe(3);
  expect(n.value).toBeCloseTo((2 * 0.4150375 + 2) / 3, 6);
  expect(novelty([], 10, cos.users, 4)).toEqual({ value: 0, items: 0 });
});

test('binary cosine of a merchant with 16 times the users of the other (binary search path); views never count', () => {
  const order = (u: string, m: string) => makeEvent(u, m);
  const view = (u: string, m: string) => makeEvent(u, m, { eventType: 'merchant_page_viewed', orderTotal: 0 });
  const events = [
    ...Array.from({ length: 50 }, (_, k) => order(`u${k}`, 'big')),
    ...Array.from({ length: 5 }, (_, k) => view(`u${50 + k}`, 'big')),
    ...['u3', 'u70'].map((u) => order(u, 'small')),
    view('u52', 'small'),
    ...Array.from({ length: 10 }, (_, k) => order(`u${k}`, 'mid')),
  ];
  // views stored at weight 0.5: the transposed matrix holds them with order flag 0
  const m = buildInteractions(events, { now: FIXTURE_NOW, weighting: { viewWeight: 0.5 } });
  const c = new MerchantCosine(m);
  const at = (id: string) => m.merchants.indexOf(id)!;
  expect(c.users[at('big')]).toBe(50);
  expect(c.users[at('small')]).toBe(2);
  // 56 stored users against 3: binary search; only u3 ordered both (u52 viewed both)
  expect(c.cosine(at('small'), at('big'))).toBeCloseTo(1 / Math.sqrt(100), 12);
  // 55 against 10: merge; u0..u9 ordered both
  expect(c.cosine(at('big'), at('mid'))).toBeCloseTo(10 / Math.sqrt(500), 12);
  // u3 ordered small and mid
  expect(c.cosine(at('small'), at('mid'))).toBeCloseTo(1 / Math.sqrt(20), 12);
});
