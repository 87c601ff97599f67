import { expect, test } from 'vitest';

import { FIXTURE_NOW, makeEvent } from '../testing/fixtures';
import { DAY_MS } from './interactions';
import { temporalSplit, validationSplit } from './split';

const day = (d: number) => FIXTURE_NOW + d * DAY_MS;
const view = { eventType: 'merchant_page_viewed' as const, orderTotal: 0 };
const events = [
  makeEvent('u1', 'a', { eventTime: day(-10) }),
  makeEvent('u1', 'b', { eventTime: day(-3) }),
  makeEvent('u1', 'a', { eventTime: day(1) }), // repeat in test
  makeEvent('u1', 'new', { eventTime: day(2) }), // merchant unseen in train
  makeEvent('u2', 'a', { eventTime: day(-1) }), // train only: not evaluated
  makeEvent('u3', 'b', { ...view, eventTime: day(-2) }), // view-only before the cutoff
  makeEvent('u3', 'b', { eventTime: day(0) }), // test checkout exactly at the cutoff
  makeEvent('u4', 'a', { eventTime: day(5) }), // brand-new user
  makeEvent('u4', 'v', { eventTime: day(6) }),
  makeEvent('u5', 'v', { ...view, eventTime: day(-1) }), // merchant v: view-only in train
  makeEvent('u5', 'a', { ...view, eventTime: day(3) }), // test view: ignored
  makeEvent('u0', 'c', { eventTime: day(-5) }),
  makeEvent('u0', 'c', { eventTime: day(4) }),
];

test('one global cutoff: warm users, R with unseen merchants, cold users and merchants reported', () => {
  const s = temporalSplit(events, { cutoff: FIXTURE_NOW });
  const m = (id: string) => s.merchants.indexOf(id)!;
  expect(s.train.now).toBe(FIXTURE_NOW);
  expect(s.stats.trainEvents).toBe(6); // 4 checkouts + 2 views before the cutoff
  expect(s.stats.testCheckouts).toBe(6);
  expect(s.stats.ignoredEvents).toBe(1);
  // warm users sorted by train index: u1 (0) before u0 (4)
  expect(s.warm.userIds).toEqual(['u1', 'u0']);
  expect(Array.from(s.warm.userIdx)).toEqual([s.train.users.indexOf('u1'), s.train.users.indexOf('u0')]);
  expect(s.warm.relevant[0]).toEqual(new Set([m('a'), m('new')]));
  expect(m('new')).toBeGreaterThanOrEqual(s.train.merchants.size);
  expect(s.warm.firstTestTime[0]).toBe(day(1));
  // cold: u3 (view-only history, keeps its index) and u4 (unknown: −1)
  expect(s.cold.userIds).toEqual(['u3', 'u4']);
  expect(Array.from(s.cold.userIdx)).toEqual([s.train.users.indexOf('u3'), -1]);
  expect(s.cold.relevant[1]).toEqual(new Set([m('a'), m('v')]));
  expect(s.stats).toMatchObject({ testUsers: 4, warmUsers: 2, coldUsers: 2, testMerchants: 5 });
  // new (unknown) and v (view-only in train) are cold merchants
  expect(s.stats.coldMerchants).toBe(2);
  expect(s.stats.coldMerchantCheckouts).toBe(2);
});

test('end bounds the test window; validation carve-out ends at the outer cutoff', () => {
  const s = temporalSplit(events, { cutoff: FIXTURE_NOW, end: day(3) });
  expect(s.cold.userIds).toEqual(['u3']);
  const v = validationSplit(events, { cutoff: FIXTURE_NOW, days: 4 });
  expect(v.cutoff).toBe(day(-4));
  expect(v.end).toBe(FIXTURE_NOW);
  // train before day −4: u1×a (−10), u0×c (−5); validation: u1×b (−3), u2×a (−1)
  expect(v.warm.userIds).toEqual(['u1']);
  expect(v.cold.userIds).toEqual(['u2']);
  expect(v.stats.ignoredEvents).toBe(9); // 2 views in the window + 7 events at/after the cutoff
  expect(() => temporalSplit(events, { cutoff: 5, end: 5 })).toThrow(RangeError);
  expect(() => validationSplit(events, { cutoff: 5, days: 0 })).toThrow(RangeError);
});
