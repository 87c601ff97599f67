import { afterAll, beforeAll, expect, test } from 'vitest';

import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { DIAGNOSTICS, sampleDocument } from './performance-fixtures';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1, 12); // 2026-10-01 12:00 UTC

let t: TempDb;
beforeAll(() => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  t.db.exec(`INSERT INTO Dataset (id, sourceFile, fileHash, format, rowsTotal, rowsAccepted, rowsRejected, rowsDuplicate, durationMs, importedAt)
    VALUES (1, 'a.csv', 'h', 'csv', 0, 0, 0, 0, 0, ${T0})`);
  t.db.exec("INSERT INTO User (id, externalId) VALUES (1, 'u1'), (2, 'u2')");
  t.db.exec("INSERT INTO Merchant (id, externalId, name, category) VALUES (1, 'm1', 'M1', 'pizza')");
  const ins = t.db.prepare('INSERT INTO Event (userId, merchantId, eventType, orderTotal, eventTime, platform, datasetId) VALUES (?, 1, ?, 10, ?, \'\', 1)');
  // 10 checkouts, one a day from 2026-10-01 12:00; a page view later that must not count.
  for (let i = 0; i < 10; i++) ins.run(1 + (i % 2), 'checkout_completed', T0 + i * DAY);
  ins.run(1, 'merchant_page_viewed', T0 + 20 * DAY);
});
afterAll(() => t.close());

function insertRun(id: number, mode: string, status: string, opts: { active?: boolean; metrics?: unknown; error?: string } = {}) {
  const config = { mode, split: mode === 'evaluate' ? '2026-10-08T00:00:00.000Z' : null, models: ['popularity', 'repeat', 'als'], protocols: ['all', 'discovery'], seed: 7, topN: 20 };
  t.db
    .prepare('INSERT INTO ModelRun (id, mode, status, stage, progress, configJson, snapshotJson, metricsJson, error, isActive, createdAt, startedAt, finishedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, mode, status, status, status === 'done' ? 1 : 0.4, JSON.stringify(config), '{}', JSON.stringify(opts.metrics ?? {}), opts.error ?? null, opts.active ? 1 : 0, T0 + id, T0 + id, status === 'done' ? T0 + id + 5000 : null);
}

test('train defaults: the checkouts\u2019 span and a cutoff leaving the last 17.5 % of checkouts (whole UTC days)', async () => {
  const { getTrainDefaults } = await import('./performance');
  // 10 checkouts: offset floor(10 · 0.825) = 8 → the 9th checkout, 2026-10-09 12:00 → that midnight.
  expect(await getTrainDefaults()).toEqual({ split: '2026-10-09', firstEvent: T0, lastEvent: T0 + 9 * DAY, checkouts: 10, seed: 42 });
});

test('the shown run: the active evaluated run, else the newest evaluated one; an unknown id is reported', async () => {
  const { resolveShownRun, getTrainDefaults, getOpenRunId } = await import('./performance');
  expect(await resolveShownRun(null)).toEqual({ run: null, missing: null });
  const timings = { stages: [{ stage: 'split', seconds: 0.5 }, { stage: 'fit als', seconds: 2 }], totalSeconds: 2.5 };
  insertRun(1, 'evaluate', 'done', { metrics: { documents: { all: sampleDocument('all'), discovery: sampleDocument('discovery', 0.5) }, diagnostics: DIAGNOSTICS, timings } });
  insertRun(2, 'evaluate', 'done', { metrics: { documents: { all: sampleDocument('all', 0.5) } } });
  insertRun(3, 'production', 'done', { active: true, metrics: { documents: {}, diagnostics: DIAGNOSTICS } });
  insertRun(4, 'evaluate', 'failed', { error: 'there are no checkout events: import order data first' });
  expect((await resolveShownRun(null)).run?.id).toBe(2);
  t.db.exec('UPDATE ModelRun SET isActive = (id = 1)');
  expect((await resolveShownRun(null)).run?.id).toBe(1);
  expect((await resolveShownRun(3)).run?.mode).toBe('production');
  const missing = await resolveShownRun(99);
  expect([missing.run?.id, missing.missing]).toEqual([1, 99]);
  expect((await getTrainDefaults()).seed).toBe(7);
  expect(await getOpenRunId()).toBeNull();
});

test('a run\u2019s view: the asked protocol, the first one it has otherwise, none for production runs', async () => {
  const { getPerformanceView, resolveShownRun } = await import('./performance');
  const one = (await resolveShownRun(1)).run!;
  const all = await getPerformanceView(one, 'all', 10);
  expect(all.protocols).toEqual(['all', 'discovery']);
  expect(all.view?.protocol).toBe('all');
  expect(all.view?.rows.find((r) => r.model === 'als')?.values['ndcg@10']?.value).toBe(0.4);
  expect(all.timings).toEqual([{ stage: 'split', seconds: 0.5 }, { stage: 'fit als', seconds: 2 }]);
  const disc = await getPerformanceView(one, 'discovery', 2);
  expect(disc.view?.rows.find((r) => r.model === 'als')?.values['ndcg@10']?.value).toBe(0.2);
  expect(disc.view?.k).toBe(2);
  const two = await getPerformanceView((await resolveShownRun(2)).run!, 'discovery', 10);
  expect([two.protocols, two.view?.protocol, two.diagnostics?.warnings.length]).toEqual([['all'], 'all', 1]);
  const prod = await getPerformanceView((await resolveShownRun(3)).run!, 'all', 10);
  expect([prod.view, prod.protocols, prod.run.mode, prod.diagnostics?.facts.length, prod.timings]).toEqual([null, [], 'production', 8, []]);
});

test('history newest first with errors and best NDCG@10; comparison of two runs; unknown run throws', async () => {
  const { listRunHistory, getRunComparison } = await import('./performance');
  const h = await listRunHistory();
  expect(h.map((r) => [r.id, r.status, r.isActive])).toEqual([[4, 'failed', false], [3, 'done', false], [2, 'done', false], [1, 'done', true]]);
  expect(h[0]!.error).toBe('there are no checkout events: import order data first');
  expect(h[2]!.bestNdcg).toEqual({ model: 'als', value: 0.2 });
  const c = await getRunComparison(1, 3, 'all');
  expect(c.notes).toEqual(['Run #3 was trained for production on all data: it has no test window, so no metrics.']);
  expect(c.rows.find((r) => r.model === 'als')?.a?.['ndcg@10']).toBe(0.4);
  await expect(getRunComparison(1, 99, 'all')).rejects.toThrow('Run #99 does not exist.');
  insertRun(5, 'evaluate', 'running');
  const { getOpenRunId } = await import('./performance');
  expect(await getOpenRunId()).toBe(5);
  const { prisma } = await import('./client');
  await prisma.$disconnect();
});
