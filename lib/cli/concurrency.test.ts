/**
 * Concurrency: while `npm run import` writes a large file (one long transaction), a second file
 * import and POST /api/v1/events are refused with a conflict (409) instead of waiting forever or
 * interleaving, reads (health, recommendations) keep answering from the WAL snapshot, and a
 * second training run while one is queued is refused.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';

import { loadServingFixture } from '@/lib/serving/fixture';
import { spawnCli, waitFor, writeLargeCsv } from '@/lib/testing/cli-child';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

let t: TempDb;
beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  await loadServingFixture(t);
});
afterAll(async () => {
  (await import('@/lib/serving')).resetServingIndex();
  t.close();
});

test('during a file import: a second import and POST /events get a conflict, reads keep working', async () => {
  const before = t.counts();
  const big = `${t.dir}/big.csv`;
  // Large enough that the first import still holds the write lock after the others have waited
  // out their 5 s busy timeout (the importer writes about 190,000 rows/s on a quiet machine).
  await writeLargeCsv(big, 4_000_000);
  const first = spawnCli('import', [big, '--json'], t.file);
  try {
    await waitFor(() => first.out().includes('"type":"progress"'), 'the first import to start writing');
    const second = spawnCli('import', [t.write('small.csv', 'user_id,merchant_id,order_total,event_time\nz1,zm1,5,2024-12-11T00:00:00Z\n'), '--json'], t.file);
    const { POST } = await import('@/app/api/v1/events/route');
    const posted = POST(new Request('http://127.0.0.1/api/v1/events', { method: 'POST', body: JSON.stringify({ user_id: 'z2', merchant_id: 'zm2', order_total: 3, event_time: '2024-12-11T00:00:00Z' }) }));

    // Reads while both wait: the health route and a user's recommendations answer from the index.
    const health = await import('@/app/api/v1/health/route');
    const recs = await import('@/app/api/v1/users/[userId]/recommendations/route');
    for (let i = 0; i < 5; i++) {
      expect((await health.GET(new Request('http://127.0.0.1/api/v1/health'))).status).toBe(200);
      const r = await recs.GET(new Request('http://127.0.0.1/api/v1/users/u1/recommendations?n=2'), { params: Promise.resolve({ userId: 'u1' }) });
      expect(((await r.json()) as { items: { merchant_id: string }[] }).items.map((x) => x.merchant_id)).toEqual(['m1', 'm3']);
    }

    const res = await posted;
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'conflict', message: expect.stringContaining('another import or training run is writing') });
    expect((await second.exited).code).toBe(1);
    expect(second.out()).toContain('"type":"error","message":"another import or training run is writing to the database; try again when it has finished"');
    expect(first.out()).not.toContain('"type":"done"');
  } finally {
    first.child.kill('SIGKILL');
    await first.exited;
  }
  expect(t.counts()).toEqual(before);
});

test('two trainings at once: the second is refused while the first is queued', async () => {
  const runs = await import('@/lib/db/runs');
  const config = { mode: 'production' as const, split: null, models: ['popularity' as const], protocols: ['all' as const], seed: 1, topN: 5 };
  const a = await runs.createRun(config);
  await expect(runs.createRun(config)).rejects.toThrow(`Run #${a.id} is still queued (starting); wait for it to finish before starting another.`);
});
