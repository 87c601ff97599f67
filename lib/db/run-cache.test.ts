import { afterAll, expect, test, vi } from 'vitest';

import { buildInteractions } from '@/lib/recsys/data/interactions';
import { ItemKnnModel } from '@/lib/recsys/models/item-knn';
import { AlsModel } from '@/lib/recsys/models/als';
import { HybridModel } from '@/lib/recsys/models/hybrid';
import { PopularityModel } from '@/lib/recsys/models/popularity';
import { RepeatModel } from '@/lib/recsys/models/repeat';
import { syntheticMatrix } from '@/lib/recsys/testing/synthetic';
import { FIXTURE_NOW, makeEvent } from '@/lib/recsys/testing/fixtures';
import type { ModelKind, Recommender } from '@/lib/recsys/types';
import { createTempDb } from '@/lib/testing/temp-db';

import { decodeCachedLists } from './cached-lists-codec';
import { writeRunCache } from './run-cache';
import { shipModels } from './run-lists-models';

const t = createTempDb();
afterAll(() => t.close());

// u1 ordered a twice and b; u2 b and c; u3 c; u4 a and d.
const events = [
  makeEvent('u1', 'a'), makeEvent('u1', 'a'), makeEvent('u1', 'b'),
  makeEvent('u2', 'b'), makeEvent('u2', 'c'),
  makeEvent('u3', 'c'),
  makeEvent('u4', 'a'), makeEvent('u4', 'd'),
];
const train = buildInteractions(events, { now: FIXTURE_NOW });

