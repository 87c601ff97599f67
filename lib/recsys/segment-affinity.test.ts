import { expect, test } from 'vitest';

import { discoveryAffinity } from './segment-affinity';

test('affinity is the score relative to the user’s best discovery score, clamped to 0–1', () => {
  // A user whose best never-ordered merchant scores 0.42: that merchant is 1, one at 0.294 is 0.7.
  expect(discoveryAffinity(0.42, 0.42)).toBe(1);
  expect(discoveryAffinity(0.294, 0.42)).toBeCloseTo(0.7, 12);
  expect(discoveryAffinity(0.105, 0.42)).toBeCloseTo(0.25, 12);
  // Rounding noise above the best never exceeds 1; nothing to compare with or a non-positive score gives 0.
  expect(discoveryAffinity(0.4200000001, 0.42)).toBe(1);
  expect(discoveryAffinity(0.3, 0)).toBe(0);
  expect(discoveryAffinity(-0.1, 0.5)).toBe(0);
  expect(discoveryAffinity(Number.NaN, 0.5)).toBe(0);
});
