/**
 * Test fixture of lib/serving: three users, three merchants, and two finished evaluate runs
 * with hand-written caches — run A (active) and run B (promoted by the swap test). Reference
 * time 2024-12-10T00:00Z; the data's last event is 2024-12-12T00:00Z.
 */
import { afterAll, beforeAll } from 'vitest';

import { fixtureItemsJson, importFixtureEvents, insertFixtureRun } from '@/lib/db/fixture-run';
import type { CachedLists, CachedRecommendation } from '@/lib/db/run-types';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

export const CUTOFF = Date.UTC(2024, 11, 10);

const CSV = `user_id,merchant_id,merchant_name,category,order_total,event_time,event_type
u1,m1,Pizza Roma,pizza,10,2024-12-01T10:00:00Z,checkout_completed
u1,m1,Pizza Roma,pizza,20,2024-12-08T12:00:00Z,checkout_completed
u1,m2,Sushi Go,sushi,30,2024-12-05T19:00:00Z,checkout_completed
u1,m3,Slice House,pizza,15,2024-12-12T00:00:00Z,checkout_completed
u2,m2,Sushi Go,sushi,50,2024-12-02T00:00:00Z,checkout_completed
u2,m1,Pizza Roma,pizza,0,2024-12-03T10:00:00Z,merchant_page_viewed
u3,m3,Slice House,pizza,0,2024-12-04T10:00:00Z,merchant_page_viewed
`;

export interface Fixture {
  U: (externalId: string) => number;
  M: (externalId: string) => number;
  runA: number;
  runB: number;
}

function insertRun(t: TempDb, id: number, active: boolean) {
  insertFixtureRun(t, {
    id,
    config: { split: '2024-12-10T00:00:00.000Z', models: ['hybrid', 'popularity'], seed: 1, topN: 20 },
    snapshot: { events: 7, checkouts: 5, users: 3, merchants: 3, firstEvent: Date.UTC(2024, 11, 1, 10), lastEvent: Date.UTC(2024, 11, 12), cutoff: CUTOFF },
    active,
    createdAt: Date.UTC(2024, 11, 20, id),
    finishedAt: Date.UTC(2024, 11, 20, id, 30),
  });
}

const rec = (merchantId: number, score: number, source: string, parts: [number | null, number, string][] = []): CachedRecommendation => ({
  merchantId,
  score,
  source,
  contributions: parts.map(([m, value, s]) => ({ merchantId: m, value, source: s })),
});

/** Imports the events and writes runs A (#1, active) and B (#2) with their caches. */
export async function loadServingFixture(t: TempDb): Promise<Fixture> {
  const { U, M } = await importFixtureEvents(t, 'serving.csv', CSV);
  insertRun(t, 1, true);
  insertRun(t, 2, false);
  const list = t.db.prepare('INSERT INTO RecommendationList (runId, model, userId, itemsJson) VALUES (?, ?, ?, ?)');
  // rows alternate between the compact and the object format (the readers must serve both alike)
  let row = 0;
  const put = (run: number, model: string, user: number, lists: CachedLists) => list.run(run, model, user, fixtureItemsJson(lists, row++ % 2 === 0 ? 'compact' : 'object'));
  const u1A: CachedLists = {
    all: [
      rec(M('m1'), 0.9, 'repeat', [[M('m1'), 0.6, 'repeat'], [M('m2'), 0.3, 'item-knn']]),
      rec(M('m3'), 0.5, 'item-knn', [[M('m1'), 0.3, 'item-knn'], [M('m2'), 0.2, 'item-knn']]),
      rec(M('m2'), 0.4, 'repeat', [[M('m2'), 0.4, 'repeat']]),
    ],
    discovery: [rec(M('m3'), 0.5, 'item-knn', [[M('m1'), 0.3, 'item-knn'], [M('m2'), 0.2, 'item-knn']])],
    fallback: false,
  };
  put(1, 'hybrid', U('u1'), u1A);
  put(1, 'hybrid', U('u2'), { all: [rec(M('m1'), 0.7, 'item-knn', [[M('m2'), 0.7, 'item-knn']])], discovery: [rec(M('m1'), 0.7, 'item-knn', [[M('m2'), 0.7, 'item-knn']])], fallback: false });
  const popularA: CachedLists = { all: [rec(M('m2'), 2, 'popularity'), rec(M('m1'), 1, 'popularity'), rec(M('m3'), 0.5, 'popularity')], discovery: [rec(M('m2'), 2, 'popularity')], fallback: true };
  put(1, 'popularity', 0, popularA);
  put(1, 'hybrid', 0, popularA);
  put(1, 'popularity', U('u1'), { all: [rec(M('m2'), 2, 'popularity', [[null, 2, 'popularity']])], discovery: [], fallback: false });
  put(2, 'hybrid', U('u1'), { all: [rec(M('m2'), 0.7, 'als', [[M('m2'), 0.7, 'als']])], discovery: [rec(M('m3'), 0.6, 'als', [[M('m1'), 0.6, 'als']])], fallback: false });
  put(2, 'popularity', 0, { all: [rec(M('m3'), 5, 'popularity')], discovery: [rec(M('m3'), 5, 'popularity')], fallback: true });
  const cache = t.db.prepare('INSERT INTO MerchantCache (runId, merchantId, similarJson, audienceJson) VALUES (?, ?, ?, ?)');
  cache.run(1, M('m1'), JSON.stringify([{ merchantId: M('m3'), similarity: 0.7 }, { merchantId: M('m2'), similarity: 0.2 }]), JSON.stringify([{ userId: U('u2'), affinity: 0.8 }, { userId: U('u3'), affinity: 0.1 }]));
  cache.run(1, M('m2'), JSON.stringify([{ merchantId: M('m1'), similarity: 0.2 }]), '[]');
  cache.run(2, M('m1'), JSON.stringify([{ merchantId: M('m2'), similarity: 0.9 }]), JSON.stringify([{ userId: U('u3'), affinity: 0.5 }]));
  return { U, M, runA: 1, runB: 2 };
}

/**
 * For a test file of lib/serving: before its tests, a throw-away database holding this fixture
 * becomes DATABASE_URL; after them the serving index is dropped and the database removed.
 * Returns the database and ids once `beforeAll` has run.
 */
export function useServingFixture(): { readonly t: TempDb; readonly f: Fixture } {
  let t: TempDb | undefined;
  let f: Fixture | undefined;
  beforeAll(async () => {
    t = createTempDb();
    process.env.DATABASE_URL = `file:${t.file}`;
    f = await loadServingFixture(t);
  });
  afterAll(async () => {
    (await import('./index')).resetServingIndex();
    t?.close();
  });
  return {
    get t() {
      if (!t) throw new Error('useServingFixture: the database exists only inside tests');
      return t;
    },
    get f() {
      if (!f) throw new Error('useServingFixture: the fixture exists only inside tests');
      return f;
    },
  };
}
