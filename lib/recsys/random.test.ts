import { expect, test } from 'vitest';

import { hashString, Rng } from './random';

test('same seed ⇒ same stream; different seeds differ', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xa = Array.from({ length: 5 }, () => a.nextUint32());
  expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xa);
  expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xa);
});

test('uniform moments and int range', () => {
  const r = new Rng(1);
  let sum = 0;
  let sq = 0;
  const n = 100_000;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const x = r.next();
    if (!(x >= 0 && x < 1)) outside++;
    sum += x;
    sq += x * x;
  }
  expect(outside).toBe(0);
  expect(sum / n).toBeCloseTo(0.5, 2);
  expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
  for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  expect(() => r.int(0)).toThrow(RangeError);
  expect(() => new Rng(NaN)).toThrow(RangeError);
});

test('normal has mean ≈ 0 and sd ≈ 1', () => {
  const r = new Rng(9);
  const n = 100_000;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    sum += z;
    sq += z * z;
  }
  expect(sum / n).toBeCloseTo(0, 1);
  expect(Math.sqrt(sq / n)).toBeCloseTo(1, 1);
  expect(r.normal(10, 0)).toBe(10);
});

test('shuffle is a seeded permutation; hashString is FNV-1a', () => {
  const arr = Int32Array.from({ length: 20 }, (_, i) => i);
  new Rng(5).shuffle(arr);
  expect(Array.from(arr).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect(Array.from(arr)).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect(Array.from(new Rng(5).shuffle(Int32Array.from({ length: 20 }, (_, i) => i)))).toEqual(Array.from(arr));
  expect(hashString('')).toBe(0x811c9dc5);
  expect(hashString('a')).toBe(0xe40c292c);
});
