import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { loadUserMerchantFixture } from '@/lib/db/user-merchant-fixture';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

let t: TempDb;
beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  await loadUserMerchantFixture(t);
  // A merchant name that would run as a formula in a spreadsheet.
  t.db.prepare("UPDATE Merchant SET name = '=HYPERLINK(\"http://evil\")' WHERE externalId = 'm2'").run();
});
afterAll(() => t.close());

async function get(merchantId: string, qs: string) {
  const { GET } = await import('./route');
  return GET(new Request(`http://x/api/v1/merchants/${merchantId}/export?${qs}`), { params: Promise.resolve({ merchantId }) });
}

test('audience CSV: header, one row per cached user, attachment named {merchantId}_{list}_{date}.csv', async () => {
  const res = await get('m1', 'list=audience');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const today = new Date().toISOString().slice(0, 10);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="m1_audience_${today}.csv"`);
  expect(await res.text()).toBe('rank,user_id,affinity\r\n1,u3,0.95\r\n2,u4,0.35\r\n3,u10,0.3\r\n');
});

test('similar CSV neutralises a formula-like merchant name; superfans CSV lists top customers', async () => {
  const similar = Papa.parse<string[]>((await (await get('m1', 'list=similar')).text()).trim()).data;
  expect(similar[0]).toEqual(['rank', 'merchant_id', 'merchant_name', 'category', 'similarity']);
  expect(similar[1]).toEqual(['1', 'm2', '\'=HYPERLINK("http://evil")', 'shawarma', '0.8']);
  const fans = await (await get('m1', 'list=superfans')).text();
  expect(fans).toBe('rank,user_id,orders,spend,last_order\r\n1,u1,2,30.00,2024-12-03T12:00:00.000Z\r\n2,u2,1,5.00,2024-12-02T10:00:00.000Z\r\n');
});

test('bad list → 400, unknown merchant → 404, both as JSON errors', async () => {
  const bad = await get('m1', 'list=everything');
  expect(bad.status).toBe(400);
  expect(await bad.json()).toEqual({ error: { code: 'invalid_input', message: 'list must be similar, audience or superfans' } });
  const missing = await get('m_404', 'list=audience');
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('No merchant m_404 in the data.');
  const { prisma } = await import('@/lib/db/client');
  await prisma.$disconnect();
});
