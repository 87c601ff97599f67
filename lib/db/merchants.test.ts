import { afterAll, beforeAll, expect, test } from 'vitest';

import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { loadUserMerchantFixture } from './user-merchant-fixture';

let t: TempDb;
beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  await loadUserMerchantFixture(t);
});
afterAll(() => t.close());

test('searchMerchants: id prefix first, then names containing the text, case-insensitive, most orders first', async () => {
  const { searchMerchants, listTopMerchants } = await import('./merchants');
  expect((await searchMerchants('m')).map((m) => [m.merchantId, m.orders])).toEqual([
    ['m1', 3],
    ['m2', 3],
    ['m4', 2],
    ['m3', 1],
  ]);
  expect(await searchMerchants('SUSHI')).toEqual([{ merchantId: 'm3', name: 'Sushi Go', category: 'sushi', orders: 1 }]);
  expect((await searchMerchants('M2')).map((m) => m.name)).toEqual(['Shawarma Corner']);
  expect(await searchMerchants('nothing like it')).toEqual([]);
  expect((await listTopMerchants(10, 'pizza')).map((m) => m.merchantId)).toEqual(['m4']);
});

test('getMerchantProfile: orders, users, repeat rate, average order value, views; superfans by orders then spend', async () => {
  const { getMerchantProfile } = await import('./merchants');
  const { profile, superfans } = await getMerchantProfile('m1');
  // u1: 10 + 20 (2 orders), u2: 5 (1 order); u4 only viewed.
  expect(profile).toMatchObject({ name: 'Burger Hub', orders: 3, users: 2, repeatRate: 0.5, spend: 35, views: 1 });
  expect(profile.averageOrder).toBeCloseTo(35 / 3, 10);
  expect(superfans.map((s) => [s.userId, s.orders, s.spend])).toEqual([
    ['u1', 2, 30],
    ['u2', 1, 5],
  ]);
  const m2 = await getMerchantProfile('m2', 1);
  expect(m2.superfans).toEqual([{ userId: 'u3', orders: 2, spend: 100, lastOrder: Date.UTC(2024, 11, 7, 10) }]);
  await expect(getMerchantProfile('m_404')).rejects.toThrow('No merchant m_404 in the data.');
});

test('getMerchantLists: similar merchants with names, audience and its histogram; uncached merchant → null', async () => {
  const { getMerchantLists, listAudience } = await import('./merchant-lists');
  const lists = (await getMerchantLists('m1', 1, 2))!;
  expect(lists.similar).toEqual([
    { merchantId: 'm2', name: 'Shawarma Corner', category: 'shawarma', similarity: 0.8 },
    { merchantId: 'm3', name: 'Sushi Go', category: 'sushi', similarity: 0.5 },
  ]);
  expect(lists.audienceSize).toBe(3);
  expect(lists.audience).toEqual([
    { userId: 'u3', affinity: 0.95 },
    { userId: 'u4', affinity: 0.35 },
  ]);
  expect(lists.histogram.map((b) => b.users)).toEqual([0, 0, 0, 2, 0, 0, 0, 0, 0, 1]);
  expect((await listAudience('m1', 1)).map((a) => a.userId)).toEqual(['u3', 'u4', 'u10']);
  expect(await getMerchantLists('m2', 1)).toBeNull();
  const { prisma } = await import('./client');
  await prisma.$disconnect();
});

test('affinityHistogram: bins of 0.1, 1 in the last bin, out-of-range clamped, NaN skipped', async () => {
  const { affinityHistogram } = await import('./merchant-lists');
  const h = affinityHistogram([0, 0.1, 0.15, 0.7, 0.999, 1, 1.2, -0.1, Number.NaN]);
  expect(h.map((b) => b.users)).toEqual([2, 2, 0, 0, 0, 0, 0, 1, 0, 3]);
  expect(h[3]).toEqual({ from: 0.3, to: 0.4, users: 0 });
  expect(affinityHistogram([0.5], 2).map((b) => b.users)).toEqual([0, 1]);
  expect(() => affinityHistogram([], 0)).toThrow(RangeError);
});
