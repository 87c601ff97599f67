import { expect, test, type APIRequestContext } from '@playwright/test';

// Depends on the `setup` project: demo data imported and an evaluate run trained and active.
// Exercises the serving API over HTTP against the running production server.

async function json(request: APIRequestContext, path: string) {
  const res = await request.get(path);
  return { status: res.status(), body: await res.json() };
}

test('health, users, profile and explained recommendations for a real user', async ({ request }) => {
  // The first request starts building the in-memory index (503 "loading" until it is ready).
  await expect.poll(async () => (await json(request, '/api/v1/health')).status, { timeout: 60_000 }).toBe(200);
  const health = await json(request, '/api/v1/health');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ status: 'ok', active_run: { id: expect.any(Number), trained_at: expect.stringMatching(/^\d{4}-/) } });
  expect(health.body.users).toBeGreaterThan(100);

  const users = await json(request, '/api/v1/users?limit=5&offset=0&q=u_');
  expect(users.body.users).toHaveLength(5);
  const top = users.body.users[0];
  expect(top.user_id).toMatch(/^u_\d+$/);
  expect(top.orders).toBeGreaterThanOrEqual(users.body.users[4].orders);

  const profile = await json(request, `/api/v1/users/${top.user_id}/profile`);
  expect(profile.body).toMatchObject({ user_id: top.user_id, orders: top.orders, spending_segment: expect.stringMatching(/^(low|medium|high)$/) });
  expect(profile.body.days_since_last_order).toBeGreaterThanOrEqual(0);

  const recs = await json(request, `/api/v1/users/${top.user_id}/recommendations?n=5&model=hybrid`);
  expect(recs.status).toBe(200);
  expect(recs.body).toMatchObject({ user_id: top.user_id, known_user: true, run_id: health.body.active_run.id, fallback_used: false });
  expect(recs.body.items).toHaveLength(5);
  for (const [i, item] of recs.body.items.entries()) {
    expect(item.rank).toBe(i + 1);
    expect(item.explanation).toMatch(/(Because you ordered from|You order here|You ordered here|Popular)/);
    expect(item.merchant_id).toMatch(/^m_\d+$/);
  }
  expect(recs.body.processing_time_ms).toBeLessThan(1000);
  const discovery = await json(request, `/api/v1/users/${top.user_id}/recommendations?n=10&model=item-knn&exclude_ordered=true`);
  expect(discovery.body.items.every((i: { ordered_before: boolean }) => !i.ordered_before)).toBe(true);

  const unknown = await json(request, '/api/v1/users/nobody-at-all/recommendations');
  expect(unknown.body).toMatchObject({ known_user: false, fallback_used: true, fallback_reason: 'unknown_user', model_used: 'popularity' });
  expect(unknown.body.items).toHaveLength(10);
});

test('popular, similar and audience of a merchant; models; the OpenAPI document', async ({ request }) => {
  const popular = await json(request, '/api/v1/merchants/popular?n=3');
  expect(popular.body.items).toHaveLength(3);
  const m = popular.body.items[0].merchant_id;
  const similar = await json(request, `/api/v1/merchants/${m}/similar?n=5`);
  expect(similar.body.items.length).toBeGreaterThan(0);
  expect(similar.body.items.map((i: { merchant_id: string }) => i.merchant_id)).not.toContain(m);
  const audience = await json(request, `/api/v1/merchants/${m}/audience?n=20`);
  expect(audience.status).toBe(200);
  for (const a of audience.body.items) expect(a.user_id).toMatch(/^u_\d+$/);
  const models = await json(request, '/api/v1/models');
  expect(models.body.models.find((x: { id: string }) => x.id === 'hybrid')).toMatchObject({ served: true });
  const doc = await json(request, '/api/v1/openapi.json');
  expect(doc.body.openapi).toBe('3.1.0');
  expect(Object.keys(doc.body.paths)).toContain('/users/{userId}/recommendations');
});

test('errors have one shape and the right status', async ({ request }) => {
  const bad = await json(request, '/api/v1/users/u_000001/recommendations?n=0&model=magic');
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('invalid_input');
  expect(bad.body.error.message).toContain('n: must be a whole number from 1 to 100');
  expect((await json(request, '/api/v1/users/nobody-at-all/profile')).body).toEqual({ error: { code: 'not_found', message: 'No user nobody-at-all in the data.' } });
  expect((await json(request, '/api/v1/merchants/m_nope/similar')).status).toBe(404);
  const garbage = await request.post('/api/v1/events', { data: Buffer.from('{"events": ['), headers: { 'content-type': 'application/json' } });
  expect(garbage.status()).toBe(400);
  expect((await garbage.json()).error.code).toBe('invalid_json');
  const huge = await request.post('/api/v1/events', { data: Array.from({ length: 10_001 }, () => ({})) });
  expect(huge.status()).toBe(413);
});

test('POST /events stores a new order once and the API serves the new user after the refresh', async ({ request }) => {
  const popular = await json(request, '/api/v1/merchants/popular?n=1');
  const merchant = popular.body.items[0];
  const user = `e2e-api-${Date.now()}`;
  const event = { user_id: user, merchant_id: merchant.merchant_id, merchant_name: merchant.merchant_name, category: merchant.category, order_total: 21.5, event_time: new Date().toISOString() };
  const bad = await request.post('/api/v1/events', { data: [event, { ...event, order_total: 'lots' }] });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.details).toEqual([{ index: 1, field: 'order_total', message: '"lots" is not a number' }]);
  const first = await request.post('/api/v1/events', { data: { events: [event] } });
  expect(await first.json()).toMatchObject({ received: 1, accepted: 1, duplicates: 0, new_users: 1 });
  const again = await request.post('/api/v1/events', { data: event });
  expect(await again.json()).toMatchObject({ received: 1, accepted: 0, duplicates: 1 });
  await expect.poll(async () => (await request.get(`/api/v1/users/${user}/profile`)).status(), { timeout: 30_000 }).toBe(200);
  expect((await json(request, `/api/v1/users/${user}/profile`)).body).toMatchObject({ orders: 1, spend: 21.5 });
  expect((await json(request, `/api/v1/users/${user}/recommendations`)).body).toMatchObject({ known_user: true, fallback_used: true, fallback_reason: 'no_history' });
});
