import { afterAll, expect, test } from 'vitest';

import { createTempDb } from '@/lib/testing/temp-db';

import { openCacheWriter } from './run-cache-writer';
import { openSqlite } from './sqlite';

const t = createTempDb();
afterAll(() => t.close());
t.db.prepare("INSERT INTO ModelRun (id, mode, status, configJson, createdAt) VALUES (1, 'evaluate', 'running', '{}', 0)").run();
const count = (table: string) => (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE runId = 1`).get() as { n: number }).n;
const lists = (from: number, n: number) => ({
  table: 'RecommendationList' as const,
  rows: Array.from({ length: n }, (_, i) => [1, 'hybrid', from + i, `{"all":[],"discovery":[],"fallback":false,"u":${from + i}}`]),
});

test('a file database is written by the writer thread: every block committed once close resolves', async () => {
  const w = openCacheWriter(t.db);
  for (let b = 0; b < 5; b++) await w.write(lists(1 + b * 100, 100));
  await w.write({ table: 'MerchantCache', rows: [[1, 7, '[]', '[]']] });
  await w.close();
  expect(count('RecommendationList')).toBe(500);
  expect(count('MerchantCache')).toBe(1);
  const row = t.db.prepare('SELECT itemsJson FROM RecommendationList WHERE runId = 1 AND userId = 250').get() as { itemsJson: string };
  expect(JSON.parse(row.itemsJson).u).toBe(250);
});

test('a failing block is rolled back and named; the blocks committed before it stay', async () => {
  const w = openCacheWriter(t.db);
  await w.write(lists(1001, 10));
  // user 1005 twice in one block: the primary key (runId, model, userId) refuses the block
  const bad = lists(1005, 3);
  bad.rows.push([1, 'hybrid', 1005, '{}']);
  let error: Error | undefined;
  try {
    await w.write(bad);
    await w.close();
  } catch (e) {
    error = e as Error;
  }
  await w.abort();
  expect(error?.message).toMatch(/^writing the serving cache failed: UNIQUE constraint failed: RecommendationList/);
  expect(count('RecommendationList')).toBe(510);
  expect(t.db.prepare('SELECT COUNT(*) AS n FROM RecommendationList WHERE userId BETWEEN 1011 AND 1015').get()).toEqual({ n: 0 });
});

test('an in-memory database (one connection) is written in this thread', async () => {
  const mem = openSqlite(':memory:');
  mem.exec('CREATE TABLE RecommendationList (runId INT, model TEXT, userId INT, itemsJson TEXT)');
  const w = openCacheWriter(mem);
  await w.write(lists(1, 3));
  expect(mem.prepare('SELECT COUNT(*) AS n FROM RecommendationList').get()).toEqual({ n: 3 });
  await w.close();
  mem.close();
});
