import { expect, test } from 'vitest';

import { backtestSegment, MerchantBaseRates } from './segment-backtest';

// Four warm users: (ordered before the cutoff → ordered in the window).
const rates = new MerchantBaseRates([
  { ordered: [1], window: new Set([2]) },
  { ordered: [1, 2], window: new Set([2]) },
  { ordered: [3], window: new Set() },
  { ordered: [2], window: new Set([1]) },
]);

test('base rates: discovery among those who never ordered there, repeat among those who did', () => {
  expect(rates.populationSize).toBe(4);
  expect(rates.discovery(2)).toBe(0.5); // 1 new orderer of 2 among the 2 who had not ordered it
  expect(rates.discovery(1)).toBe(0.5);
  expect(rates.discovery(3)).toBe(0);
  expect(rates.discovery(9)).toBe(0);
  expect(rates.repeat(2)).toBe(0.5); // 1 of the 2 who had ordered 2 ordered again
  expect(rates.repeat(1)).toBe(0);
  expect(rates.repeat(9)).toBe(0);
});

test('hit rate over targeted users (targets of all their rows), base 1 − Π(1 − p), lift', () => {
  const r = backtestSegment(
    [
      { userId: 100, targets: [{ merchantId: 2 }, { merchantId: 3 }] },
      { userId: 101, targets: [{ merchantId: 1 }] },
      { userId: 100, targets: [{ merchantId: 1 }] },
    ],
    new Map([[100, new Set([3])], [101, new Set<number>()]]),
    (m) => rates.discovery(m),
  );
  // user 100: targets {2, 3, 1}, ordered 3 ⇒ hit; base 1 − 0.5·1·0.5 = 0.75. user 101: miss, base 0.5.
  expect(r).toEqual({ users: 2, hits: 1, hitRate: 0.5, baseRate: 0.625, lift: 0.8 });
});

test('no targeted users: zero rates and no lift, never NaN', () => {
  expect(backtestSegment([], new Map(), () => 0.3)).toEqual({ users: 0, hits: 0, hitRate: 0, baseRate: 0, lift: null });
});
