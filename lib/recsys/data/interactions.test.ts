import { expect, test } from 'vitest';

import { FIXTURE_NOW, makeEvent } from '../testing/fixtures';
import { getValue } from '../matrix/csr';
import {
  buildInteractions,
  candidateMask,
  countOrderingUsers,
  DAY_MS,
  merchantUserCounts,
} from './interactions';
import { IndexMap } from './index-map';

const ago = (d: number) => FIXTURE_NOW - d * DAY_MS;
const view = { eventType: 'merchant_page_viewed' as const, orderTotal: 0 };
const events = [
  makeEvent('u1', 'a', { eventTime: ago(10), orderTotal: 20 }),
  makeEvent('u1', 'a', { eventTime: ago(5), orderTotal: 30 }),
  makeEvent('u1', 'b', { eventTime: ago(1), orderTotal: 5 }),
  makeEvent('u1', 'b', { ...view, eventTime: ago(0.5) }),
  makeEvent('u2', 'v', { ...view, eventTime: ago(2), merchantName: 'Viewed', category: 'toys' }),
  makeEvent('u2', 'b', { eventTime: ago(3), orderTotal: 7 }),
  makeEvent('u3', 'a', { eventTime: FIXTURE_NOW, orderTotal: 99 }), // at now: ignored
];
const pos = (m: ReturnType<typeof buildInteractions>, u: string, i: string) => {
  const r = m.users.indexOf(u)!;
  const c = m.merchants.indexOf(i)!;
  for (let p = m.weights.indptr[r]!; p < m.weights.indptr[r + 1]!; p++) if (m.weights.indices[p] === c) return p;
  return -1;
};

test('count weighting: orders per pair, spend, last time; views ignored by default', () => {
  const m = buildInteractions(events, { now: FIXTURE_NOW });
  expect(m.users.size).toBe(2); // u3 only has an event at `now`
  expect((m.merchants as IndexMap).ids()).toEqual(['a', 'b', 'v']);
  expect(m.merchantName[m.merchants.indexOf('v')!]).toBe('Viewed');
  expect(m.merchantCategory[m.merchants.indexOf('v')!]).toBe('toys');
  expect(m.weights.indices.length).toBe(3); // u2×v is view-only ⇒ not stored
  const p = pos(m, 'u1', 'a');
  expect(m.weights.data[p]).toBe(2);
  expect(m.orders[p]).toBe(2);
  expect(m.spend[p]).toBe(50);
  expect(m.lastTime[p]).toBe(ago(5));
  expect(m.lastTime[pos(m, 'u1', 'b')]).toBe(ago(1)); // last checkout, not the later view
  expect(Array.from(candidateMask(m))).toEqual([1, 1, 0]);
  expect(Array.from(merchantUserCounts(m))).toEqual([1, 2, 0]);
  expect(countOrderingUsers(m)).toBe(2);
});

test('view weight, log, value and recency decay follow the documented formula', () => {
  const v = buildInteractions(events, { now: FIXTURE_NOW, weighting: { viewWeight: 0.25 } });
  expect(getValue(v.weights, v.users.indexOf('u1')!, v.merchants.indexOf('b')!)).toBe(1.25);
  const pv = pos(v, 'u2', 'v');
  expect(v.weights.data[pv]).toBe(0.25);
  expect(v.orders[pv]).toBe(0);
  expect(v.lastTime[pv]).toBe(ago(2));
  expect(candidateMask(v)[v.merchants.indexOf('v')!]).toBe(0);

  const lg = buildInteractions(events, { now: FIXTURE_NOW, weighting: { signal: 'log-count' } });
  expect(lg.weights.data[pos(lg, 'u1', 'a')]).toBeCloseTo(Math.log(3), 12);
  const val = buildInteractions(events, { now: FIXTURE_NOW, weighting: { signal: 'value' } });
  expect(val.weights.data[pos(val, 'u1', 'a')]).toBe(50);
  const dec = buildInteractions(events, { now: FIXTURE_NOW, weighting: { decayDays: 5 } });
  // e^(−10/5) + e^(−5/5) = 0.135335 + 0.367879 = 0.503215
  expect(dec.weights.data[pos(dec, 'u1', 'a')]).toBeCloseTo(0.5032147244, 9);
  const bin = buildInteractions(events, { now: FIXTURE_NOW, weighting: { signal: 'binary' } });
  expect(bin.weights.data[pos(bin, 'u1', 'a')]).toBe(1);
});

test('rows are sorted and shared index maps are extended, not replaced', () => {
  const users = new IndexMap(['u2']);
  const merchants = new IndexMap(['z', 'b']);
  const m = buildInteractions(events, { now: FIXTURE_NOW, users, merchants });
  expect(m.users).toBe(users);
  expect(users.ids()).toEqual(['u2', 'u1']);
  expect(merchants.ids()).toEqual(['z', 'b', 'a', 'v']);
  const r = users.indexOf('u1')!;
  expect(Array.from(m.weights.indices.subarray(m.weights.indptr[r]!, m.weights.indptr[r + 1]!))).toEqual([1, 2]);
  expect(() => buildInteractions([], { now: NaN })).toThrow(RangeError);
  expect(() => buildInteractions([], { now: 0, weighting: { decayDays: 0 } })).toThrow(RangeError);
});
