import { expect, test } from 'vitest';

import { buildInteractions, DAY_MS } from '../data/interactions';
import { checkerboard, FIXTURE_NOW, makeEvent } from '../testing/fixtures';
import { recommenderContract } from './recommender.contract';
import { RepeatModel } from './repeat';

recommenderContract('RepeatModel', () => new RepeatModel(), { personalised: false });

const ago = (d: number) => FIXTURE_NOW - d * DAY_MS;
const events = [
  makeEvent('u1', 'old', { eventTime: ago(120) }),
  makeEvent('u1', 'old', { eventTime: ago(60) }),
  makeEvent('u1', 'new', { eventTime: ago(6) }),
  makeEvent('u2', 'pop', { eventTime: ago(5) }),
  makeEvent('u3', 'pop', { eventTime: ago(5) }),
  makeEvent('u4', 'pop', { eventTime: ago(5) }),
];
const train = buildInteractions(events, { now: FIXTURE_NOW });
const idx = (id: string) => train.merchants.indexOf(id)!;

test('own merchants by orders·exp(−Δ/τ), then popularity scaled to [0, 0.5]', () => {
  const m = new RepeatModel({ decayDays: 60 });
  m.fit(train);
  const recs = m.recommend(train.users.indexOf('u1')!, 3);
  // old: 1 + 2·e^(−60/60) = 1.7358; new: 1 + 1·e^(−6/60) = 1.9048; pop: 3 orders = max ⇒ 0.5
  expect(recs.map((r) => r.idx)).toEqual([idx('new'), idx('old'), idx('pop')]);
  expect(recs[0]!.score).toBeCloseTo(1.904837418, 9);
  expect(recs[1]!.score).toBeCloseTo(1.735758882, 9);
  expect(recs[2]!.score).toBeCloseTo(0.5, 12);
  expect(m.explain(train.users.indexOf('u1')!, idx('old'))[0]!.source).toBe('repeat');
  expect(m.explain(train.users.indexOf('u1')!, idx('pop'))[0]).toEqual({ merchantIdx: -1, value: 0.5, source: 'popularity' });
});

test('a long decay ranks by frequency; cold users get popularity', () => {
  const m = new RepeatModel({ decayDays: 1e6 });
  m.fit(train);
  expect(m.recommend(train.users.indexOf('u1')!, 1)[0]!.idx).toBe(idx('old'));
  expect(m.recommend(-1, 1)[0]).toEqual({ idx: idx('pop'), score: 0.5 });
});

test('scoreOf and explain give scoreAll’s value for every pair, viewed-only merchants included', () => {
  // views at weight 0.3: viewed-only pairs are stored in the matrix with orders 0
  const train = buildInteractions(checkerboard({ groups: 3, size: 4, withViews: true }).events, {
    now: FIXTURE_NOW,
    weighting: { viewWeight: 0.3 },
  });
  expect(train.orders.filter((o) => o === 0).length).toBe(24);
  const m = new RepeatModel({ decayDays: 30 });
  m.fit(train);
  const nM = train.merchants.size;
  const all = new Float64Array(nM);
  let own = 0;
  for (const u of [-1, ...Array.from({ length: train.users.size }, (_, i) => i)]) {
    m.scoreAll(u, all);
    for (let i = 0; i < nM; i++) {
      expect(m.scoreOf(u, i)).toBe(all[i]);
      const [reason] = m.explain(u, i);
      expect(reason!.value).toBe(all[i]);
      expect(reason!.source).toBe(all[i]! >= 1 ? 'repeat' : 'popularity');
      if (all[i]! >= 1) own++;
    }
  }
  // 12 users × 3 own merchants; views (next group's merchant, m-view-only) are not own
  expect(own).toBe(36);
});
