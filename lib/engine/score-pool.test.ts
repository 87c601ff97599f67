import { expect, test } from 'vitest';

import { AlsModel } from '../recsys/models/als';
import { HybridModel } from '../recsys/models/hybrid';
import { syntheticMatrix } from '../recsys/testing/synthetic';
import { createScorePool } from './score-pool';

const train = syntheticMatrix(1200, 400, 6000, 12);
const users = Int32Array.from({ length: 1202 }, (_, i) => (i < 1200 ? i : 5000 + i)); // two unknown users

test.each([
  ['als', () => new AlsModel({ factors: 16, iterations: 3 })],
  ['hybrid', () => new HybridModel({ searchSamples: 10, als: { factors: 16, iterations: 3 } })],
] as const)('%s: two threads give recommend()’s list for every user, in order', async (_, make) => {
  const model = make();
  model.fit(train, { seed: 8 });
  const pool = createScorePool(model, 2);
  try {
    for (const opts of [{}, { excludeOrdered: true, exclude: new Set([1, 2]) }]) {
      const lists = pool.recommendMany(users, 15, opts);
      expect(lists).toHaveLength(users.length);
      users.forEach((u, j) => expect(lists[j]).toEqual(model.recommend(u, 15, opts)));
    }
    expect(() => pool.recommendMany(users, -1)).toThrow(/k must be/);
  } finally {
    await pool.close();
  }
});

test('one thread is the model itself', async () => {
  const model = new AlsModel({ factors: 8, iterations: 2 });
  model.fit(train, { seed: 8 });
  const pool = createScorePool(model, 1);
  expect(pool.recommendMany(users.subarray(0, 300), 5)).toEqual(model.recommendMany(users.subarray(0, 300), 5));
  await pool.close();
  expect(() => createScorePool(model, 0)).toThrow(/threads/);
});
