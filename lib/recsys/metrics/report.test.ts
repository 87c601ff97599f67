import { expect, test } from 'vitest';

import { Rng } from '../random';
import { pairedBootstrap } from './bootstrap';
import { compareOutcomes, HEADLINE, perUserValues, type PerUserOutcomes } from './report';

function outcomes(userIdx: number[], masks: number[], nRel: number[]): PerUserOutcomes {
  return { userIdx: Int32Array.from(userIdx), masks: Int32Array.from(masks), nRel: Int32Array.from(nRel), kMax: 20 };
}

test('compareOutcomes matches users by index and gives, per metric, one pairedBootstrap of the difference', () => {
  const rng = new Rng(5);
  const n = 300;
  const users = Array.from({ length: n }, (_, i) => i);
  // the model has 10 extra users the baseline lacks, in another order; cold users (−1) are never paired
  const model = outcomes([...users.slice().reverse(), ...Array.from({ length: 10 }, (_, i) => 1000 + i), -1], Array.from({ length: n + 11 }, () => rng.int(1 << 20)), Array.from({ length: n + 11 }, () => 1 + rng.int(4)));
  const baseline = outcomes([...users, -1], Array.from({ length: n + 1 }, () => rng.int(1 << 12)), Array.from({ length: n + 1 }, () => 1 + rng.int(4)));
  const opts = { resamples: 200, seed: 3 };
  const diffs = compareOutcomes(model, baseline, opts);
  expect(diffs.map((d) => [d.metric, d.k])).toEqual(HEADLINE.map(([m, k]) => [m, k]));
  // the definition: the baseline's user u aligned with the model's user u, one paired bootstrap per metric
  const aligned = (o: PerUserOutcomes, order: number[]) => {
    const at = new Map(Array.from(o.userIdx, (u, i) => [u, i]));
    const idx = order.map((u) => at.get(u)!);
    return { userIdx: Int32Array.from(order), masks: Int32Array.from(idx, (i) => o.masks[i]!), nRel: Int32Array.from(idx, (i) => o.nRel[i]!), kMax: 20 };
  };
  const order = users.slice().reverse();
  const A = aligned(model, order);
  const B = aligned(baseline, order);
  diffs.forEach((d) => {
    expect(d.n).toBe(n);
    const one = pairedBootstrap(perUserValues(A, d.metric, d.k), perUserValues(B, d.metric, d.k), opts);
    expect(d.value).toBe(one.value);
    // the same drawn users; sums are added by group of equal values, so equal to ~1e-15
    expect(d.lo).toBeCloseTo(one.lo, 13);
    expect(d.hi).toBeCloseTo(one.hi, 13);
    expect(d.hi - d.lo).toBeGreaterThan(0.01);
  });
  // hand case: the model hits rank 1 for every user, the baseline never: precision@5 + 0.2, hitRate@5 + 1
  const always = outcomes([0, 1, 2], [1, 1, 1], [1, 1, 1]);
  const never = outcomes([2, 1, 0], [0, 0, 0], [1, 1, 1]);
  const hand = compareOutcomes(always, never, opts);
  for (const [metric, diff] of [['precision', 0.2], ['hitRate', 1], ['mrr', 1]] as const) {
    const d = hand.find((x) => x.metric === metric)!;
    expect(d.n).toBe(3);
    for (const v of [d.value, d.lo, d.hi]) expect(v).toBeCloseTo(diff, 12);
  }
});
