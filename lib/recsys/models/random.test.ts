import { expect, test } from 'vitest';

import { rankScores } from '../matrix/top-k';
import { buildInteractions } from '../data/interactions';
import { checkerboard, FIXTURE_NOW, makeEvent } from '../testing/fixtures';
import { syntheticMatrix } from '../testing/synthetic';
import { RandomModel } from './random';
import { recommenderContract } from './recommender.contract';

recommenderContract('RandomModel', () => new RandomModel(), {
  personalised: false,
  similarInGroup: false,
});

test('different seeds give different lists, same seed the same', () => {
  const { train } = checkerboard();
  const a = new RandomModel();
  const b = new RandomModel();
  const c = new RandomModel();
  a.fit(train, { seed: 1 });
  b.fit(train, { seed: 1 });
  c.fit(train, { seed: 2 });
  const list = (m: RandomModel) => m.recommend(0, 15).map((r) => r.idx);
  expect(list(a)).toEqual(list(b));
  expect(list(a)).not.toEqual(list(c));
});

test('recommend is rankScores over scoreAll for every user, both rules, exclusions and every k (gathered above 1 − 4k/M or not)', () => {
  const train = syntheticMatrix(300, 120, 3000, 5);
  const m = new RandomModel();
  m.fit(train, { seed: 3 });
  const scores = new Float64Array(120);
  let gathered = 0;
  for (let u = -1; u < 300; u++) {
    for (const opts of [{}, { excludeOrdered: true }, { excludeOrdered: true, exclude: new Set([0, 1, 2, 50]) }]) {
      for (const k of [1, 5, 20, 29, 30, 120]) {
        m.scoreAll(u, scores);
        const expected = rankScores(scores, train, u, k, opts);
        expect(m.recommend(u, k, opts)).toEqual(expected);
        if (1 - (4 * k) / 120 > 0) gathered++;
      }
    }
  }
  expect(gathered).toBeGreaterThan(3000);
});

test('merchants only ever viewed are never recommended, on either path', () => {
  // 100 ordered merchants and 60 only viewed (stored with views at weight 0.5, not candidates)
  const events = Array.from({ length: 80 }, (_, u) => [
    ...Array.from({ length: 5 }, (_, j) => makeEvent(`u${u}`, `m${(u * 7 + j * 13) % 100}`)),
    ...Array.from({ length: 3 }, (_, j) => makeEvent(`u${u}`, `v${(u + j * 17) % 60}`, { eventType: 'merchant_page_viewed', orderTotal: 0 })),
  ]).flat();
  const train = buildInteractions(events, { now: FIXTURE_NOW, weighting: { viewWeight: 0.5 } });
  expect(train.merchants.size).toBe(160);
  const m = new RandomModel();
  m.fit(train, { seed: 8 });
  const scores = new Float64Array(160);
  for (let u = 0; u < 80; u++) {
    for (const k of [3, 10, 39, 40, 100]) {
      const list = m.recommend(u, k);
      m.scoreAll(u, scores);
      expect(list).toEqual(rankScores(scores, train, u, k));
      for (const r of list) expect(train.merchants.idOf(r.idx)).toMatch(/^m/);
    }
  }
});
