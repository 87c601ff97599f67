/**
 * Test fixture of lib/db/users.test.ts and lib/db/merchants.test.ts: a few users and merchants,
 * one evaluate run (cutoff 2024-12-10) with cached lists and one merchant cache.
 */
import { fixtureItemsJson, importFixtureEvents, insertFixtureRun } from '@/lib/db/fixture-run';
import type { CachedAudienceMember, CachedLists, CachedSimilar } from '@/lib/db/run-types';
import type { TempDb } from '@/lib/testing/temp-db';

export const FIXTURE_CUTOFF = Date.UTC(2024, 11, 10);

const CSV = `user_id,merchant_id,merchant_name,category,order_total,event_time,event_type
u1,m1,Burger Hub,burgers,10,2024-12-01T10:00:00Z,checkout_completed
u1,m1,Burger Hub,burgers,20,2024-12-03T12:00:00Z,checkout_completed
u1,m2,Shawarma Corner,shawarma,15,2024-12-05T19:00:00Z,checkout_completed
u1,m3,Sushi Go,sushi,0,2024-12-06T19:00:00Z,merchant_page_viewed
u1,m3,Sushi Go,sushi,30,2024-12-12T20:00:00Z,checkout_completed
u2,m1,Burger Hub,burgers,5,2024-12-02T10:00:00Z,checkout_completed
u2,m4,Pizza Place,pizza,12,2024-12-04T10:00:00Z,checkout_completed
u3,m2,Shawarma Corner,shawarma,40,2024-12-06T10:00:00Z,checkout_completed
u3,m2,Shawarma Corner,shawarma,60,2024-12-07T10:00:00Z,checkout_completed
u4,m1,Burger Hub,burgers,0,2024-12-08T10:00:00Z,merchant_page_viewed
u10,m4,Pizza Place,pizza,8,2024-12-14T08:00:00Z,checkout_completed
`;

/** Imports the events and writes run #1 with its cache; returns the internal ids. */
export async function loadUserMerchantFixture(t: TempDb) {
  const { U, M } = await importFixtureEvents(t, 'fixture.csv', CSV);
  insertFixtureRun(t, {
    id: 1,
    config: { split: '2024-12-10T00:00:00Z', models: ['hybrid', 'popularity'], seed: 1, topN: 10 },
    snapshot: { events: 11, checkouts: 9, users: 5, merchants: 4, firstEvent: Date.UTC(2024, 11, 1, 10), lastEvent: Date.UTC(2024, 11, 14, 8), cutoff: FIXTURE_CUTOFF },
    active: true,
    createdAt: Date.UTC(2024, 11, 15),
    finishedAt: null,
  });
  const u1: CachedLists = {
    all: [
      { merchantId: M('m3'), score: 0.55, source: 'item-knn', contributions: [{ merchantId: M('m1'), value: 0.3, source: 'item-knn' }, { merchantId: M('m2'), value: 0.2, source: 'item-knn' }, { merchantId: null, value: 0.05, source: 'popularity' }] },
      { merchantId: M('m1'), score: 0.6, source: 'repeat', contributions: [{ merchantId: M('m1'), value: 0.6, source: 'repeat' }] },
    ],
    discovery: [
      { merchantId: M('m3'), score: 0.55, source: 'item-knn', contributions: [{ merchantId: M('m1'), value: 0.3, source: 'item-knn' }, { merchantId: M('m2'), value: 0.2, source: 'item-knn' }] },
      { merchantId: M('m4'), score: 0.4, source: 'popularity', contributions: [{ merchantId: null, value: 0.4, source: 'popularity' }] },
    ],
    fallback: false,
  };
  const fallback: CachedLists = {
    all: [{ merchantId: M('m1'), score: 3, source: 'popularity', contributions: [{ merchantId: null, value: 3, source: 'popularity' }] }],
    discovery: [{ merchantId: M('m2'), score: 2, source: 'popularity', contributions: [{ merchantId: null, value: 2, source: 'popularity' }] }],
    fallback: true,
  };
  const list = t.db.prepare('INSERT INTO RecommendationList (runId, model, userId, itemsJson) VALUES (1, ?, ?, ?)');
  list.run('hybrid', U('u1'), fixtureItemsJson(u1, 'compact'));
  list.run('hybrid', 0, fixtureItemsJson(fallback, 'object'));
  const similar: CachedSimilar[] = [{ merchantId: M('m2'), similarity: 0.8 }, { merchantId: M('m3'), similarity: 0.5 }];
  const audience: CachedAudienceMember[] = [{ userId: U('u3'), affinity: 0.95 }, { userId: U('u4'), affinity: 0.35 }, { userId: U('u10'), affinity: 0.3 }];
  t.db.prepare('INSERT INTO MerchantCache (runId, merchantId, similarJson, audienceJson) VALUES (1, ?, ?, ?)').run(M('m1'), JSON.stringify(similar), JSON.stringify(audience));
  return { M, U };
}
