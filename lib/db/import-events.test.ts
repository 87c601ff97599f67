import { afterEach, beforeEach, describe, expect, test } from 'vitest';

import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { importEventFile, ImportRejectedError } from './import-events';
import { readEventFileInWorker } from './read-file-in-worker';

const HEADER = 'user_id,merchant_id,merchant_name,category,order_total,event_time';
const GOOD = `${HEADER}
u1,m1,Burger Hub,burgers,12.50,2024-12-01T10:00:00Z
u1,m2,"Pizza, Napoli",pizza,25,2024-12-02T19:30:00Z
u2,m1,Burger Hub,burgers,9.99,1733047200
u3,m3,Corner Pharmacy,pharmacy,7.10,1733133600000
`;

let t: TempDb;
beforeEach(() => (t = createTempDb()));
afterEach(() => t.close());

test('imports a good CSV: events, users, merchants, time span and a data set row', async () => {
  const s = await importEventFile(t.write('good.csv', GOOD), { db: t.db });
  expect(s).toMatchObject({ rowsTotal: 4, rowsAccepted: 4, rowsDuplicate: 0, rowsRejected: 0, newUsers: 3, newMerchants: 3, format: 'csv' });
  expect(s.minEventTime).toBe(Date.UTC(2024, 11, 1, 10));
  expect(s.maxEventTime).toBe(Date.UTC(2024, 11, 2, 19, 30));
  expect(t.counts()).toEqual({ events: 4, users: 3, merchants: 3, datasets: 1 });
  const m = t.db.prepare("SELECT name, category FROM Merchant WHERE externalId = 'm2'").get();
  expect(m).toEqual({ name: 'Pizza, Napoli', category: 'pizza' });
  const e = t.db.prepare("SELECT eventType, orderTotal, eventTime, platform FROM Event JOIN User ON User.id = Event.userId WHERE User.externalId = 'u2'").get();
  expect(e).toEqual({ eventType: 'checkout_completed', orderTotal: 9.99, eventTime: Date.UTC(2024, 11, 1, 10), platform: '' });
});

test('importing the same file twice stores nothing new and says so', async () => {
  const file = t.write('good.csv.gz', GOOD);
  await importEventFile(file, { db: t.db });
  const again = await importEventFile(file, { db: t.db });
  expect(again).toMatchObject({ rowsTotal: 4, rowsAccepted: 0, rowsDuplicate: 4, newUsers: 0, newMerchants: 0 });
  expect(t.counts()).toEqual({ events: 4, users: 3, merchants: 3, datasets: 2 });
});

test('aliases amplitude_id / customer_id, optional event_type and platform columns', async () => {
  const csv = `customer_id,merchant_id,order_total,event_time,event_type,platform
c9,m7,0,2024-12-01T09:55:00Z,merchant_page_viewed,iOS
c9,m7,18,2024-12-01T10:00:00Z,checkout_completed,ios
`;
  const s = await importEventFile(t.write('alias.csv', csv), { db: t.db });
  expect(s.rowsAccepted).toBe(2);
  const rows = t.db.prepare('SELECT eventType, platform FROM Event ORDER BY eventTime').all();
  expect(rows).toEqual([
    { eventType: 'merchant_page_viewed', platform: 'ios' },
    { eventType: 'checkout_completed', platform: 'ios' },
  ]);
  // A merchant without a name column is named by its id.
  expect(t.db.prepare('SELECT name FROM Merchant').get()).toEqual({ name: 'm7' });
});

test("Amplitude's JSON-lines export, gzipped", async () => {
  const lines = [
    { amplitude_id: 101, event_type: 'checkout_completed', event_time: '2024-12-01 10:00:00.123000', platform: 'Android', event_properties: { merchant_id: 'm1', merchant_name: 'Burger Hub', order_total: 12.5, category: 'Burgers' } },
    { amplitude_id: 101, event_type: 'merchant_page_viewed', event_time: '2024-12-01 09:58:00.000000', platform: 'Android', event_properties: { merchant_id: 'm2', merchant_name: 'Sushi Go' } },
  ];
  const s = await importEventFile(t.write('export.json.gz', lines.map((l) => JSON.stringify(l)).join('\n') + '\n'), { db: t.db });
  expect(s).toMatchObject({ format: 'amplitude-jsonl', rowsTotal: 2, rowsAccepted: 2, newUsers: 1, newMerchants: 2 });
  expect(t.db.prepare("SELECT eventTime, platform FROM Event WHERE eventType = 'checkout_completed'").get()).toEqual({
    eventTime: Date.UTC(2024, 11, 1, 10, 0, 0, 123),
    platform: 'android',
  });
  expect(t.db.prepare("SELECT category FROM Merchant WHERE externalId = 'm1'").get()).toEqual({ category: 'burgers' });
});

