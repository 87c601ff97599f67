// Every reader of RecommendationList.itemsJson answers the same whichever format a row is in:
// each fixture (rows in both formats) is read, every row is rewritten into the other format,
// and read again.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { decodeCachedLists, encodeCachedLists } from '@/lib/db/cached-lists-codec';
import { loadSegmentFixture } from '@/lib/db/segment-fixture';
import { readDiscoveryLists } from '@/lib/db/segment-recs';
import { loadUserMerchantFixture } from '@/lib/db/user-merchant-fixture';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { loadServingFixture } from './fixture';
import { activeRunRow, loadRunCache } from './load-run';

const dbs: TempDb[] = [];
afterAll(() => dbs.forEach((t) => t.close()));

/** Rewrites every cached row into the other format; returns how many rows were in each. */
function swapFormats(t: TempDb): { compact: number; object: number } {
  const rows = t.db.prepare('SELECT rowid AS id, itemsJson FROM RecommendationList').all() as { id: number; itemsJson: string }[];
  const update = t.db.prepare('UPDATE RecommendationList SET itemsJson = ? WHERE rowid = ?');
  let compact = 0;
  for (const r of rows) {
    const lists = decodeCachedLists(r.itemsJson);
    const wasCompact = r.itemsJson.startsWith('[');
    if (wasCompact) compact++;
    update.run(wasCompact ? JSON.stringify(lists) : encodeCachedLists(lists), r.id);
  }
  return { compact, object: rows.length - compact };
}

const sizes = (t: TempDb) => {
  const max = (table: string) => (t.db.prepare(`SELECT COALESCE(MAX(id), 0) + 1 AS n FROM ${table}`).get() as { n: number }).n;
  return [max('User'), max('Merchant')] as const;
};

test('the server index: the same typed arrays from either format; a corrupt row serves as an empty fallback', async () => {
  const t = createTempDb();
  dbs.push(t);
  const { U } = await loadServingFixture(t);
  const [uSize, mSize] = sizes(t);
  const before = await loadRunCache(t.db, activeRunRow(t.db)!, uSize, mSize);
  expect(swapFormats(t)).toEqual({ compact: 4, object: 3 });
  const after = await loadRunCache(t.db, activeRunRow(t.db)!, uSize, mSize);
  expect(after).toEqual(before);
  // rows in (model, userId) order: the fallback (all 2, 1, 0.5; discovery 2), u1, u2
  expect([...before.lists.get('hybrid')!.itemScore].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([2, 1, 0.5, 2, 0.9, 0.5, 0.4, 0.5, 0.7, 0.7]);

  t.db.prepare("UPDATE RecommendationList SET itemsJson = '[2,0,[\"a\"],[5,0.5]' WHERE runId = 1 AND model = 'popularity' AND userId <> 0").run();
  const corrupt = await loadRunCache(t.db, activeRunRow(t.db)!, uSize, mSize);
  const pop = corrupt.lists.get('popularity')!;
  const slot = pop.slotOfUser[U('u1')]!;
  expect(before.lists.get('popularity')!.fallback[slot]).toBe(0);
  expect(pop.fallback[slot]).toBe(1);
  expect(pop.itemStart[2 * slot + 2]! - pop.itemStart[2 * slot]!).toBe(0); // no items in either list
  expect(corrupt.lists.get('hybrid')).toEqual(before.lists.get('hybrid'));
});

test("the segment builder's discovery lists: the same from either format", async () => {
  const t = createTempDb();
  dbs.push(t);
  await loadSegmentFixture(t);
  const before = readDiscoveryLists(t.db, 1);
  expect([...before.score]).toEqual([0.8, 0.4, 0.9, 0.75, 0.5, 0.3]);
  expect(swapFormats(t)).toEqual({ compact: 2, object: 2 });
  expect(readDiscoveryLists(t.db, 1)).toEqual(before);
});

describe('the user page', () => {
  let t: TempDb;
  beforeAll(async () => {
    t = createTempDb();
    dbs.push(t);
    process.env.DATABASE_URL = `file:${t.file}`;
    await loadUserMerchantFixture(t);
  });

  test('the same recommendations and explanations from either format', async () => {
    const { getActiveRun } = await import('@/lib/db/runs');
    const { getUserRecommendations } = await import('@/lib/db/user-recommendations');
    const run = (await getActiveRun())!;
    const read = () => Promise.all([getUserRecommendations('u1', run, 'hybrid', false), getUserRecommendations('u1', run, 'hybrid', true), getUserRecommendations('u10', run, 'hybrid', true)]);
    const before = await read();
    expect(before.map((r) => r!.items.map((i) => i.merchantId))).toEqual([['m3', 'm1'], ['m3', 'm4'], ['m2']]);
    expect(swapFormats(t)).toEqual({ compact: 1, object: 1 });
    expect(await read()).toEqual(before);
    const { prisma } = await import('@/lib/db/client');
    await prisma.$disconnect();
  });
});
