import { expect, test } from 'vitest';

import { useServingFixture } from './fixture';

const fixture = useServingFixture();

const quiet = () => {
  const lines: string[] = [];
  return { lines, log: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(`error: ${s}`) } };
};

test('skipped during next build and when SERVING_WARMUP=0; nothing is loaded', async () => {
  const { warmServingIndex } = await import('./warm');
  const { peekServingIndex } = await import('./index');
  const q = quiet();
  expect(await warmServingIndex({ NEXT_PHASE: 'phase-production-build' }, q.log)).toEqual({ status: 'skipped', reason: 'next build' });
  expect(await warmServingIndex({ SERVING_WARMUP: '0' }, q.log)).toEqual({ status: 'skipped', reason: 'SERVING_WARMUP=0' });
  expect(peekServingIndex()).toBeNull();
  expect(q.lines).toEqual([]);
});

test('warm-up loads the active run before any request; health is ok at once afterwards', async () => {
  const { warmServingIndex } = await import('./warm');
  const { peekServingIndex } = await import('./index');
  const { health } = await import('./status');
  expect(health(peekServingIndex()).status).toBe('loading');
  const q = quiet();
  const r = await warmServingIndex({}, q.log);
  // The fixture's active run is #1 and the data has 3 users.
  expect(r).toMatchObject({ status: 'ready', runId: 1 });
  expect(q.lines).toEqual([expect.stringMatching(/^serving index ready in \d+ ms \(run #1, 3 users\)$/)]);
  expect(health(peekServingIndex())).toMatchObject({ status: 'ok', active_run: { id: 1 }, users: 3 });
  expect(await warmServingIndex({}, q.log)).toEqual({ status: 'skipped', reason: 'already loaded' });
});

test('a failed build is reported, not thrown', async () => {
  const { warmServingIndex } = await import('./warm');
  const { resetServingIndex } = await import('./index');
  resetServingIndex();
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${fixture.t.dir}/empty.db`; // no tables: the build fails
  try {
    const q = quiet();
    const r = await warmServingIndex({}, q.log);
    expect(r).toMatchObject({ status: 'failed', error: expect.stringContaining('no such table') });
    expect(q.lines).toEqual([expect.stringMatching(/^error: serving index warm-up failed after \d+ ms: .*no such table.*\(the next request retries\)$/)]);
  } finally {
    resetServingIndex();
    process.env.DATABASE_URL = saved;
  }
});

test('warmed before the first run: once a run is active, requests wait for it instead of answering without it', async () => {
  const { warmServingIndex } = await import('./warm');
  const { getServingIndex, resetServingIndex } = await import('./index');
  const { health } = await import('./status');
  resetServingIndex();
  fixture.t.db.prepare('UPDATE ModelRun SET isActive = 0 WHERE id = 1').run();
  try {
    const q = quiet();
    expect(await warmServingIndex({}, q.log)).toMatchObject({ status: 'ready', runId: null });
    expect(q.lines).toEqual([expect.stringMatching(/^serving index ready in \d+ ms \(no active run yet, 3 users\)$/)]);
    fixture.t.db.prepare('UPDATE ModelRun SET isActive = 1 WHERE id = 1').run();
    const index = await getServingIndex();
    expect(health(index)).toMatchObject({ status: 'ok', active_run: { id: 1 } });
  } finally {
    fixture.t.db.prepare('UPDATE ModelRun SET isActive = 1 WHERE id = 1').run();
    resetServingIndex();
  }
});