describe('a bad file is rejected whole, with file, line and column named, and nothing changes', () => {
  const bad: [string, string, RegExp][] = [
    ['missing column', 'user_id,merchant_id,order_total\nu1,m1,3\n', /bad\.csv: missing required column event_time; the header has: user_id, merchant_id, order_total/],
    ['unparseable time', `${HEADER}\nu1,m1,A,a,3,2024-12-01T10:00:00Z\nu2,m1,A,a,3,next tuesday\n`, /bad\.csv, line 3, column event_time: event time "next tuesday" is not a time/],
    ['non-numeric total', `${HEADER}\nu1,m1,A,a,abc,2024-12-01T10:00:00Z\n`, /bad\.csv, line 2, column order_total: "abc" is not a number/],
    ['negative total', `${HEADER}\nu1,m1,A,a,-3,2024-12-01T10:00:00Z\n`, /line 2, column order_total: -3 is negative/],
    ['empty id', `${HEADER}\n ,m1,A,a,3,2024-12-01T10:00:00Z\n`, /line 2, column user_id: user id is empty/],
    ['unknown event type', 'user_id,merchant_id,order_total,event_time,event_type\nu1,m1,3,2024-12-01T10:00:00Z,refund\n', /line 2, column event_type: unknown event type "refund"/],
    ['wrong field count', `${HEADER}\nu1,m1,A,a,3\n`, /line 2: has 5 fields, the header has 6/],
  ];
  test.each(bad)('%s', async (_name, content, message) => {
    await importEventFile(t.write('seed.csv', GOOD), { db: t.db });
    const before = t.counts();
    const err = await importEventFile(t.write('bad.csv', content), { db: t.db }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect(t.counts()).toEqual(before);
  });

  test.each([
    ['empty file', Buffer.alloc(0), /empty\.csv: the file is empty \(0 bytes\)/],
    ['header only', Buffer.from(`${HEADER}\n`), /the file has a header but no data rows/],
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')]), /UTF-16 encoded; save it as UTF-8/],
    ['Latin-1 bytes', Buffer.concat([Buffer.from(`${HEADER}\nu1,m1,Caf`), Buffer.from([0xe9]), Buffer.from(',x,3,2024-12-01T10:00:00Z\n')]), /not valid UTF-8/],
  ])('%s', async (_name, bytes, message) => {
    const before = t.counts();
    await expect(importEventFile(t.write('empty.csv', bytes), { db: t.db })).rejects.toThrow(message);
    expect(t.counts()).toEqual(before);
  });

  test('every bad row is listed, up to the limit', async () => {
    const content = `${HEADER}\nu1,m1,A,a,x,2024-12-01T10:00:00Z\nu1,m1,A,a,3,2024-12-01T10:00:00Z\nu2,,A,a,3,2024-12-01T10:00:00Z\n`;
    const err = (await importEventFile(t.write('bad.csv', content), { db: t.db }).catch((e) => e)) as ImportRejectedError;
    expect(err).toBeInstanceOf(ImportRejectedError);
    expect(err.rowsRejected).toBe(2);
    expect(err.details).toEqual([
      'bad.csv, line 2, column order_total: "x" is not a number',
      'bad.csv, line 4, column merchant_id: merchant id is empty',
    ]);
  });
});

test('skipping bad rows imports the good ones and reports how many were skipped and why', async () => {
  const content = `${HEADER}\nu1,m1,A,a,x,2024-12-01T10:00:00Z\nu1,m1,A,a,3,2024-12-01T10:00:00Z\nu2,m2,B,b,4,2024-12-01T11:00:00Z\nu3,m2,B,b,y,2024-12-01T12:00:00Z\n`;
  const s = await importEventFile(t.write('mixed.csv', content), { db: t.db, skipBadRows: true });
  expect(s).toMatchObject({ rowsTotal: 4, rowsAccepted: 2, rowsRejected: 2 });
  expect(s.rejectionReasons).toEqual({ 'order_total: … is not a number': 2 });
  expect(s.rejections.map((r) => r.line)).toEqual([2, 5]);
  expect(t.counts()).toMatchObject({ events: 2, users: 2 });
  const stored = t.db.prepare('SELECT rowsRejected, rejectionsJson FROM Dataset').get() as { rowsRejected: number; rejectionsJson: string };
  expect(stored.rowsRejected).toBe(2);
  expect(JSON.parse(stored.rejectionsJson)).toHaveLength(2);
});

test('the threaded reader (the CLI default) gives the same result and the same errors', async () => {
  const s = await importEventFile(t.write('good.csv', GOOD), { db: t.db, reader: readEventFileInWorker });
  expect(s).toMatchObject({ rowsTotal: 4, rowsAccepted: 4, format: 'csv' });
  expect(t.counts().events).toBe(4);
  await expect(importEventFile(t.write('bad.csv', `${HEADER}\nu1,m1,A,a,-1,2024-12-01T10:00:00Z\n`), { db: t.db, reader: readEventFileInWorker })).rejects.toThrow(
    /bad\.csv: 1 bad row, nothing was imported\. First: bad\.csv, line 2, column order_total: -1 is negative/,
  );
  await expect(importEventFile(t.write('e.csv', ''), { db: t.db, reader: readEventFileInWorker })).rejects.toThrow(/e\.csv: the file is empty/);
  expect(t.counts().events).toBe(4);
});
