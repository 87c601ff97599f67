/** The route handlers of /api/v1, called with real Requests over the fixture database. */
import { expect, test } from 'vitest';

import { useServingFixture } from './fixture';
import { audienceSchema, healthSchema, profileSchema, recommendationsSchema, usersPageSchema } from './schemas';

useServingFixture();

const BASE = 'http://127.0.0.1/api/v1';
const params = <T>(p: T) => ({ params: Promise.resolve(p) });

async function recs(user: string, query = '') {
  const { GET } = await import('@/app/api/v1/users/[userId]/recommendations/route');
  return GET(new Request(`${BASE}/users/${encodeURIComponent(user)}/recommendations${query}`), params({ userId: user }));
}

async function body(res: Response) {
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test('GET recommendations: 200 in the documented shape, with the processing time', async () => {
  const res = await recs('u1', '?n=2&model=hybrid&exclude_ordered=false');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const r = recommendationsSchema.parse(await res.json());
  expect(r.items.map((i) => i.merchant_id)).toEqual(['m1', 'm3']);
  expect(r.processing_time_ms).toBeGreaterThan(0);
});

test('bad queries and ids: 400 invalid_input naming each problem', async () => {
  expect(await body(await recs('u1', '?n=0'))).toEqual({ status: 400, json: { error: { code: 'invalid_input', message: 'Invalid query: n: must be a whole number from 1 to 100.', details: ['n: must be a whole number from 1 to 100'] } } });
  const many = await body(await recs('u1', '?model=magic&exclude_ordered=maybe&sort=score'));
  expect(many.status).toBe(400);
  expect(many.json.error).toMatchObject({
    code: 'invalid_input',
    details: ['model: must be one of hybrid, als, item-knn, popularity, repeat', 'exclude_ordered: must be true or false', 'unknown parameter sort (expected n, model, exclude_ordered, category)'],
  });
  expect((await body(await recs('x'.repeat(201)))).json.error).toEqual({ code: 'invalid_input', message: 'Invalid user id: user id is longer than 200 characters.', details: ['user id is longer than 200 characters'] });
  expect((await body(await recs('u1', '?category=tacos'))).json.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('no merchant has category "tacos"') });
  const { GET } = await import('@/app/api/v1/users/route');
  expect((await body(await GET(new Request(`${BASE}/users?limit=5000`)))).json.error).toMatchObject({ message: 'Invalid query: limit: must be a whole number from 1 to 1000.' });
});

test('unknown user or merchant: recommendations fall back (200); profile, similar and audience answer 404', async () => {
  expect(recommendationsSchema.parse(await (await recs('new-user')).json())).toMatchObject({ fallback_used: true, fallback_reason: 'unknown_user' });
  const profile = await import('@/app/api/v1/users/[userId]/profile/route');
  expect(await body(await profile.GET(new Request(`${BASE}/users/zz/profile`), params({ userId: 'zz' })))).toEqual({ status: 404, json: { error: { code: 'not_found', message: 'No user zz in the data.' } } });
  expect(profileSchema.parse(await (await profile.GET(new Request(`${BASE}/users/u2/profile`), params({ userId: 'u2' }))).json())).toMatchObject({ spending_segment: 'medium', days_since_last_order: 10 });
  const similar = await import('@/app/api/v1/merchants/[merchantId]/similar/route');
  expect((await body(await similar.GET(new Request(`${BASE}/merchants/mx/similar`), params({ merchantId: 'mx' })))).status).toBe(404);
  expect((await body(await similar.GET(new Request(`${BASE}/merchants/m1/similar?n=21`), params({ merchantId: 'm1' })))).json.error).toMatchObject({ message: 'Invalid query: n: must be a whole number from 1 to 20.' });
  const audience = await import('@/app/api/v1/merchants/[merchantId]/audience/route');
  expect(audienceSchema.parse(await (await audience.GET(new Request(`${BASE}/merchants/m1/audience?n=1`), params({ merchantId: 'm1' }))).json()).items).toEqual([{ rank: 1, user_id: 'u2', affinity: 0.8, orders: 1 }]);
});

