import { expect, test } from 'vitest';

import { Rng } from '../random';
import { bootstrapMean, bootstrapMeans, pairedBootstrap } from './bootstrap';

test('interval brackets the mean, shrinks like 1/√n and is seeded', () => {
  const rng = new Rng(2);
  const small = Float64Array.from({ length: 100 }, () => (rng.next() < 0.3 ? 1 : 0));
  const big = Float64Array.from({ length: 10_000 }, () => (rng.next() < 0.3 ? 1 : 0));
  const s = bootstrapMean(small, { seed: 1 });
  const b = bootstrapMean(big, { seed: 1 });
  expect(s.lo).toBeLessThanOrEqual(s.value);
  expect(s.hi).toBeGreaterThanOrEqual(s.value);
  // binomial sd of the mean at n = 10,000: sqrt(.3·.7/1e4) = 0.00458 ⇒ 95 % width ≈ 0.018
  expect(b.hi - b.lo).toBeGreaterThan(0.014);
  expect(b.hi - b.lo).toBeLessThan(0.022);
  expect(s.hi - s.lo).toBeGreaterThan(5 * (b.hi - b.lo));
  expect(bootstrapMean(small, { seed: 1 })).toEqual(s);
});

test('constant values give a zero-width interval; empty input gives zeros', () => {
  expect(bootstrapMean(new Float64Array(50).fill(0.25))).toEqual({ value: 0.25, lo: 0.25, hi: 0.25, n: 50 });
  expect(bootstrapMean(new Float64Array(0))).toEqual({ value: 0, lo: 0, hi: 0, n: 0 });
});

test('paired bootstrap detects a constant shift that an unpaired view would blur', () => {
  const rng = new Rng(4);
  const a = Float64Array.from({ length: 300 }, () => rng.next());
  const b = a.map((v) => v - 0.01);
  const d = pairedBootstrap(a, b, { seed: 3 });
  expect(d.value).toBeCloseTo(0.01, 12);
  expect(d.lo).toBeCloseTo(0.01, 12);
  expect(d.hi).toBeCloseTo(0.01, 12);
  expect(() => pairedBootstrap(a, b.subarray(1))).toThrow(RangeError);
});

test('bootstrapMeans shares the resampled users across vectors', () => {
  const rng = new Rng(5);
  const a = Float64Array.from({ length: 200 }, () => rng.next());
  const [x, y] = bootstrapMeans([a, a.map((v) => 2 * v)], { seed: 9 });
  expect(x).toEqual(bootstrapMean(a, { seed: 9 }));
  expect(y!.lo).toBeCloseTo(2 * x!.lo, 12);
  expect(y!.hi).toBeCloseTo(2 * x!.hi, 12);
  expect(() => bootstrapMeans([a, a.subarray(1)])).toThrow(RangeError);
});

test.each([
  ['continuous values (every user a group of their own)', (rng: Rng, p: number) => (rng.next() < p ? rng.next() : 0)],
  ['metric-like values (a few groups)', (rng: Rng, p: number) => (rng.next() < p ? 1 / (1 + rng.int(3)) : 0)],
] as const)('bootstrapMeans is the percentile bootstrap drawn user by user: %s', (_, value) => {
  const rng = new Rng(6);
  const vectors = [0.3, 0.6, 0.9].map((p) => Float64Array.from({ length: 257 }, () => value(rng, p)));
  const B = 300;
  // reference: draw user j of resample b, add every vector's value at once (the definition)
  const draw = new Rng(11);
  const means = vectors.map(() => new Float64Array(B));
  for (let b = 0; b < B; b++) {
    const sums = vectors.map(() => 0);
    for (let j = 0; j < 257; j++) {
      const u = Math.floor((draw.nextUint32() / 4294967296) * 257);
      vectors.forEach((x, v) => (sums[v]! += x[u]!));
    }
    sums.forEach((s, v) => (means[v]![b] = s / 257));
  }
  const quantile = (m: Float64Array, q: number) => {
    const pos = (m.length - 1) * q;
    const lo = Math.floor(pos);
    return m[lo]! + (m[lo + 1]! - m[lo]!) * (pos - lo);
  };
  const got = bootstrapMeans(vectors, { resamples: B, seed: 11 });
  vectors.forEach((x, v) => {
    const m = means[v]!.sort();
    // the same draws; the sums are added in another order (by group), so equal to ~1e-15
    expect(got[v]!.value).toBe(x.reduce((a, c) => a + c, 0) / 257);
    expect(got[v]!.n).toBe(257);
    expect(got[v]!.lo).toBeCloseTo(quantile(m, 0.025), 13);
    expect(got[v]!.hi).toBeCloseTo(quantile(m, 0.975), 13);
    expect(got[v]!.hi - got[v]!.lo).toBeGreaterThan(0.01);
  });
});
