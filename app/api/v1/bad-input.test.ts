/**
 * Bad-input corpus of the serving API: every route with an id or a count called with hostile
 * values, and POST /events with malformed, oversized and invalid bodies. Each answer is a JSON
 * error naming what was wrong (or, for an unknown user's recommendations, the flagged fallback),
 * and the database's row counts never change.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';

import type { ApiRequest } from '@/lib/api/api-request';
import { loadServingFixture } from '@/lib/serving/fixture';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

let t: TempDb;
let before: ReturnType<TempDb['counts']>;
beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  await loadServingFixture(t);
  before = t.counts();
});
afterAll(async () => {
  expect(t.counts()).toEqual(before);
  (await import('@/lib/serving')).resetServingIndex();
  t.close();
});

const BASE = 'http://127.0.0.1/api/v1';
const EVIL_IDS = ["'; DROP TABLE User;--", '<script>alert(1)</script>', '../../etc/passwd', '%2F', 'a/b', 'ü🍕 名前', ' padded ', 'x'.repeat(201), ''];

type Handler = (req: ApiRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ID_ROUTES: { name: string; module: () => Promise<{ GET: unknown }>; param: string; path: (id: string) => string }[] = [
  { name: 'recommendations', module: () => import('./users/[userId]/recommendations/route'), param: 'userId', path: (id) => `/users/${id}/recommendations` },
  { name: 'profile', module: () => import('./users/[userId]/profile/route'), param: 'userId', path: (id) => `/users/${id}/profile` },
  { name: 'similar', module: () => import('./merchants/[merchantId]/similar/route'), param: 'merchantId', path: (id) => `/merchants/${id}/similar` },
  { name: 'audience', module: () => import('./merchants/[merchantId]/audience/route'), param: 'merchantId', path: (id) => `/merchants/${id}/audience` },
  { name: 'runs', module: () => import('./runs/[runId]/route'), param: 'runId', path: (id) => `/runs/${id}` },
  { name: 'imports', module: () => import('./imports/[jobId]/route'), param: 'jobId', path: (id) => `/imports/${id}` },
];

async function call(route: (typeof ID_ROUTES)[number], id: string, query = '') {
  const GET = (await route.module()).GET as Handler;
  const res = await GET(new Request(`${BASE}${route.path(encodeURIComponent(id))}${query}`), { params: Promise.resolve({ [route.param]: id }) });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as { error?: { code: string; message: string }; fallback_used?: boolean } };
}

test.each(ID_ROUTES)('$name: hostile and unknown ids get a JSON error naming the problem (or the flagged fallback)', async (route) => {
  for (const id of EVIL_IDS) {
    const r = await call(route, id);
    expect(r.type, `${route.name} ${id}`).toMatch(/^application\/json/);
    if (route.name === 'recommendations' && r.status === 200) {
      expect(r.json.fallback_used, id).toBe(true);
      continue;
    }
    expect([400, 404], `${route.name} ${JSON.stringify(id)} → ${r.status}`).toContain(r.status);
    expect(r.json.error!.code).toBe(r.status === 400 ? 'invalid_input' : 'not_found');
    expect(r.json.error!.message.length).toBeGreaterThan(10);
  }
  // The ones a user could have sent by mistake are named precisely.
  if (route.param === 'userId' || route.param === 'merchantId') {
    const what = route.param === 'userId' ? 'user id' : 'merchant id';
    expect((await call(route, 'x'.repeat(201))).json.error!.message).toBe(`Invalid ${what}: ${what} is longer than 200 characters.`);
    expect((await call(route, '')).json.error!.message).toBe(`Invalid ${what}: ${what} is empty.`);
  }
});

test('unknown users and merchants: 404 naming the id on profile, similar and audience; fallback on recommendations', async () => {
  expect((await call(ID_ROUTES[1]!, 'nobody')).json.error).toEqual({ code: 'not_found', message: 'No user nobody in the data.' });
  expect((await call(ID_ROUTES[2]!, 'm404')).status).toBe(404);
  expect((await call(ID_ROUTES[3]!, 'm404')).status).toBe(404);
  expect((await call(ID_ROUTES[0]!, 'nobody')).json).toMatchObject({ fallback_used: true });
});

const COUNT_ROUTES: { name: string; param: string; max: number; run: (q: string) => Promise<Response> }[] = [
  { name: 'recommendations', param: 'n', max: 100, run: async (q) => ((await import('./users/[userId]/recommendations/route')).GET as Handler)(new Request(`${BASE}/users/u1/recommendations?${q}`), { params: Promise.resolve({ userId: 'u1' }) }) },
  { name: 'similar', param: 'n', max: 20, run: async (q) => ((await import('./merchants/[merchantId]/similar/route')).GET as Handler)(new Request(`${BASE}/merchants/m1/similar?${q}`), { params: Promise.resolve({ merchantId: 'm1' }) }) },
  { name: 'audience', param: 'n', max: 500, run: async (q) => ((await import('./merchants/[merchantId]/audience/route')).GET as Handler)(new Request(`${BASE}/merchants/m1/audience?${q}`), { params: Promise.resolve({ merchantId: 'm1' }) }) },
  { name: 'popular', param: 'n', max: 100, run: async (q) => (await import('./merchants/popular/route')).GET(new Request(`${BASE}/merchants/popular?${q}`)) },
  { name: 'users limit', param: 'limit', max: 1000, run: async (q) => (await import('./users/route')).GET(new Request(`${BASE}/users?${q}`)) },
];

test.each(COUNT_ROUTES)('$name: $param = -1, 0, 10^9, abc, 1.5 → 400 naming the parameter and its range', async (route) => {
  for (const v of ['-1', '0', '1000000000', 'abc', '1.5', '']) {
    const res = await route.run(`${route.param}=${encodeURIComponent(v)}`);
    const body = (await res.json()) as { error: { code: string; message: string } };
    if (v === '') {
      // An empty value is not a number either.
      expect(res.status, `${route.name} ${route.param}=""`).toBe(400);
      continue;
    }
    expect(res.status, `${route.name} ${route.param}=${v}`).toBe(400);
    expect(body.error).toEqual({ code: 'invalid_input', message: `Invalid query: ${route.param}: must be a whole number from 1 to ${route.max}.`, details: [`${route.param}: must be a whole number from 1 to ${route.max}`] });
  }
});

test('users offset: -1, 10^9 and abc → 400; a large valid offset → an empty page', async () => {
  const { GET } = await import('./users/route');
  for (const v of ['-1', '1000000000', 'abc']) {
    const res = await GET(new Request(`${BASE}/users?offset=${v}`));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Invalid query: offset: must be a whole number from 0 to 10000000.');
  }
  const page = (await (await GET(new Request(`${BASE}/users?offset=10000000`))).json()) as { users: unknown[] };
  expect(page.users).toEqual([]);
});

async function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  const { POST } = await import('./events/route');
  const res = await POST(new Request(`${BASE}/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, duplex: 'half' } as RequestInit));
  return { status: res.status, json: (await res.json()) as { error: { code: string; message: string; details?: unknown[] } } };
}

const event = (over: Record<string, unknown> = {}) => ({ user_id: 'u9', merchant_id: 'm9', merchant_name: 'New', category: 'pizza', order_total: 12, event_time: '2024-12-11T10:00:00Z', ...over });

test('POST /events: malformed JSON, empty body, wrong encoding, bad dates, 1 MB fields → 400 naming the problem; nothing stored', async () => {
  expect(await post('{"user_id": "u1",')).toMatchObject({ status: 400, json: { error: { code: 'invalid_json', message: expect.stringMatching(/^The body is not valid JSON \(/) } } });
  expect(await post('')).toMatchObject({ status: 400, json: { error: { code: 'invalid_json', message: 'The body is empty: send one event, an array of events, or {"events": [...]} as JSON.' } } });
  // Wrong encoding: a UTF-16 body is not JSON once read as UTF-8.
  expect((await post(Buffer.from(JSON.stringify(event()), 'utf16le'))).json.error.code).toBe('invalid_json');
  for (const bad of ['2024-13-45', 'yesterday', '', '2024-12-11T25:00:00Z']) {
    const r = await post(JSON.stringify(event({ event_time: bad })));
    expect(r.status, bad).toBe(400);
    expect(JSON.stringify(r.json.error.details), bad).toContain('event_time');
  }
  const huge = await post(JSON.stringify(event({ merchant_name: 'x'.repeat(1024 * 1024) })));
  expect(huge.status).toBe(400);
  expect(JSON.stringify(huge.json.error.details)).toContain('merchant_name');
  const evilIds = await post(JSON.stringify([event({ user_id: 'x'.repeat(201) }), event({ merchant_id: '' })]));
  expect(evilIds.status).toBe(400);
  expect(t.counts()).toEqual(before);
});

test('POST /events: 10,001 events → 413; a 9 MB streamed body → 413 before it is read whole', async () => {
  const many = await post(JSON.stringify(Array.from({ length: 10_001 }, (_, i) => event({ user_id: `u${i}` }))));
  expect(many).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large', message: 'The batch has 10,001 events; send at most 10,000 per request.' } } });
  expect((await post('x', { 'content-length': String(200 * 1024 * 1024) })).status).toBe(413);
  // A body that never ends unless read: the handler must stop after about 8 MB.
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      sent += chunk.byteLength;
      if (sent > 200 * 1024 * 1024) c.close();
      else c.enqueue(chunk);
    },
  });
  const r = await post(stream);
  expect(r).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
  expect(sent).toBeLessThan(10 * 1024 * 1024);
  expect(t.counts()).toEqual(before);
});
