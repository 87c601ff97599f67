import { afterAll, beforeAll, expect, test } from 'vitest';

import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { importEventFile } from './import-events';

let t: TempDb;
beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  const csv = `user_id,merchant_id,merchant_name,category,order_total,event_time,event_type
u1,m1,Burger Hub,burgers,12.5,2024-12-01T10:00:00Z,checkout_completed
u1,m1,Burger Hub,burgers,0,2024-12-01T09:58:00Z,merchant_page_viewed
u2,m2,Sushi Go,sushi,30,2024-12-03T19:00:00Z,checkout_completed
`;
  await importEventFile(t.write('a.csv', csv), { db: t.db });
});
afterAll(() => t.close());

test('Prisma reads what the bulk importer wrote: counts, epoch-ms times as dates, history', async () => {
  const { getDataOverview, listDatasets } = await import('./datasets');
  expect(await getDataOverview()).toEqual({
    events: 3,
    checkouts: 2,
    users: 2,
    merchants: 2,
    firstEvent: Date.UTC(2024, 11, 1, 9, 58),
    lastEvent: Date.UTC(2024, 11, 3, 19),
  });
  const [d] = await listDatasets();
  expect(d).toMatchObject({ id: 1, sourceFile: 'a.csv', format: 'csv', rowsTotal: 3, rowsAccepted: 3, minEventTime: Date.UTC(2024, 11, 1, 9, 58) });
  const { prisma } = await import('./client');
  const e = await prisma.event.findFirst({ where: { eventType: 'checkout_completed' }, orderBy: { eventTime: 'asc' } });
  expect(e?.eventTime.toISOString()).toBe('2024-12-01T10:00:00.000Z');
  await prisma.$disconnect();
});
