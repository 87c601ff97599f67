/** POST /api/v1/events through its route handler, over a temp database. */
import { afterAll, beforeAll, expect, test } from 'vitest';

import { openSqlite } from '@/lib/db/sqlite';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

import { MAX_QUEUED_BATCHES } from './events';

let t: TempDb;
beforeAll(() => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
});
afterAll(() => t.close());

const URL_ = 'http://127.0.0.1/api/v1/events';
const ev = (user: string, merchant = 'm1', time = '2024-12-01T10:00:00Z', total: unknown = 12.5) => ({ user_id: user, merchant_id: merchant, merchant_name: 'Pizza Roma', category: 'Pizza', order_total: total, event_time: time });

async function post(body: unknown, query = '', init: RequestInit = {}) {
  const { POST } = await import('@/app/api/v1/events/route');
  const res = await POST(new Request(`${URL_}${query}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...init }));
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string; details?: unknown } } & Record<string, unknown>, headers: res.headers };
}

test('a batch is stored once: re-sending it counts duplicates; the three body shapes are accepted', async () => {
  const batch = [ev('u1'), ev('u2', 'm2', '2024-12-02T10:00:00Z', '30')];
  expect((await post({ events: batch })).json).toEqual({ dataset_id: 1, received: 2, accepted: 2, duplicates: 0, rejected: 0, errors: [], new_users: 2, new_merchants: 2 });
  expect((await post(batch)).json).toMatchObject({ received: 2, accepted: 0, duplicates: 2 });
  const amplitude = { amplitude_id: 101, event_type: 'checkout_completed', event_time: '2024-12-03 10:00:00.123000', platform: 'iOS', event_properties: { merchant_id: 'm1', merchant_name: 'Pizza Roma', order_total: 9, category: 'pizza' } };
  expect((await post(amplitude)).json).toMatchObject({ received: 1, accepted: 1, new_users: 1 });
  const row = t.db.prepare("SELECT e.orderTotal AS total, e.eventTime AS time, e.platform AS platform, m.category AS category FROM Event e JOIN User u ON u.id = e.userId JOIN Merchant m ON m.id = e.merchantId WHERE u.externalId = '101'").get();
  expect(row).toEqual({ total: 9, time: Date.UTC(2024, 11, 3, 10, 0, 0, 123), platform: 'ios', category: 'pizza' });
});

test('bad items: the batch is rejected whole with each problem by index, unless skip_bad=true', async () => {
  const batch = [ev('u5'), ev('', 'm1'), ev('u6', 'm1', 'yesterday'), ev('u7', 'm1', '2024-12-01T10:00:00Z', -3), 'not an event', { ...ev('u8'), order_total: { value: 3 } }];
  const r = await post(batch);
  expect(r.status).toBe(400);
  expect(r.json.error!.message).toBe('5 of 6 events are invalid, nothing was stored. First: item 1, user_id: user id is empty. Fix them, or send ?skip_bad=true to store the valid ones.');
  expect(r.json.error!.details).toEqual([
    { index: 1, field: 'user_id', message: 'user id is empty' },
    { index: 2, field: 'event_time', message: 'event time "yesterday" is not a time (expected ISO 8601, e.g. 2024-12-01T10:00:00Z, or Unix seconds/milliseconds)' },
    { index: 3, field: 'order_total', message: '-3 is negative' },
    { index: 4, field: '', message: 'is not a JSON object' },
    { index: 5, field: 'order_total', message: 'must be a string or a number' },
  ]);
  expect(t.counts().users).toBe(3);
  const skipped = await post(batch, '?skip_bad=true');
  expect(skipped.json).toMatchObject({ received: 6, accepted: 1, rejected: 5 });
  expect(t.counts().users).toBe(4);
});

test('garbage bodies: invalid JSON, empty, wrong shapes → 400', async () => {
  expect((await post('{"events": [')).json.error).toMatchObject({ code: 'invalid_json', message: expect.stringMatching(/^The body is not valid JSON/) });
  expect((await post('')).json.error).toMatchObject({ code: 'invalid_json' });
  expect((await post({ events: 'x' })).json.error).toEqual({ code: 'invalid_input', message: '"events" must be an array of events.' });
  expect((await post([])).json.error).toEqual({ code: 'invalid_input', message: 'The batch has no events.' });
  expect((await post([ev('u1')], '?skip_bad=yes')).status).toBe(400);
});

test('too large: more than 10,000 items, a declared or a streamed body over the limit → 413', async () => {
  const many = Array.from({ length: 10_001 }, () => ({}));
  expect((await post(many)).json.error).toEqual({ code: 'payload_too_large', message: 'The batch has 10,001 events; send at most 10,000 per request.' });
  expect((await post('[]', '', { headers: { 'content-length': String(9 * 1024 * 1024) } })).status).toBe(413);
  const chunk = new TextEncoder().encode(' '.repeat(1024 * 1024));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent++ < 20) c.enqueue(chunk);
      else c.close();
    },
  });
  const r = await post(undefined, '', { body: stream, duplex: 'half' } as RequestInit);
  expect(r.status).toBe(413);
  expect(sent).toBeLessThan(12); // stopped reading soon after 8 MB
});

test('another writer holds the database: 409 after waiting; a full queue: 429 at once', async () => {
  const other = openSqlite(t.file);
  other.exec('BEGIN IMMEDIATE');
  try {
    const t0 = Date.now();
    const r = await post([ev('u20')]);
    expect(r.status).toBe(409);
    expect(r.json.error).toEqual({ code: 'conflict', message: 'another import or training run is writing to the database; try again when it has finished' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4_900);
    const waiting = Array.from({ length: MAX_QUEUED_BATCHES }, (_, i) => post([ev(`q${i}`)]));
    const refused = await post([ev('u21')]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    other.exec('COMMIT');
    const done = await Promise.all(waiting);
    expect(done.map((d) => d.status)).toEqual(Array(MAX_QUEUED_BATCHES).fill(200));
  } finally {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
  }
}, 30_000);
