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
    // blocks of 256 users are claimed by whichever thread is free: call until the worker (its
    // copy of the model built) has ranked some, checking every list of every call
    const many = Int32Array.from({ length: 4 * users.length }, (_, j) => users[(j * 7) % users.length]!);
    const want = new Map<string, unknown>();
    for (let call = 0; call < 40 && !(pool.lastCall.byWorkers > 0 && call >= 2); call++) {
      for (const opts of [{}, { excludeOrdered: true, exclude: new Set([1, 2]) }]) {
        const key = JSON.stringify(opts, (_, v: unknown) => (v instanceof Set ? [...v] : v));
        const lists = pool.recommendMany(many, 15, opts);
        expect(lists).toHaveLength(many.length);
        many.forEach((u, j) => {
          const id = `${key}/${u}`;
          if (!want.has(id)) want.set(id, model.recommend(u, 15, opts));
          expect(lists[j]).toEqual(want.get(id));
        });
      }
      if (pool.lastCall.byWorkers === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(pool.lastCall.blocks).toBe(Math.ceil(many.length / 256));
    expect(pool.lastCall.byWorkers).toBeGreaterThan(0);
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
