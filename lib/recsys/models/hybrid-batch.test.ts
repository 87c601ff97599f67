import { describe, expect, test } from 'vitest';

import { checkerboard } from '../testing/fixtures';
import { syntheticMatrix } from '../testing/synthetic';
import type { InteractionMatrix } from '../types';
import { HybridModel, type HybridParams } from './hybrid';

function expectSameLists(m: HybridModel, users: number, k: number): void {
  const all = Int32Array.from({ length: users + 2 }, (_, i) => (i < users ? i : users + i)); // two unknown users
  for (const opts of [{}, { excludeOrdered: true }, { excludeOrdered: true, exclude: new Set([0, 3]) }]) {
    const many = m.recommendMany(all, k, opts);
    all.forEach((u, j) => expect(many[j]).toEqual(m.recommend(u, k, opts)));
    // the two unknown users get one fallback list, computed once, but not shared objects
    expect(many[users]).toEqual(many[users + 1]);
    if (k > 0) expect(many[users]![0]).not.toBe(many[users + 1]![0]);
  }
}

function fitted(train: InteractionMatrix, p: HybridParams): HybridModel {
  const m = new HybridModel({ searchSamples: 20, ...p });
  m.fit(train, { seed: 4 });
  return m;
}

describe('HybridModel.recommendMany', () => {
  test('checkerboard fixture: the same lists as recommend for every user', () => {
    const fb = checkerboard();
    const m = fitted(fb.train, { als: { factors: 4, iterations: 8 } });
    for (const k of [1, 5, 100]) expectSameLists(m, fb.train.users.size, k);
  });

  const train = syntheticMatrix(2500, 900, 12000, 9);
  const als = { factors: 32, iterations: 4 };

  test.each([
    ['learned weights', undefined],
    ['all five signals', [0.3, 0.3, 0.1, 0.1, 0.2]],
    ['ALS alone', [0, 1, 0, 0, 0]],
    ['no ALS', [0.5, 0, 0.3, 0.2, 0]],
  ] as const)('generated 2,500 × 900 set, %s: identical lists, pruned', (_, weights) => {
    const m = fitted(train, { als, weights: weights ? [...weights] : undefined });
    expectSameLists(m, 2500, 20);
    const { rescored, scanned } = m.pruningStats;
    expect(scanned).toBeGreaterThan(0);
    // the learned "all" weights here are repeat alone: every merchant the user never ordered
    // ties at 0 at the k-th place, and ties are always re-scored (still well under all of them)
    expect(rescored / scanned).toBeLessThan(weights ? 0.05 : 0.3);
  });

  test('explain after recommendMany sums to the blended score, both protocols, users interleaved', () => {
    const m = fitted(train, { als, weights: [0.3, 0.3, 0.1, 0.1, 0.2] });
    const users = Int32Array.from({ length: 40 }, (_, i) => i * 61);
    for (const excludeOrdered of [false, true]) {
      const lists = m.recommendMany(users, 20, { excludeOrdered });
      // rank by rank across users, so explain's per-user factors are recomputed at every call
      for (let rank = 0; rank < 20; rank += 3) {
        users.forEach((u, j) => {
          const r = lists[j]![rank]!;
          const parts = m.explain(u, r.idx, Number.MAX_SAFE_INTEGER, { excludeOrdered });
          expect(Math.abs(parts.reduce((a, c) => a + c.value, 0) - r.score)).toBeLessThan(1e-9);
          expect(new Set(parts.map((c) => c.source)).size).toBeGreaterThanOrEqual(2);
        });
      }
    }
    const [cold] = m.recommendMany(Int32Array.of(-1), 3);
    for (const r of cold!) expect(m.explain(-1, r.idx, 10).reduce((a, c) => a + c.value, 0)).toBeCloseTo(r.score, 9);
  });
});
