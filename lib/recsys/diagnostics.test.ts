import { expect, test } from 'vitest';

import { temporalSplit } from './data/split';
import { diagnose } from './diagnostics';
import { FIXTURE_NOW, makeEvent, matrixFromTriples } from './testing/fixtures';

test('counts, one-time share, repeat share and sparsity by hand', () => {
  // u1: a×3, b×1 (4 checkouts, 2 merchants); u2: a×1 (one-time); u3: c×2 (single merchant)
  const m = matrixFromTriples([
    ['u1', 'a', 3],
    ['u1', 'b', 1],
    ['u2', 'a', 1],
    ['u3', 'c', 2],
  ]);
  const d = diagnose(m);
  expect(d).toMatchObject({ users: 3, orderingUsers: 3, merchants: 3, candidateMerchants: 3, checkouts: 7 });
  expect(d.oneTimeUserShare).toBeCloseTo(1 / 3, 12);
  expect(d.singleMerchantUserShare).toBeCloseTo(2 / 3, 12);
  // 4 pairs for 7 checkouts ⇒ 3/7 repeats; density 4/(3·3)
  expect(d.repeatShare).toBeCloseTo(3 / 7, 12);
  expect(d.sparsity).toBeCloseTo(1 - 4 / 9, 12);
  expect(d.warnings).toEqual([]);
});

test('warns where collaborative filtering cannot work and names the fallback', () => {
  const events = [
    ...Array.from({ length: 10 }, (_, i) => makeEvent(`u${i}`, `m${i % 3}`, { eventTime: FIXTURE_NOW - 1 })),
    makeEvent('u0', 'm0', { eventTime: FIXTURE_NOW + 1 }),
    ...Array.from({ length: 9 }, (_, i) => makeEvent(`new${i}`, 'm1', { eventTime: FIXTURE_NOW + 1 })),
  ];
  const s = temporalSplit(events, { cutoff: FIXTURE_NOW });
  const d = diagnose(s.train, s);
  expect(d.events).toBe(20);
  expect(d.warmTestUsers).toBe(1);
  expect(d.coldTestUsers).toBe(9);
  expect(d.warnings.map((w) => w.code)).toEqual(['one-time-users', 'few-warm-test-users', 'mostly-cold-test-users']);
  expect(d.warnings[0]!.message).toMatch(/popularity/);
  expect(d.warnings[2]!.message).toContain('90.0 %');
  const rep = diagnose(matrixFromTriples([['u1', 'a', 5], ['u1', 'b', 1]]));
  expect(rep.warnings.map((w) => w.code)).toEqual(['repeat-dominated']);
});
