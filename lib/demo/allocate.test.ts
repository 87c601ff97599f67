import { describe, expect, test } from 'vitest';

import { allocate } from './allocate';

describe('allocate', () => {
  test('splits proportionally with systematic rounding (hand-checked)', () => {
    // Exact shares 2.5, 2.5, 5; running sums from 0.5: 3, 5.5, 10.5 ⇒ 3, 2, 5.
    expect(Array.from(allocate(10, [1, 1, 2]))).toEqual([3, 2, 5]);
    expect(Array.from(allocate(6, [1, 2, 3]))).toEqual([1, 2, 3]);
  });

  test('moves what a capped slot cannot take to the others', () => {
    // Round 1: [1 (capped from 3), 2, 5]; round 2 splits the last 2 over weights 1:2 ⇒ +1, +1.
    expect(Array.from(allocate(10, [1, 1, 2], [1, 10, 10]))).toEqual([1, 3, 6]);
  });

  test('ignores caps only when every slot is full, and always sums to the total', () => {
    expect(Array.from(allocate(7, [1, 1], [2, 2])).reduce((a, b) => a + b, 0)).toBe(7);
    const weights = Array.from({ length: 1000 }, (_, i) => Math.exp(Math.sin(i) * 2));
    const out = allocate(123_457, weights, weights.map((w) => Math.floor(w * 100)));
    expect(out.reduce((a, b) => a + b, 0)).toBe(123_457);
    expect(out.every((k) => k >= 0)).toBe(true);
  });

  test('gives nothing to zero weights and handles a zero total', () => {
    expect(Array.from(allocate(5, [0, 1, 0]))).toEqual([0, 5, 0]);
    expect(Array.from(allocate(0, [1, 2]))).toEqual([0, 0]);
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
    expect(() => allocate(3, [])).toThrow(RangeError);
  });
});
