import { expect, test, vi } from 'vitest';

import { AlsModel } from '../models/als';
import { PopularityModel } from '../models/popularity';
import { syntheticMatrix } from '../testing/synthetic';
import { RecordingRecommender } from './recording';

const train = syntheticMatrix(300, 80, 1500, 5);

test.each([
  ['als (its own batch path)', () => new AlsModel({ factors: 8, iterations: 3 })],
  ['popularity (one recommend per user)', () => new PopularityModel()],
] as const)('recommendMany through a recording, %s: the model’s lists, recorded in order', (_, make) => {
  const model = make();
  model.fit(train, { seed: 3 });
  const rec = new RecordingRecommender(model);
  const batch = model instanceof AlsModel ? vi.spyOn(model, 'recommendMany') : undefined;
  const users = Int32Array.of(5, 2, 299, 400, 17); // 400: unknown user
  const lists = rec.recommendMany(users, 6, { excludeOrdered: true });
  if (batch) expect(batch).toHaveBeenCalledTimes(1); // one batch call, not a recommend per user
  users.forEach((u, j) => expect(lists[j]).toEqual(model.recommend(u, 6, { excludeOrdered: true })));
  const r = rec.lists();
  expect(Array.from(r.userIdx)).toEqual([5, 2, 299, 400, 17]);
  expect(Array.from(r.offsets)).toEqual([0, 6, 12, 18, 24, 30]);
  expect(Array.from(r.merchantIdx.subarray(6, 12))).toEqual(lists[1]!.map((s) => s.idx));
  expect(Array.from(r.scores.subarray(24, 30))).toEqual(lists[4]!.map((s) => s.score));
});
