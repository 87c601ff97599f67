import { expect, test } from 'vitest';

import { DAY_MS } from '../data/interactions';
import { FIXTURE_NOW, makeEvent } from '../testing/fixtures';
import { buildInteractions } from '../data/interactions';
import { PopularityModel } from './popularity';
import { recommenderContract } from './recommender.contract';

recommenderContract('PopularityModel', () => new PopularityModel(), { personalised: false });
recommenderContract('PopularityModel (trending)', () => new PopularityModel({ windowDays: 14, trendWeight: 0.5 }), {
  personalised: false,
});

const ago = (d: number) => FIXTURE_NOW - d * DAY_MS;
// a: 3 orders long ago by 1 user; b: 2 recent orders by 2 users; c: 1 recent order
const events = [
  makeEvent('u1', 'a', { eventTime: ago(100) }),
  makeEvent('u1', 'a', { eventTime: ago(90) }),
  makeEvent('u1', 'a', { eventTime: ago(80) }),
  makeEvent('u2', 'b', { eventTime: ago(3) }),
  makeEvent('u3', 'b', { eventTime: ago(2) }),
  makeEvent('u3', 'c', { eventTime: ago(1) }),
  makeEvent('u4', 'a', { eventTime: ago(1), eventType: 'merchant_page_viewed' }),
];
const train = buildInteractions(events, { now: FIXTURE_NOW });
const idx = (id: string) => train.merchants.indexOf(id)!;

test('all-time popularity ranks by order count', () => {
  const m = new PopularityModel();
  m.fit(train);
  expect(m.recommend(0, 3)).toEqual([
    { idx: idx('a'), score: 3 },
    { idx: idx('b'), score: 2 },
    { idx: idx('c'), score: 1 },
  ]);
  expect(m.explain(0, idx('b'))).toEqual([{ merchantIdx: -1, value: 2, source: 'popularity' }]);
});

test('trending blends order share and recent-buyer share', () => {
  const m = new PopularityModel({ windowDays: 14, trendWeight: 0.5 });
  m.fit(train);
  // orders 3,2,1 of 6; recent buyers 0,2,1 of 3 ⇒ a = .5·.5 = .25, b = .5·(1/3 + 2/3) = .5, c = .5·(1/6 + 1/3) = .25
  const recs = m.recommend(0, 3);
  expect(recs.map((r) => r.idx)).toEqual([idx('b'), idx('a'), idx('c')]);
  expect(recs[0]!.score).toBeCloseTo(0.5, 12);
  expect(recs[1]!.score).toBeCloseTo(0.25, 12);
});

test('excludeOrdered removes the user’s merchants; bad params throw', () => {
  const m = new PopularityModel();
  m.fit(train);
  expect(m.recommend(train.users.indexOf('u3')!, 3, { excludeOrdered: true })).toEqual([{ idx: idx('a'), score: 3 }]);
  expect(() => new PopularityModel({ windowDays: 0 })).toThrow(RangeError);
  expect(() => new PopularityModel().recommend(0, 1)).toThrow(TypeError);
});
