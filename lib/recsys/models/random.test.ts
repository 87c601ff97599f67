import { expect, test } from 'vitest';

import { checkerboard } from '../testing/fixtures';
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
