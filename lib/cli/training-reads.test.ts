/**
 * Reads keep working during a training run: with an active run, a second run is trained by a
 * real child process (`lib/cli/train.ts --run ID`, as the dashboard starts it), and while the
 * child is provably running (status 'running', its pid, its heartbeat moving) the API's read
 * routes (health, a user's recommendations, popular merchants) answer 200 from the active run,
 * every time. When the child has finished, the active run is unchanged (a later run needs
 * "Make active"), and once promoted the API serves the new run.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';

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

const BASE = 'http://127.0.0.1/api/v1';
const params = <T>(p: T) => ({ params: Promise.resolve(p) });

interface Reads {
  health: { status: number; activeRun: number | undefined };
  recs: { status: number; runId: number | undefined; merchants: string[] };
  popular: { status: number; merchants: string[] };
}

/** One round of the three read routes, through their handlers. */
async function readAll(userId: string): Promise<Reads> {
  const health = await import('@/app/api/v1/health/route');
  const recs = await import('@/app/api/v1/users/[userId]/recommendations/route');
  const popular = await import('@/app/api/v1/merchants/popular/route');
  const h = await health.GET(new Request(`${BASE}/health`));
  const r = await recs.GET(new Request(`${BASE}/users/${userId}/recommendations?n=5&model=popularity`), params({ userId }));
  const p = await popular.GET(new Request(`${BASE}/merchants/popular?n=5`));
  const hb = (await h.json()) as { active_run?: { id: number } };
  const rb = (await r.json()) as { run_id?: number; items?: { merchant_id: string }[] };
  const pb = (await p.json()) as { items?: { merchant_id: string }[] };
  return {
    health: { status: h.status, activeRun: hb.active_run?.id },
    recs: { status: r.status, runId: rb.run_id, merchants: (rb.items ?? []).map((i) => i.merchant_id) },
    popular: { status: p.status, merchants: (pb.items ?? []).map((i) => i.merchant_id) },
  };
}

test('during a training run in its own process, health, recommendations and popular answer 200 from the active run', async () => {
  const runs = await import('@/lib/db/runs');
  const { executeRun } = await import('@/lib/db/train-job');
  await importEventStream(generateDemoEvents({ scale: 0.02, seed: 5 }), 'demo', 'generated', { db: t.db });
  const first = await runs.createRun({ mode: 'production', split: null, models: ['popularity'], protocols: ['all'], seed: 1, topN: 5 });
  await executeRun(first.id, t.db);
  expect(await runs.getActiveRun()).toMatchObject({ id: first.id, status: 'done' });

  // The user with the most checkouts; what the active run serves before training starts.
  const user = (t.db.prepare("SELECT u.externalId AS id FROM Event e JOIN User u ON u.id = e.userId WHERE e.eventType = 'checkout_completed' GROUP BY e.userId ORDER BY COUNT(*) DESC, u.id LIMIT 1").get() as { id: string }).id;
  const { getServingIndex, refreshServingIndex } = await import('@/lib/serving');
  await getServingIndex(); // built once; health answers 503 `loading` until then
  const before = await readAll(user);
  expect(before.health).toEqual({ status: 200, activeRun: first.id });
  expect(before.recs).toMatchObject({ status: 200, runId: first.id });
  expect(before.recs.merchants).toHaveLength(5);
  expect(before.popular.status).toBe(200);
  expect(before.popular.merchants).toHaveLength(5);

  const second = await runs.createRun({ mode: 'evaluate', split: '2026-10-21T00:00:00.000Z', models: ['popularity', 'item-knn', 'als', 'hybrid'], protocols: ['all', 'discovery'], seed: 1, topN: 20 });
  const child = spawnCli('train', ['--run', String(second.id)], t.file);
  const row = t.db.prepare('SELECT status, stage, pid, heartbeatAt FROM ModelRun WHERE id = ?');
  type Row = { status: string; stage: string; pid: number | null; heartbeatAt: number | null };
  const state = () => row.get(second.id) as Row;
  try {
    await waitFor(() => state().status === 'running' && state().pid === child.child.pid && state().stage !== 'loading events', 'the child to be training', 60_000);
    const start = state();

    // Read until the child's heartbeat has moved at least twice (it writes at most twice a second).
    let rounds = 0;
    const beats = new Set([start.heartbeatAt]);
    while (beats.size < 3 || rounds < 20) {
      const r = await readAll(user);
      expect(r).toEqual(before);
      rounds++;
      const now = state();
      expect(now.status, `round ${rounds}: the run is still training`).toBe('running');
      beats.add(now.heartbeatAt);
      if (rounds > 5_000) throw new Error('the heartbeat did not move during 5,000 rounds of reads');
    }
    const end = state();
    console.log(`${rounds} rounds of reads, ${beats.size} heartbeats, stage ${end.stage}`);
    expect(end).toMatchObject({ status: 'running', pid: child.child.pid });
    expect(end.heartbeatAt!).toBeGreaterThan(start.heartbeatAt!);
    expect(rounds).toBeGreaterThanOrEqual(20);
  } finally {
    const exit = await child.exited;
    expect(exit, child.err().slice(-2000)).toEqual({ code: 0, signal: null });
  }

  // Finished: the earlier run stays active (a later one is made active by hand) and still serves.
  expect(await runs.getRun(second.id)).toMatchObject({ status: 'done', isActive: false });
  expect(await runs.getActiveRun()).toMatchObject({ id: first.id });
  await refreshServingIndex({ force: true });
  expect(await readAll(user)).toEqual(before);

  // "Make active": the API now answers from the new run.
  await runs.promoteRun(second.id);
  await refreshServingIndex({ force: true });
  const promoted = await readAll(user);
  expect(promoted.health).toEqual({ status: 200, activeRun: second.id });
  expect(promoted.recs).toMatchObject({ status: 200, runId: second.id });
}, 300_000);
