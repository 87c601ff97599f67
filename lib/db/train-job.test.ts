import { afterAll, beforeAll, expect, test } from 'vitest';

import { generateDemoEvents } from '@/lib/demo';
import { createThreadedAlsKernels, type ThreadedAlsKernels } from '@/lib/engine/als-threads';
import type { AlsKernelsFactory } from '@/lib/recsys/pipeline';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { decodeCachedLists } from './cached-lists-codec';
import { importEventStream } from './import-events';

let t: TempDb;
let runs: typeof import('./runs');
let job: typeof import('./train-job');

beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  runs = await import('./runs');
  job = await import('./train-job');
});
afterAll(() => t.close());

test('a run without checkouts fails with a message and leaves nothing behind', async () => {
  const r = await runs.createRun({ mode: 'production', split: null, models: ['popularity'], protocols: ['all'], seed: 1, topN: 5 });
  await expect(job.executeRun(r.id, t.db)).rejects.toThrow('there are no checkout events: import order data first');
  expect(await runs.getRun(r.id)).toMatchObject({ status: 'failed', error: 'there are no checkout events: import order data first', isActive: false });
  expect(await runs.getActiveRun()).toBeNull();
});

test('an evaluate run caches lists, similar merchants and audiences, stores metrics, and becomes active', async () => {
  await importEventStream(generateDemoEvents({ scale: 0.01, seed: 7 }), 'demo', 'generated', { db: t.db });
  const stages: string[] = [];
  const r = await runs.createRun({ mode: 'evaluate', split: '2026-10-21T00:00:00.000Z', models: ['random', 'popularity', 'repeat', 'item-knn'], protocols: ['all', 'discovery'], seed: 1, topN: 5 });
  await job.executeRun(r.id, t.db, (s) => stages.push(s));
  expect(stages[0]).toBe('building matrix');
  expect(stages.at(-1)).toMatch(/^caching recommendations/);
  const done = await runs.getRun(r.id);
  expect(done).toMatchObject({ status: 'done', progress: 1, isActive: true });
  expect(done.snapshot?.cutoff).toBe(Date.UTC(2026, 9, 21));
  const metrics = await runs.getRunMetrics<{ documents: Record<string, { models: Record<string, unknown>; best: string }> }>(r.id);
  expect(Object.keys(metrics.documents).sort()).toEqual(['all', 'discovery']);
  expect(Object.keys(metrics.documents.all!.models).sort()).toEqual(['item-knn', 'popularity', 'random', 'repeat']);
  // random is a baseline: measured, never served.
  const models = t.db.prepare('SELECT DISTINCT model FROM RecommendationList ORDER BY model').all();
  expect(models).toEqual([{ model: 'item-knn' }, { model: 'popularity' }, { model: 'repeat' }]);
  const row = t.db.prepare("SELECT userId, itemsJson FROM RecommendationList WHERE model = 'repeat' AND userId > 0 LIMIT 1").get() as { userId: number; itemsJson: string };
  const lists = decodeCachedLists(row.itemsJson);
  expect(lists.fallback).toBe(false);
  expect(lists.all).toHaveLength(5);
  // discovery never holds a merchant the user ordered before the cutoff
  const ordered = new Set(
    (t.db.prepare("SELECT DISTINCT merchantId FROM Event WHERE userId = ? AND eventType = 'checkout_completed' AND eventTime < ?").all(row.userId, Date.UTC(2026, 9, 21)) as { merchantId: number }[]).map((x) => x.merchantId),
  );
  for (const rec of lists.discovery) expect(ordered.has(rec.merchantId)).toBe(false);
  const fallback = decodeCachedLists((t.db.prepare("SELECT itemsJson FROM RecommendationList WHERE model = 'popularity' AND userId = 0").get() as { itemsJson: string }).itemsJson);
  expect(fallback.fallback).toBe(true);
  const merchants = (t.db.prepare('SELECT COUNT(*) AS n FROM MerchantCache WHERE runId = ?').get(r.id) as { n: number }).n;
  expect(merchants).toBeGreaterThan(0);
});

test('ALS fits through the kernels the caller passes (the training CLI passes its worker threads)', async () => {
  const asked: number[] = [];
  const made: ThreadedAlsKernels[] = [];
  const factory: AlsKernelsFactory = (factors) => {
    asked.push(factors);
    const k = createThreadedAlsKernels(factors, 2);
    made.push(k);
    return k;
  };
  const r = await runs.createRun({ mode: 'evaluate', split: '2026-10-21T00:00:00.000Z', models: ['als'], protocols: ['all'], seed: 1, topN: 5 });
  try {
    await job.executeRun(r.id, t.db, undefined, factory);
  } finally {
    await Promise.all(made.map((k) => k.close()));
  }
  expect(asked.length).toBeGreaterThan(0);
  expect(await runs.getRun(r.id)).toMatchObject({ status: 'done' });
  const lists = t.db.prepare("SELECT COUNT(*) AS n FROM RecommendationList WHERE runId = ? AND model = 'als'").get(r.id) as { n: number };
  expect(lists.n).toBeGreaterThan(0);
});