test('each list is cached with its explanations; a model explains each merchant of a user once for both lists', async () => {
  const knn = new ItemKnnModel();
  const repeat = new RepeatModel();
  knn.fit(train);
  repeat.fit(train);
  const calls = vi.spyOn(knn, 'explain');
  t.db.prepare("INSERT INTO ModelRun (id, mode, status, configJson, createdAt) VALUES (1, 'evaluate', 'running', '{}', 0)").run();
  const userIds = new Map(['u1', 'u2', 'u3', 'u4'].map((u, i) => [u, 101 + i]));
  const merchantIds = new Map(['a', 'b', 'c', 'd'].map((m, i) => [m, 11 + i]));
  const models = new Map<ModelKind, Recommender>([['item-knn', knn], ['repeat', repeat]]);
  const out = await writeRunCache(t.db, { runId: 1, train, models, userIds, merchantIds, topN: 3 });
  expect(out).toEqual({ lists: 8, merchants: 4, blocksByWorkers: 0 });

  const rows = t.db.prepare("SELECT userId, itemsJson FROM RecommendationList WHERE model = 'item-knn' ORDER BY userId").all() as { userId: number; itemsJson: string }[];
  expect(rows.map((r) => r.userId)).toEqual([0, 101, 102, 103, 104]);
  // the compact format; item-knn explains a merchant alike in both lists, so every discovery
  // item also in `all` is stored as a reference to it (a negative number)
  for (const r of rows) expect(r.itemsJson.startsWith('[2,')).toBe(true);
  expect(rows.filter((r) => /,\[-\d/.test(r.itemsJson)).length).toBeGreaterThan(0);
  const external = new Map([...merchantIds].map(([e, id]) => [id, e]));
  let distinct = 0;
  for (const { userId, itemsJson } of rows.slice(1)) {
    const lists = decodeCachedLists(itemsJson);
    const u = train.users.indexOf([...userIds].find(([, id]) => id === userId)![0])!;
    expect(lists.fallback).toBe(false);
    expect(lists.all.map((r) => r.merchantId)).toEqual(knn.recommend(u, 3).map((r) => merchantIds.get(train.merchants.idOf(r.idx))));
    expect(lists.all.map((r) => r.score)).toEqual(knn.recommend(u, 3).map((r) => Math.round(r.score * 1e6) / 1e6));
    for (const r of lists.all) expect(String(r.score).length).toBeLessThanOrEqual(8);
    expect(lists.discovery.map((r) => r.merchantId)).toEqual(knn.recommend(u, 3, { excludeOrdered: true }).map((r) => merchantIds.get(train.merchants.idOf(r.idx))));
    const seen = new Set<number>();
    for (const r of [...lists.all, ...lists.discovery]) {
      seen.add(r.merchantId);
      const direct = knn.explain(u, train.merchants.indexOf(external.get(r.merchantId)!)!, 5);
      // stored to 6 decimals, the precision the API serves (1.9999999999999996 → 2)
      expect(r.contributions).toEqual(direct.map((c) => ({ merchantId: merchantIds.get(train.merchants.idOf(c.merchantIdx)), value: Math.round(c.value * 1e6) / 1e6, source: 'item-knn' })));
    }
    distinct += seen.size;
  }
  // The fallback lists (user −1) have no explanations; the direct calls above are counted too.
  const directCalls = rows.slice(1).reduce((n, r) => n + decodeCachedLists(r.itemsJson).all.length + decodeCachedLists(r.itemsJson).discovery.length, 0);
  expect(calls).toHaveBeenCalledTimes(distinct + directCalls);
  expect(distinct).toBeLessThan(directCalls);
  const fallback = decodeCachedLists((t.db.prepare("SELECT itemsJson FROM RecommendationList WHERE model = 'repeat' AND userId = 0").get() as { itemsJson: string }).itemsJson);
  expect(fallback.fallback).toBe(true);
});

test('worker threads cache the same lists, similar merchants and audiences as this thread (all five models)', async () => {
  const big = syntheticMatrix(1100, 120, 6000, 3);
  // the hybrid adopts the run's item-kNN and ALS (as in the pipeline: equal params and seed),
  // so the worker takes them from its hybrid instead of a second copy
  const knn = new ItemKnnModel({ neighbours: 20 });
  const als = new AlsModel({ factors: 8, iterations: 3 });
  const hybrid = new HybridModel({ searchSamples: 10, als: { factors: 8, iterations: 3 }, itemKnn: { neighbours: 20 } });
  const fitted: [ModelKind, Recommender][] = [
    ['popularity', new PopularityModel({ windowDays: 30 })],
    ['repeat', new RepeatModel({ decayDays: 45 })],
    ['item-knn', knn],
    ['als', als],
    ['hybrid', hybrid],
  ];
  for (const [, m] of fitted) m.fit(big, { seed: 5, fitted: [knn, als] });
  expect(hybrid.collaborative.knn).toBe(knn);
  expect(hybrid.collaborative.als).toBe(als);
  expect(shipModels(fitted)!.map((s) => ('inHybrid' in s ? `${s.kind} (in hybrid)` : s.kind))).toEqual([
    'popularity', 'repeat', 'item-knn (in hybrid)', 'als (in hybrid)', 'hybrid',
  ]);
  const userIds = new Map(Array.from({ length: big.users.size }, (_, u) => [big.users.idOf(u), 1000 + u]));
  const merchantIds = new Map(Array.from({ length: big.merchants.size }, (_, m) => [big.merchants.idOf(m), 50 + m]));
  const models = new Map(fitted);
  const cached = async (runId: number, threads: number) => {
    t.db.prepare("INSERT INTO ModelRun (id, mode, status, configJson, createdAt) VALUES (?, 'evaluate', 'running', '{}', 0)").run(runId);
    const out = await writeRunCache(t.db, { runId, train: big, models, userIds, merchantIds, topN: 10, threads, helpersOnly: true });
    const lists = t.db.prepare('SELECT model, userId, itemsJson FROM RecommendationList WHERE runId = ? ORDER BY model, userId').all(runId);
    const merchants = t.db.prepare('SELECT merchantId, similarJson, audienceJson FROM MerchantCache WHERE runId = ? ORDER BY merchantId').all(runId);
    return { out, lists, merchants };
  };
  const one = await cached(11, 1);
  const two = await cached(12, 2);
  // 1,100 users are 3 blocks of 512: all ranked by the worker
  expect(one.out).toEqual({ lists: 5 * 1100, merchants: 120, blocksByWorkers: 0 });
  expect(two.out).toEqual({ lists: 5 * 1100, merchants: 120, blocksByWorkers: 3 });
  expect(two.lists).toEqual(one.lists);
  expect(two.merchants).toEqual(one.merchants);
  expect(one.lists).toHaveLength(5 * 1101);
  // not trivially equal: audiences differ from merchant to merchant
  expect(new Set((one.merchants as { audienceJson: string }[]).map((m) => m.audienceJson)).size).toBeGreaterThan(10);
}, 60_000);
