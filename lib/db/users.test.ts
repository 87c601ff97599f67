import { afterAll, beforeAll, expect, test } from 'vitest';

import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { FIXTURE_CUTOFF, loadUserMerchantFixture } from './user-merchant-fixture';

let t: TempDb;
beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  await loadUserMerchantFixture(t);
});
afterAll(() => t.close());

test('searchUsers: prefix matches, most orders first, ties by id; lower-case retry; limit', async () => {
  const { searchUsers } = await import('./users');
  expect(await searchUsers('u')).toEqual([
    { userId: 'u1', orders: 4 },
    { userId: 'u2', orders: 2 },
    { userId: 'u3', orders: 2 },
    { userId: 'u10', orders: 1 },
    { userId: 'u4', orders: 0 },
  ]);
  expect((await searchUsers(' U1 ')).map((s) => s.userId)).toEqual(['u1', 'u10']);
  expect((await searchUsers('u', 2)).map((s) => s.userId)).toEqual(['u1', 'u2']);
  expect(await searchUsers('x')).toEqual([]);
});

test('getUserProfile: totals over the window, days since last order as of the last event, segment, history', async () => {
  const { getUserProfile } = await import('./users');
  const p = await getUserProfile('u1');
  // spends of ordering users 8, 17, 75, 100 → bounds s[1] = 17, s[2] = 75: u1 (75) is high.
  expect(p).toMatchObject({ orders: 4, spend: 75, merchants: 3, views: 1, segment: 'high', thresholds: { medium: 17, high: 75, users: 4 } });
  expect(p.asOf).toBe(Date.UTC(2024, 11, 14, 8));
  expect(p.lastOrder).toBe(Date.UTC(2024, 11, 12, 20));
  expect(p.daysSinceLastOrder).toBe(1);
  expect(p.history.map((h) => h.merchantName)).toEqual(['Sushi Go', 'Shawarma Corner', 'Burger Hub', 'Burger Hub']);
  expect(p.history[0]).toEqual({ time: Date.UTC(2024, 11, 12, 20), merchantId: 'm3', merchantName: 'Sushi Go', category: 'sushi', total: 30 });
  expect((await getUserProfile('u2')).segment).toBe('medium');
  expect((await getUserProfile('u10')).segment).toBe('low');
  const viewer = await getUserProfile('u4');
  expect(viewer).toMatchObject({ orders: 0, segment: 'none', daysSinceLastOrder: null, history: [] });
});

test('an unknown user is a NotFoundError naming the id', async () => {
  const { getUserProfile } = await import('./users');
  await expect(getUserProfile('u_999')).rejects.toThrow('No user u_999 in the data.');
});

test('getUserRecommendations: cached list with explanations from names, order marks before/after the cutoff', async () => {
  const { getActiveRun } = await import('./runs');
  const { getUserRecommendations } = await import('./user-recommendations');
  const run = (await getActiveRun())!;
  const all = (await getUserRecommendations('u1', run, 'hybrid', false))!;
  expect(all).toMatchObject({ runId: 1, list: 'all', fallback: false, fallbackSource: null, referenceTime: FIXTURE_CUTOFF });
  expect(all.items[0]).toMatchObject({
    rank: 1,
    merchantId: 'm3',
    merchantName: 'Sushi Go',
    explanation: 'Because you ordered from Burger Hub and Shawarma Corner; people who order there also order here.',
    orderedBefore: false,
    orderedAfter: true,
  });
  // last Burger Hub order 2024-12-03 12:00, cutoff 2024-12-10 00:00: 6.5 days → "6 days ago".
  expect(all.items[1]).toMatchObject({ merchantId: 'm1', explanation: 'You order here often (2 orders, last 6 days ago).', orderedBefore: true, orderedAfter: false });
  const discovery = (await getUserRecommendations('u1', run, 'hybrid', true))!;
  expect(discovery.list).toBe('discovery');
  expect(discovery.items.map((i) => [i.merchantId, i.explanation])).toEqual([
    ['m3', 'Because you ordered from Burger Hub and Shawarma Corner; people who order there also order here.'],
    ['m4', 'Popular with customers overall.'],
  ]);
});

test('a user without a cached list gets the fallback, flagged and named; an uncached model gives null', async () => {
  const { getActiveRun } = await import('./runs');
  const { getUserRecommendations } = await import('./user-recommendations');
  const run = (await getActiveRun())!;
  const cold = (await getUserRecommendations('u10', run, 'hybrid', false))!;
  expect(cold).toMatchObject({ fallback: true, fallbackSource: 'popularity' });
  expect(cold.items).toEqual([
    { rank: 1, merchantId: 'm1', merchantName: 'Burger Hub', category: 'burgers', score: 3, source: 'popularity', explanation: 'Popular with customers overall.', orderedBefore: false, orderedAfter: false },
  ]);
  expect(await getUserRecommendations('u1', run, 'als', false)).toBeNull();
  const { prisma } = await import('./client');
  await prisma.$disconnect();
});
