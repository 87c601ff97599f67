import { expect, test } from 'vitest';

import { buildInteractions, DAY_MS } from './data/interactions';
import { explanationSentence, groupReasons } from './explain';
import { FIXTURE_NOW, makeEvent } from './testing/fixtures';
import type { Contribution } from './types';

const ago = (d: number) => FIXTURE_NOW - d * DAY_MS;
const train = buildInteractions(
  [
    makeEvent('u1', 'burger', { merchantName: 'Burger Hub', eventTime: ago(10) }),
    makeEvent('u1', 'burger', { merchantName: 'Burger Hub', eventTime: ago(3) }),
    makeEvent('u1', 'shawarma', { merchantName: 'Shawarma Corner', eventTime: ago(20) }),
    makeEvent('u1', 'sushi', { merchantName: 'Sushi Bar', eventTime: ago(1) }),
    makeEvent('u2', 'pizza', { merchantName: 'Pizza Place', eventTime: ago(2) }),
  ],
  { now: FIXTURE_NOW },
);
const m = (id: string) => train.merchants.indexOf(id)!;
const u1 = train.users.indexOf('u1')!;
const c = (merchantIdx: number, value: number, source: string): Contribution => ({ merchantIdx, value, source });

test('similar merchants: the two largest history shares are named, summed over sources', () => {
  const parts = [c(m('shawarma'), 0.2, 'item-knn'), c(m('burger'), 0.3, 'item-knn'), c(m('shawarma'), 0.15, 'als'), c(m('sushi'), 0.1, 'als'), c(-1, 0.05, 'popularity')];
  expect(explanationSentence(train, u1, m('pizza'), parts)).toBe(
    'Because you ordered from Shawarma Corner and Burger Hub; people who order there also order here.',
  );
  expect(explanationSentence(train, u1, m('pizza'), parts, { maxNames: 3 })).toBe(
    'Because you ordered from Shawarma Corner, Burger Hub and Sushi Bar; people who order there also order here.',
  );
});

test('own merchant: order count and days since the last order', () => {
  expect(explanationSentence(train, u1, m('burger'), [c(m('burger'), 0.9, 'repeat'), c(m('sushi'), 0.05, 'als')])).toBe(
    'You order here often (2 orders, last 3 days ago).',
  );
  expect(explanationSentence(train, u1, m('sushi'), [c(m('sushi'), 0.4, 'item-knn')])).toBe(
    'You ordered here before (1 day ago).',
  );
});

test('a secondary reason is added when it carries at least a quarter of the mass', () => {
  const parts = [c(m('burger'), 0.6, 'repeat'), c(m('shawarma'), 0.4, 'item-knn')];
  expect(explanationSentence(train, u1, m('burger'), parts)).toBe(
    'You order here often (2 orders, last 3 days ago). Because you ordered from Shawarma Corner; people who order there also order here.',
  );
  const minor = [c(m('burger'), 0.8, 'repeat'), c(m('shawarma'), 0.2, 'item-knn')];
  expect(explanationSentence(train, u1, m('burger'), minor)).toBe('You order here often (2 orders, last 3 days ago).');
});

test('popularity reasons, negative shares ignored, empty fallback', () => {
  expect(explanationSentence(train, u1, m('pizza'), [c(-1, 0.3, 'recency'), c(-1, 0.05, 'popularity'), c(m('burger'), -0.2, 'als')])).toBe(
    'Popular right now with customers.',
  );
  expect(explanationSentence(train, -1, m('pizza'), [c(-1, 2, 'popularity')])).toBe('Popular with customers overall.');
  expect(explanationSentence(train, u1, m('pizza'), [])).toBe('Recommended for you.');
});

test('groupReasons sums per kind and sorts by value', () => {
  const r = groupReasons([c(-1, 0.1, 'recency'), c(m('burger'), 0.3, 'item-knn'), c(m('pizza'), 0.2, 'item-knn')], m('pizza'));
  expect(r.map((x) => x.kind)).toEqual(['similar', 'own', 'trending']);
  expect(r[0]!.value).toBeCloseTo(0.3, 12);
  expect(r[0]!.merchants).toEqual([m('burger')]);
});
