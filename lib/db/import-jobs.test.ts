import { afterEach, beforeEach, expect, test } from 'vitest';

import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { getImportJob, startImportJob, type ImportJob } from './import-jobs';

let t: TempDb;
const savedUrl = process.env.DATABASE_URL;
beforeEach(() => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`; // the import's child process inherits it
});
afterEach(() => {
  process.env.DATABASE_URL = savedUrl;
  t.close();
});

const HEADER = 'user_id,merchant_id,merchant_name,category,order_total,event_time';

async function finished(job: ImportJob): Promise<ImportJob> {
  const deadline = Date.now() + 30_000;
  while (getImportJob(job.id)!.status === 'running') {
    if (Date.now() > deadline) throw new Error('import job did not finish in 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return getImportJob(job.id)!;
}

test('an upload is imported by the CLI importer in a child process; a second upload meanwhile is refused', async () => {
  const file = t.write('upload-1.csv', `${HEADER}\nu1,m1,Burger Hub,burgers,12.5,2024-12-01T10:00:00Z\nu2,m1,Burger Hub,burgers,8,2024-12-02T10:00:00Z\n`);
  const job = startImportJob(file, 'orders.csv', 120, false);
  expect(job.status).toBe('running');
  const other = t.write('upload-2.csv', `${HEADER}\nu3,m1,Burger Hub,burgers,1,2024-12-03T10:00:00Z\n`);
  expect(() => startImportJob(other, 'other.csv', 60, false)).toThrow(/Another import is running/);
  const done = await finished(job);
  expect(done.error).toBeUndefined();
  expect(done.status).toBe('done');
  expect(done.summary).toMatchObject({ sourceFile: 'orders.csv', rowsTotal: 2, rowsAccepted: 2, newUsers: 2, newMerchants: 1 });
  expect(t.counts()).toEqual({ events: 2, users: 2, merchants: 1, datasets: 1 });
});

test('a bad upload fails with the importer’s message (file, line, column) and stores nothing', async () => {
  const file = t.write('upload-3.csv', `${HEADER}\nu1,m1,Burger Hub,burgers,abc,2024-12-01T10:00:00Z\n`);
  const done = await finished(startImportJob(file, 'bad.csv', 60, false));
  expect(done.status).toBe('failed');
  expect(done.error!.message).toMatch(/^bad\.csv: 1 bad row, nothing was imported\. First: bad\.csv, line 2, column order_total: "abc" is not a number/);
  expect(t.counts()).toEqual({ events: 0, users: 0, merchants: 0, datasets: 0 });
});