test('users list, health, models, popular and the OpenAPI document', async () => {
  const users = await import('@/app/api/v1/users/route');
  expect(usersPageSchema.parse(await (await users.GET(new Request(`${BASE}/users?limit=2&offset=0`))).json())).toMatchObject({ total: 3, users: [{ user_id: 'u1', orders: 4 }, { user_id: 'u2', orders: 1 }] });
  const health = await import('@/app/api/v1/health/route');
  expect(healthSchema.parse(await (await health.GET(new Request(`${BASE}/health`))).json())).toMatchObject({ status: 'ok', active_run: { id: 1, trained_at: '2024-12-20T01:30:00.000Z' }, users: 3, merchants: 3 });
  const models = await import('@/app/api/v1/models/route');
  const m = (await (await models.GET(new Request(`${BASE}/models`))).json()) as { models: { id: string; served: boolean }[] };
  expect(m.models.map((x) => [x.id, x.served])).toEqual([['hybrid', true], ['als', false], ['item-knn', false], ['popularity', true], ['repeat', false]]);
  const popular = await import('@/app/api/v1/merchants/popular/route');
  expect(((await (await popular.GET(new Request(`${BASE}/merchants/popular?n=1`))).json()) as { items: unknown[] }).items).toEqual([{ rank: 1, merchant_id: 'm2', merchant_name: 'Sushi Go', category: 'sushi', score: 2, orders: 2 }]);
  const ping = await import('@/app/api/v1/ping/route');
  expect(await (await ping.GET(new Request(`${BASE}/ping`))).json()).toEqual({ ok: true, service: 'merchant-recs' });
  const openapi = await import('@/app/api/v1/openapi.json/route');
  const doc = (await (await openapi.GET(new Request(`${BASE}/openapi.json`))).json()) as { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; schema: { default?: unknown; maximum?: number } }[] }>>; components: { schemas: Record<string, unknown> } };
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths).sort()).toEqual([
    '/events', '/health', '/imports', '/imports/{jobId}', '/merchants/popular', '/merchants/{merchantId}/audience', '/merchants/{merchantId}/similar', '/models',
    '/runs/{runId}', '/segments/{segment}/export', '/users', '/users/{userId}/profile', '/users/{userId}/recommendations',
  ]);
  const n = doc.paths['/users/{userId}/recommendations']!.get!.parameters!.find((p) => p.name === 'n')!;
  expect(n.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 10 });
  expect(Object.keys(doc.components.schemas)).toContain('Recommendations');
  const upload = (doc.paths['/imports']!.post as unknown as { parameters: { name: string; required?: boolean }[]; description: string });
  expect(upload.parameters.map((p) => [p.name, p.required === true])).toEqual([['file_name', true], ['skip_bad_rows', false]]);
  expect(upload.description).toContain('at most 200 MB');
});

test('GET handlers answer an ApiRequest (url, method, headers: what the fast path passes) as they answer a Request', async () => {
  const { GET } = await import('@/app/api/v1/users/[userId]/recommendations/route');
  const { GET: users } = await import('@/app/api/v1/users/route');
  const url = `${BASE}/users/u1/recommendations?n=2&category=pizza`;
  const strip = (j: Record<string, unknown>) => ({ ...j, processing_time_ms: 0 });
  const viaRequest = await body(await GET(new Request(url), params({ userId: 'u1' })));
  const viaPlain = await body(await GET({ url, method: 'GET', headers: new Headers({ host: '127.0.0.1' }) }, params({ userId: 'u1' })));
  expect({ ...viaPlain, json: strip(viaPlain.json) }).toEqual({ ...viaRequest, json: strip(viaRequest.json) });
  expect((viaPlain.json.items as { merchant_id: string }[]).map((i) => i.merchant_id)).toEqual(['m1', 'm3']);
  const bad = await body(await users({ url: `${BASE}/users?limit=abc`, method: 'GET', headers: new Headers() }));
  expect([bad.status, (bad.json.error as { code: string }).code]).toEqual([400, 'invalid_input']);
});
