/**
 * Fault: a training run (`lib/cli/train.ts --run ID`, as the dashboard starts it) killed with
 * SIGKILL while an earlier run is active. On restart the interrupted run is marked failed with
 * a message, the earlier run stays active and its cached recommendations are still served, and
 * the database passes an integrity check.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';

import { decodeCachedLists } from '@/lib/db/cached-lists-codec';
import { generateDemoEvents } from '@/lib/demo';
import { importEventStream } from '@/lib/db/import-events';
import { spawnCli, waitFor } from '@/lib/testing/cli-child';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

let t: TempDb;
beforeAll(() => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
});
afterAll(async () => {
  (await import('@/lib/serving')).resetServingIndex();
  t.close();
});

const params = <T>(p: T) => ({ params: Promise.resolve(p) });

async function recommendations(userId: string) {
  const { GET } = await import('@/app/api/v1/users/[userId]/recommendations/route');
  const res = await GET(new Request(`http://127.0.0.1/api/v1/users/${userId}/recommendations?n=5&model=popularity`), params({ userId }));
  const body = (await res.json()) as { run_id?: number; items: { merchant_id: string }[]; processing_time_ms?: number };
  return { status: res.status, merchants: body.items.map((i) => i.merchant_id), body };
}

test('kill -9 during a training run: it is marked failed, the active run still serves, integrity ok', async () => {
  const runs = await import('@/lib/db/runs');
  const { executeRun } = await import('@/lib/db/train-job');
  await importEventStream(generateDemoEvents({ scale: 0.02, seed: 3 }), 'demo', 'generated', { db: t.db });
  const first = await runs.createRun({ mode: 'production', split: null, models: ['popularity'], protocols: ['all'], seed: 1, topN: 5 });
  await executeRun(first.id, t.db);
  expect(await runs.getActiveRun()).toMatchObject({ id: first.id, status: 'done' });

  // The user with the most checkouts, and the popularity list the active run cached for them.
  const user = t.db.prepare("SELECT u.externalId AS id, u.id AS dbId FROM Event e JOIN User u ON u.id = e.userId WHERE e.eventType = 'checkout_completed' GROUP BY e.userId ORDER BY COUNT(*) DESC, u.id LIMIT 1").get() as { id: string; dbId: number };
  const cached = decodeCachedLists((t.db.prepare("SELECT itemsJson FROM RecommendationList WHERE runId = ? AND model = 'popularity' AND userId = ?").get(first.id, user.dbId) as { itemsJson: string }).itemsJson);
  const name = t.db.prepare('SELECT externalId FROM Merchant WHERE id = ?');
  const expected = cached.all.map((r) => (name.get(r.merchantId) as { externalId: string }).externalId);
  expect(expected).toHaveLength(5);
  const before = await recommendations(user.id);
  expect(before).toMatchObject({ status: 200, merchants: expected });

  const second = await runs.createRun({ mode: 'evaluate', split: '2026-10-21T00:00:00.000Z', models: ['popularity', 'item-knn', 'als', 'hybrid'], protocols: ['all', 'discovery'], seed: 1, topN: 20 });
  const p = spawnCli('train', ['--run', String(second.id)], t.file);
  const row = t.db.prepare('SELECT status, stage, pid FROM ModelRun WHERE id = ?');
  // Kill once the child owns the run (status running, its pid recorded) and is past loading.
  await waitFor(() => {
    const r = row.get(second.id) as { status: string; stage: string; pid: number | null };
    return r.status === 'running' && r.pid === p.child.pid && r.stage !== 'loading events';
  }, 'the run to be training');
  p.child.kill('SIGKILL');
  expect(await p.exited).toEqual({ code: null, signal: 'SIGKILL' });
  const killedAt = row.get(second.id) as { status: string; stage: string };
  expect(killedAt.status).toBe('running');

  // "Restart": what the app runs before starting or listing runs.
  expect(await runs.failInterruptedRuns()).toBe(1);
  expect(await runs.getRun(second.id)).toMatchObject({ status: 'failed', isActive: false, error: `interrupted during "${killedAt.stage}" (its process stopped)` });
  expect(await runs.getActiveRun()).toMatchObject({ id: first.id, status: 'done', isActive: true });
  expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const { refreshServingIndex } = await import('@/lib/serving');
  await refreshServingIndex({ force: true });
  const after = await recommendations(user.id);
  expect(after).toMatchObject({ status: 200, merchants: expected });
  // A new run can start: the killed one no longer blocks.
  const third = await runs.createRun({ mode: 'production', split: null, models: ['popularity'], protocols: ['all'], seed: 1, topN: 5 });
  expect(third.status).toBe('queued');
});
