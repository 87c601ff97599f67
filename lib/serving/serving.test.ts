import { expect, test } from 'vitest';

import { AppError, NotFoundError, ValidationError } from '@/lib/errors';
import type { RecommendationsQuery } from '@/lib/validation/api';

import { useServingFixture } from './fixture';

const fixture = useServingFixture();

const serving = () => import('./index');
const q = (over: Partial<RecommendationsQuery> = {}): RecommendationsQuery => ({ n: 10, model: 'hybrid', exclude_ordered: false, category: undefined, ...over });

test('recommendations: the cached list in order, with contributions, explanations and ordered_before', async () => {
  const { recommendFor } = await import('./recommend');
  const r = recommendFor(await (await serving()).getServingIndex(), 'u1', q());
  expect(r).toMatchObject({ user_id: 'u1', known_user: true, run_id: 1, model: 'hybrid', model_used: 'hybrid', fallback_used: false, fallback_reason: null });
  expect(r.items.map((i) => [i.rank, i.merchant_id, i.score, i.source, i.ordered_before])).toEqual([
    [1, 'm1', 0.9, 'repeat', true],
    [2, 'm3', 0.5, 'item-knn', false], // ordered on 12-12, after the reference time
    [3, 'm2', 0.4, 'repeat', true],
  ]);
  // m1: own 0.6 + similar 0.3 (a third of the mass ≥ 0.25 → both); 2 orders before the cutoff, last 12-08 12:00 → 1.5 days → "1 day ago"
  expect(r.items[0]!.explanation).toBe('You order here often (2 orders, last 1 day ago). Because you ordered from Sushi Go; people who order there also order here.');
  expect(r.items[1]!.explanation).toBe('Because you ordered from Pizza Roma and Sushi Go; people who order there also order here.');
  expect(r.items[2]!.explanation).toBe('You ordered here before (4 days ago).');
  expect(r.items[0]!.contributions).toEqual([
    { merchant_id: 'm1', merchant_name: 'Pizza Roma', value: 0.6, source: 'repeat' },
    { merchant_id: 'm2', merchant_name: 'Sushi Go', value: 0.3, source: 'item-knn' },
  ]);
  expect(r.items[0]).toMatchObject({ merchant_name: 'Pizza Roma', category: 'pizza' });
});

test('recommendations: exclude_ordered serves the discovery list; category and n filter it', async () => {
  const { recommendFor } = await import('./recommend');
  const index = await (await serving()).getServingIndex();
  expect(recommendFor(index, 'u1', q({ exclude_ordered: true })).items.map((i) => i.merchant_id)).toEqual(['m3']);
  expect(recommendFor(index, 'u1', q({ category: 'pizza' })).items.map((i) => [i.rank, i.merchant_id])).toEqual([[1, 'm1'], [2, 'm3']]);
  expect(recommendFor(index, 'u1', q({ n: 1 })).items.map((i) => i.merchant_id)).toEqual(['m1']);
  expect(() => recommendFor(index, 'u1', q({ category: 'tacos' }))).toThrow(/no merchant has category "tacos" \(known: pizza, sushi\)/);
});

test('recommendations: unknown users and users without a list get the popularity fallback, flagged', async () => {
  const { recommendFor } = await import('./recommend');
  const index = await (await serving()).getServingIndex();
  const unknown = recommendFor(index, 'nobody', q({ model: 'hybrid' }));
  expect(unknown).toMatchObject({ known_user: false, fallback_used: true, fallback_reason: 'unknown_user', model_used: 'popularity' });
  expect(unknown.items.map((i) => [i.merchant_id, i.score, i.explanation])).toEqual([
    ['m2', 2, 'Popular with customers overall.'],
    ['m1', 1, 'Popular with customers overall.'],
    ['m3', 0.5, 'Popular with customers overall.'],
  ]);
  expect(recommendFor(index, 'u3', q())).toMatchObject({ known_user: true, fallback_used: true, fallback_reason: 'no_history' });
  expect(() => recommendFor(index, 'u1', q({ model: 'als' }))).toThrow(new ValidationError('Invalid query: model: run #1 has no cached lists of als (it has hybrid, popularity).'));
});

