import { expect, test } from 'vitest';

import { spendingSegment, spendingSegmentLabel, spendingThresholds } from './spending';

test('tercile bounds of six distinct spends split them two, two, two', () => {
  const t = spendingThresholds([6, 1, 5, 2, 4, 3]);
  expect(t).toEqual({ medium: 3, high: 5, users: 6 });
  const seg = [1, 2, 3, 4, 5, 6].map((s) => spendingSegment(s, 1, t));
  expect(seg).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
});

test('bounds of seven spends: s[2] and s[4]; ties at a bound go up', () => {
  const t = spendingThresholds([10, 20, 30, 30, 50, 60, 70]);
  expect(t).toEqual({ medium: 30, high: 50, users: 7 });
  expect(spendingSegment(29.99, 2, t)).toBe('low');
  expect(spendingSegment(30, 2, t)).toBe('medium');
  expect(spendingSegment(49.99, 2, t)).toBe('medium');
  expect(spendingSegment(50, 2, t)).toBe('high');
});

test('users without orders are "none"; so is everybody when nobody ordered', () => {
  const t = spendingThresholds([5, 10, 15]);
  expect(spendingSegment(0, 0, t)).toBe('none');
  expect(spendingThresholds([])).toBeNull();
  expect(spendingSegment(100, 3, null)).toBe('none');
  expect(spendingSegmentLabel('high')).toBe('High spender (top third)');
  expect(spendingSegmentLabel('none')).toBe('No orders');
});

test('a negative or non-finite spend is rejected', () => {
  expect(() => spendingThresholds([1, -2])).toThrow(RangeError);
  expect(() => spendingThresholds([1, Number.NaN])).toThrow(/spends/);
});
