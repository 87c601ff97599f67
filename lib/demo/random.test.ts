import { describe, expect, test } from 'vitest';

import { deriveSeed, normalQuantile, Rng, searchCumulative } from './random';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe('Rng', () => {
  test('equal seeds give equal streams, different seeds differ', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xs = Array.from({ length: 50 }, () => a.uint32());
    expect(Array.from({ length: 50 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.uint32())).not.toEqual(xs);
  });

  test('uniforms lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(1);
    let min = 1;
    let max = 0;
    const { mean, variance } = moments(() => {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      return x;
    }, 200_000);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  test('below(6) hits each face about equally', () => {
    const rng = new Rng(2);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[rng.below(6)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  test('normal, gamma and binomial have their textbook moments', () => {
    const rng = new Rng(3);
    const z = moments(() => rng.normal(), 100_000);
    expect(z.mean).toBeCloseTo(0, 1);
    expect(z.variance).toBeCloseTo(1, 1);
    // Gamma(k): mean k, variance k (also below 1, where the boost trick is used).
    for (const k of [0.3, 2.5]) {
      const g = moments(() => rng.gamma(k), 100_000);
      expect(g.mean).toBeCloseTo(k, 1);
      expect(g.variance).toBeCloseTo(k, 1);
    }
    // Binomial(10, 0.3): mean 3, variance 10 · 0.3 · 0.7 = 2.1.
    const b = moments(() => rng.binomial(10, 0.3), 100_000);
    expect(b.mean).toBeCloseTo(3, 1);
    expect(b.variance).toBeCloseTo(2.1, 1);
  });

  test('binomial edge cases', () => {
    const rng = new Rng(4);
    expect(rng.binomial(5, 1)).toBe(5);
    expect(rng.binomial(5, 0)).toBe(0);
    expect(rng.binomial(0, 0.5)).toBe(0);
    for (let i = 0; i < 1000; i++) expect(rng.binomial(3, 0.999)).toBeLessThanOrEqual(3);
  });

  test('gamma rejects a non-positive shape', () => {
    expect(() => new Rng(1).gamma(0)).toThrow(RangeError);
  });
});

describe('deriveSeed', () => {
  test('is deterministic and separates salts', () => {
    expect(deriveSeed(42, 1)).toBe(deriveSeed(42, 1));
    expect(new Set([1, 2, 3, 4].map((s) => deriveSeed(42, s))).size).toBe(4);
    expect(deriveSeed(42, 1)).not.toBe(deriveSeed(43, 1));
  });
});

describe('searchCumulative', () => {
  test('finds the first entry above x, within a segment', () => {
    const cum = [1, 3, 6, 2, 5];
    expect(searchCumulative(cum, 0, 3, 0)).toBe(0);
    expect(searchCumulative(cum, 0, 3, 1)).toBe(1);
    expect(searchCumulative(cum, 0, 3, 2.9)).toBe(1);
    expect(searchCumulative(cum, 0, 3, 5.99)).toBe(2);
    expect(searchCumulative(cum, 3, 5, 1.5)).toBe(3);
    expect(searchCumulative(cum, 3, 5, 2)).toBe(4);
  });
});

describe('normalQuantile', () => {
  test('matches standard normal table values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
