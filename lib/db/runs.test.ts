import { afterAll, beforeAll, expect, test } from 'vitest';

import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import type { RunConfig } from './run-types';

let t: TempDb;
let runs: typeof import('./runs');
const config: RunConfig = { mode: 'evaluate', split: '2026-10-01T00:00:00.000Z', models: ['popularity'], protocols: ['all'], seed: 42, topN: 20 };

beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  runs = await import('./runs');
});
afterAll(() => t.close());

test('one run at a time; a starting queued run is not taken for interrupted; a stale one is', async () => {
  const a = await runs.createRun(config);
  expect(a).toMatchObject({ status: 'queued', isActive: false, config });
  await expect(runs.createRun(config)).rejects.toThrow(`Run #${a.id} is still queued (starting); wait for it to finish before starting another.`);
  expect(await runs.failInterruptedRuns()).toBe(0);
  // A minute later with no process and no heartbeat: interrupted.
  expect(await runs.failInterruptedRuns(Date.now() + runs.HEARTBEAT_STALE_MS + 1)).toBe(1);
  const failed = await runs.getRun(a.id);
  expect(failed.status).toBe('failed');
  expect(failed.error).toBe('interrupted during "queued" (its process stopped)');
});

test('a running run whose process is gone fails; only a finished run can be made active, exactly one at a time', async () => {
  const b = await runs.createRun(config);
  t.db.prepare("UPDATE ModelRun SET status = 'running', stage = 'als iteration 3/15', pid = 999999999, heartbeatAt = ? WHERE id = ?").run(Date.now(), b.id);
  expect(await runs.failInterruptedRuns()).toBe(1);
  expect((await runs.getRun(b.id)).error).toBe('interrupted during "als iteration 3/15" (its process stopped)');
  await expect(runs.promoteRun(b.id)).rejects.toThrow(`Run #${b.id} is failed; only a finished run can be made active.`);
  const c = await runs.createRun(config);
  const d = { id: c.id + 1 };
  t.db.prepare("UPDATE ModelRun SET status = 'done' WHERE id = ?").run(c.id);
  t.db.prepare("INSERT INTO ModelRun (id, mode, status, configJson) VALUES (?, 'production', 'done', '{}')").run(d.id);
  await runs.promoteRun(c.id);
  await runs.promoteRun(d.id);
  expect((await runs.getActiveRun())?.id).toBe(d.id);
  expect((t.db.prepare('SELECT COUNT(*) AS n FROM ModelRun WHERE isActive = 1').get() as { n: number }).n).toBe(1);
  await expect(runs.getRun(9999)).rejects.toThrow('Run #9999 does not exist.');
});