test('popular, similar and audience come from the active run', async () => {
  const m = await import('./merchants');
  const index = await (await serving()).getServingIndex();
  expect(m.popularMerchants(index, { n: 2, category: undefined }).items).toEqual([
    { rank: 1, merchant_id: 'm2', merchant_name: 'Sushi Go', category: 'sushi', score: 2, orders: 2 },
    { rank: 2, merchant_id: 'm1', merchant_name: 'Pizza Roma', category: 'pizza', score: 1, orders: 2 },
  ]);
  expect(m.popularMerchants(index, { n: 10, category: 'pizza' }).items.map((i) => [i.rank, i.merchant_id, i.orders])).toEqual([[1, 'm1', 2], [2, 'm3', 1]]);
  expect(m.similarMerchants(index, 'm1', 1)).toMatchObject({ run_id: 1, merchant: { merchant_id: 'm1' }, items: [{ rank: 1, merchant_id: 'm3', similarity: 0.7 }], note: null });
  expect(m.similarMerchants(index, 'm3', 5)).toMatchObject({ items: [], note: expect.stringContaining('no orders in the data run #1 was trained on') });
  expect(m.merchantAudience(index, 'm1', 100).items).toEqual([
    { rank: 1, user_id: 'u2', affinity: 0.8, orders: 1 },
    { rank: 2, user_id: 'u3', affinity: 0.1, orders: 0 },
  ]);
  expect(m.merchantAudience(index, 'm2', 100)).toMatchObject({ items: [], note: 'No user has this merchant among their top recommendations in run #1.' });
  expect(() => m.similarMerchants(index, 'mx', 5)).toThrow(new NotFoundError('No merchant mx in the data.'));
});

test('users: most orders first, prefix, paging; profile with spend terciles and days since last order', async () => {
  const u = await import('./users');
  const index = await (await serving()).getServingIndex();
  const all = u.listUsers(index, { limit: 20, offset: 0, q: '' });
  expect(all.users.map((x) => [x.user_id, x.orders, x.spend])).toEqual([['u1', 4, 75], ['u2', 1, 50], ['u3', 0, 0]]);
  expect(all.total).toBe(3);
  expect(u.listUsers(index, { limit: 1, offset: 1, q: 'u' }).users.map((x) => x.user_id)).toEqual(['u2']);
  expect(u.listUsers(index, { limit: 5, offset: 0, q: 'U2' })).toMatchObject({ total: 1, users: [{ user_id: 'u2', userId: 'u2', last_order_at: '2024-12-02T00:00:00.000Z' }] });
  // spends of ordering users [50, 75]: medium from s[0] = 50, high from s[1] = 75
  expect(u.userProfile(index, 'u1')).toEqual({
    user_id: 'u1', orders: 4, spend: 75, merchants: 3, views: 0, first_order_at: '2024-12-01T10:00:00.000Z', last_order_at: '2024-12-12T00:00:00.000Z',
    days_since_last_order: 0, data_as_of: '2024-12-12T00:00:00.000Z', spending_segment: 'high', spending_segment_label: 'High spender (top third)',
  });
  expect(u.userProfile(index, 'u2')).toMatchObject({ orders: 1, views: 1, days_since_last_order: 10, spending_segment: 'medium' });
  expect(u.userProfile(index, 'u3')).toMatchObject({ orders: 0, views: 1, last_order_at: null, days_since_last_order: null, spending_segment: 'none' });
  expect(() => u.userProfile(index, 'zz')).toThrow(new NotFoundError('No user zz in the data.'));
});

test('swap: after another run is promoted, requests keep the old index until the new one is whole, then see only the new run', async () => {
  const s = await serving();
  const { recommendFor } = await import('./recommend');
  const { popularMerchants, similarMerchants } = await import('./merchants');
  const { promoteRun } = await import('@/lib/db/runs');
  const before = await s.getServingIndex();
  await promoteRun(fixture.f.runB);
  const during = await s.getServingIndex();
  expect(during).toBe(before); // the request that noticed the change is answered from the old index
  expect(s.servingIndexBuilding()).toBe(true);
  const after = await s.refreshServingIndex();
  expect(await s.getServingIndex()).toBe(after);
  const r = recommendFor(after, 'u1', q());
  expect([r.run_id, r.items.map((i) => [i.merchant_id, i.score, i.source, i.explanation])]).toEqual([2, [['m2', 0.7, 'als', 'You ordered here before (4 days ago).']]]);
  expect(popularMerchants(after, { n: 10, category: undefined }).items.map((i) => i.merchant_id)).toEqual(['m3']);
  expect(similarMerchants(after, 'm1', 5).items.map((i) => [i.merchant_id, i.similarity])).toEqual([['m2', 0.9]]);
  // a request that took the old index before the swap still reads run #1 only
  expect(recommendFor(before, 'u1', q()).items.map((i) => i.merchant_id)).toEqual(['m1', 'm3', 'm2']);
  expect(after.activity).not.toBe(before.activity);
  await promoteRun(fixture.f.runA);
  await s.refreshServingIndex();
});

