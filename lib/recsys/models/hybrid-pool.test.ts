import { expect, test } from 'vitest';

import { Rng } from '../random';
import { syntheticMatrix } from '../testing/synthetic';
import { HybridSignals, N_SIGNALS } from './hybrid-signals';
import { collectValidation, firstUnblocked, positiveOrder, topPositive } from './hybrid-weights';

/** The n largest positive unblocked entries (ties: smaller index), ascending, by a full sort. */
function reference(v: Float64Array, n: number, blocked: Uint8Array): number[] {
  const c = Array.from(v.keys()).filter((i) => v[i]! > 0 && blocked[i] !== 1);
  c.sort((a, b) => v[b]! - v[a]! || a - b);
  return c.slice(0, n).sort((a, b) => a - b);
}

const scratch = (n: number) => ({ idx: new Int32Array(n), values: new Float64Array(n), select: new Float64Array(n) });

test('topPositive and firstUnblocked: hand case with ties, zeros, negatives and blocked entries', () => {
  const v = Float64Array.of(0.5, 0, 0.9, 0.5, -1, 0.5, 0.9, 0.2);
  const blocked = Uint8Array.of(0, 0, 0, 0, 0, 0, 1, 0);
  // positives not blocked: 0 (0.5), 2 (0.9), 3 (0.5), 5 (0.5), 7 (0.2); the 3 largest: 2, then
  // the ties at 0.5 by smaller index: 0, 3
  expect(topPositive(v, 3, blocked, scratch(8))).toEqual([0, 2, 3]);
  expect(Array.from(positiveOrder(v))).toEqual([2, 6, 0, 3, 5, 7]);
  expect(firstUnblocked(positiveOrder(v), 3, blocked)).toEqual([0, 2, 3]);
  expect(topPositive(v, 10, blocked, scratch(8))).toEqual([0, 2, 3, 5, 7]);
  expect(firstUnblocked(positiveOrder(v), 10, blocked)).toEqual([0, 2, 3, 5, 7]);
});

test('topPositive and firstUnblocked agree with a full sort on random vectors with many ties', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 300; trial++) {
    const len = 1 + rng.int(200);
    const v = Float64Array.from({ length: len }, () => (rng.next() < 0.3 ? 0 : rng.int(12) - 3) / 4);
    const blocked = Uint8Array.from({ length: len }, () => (rng.next() < 0.2 ? 1 : 0));
    const n = 1 + rng.int(60);
    const want = reference(v, n, blocked);
    expect(topPositive(v, n, blocked, scratch(len))).toEqual(want);
    expect(firstUnblocked(positiveOrder(v), n, blocked)).toEqual(want);
  }
});

test('collectValidation pools each signal’s top by the reference rule, for both protocols', () => {
  const train = syntheticMatrix(400, 120, 3000, 6);
  const signals = new HybridSignals({ als: { factors: 8, iterations: 3 } });
  signals.fit(train, 3);
  const users = [1, 5, 9, 40, 77, 123, 250, 399];
  const relevant = users.map((u) => new Set([u % 120, (u * 7) % 120]));
  for (const excludeOrdered of [false, true]) {
    const got = collectValidation(signals, users, relevant, { excludeOrdered, poolPerSignal: 15 });
    const bufs = Array.from({ length: N_SIGNALS }, () => new Float64Array(120));
    let g = 0;
    users.forEach((u, t) => {
      const blocked = new Uint8Array(120);
      const w = train.weights;
      if (excludeOrdered) for (let q = w.indptr[u]!; q < w.indptr[u + 1]!; q++) if (train.orders[q]! > 0) blocked[w.indices[q]!] = 1;
      if ([...relevant[t]!].every((m) => blocked[m] === 1)) return; // no relevant merchant left: not a validation user
      signals.compute(u, bufs, new Float64Array(N_SIGNALS));
      const pool = [...new Set(bufs.flatMap((v) => reference(v, 15, blocked)))].sort((a, b) => a - b);
      expect(Array.from(got[g]!.pool)).toEqual(pool);
      expect(got[g]!.features[3 * N_SIGNALS + 1]).toBe(bufs[1]![pool[3]!]);
      g++;
    });
    expect(got.length).toBe(g);
  }
});
