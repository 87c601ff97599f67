/**
 * Fault: `npm run import` killed with SIGKILL in the middle of a large file. The import is one
 * SQLite transaction in WAL mode, so on reopening the database must pass an integrity check,
 * hold no Dataset row and no event of the partial import, and keep what was imported before.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { importEventFile } from '@/lib/db/import-events';
import { openSqlite } from '@/lib/db/sqlite';
import { spawnCli, waitFor, writeLargeCsv } from '@/lib/testing/cli-child';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

const EARLIER = `user_id,merchant_id,merchant_name,category,order_total,event_time,event_type
u1,m1,Pizza Roma,pizza,10,2024-12-01T10:00:00Z,checkout_completed
u1,m2,Sushi Go,sushi,30,2024-12-05T19:00:00Z,checkout_completed
u2,m2,Sushi Go,sushi,50,2024-12-02T00:00:00Z,checkout_completed
`;

let t: TempDb;
beforeAll(() => {
  t = createTempDb();
});
afterAll(() => t.close());

test('kill -9 during an import: integrity ok, nothing of the partial import visible, earlier data intact', async () => {
  await importEventFile(t.write('earlier.csv', EARLIER), { db: t.db });
  const before = t.counts();
  expect(before).toEqual({ events: 3, users: 2, merchants: 2, datasets: 1 });
  const earlierRows = t.db.prepare('SELECT * FROM Event ORDER BY userId, merchantId, eventTime').all();

  const big = `${t.dir}/big.csv`;
  await writeLargeCsv(big, 1_000_000);
  const p = spawnCli('import', [big, '--json'], t.file);
  const progressRows = () => Math.max(0, ...[...p.out().matchAll(/"type":"progress","rows":(\d+)/g)].map((m) => Number(m[1])));
  // Kill once the child has stored a good part of the file: progress reported and the WAL grown.
  await waitFor(() => progressRows() >= 200_000 && statSync(`${t.file}-wal`, { throwIfNoEntry: false })!?.size > 1 << 20, 'the import to be well under way');
  expect(p.out()).not.toContain('"type":"done"');
  p.child.kill('SIGKILL');
  expect(await p.exited).toEqual({ code: null, signal: 'SIGKILL' });

  t.db.close();
  const db = openSqlite(t.file);
  t.db = db;
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  expect({ events: count('Event'), users: count('User'), merchants: count('Merchant'), datasets: count('Dataset') }).toEqual(before);
  expect(db.prepare("SELECT COUNT(*) AS n FROM User WHERE externalId LIKE 'big%'").get()).toEqual({ n: 0 });
  expect(db.prepare('SELECT * FROM Event ORDER BY userId, merchantId, eventTime').all()).toEqual(earlierRows);
  // The database still takes writes: the same small file again adds only duplicates.
  const again = await importEventFile(t.write('again.csv', EARLIER), { db });
  expect(again).toMatchObject({ rowsAccepted: 0, rowsDuplicate: 3 });
});