test('the change check runs once per event-loop turn: a commit is noticed from the next turn on, by refreshServingIndex at once', async () => {
  const s = await serving();
  const turn = () => new Promise((r) => setImmediate(r));
  const promote = (id: number) =>
    fixture.t.db.transaction(() => {
      fixture.t.db.prepare('UPDATE ModelRun SET isActive = 0').run();
      fixture.t.db.prepare('UPDATE ModelRun SET isActive = 1 WHERE id = ?').run(id);
    })();
  const before = await s.refreshServingIndex();
  await turn();
  expect(s.getServingIndex()).toBe(before); // checked: nothing changed, and a current index comes without a promise
  promote(fixture.f.runB);
  expect(s.getServingIndex()).toBe(before); // the same turn shares that check
  expect(s.servingIndexBuilding()).toBe(false);
  await turn();
  expect(await s.getServingIndex()).toBe(before); // noticed: the old index answers while the new one builds
  expect(s.servingIndexBuilding()).toBe(true);
  expect((await s.refreshServingIndex()).cache?.run.id).toBe(fixture.f.runB);
  promote(fixture.f.runA);
  expect((await s.refreshServingIndex()).cache?.run.id).toBe(fixture.f.runA); // checked at once, in the same turn
});

test('an import is picked up by the next refresh; the run cache is reused', async () => {
  const s = await serving();
  const before = await s.refreshServingIndex();
  const { importEventStream } = await import('@/lib/db/import-events');
  await importEventStream(
    [{ userId: 'u9', merchantId: 'm2', merchantName: 'Sushi Go', category: 'sushi', orderTotal: 12, eventTime: Date.UTC(2024, 11, 13), eventType: 'checkout_completed', platform: '' }],
    'test', 'api', { db: fixture.t.db },
  );
  const after = await s.refreshServingIndex();
  expect(after.cache).toBe(before.cache);
  expect(after.activity.userByExternal.has('u9')).toBe(true);
  const { recommendFor } = await import('./recommend');
  expect(recommendFor(after, 'u9', q())).toMatchObject({ known_user: true, fallback_reason: 'no_history' });
});

test('without an active run: health says no_run, recommendations answer 409 no_active_run', async () => {
  const s = await serving();
  fixture.t.db.prepare('UPDATE ModelRun SET isActive = 0').run();
  const index = await s.refreshServingIndex();
  const { health } = await import('./status');
  expect(health(index)).toMatchObject({ status: 'no_run', active_run: null, users: 4, merchants: 3 });
  const { recommendFor } = await import('./recommend');
  let err: unknown;
  try {
    recommendFor(index, 'u1', q());
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ status: 409, code: 'no_active_run' });
  fixture.t.db.prepare('UPDATE ModelRun SET isActive = 1 WHERE id = 1').run();
  expect(health(await s.refreshServingIndex())).toMatchObject({ status: 'ok', active_run: { id: 1, mode: 'evaluate', reference_time: '2024-12-10T00:00:00.000Z', models: ['hybrid', 'popularity'] } });
});

test('getServingIndex fails with a rejected promise, not a throw, and follows a changed DATABASE_URL', async () => {
  const s = await serving();
  const { databaseFile } = await import('@/lib/db/database-url');
  const good = process.env.DATABASE_URL;
  const dir = (await import('node:fs')).mkdtempSync((await import('node:path')).join((await import('node:os')).tmpdir(), 'idx-'));
  process.env.DATABASE_URL = `file:${dir}/not-migrated.db`;
  try {
    expect(databaseFile()).toBe(`${dir}/not-migrated.db`);
    const first = s.getServingIndex();
    expect(first).toBeInstanceOf(Promise);
    await expect(first).rejects.toThrow('no such table: ModelRun');
  } finally {
    process.env.DATABASE_URL = good;
  }
  expect(databaseFile()).toBe(databaseFile(good));
  expect((await s.getServingIndex()).cache?.run.id).toBe(fixture.f.runA);
});

test('a changed DATABASE_URL is followed even when the other database has the same active run and data key', async () => {
  const s = await serving();
  const { createTempDb } = await import('@/lib/testing/temp-db');
  const { loadServingFixture } = await import('./fixture');
  const before = await s.getServingIndex();
  const other = createTempDb();
  const good = process.env.DATABASE_URL;
  try {
    await loadServingFixture(other); // the same ids, so the same run and data key
    other.db.prepare("UPDATE Merchant SET name = 'Elsewhere' WHERE externalId = 'm1'").run();
    expect(s.getServingIndex()).toBe(before); // checked in this event-loop turn
    process.env.DATABASE_URL = `file:${other.file}`;
    expect(s.getServingIndex()).toBe(before); // the same turn shares that check (DATABASE_URL included)
    await new Promise((r) => setImmediate(r));
    const after = await s.getServingIndex();
    expect(after).not.toBe(before);
    expect(after.activity.merchantName[after.activity.merchantExternal.indexOf('m1')]).toBe('Elsewhere');
  } finally {
    process.env.DATABASE_URL = good;
    other.close();
  }
  expect((await s.getServingIndex()).activity.merchantName).toEqual(before.activity.merchantName);
});
