/**
 * Test fixture of lib/db/segments.test.ts: three users, three merchants (one named like a
 * formula, with a comma), an active evaluate run (cutoff 2024-12-15, data to 2024-12-30) with
 * hand-made hybrid discovery lists.
 */
import { fixtureItemsJson, importFixtureEvents, insertFixtureRun } from '@/lib/db/fixture-run';
import type { CachedRecommendation } from '@/lib/db/run-types';
import type { TempDb } from '@/lib/testing/temp-db';

export const SEG_CUTOFF = Date.UTC(2024, 11, 15);
export const SEG_LAST_EVENT = Date.UTC(2024, 11, 30, 12);

// u1: 2 checkouts at m1 before the cutoff (last Dec 5 ⇒ 10 days), m2 in the window.
// u2: 1 checkout at m2 (Dec 14), m3 on Dec 30 (after the 14-day window). u3: a page view only, m1 in the window.
const CSV = `user_id,merchant_id,merchant_name,category,order_total,event_time,event_type,platform
u1,m1,Burger Hub,burgers,10,2024-12-01T10:00:00Z,checkout_completed,ios
u1,m1,Burger Hub,burgers,20,2024-12-05T12:00:00Z,checkout_completed,ios
u1,m3,Sushi Go,sushi,0,2024-12-02T12:00:00Z,merchant_page_viewed,web
u2,m2,"=Napoli, Slice",pizza,50,2024-12-14T19:00:00Z,checkout_completed,android
u3,m3,Sushi Go,sushi,0,2024-12-10T09:00:00Z,merchant_page_viewed,web
u1,m2,"=Napoli, Slice",pizza,25,2024-12-20T19:00:00Z,checkout_completed,ios
u3,m1,Burger Hub,burgers,9,2024-12-18T12:00:00Z,checkout_completed,web
u2,m3,Sushi Go,sushi,30,2024-12-30T12:00:00Z,checkout_completed,android
`;

/** Imports the events and writes run #1 (active) with hybrid lists; returns id lookups. */
export async function loadSegmentFixture(t: TempDb) {
  const { U, M } = await importFixtureEvents(t, 'segments.csv', CSV);
  insertFixtureRun(t, {
    id: 1,
    config: { split: '2024-12-15T00:00:00Z', models: ['hybrid'], seed: 1, topN: 10 },
    snapshot: { events: 8, checkouts: 6, users: 3, merchants: 3, firstEvent: Date.UTC(2024, 11, 1, 10), lastEvent: SEG_LAST_EVENT, cutoff: SEG_CUTOFF },
    active: true,
    createdAt: Date.UTC(2024, 11, 31),
    finishedAt: Date.UTC(2024, 11, 31, 1),
  });
  const rec = (merchant: string, score: number, via: string | null): CachedRecommendation => ({
    merchantId: M(merchant),
    score,
    source: via ? 'item-knn' : 'popularity',
    contributions: [
      ...(via ? [] : [{ merchantId: null, value: score, source: 'popularity' }]),
      ...(via ? [{ merchantId: null, value: score / 2, source: 'popularity' }, { merchantId: M(via), value: score / 2, source: 'item-knn' }] : []),
    ],
  });
  const lists: Record<string, CachedRecommendation[]> = {
    u1: [rec('m2', 0.8, 'm1'), rec('m3', 0.4, null)],
    u2: [rec('m1', 0.9, 'm2'), rec('m3', 0.75, 'm2')],
    u3: [rec('m1', 0.5, null), rec('m2', 0.3, null)],
  };
  const insert = t.db.prepare("INSERT INTO RecommendationList (runId, model, userId, itemsJson) VALUES (1, 'hybrid', ?, ?)");
  // u1 and u3 compact, u2 and the fallback in the object format of older runs
  Object.entries(lists).forEach(([user, discovery], i) => insert.run(U(user), fixtureItemsJson({ all: [], discovery, fallback: false }, i === 1 ? 'object' : 'compact')));
  insert.run(0, fixtureItemsJson({ all: [], discovery: [rec('m1', 1, null)], fallback: true }, 'object'));
  return { M, U };
}
