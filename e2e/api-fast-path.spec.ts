import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

import { expect, test } from '@playwright/test';

import { E2E_PASSWORD, E2E_TOKEN } from './auth-secrets';

// Depends on the `setup` project (data imported, a run trained and active) and on the build the
// first web server made. The API fast path (lib/server/api-fast-path.ts) must give the same
// answers as Next's own pipeline: this spec starts pairs of servers on that build and database,
// one with the fast path (the default) and one with API_FAST_PATH=0, sends both the same
// requests and compares status, the headers that matter and the body.

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'file:./data/e2e.db';
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 10;

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** Framing and connection headers differ by design or by clock; everything else is compared. */
const IGNORED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function send(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const kept: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(res.headers)) if (!IGNORED.has(k) && v !== undefined) kept[k] = v;
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: kept, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Values that change from one answer to the next whatever serves it. */
function stable(a: Answer): Answer {
  const body = a.body
    .replace(/"processing_time_ms":[\d.e-]+/g, '"processing_time_ms":0')
    .replace(/"uptime_s":[\d.]+/g, '"uptime_s":0')
    .replace(/"built_at":"[^"]*","build_ms":\d+/g, '"built_at":"","build_ms":0')
    .replace(/retry in \d+ s/g, 'retry in N s');
  const headers = { ...a.headers };
  if (typeof headers['retry-after'] === 'string') headers['retry-after'] = String(Number(headers['retry-after']) >= 58);
  if (typeof headers['content-disposition'] === 'string') headers['content-disposition'] = headers['content-disposition'].replace(/\d{4}-\d{2}-\d{2}[^"]*/g, 'DATE');
  return { ...a, headers, body: body.replace(/\b\d{4}-\d{2}-\d{2}\b(?=,)/g, 'DATE') };
}

async function start(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lib/server/start.ts', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, DATABASE_URL, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 90_000;
  let probes = 0;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited (${child.exitCode}): ${stderr}`);
    try {
      // The index is built on first use: wait until health says it is ready (or, with a broken
      // setting, until the server answers at all). Each probe is another client (its own
      // x-forwarded-for), so a rate limit under test never throttles the probes: the 503s while
      // the index loaded used to spend the budget and hold the probe off for a whole minute.
      const probe: Record<string, string> = { 'x-forwarded-for': `198.51.100.${++probes % 250}` };
      if (env.API_TOKEN) probe.authorization = `Bearer ${env.API_TOKEN}`;
      const h = await send(port, '/api/v1/health', probe);
      if (h.status === 200 || (h.status === 500 && env.API_RATE_LIMIT === 'lots')) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGTERM');
  throw new Error(`server on ${port} did not become ready: ${stderr}`);
}

/** Starts the same server twice, fast path on and off, and stops both after `body`. */
async function pair(offset: number, env: Record<string, string>, body: (on: number, off: number) => Promise<void>) {
  const on = BASE_PORT + offset;
  const off = on + 1;
  const servers = await Promise.all([start(on, env), start(off, { ...env, API_FAST_PATH: '0' })]);
  try {
    await body(on, off);
  } finally {
    for (const s of servers) s.kill('SIGTERM');
  }
}

async function same(on: number, off: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const [a, b] = [stable(await send(on, path, headers, method)), stable(await send(off, path, headers, method))];
  expect(a, `${method} ${path} ${JSON.stringify(headers)}`).toEqual(b);
  return a;
}

test.describe.configure({ timeout: 300_000 });

test('every route answers the same with the fast path on and off: ok, 400, 404, encoded ids, unknown paths, HEAD, gzip', async () => {
  await pair(0, {}, async (on, off) => {
    const users = JSON.parse((await same(on, off, '/api/v1/users?limit=3&offset=1&q=u_')).body) as { users: { user_id: string }[] };
    const u = users.users[0]!.user_id;
    const popular = JSON.parse((await same(on, off, '/api/v1/merchants/popular?n=3')).body) as { items: { merchant_id: string; category: string }[] };
    const m = popular.items[0]!.merchant_id;
    const category = encodeURIComponent(popular.items[0]!.category);
    const health = await same(on, off, '/api/v1/health');
    const runId = (JSON.parse(health.body) as { active_run: { id: number } }).active_run.id;
    const ok = [
      '/api/v1/ping',
      `/api/v1/users/${u}/profile`,
      `/api/v1/users/${u}/recommendations?n=5`,
      `/api/v1/users/${u}/recommendations?n=10&model=item-knn&exclude_ordered=true`,
      `/api/v1/users/${u}/recommendations?n=3&model=popularity&category=${category}`,
      '/api/v1/users/no%20such%20user/recommendations?n=2',
      '/api/v1/users/%C3%A9l%C3%A8ve%E2%82%AC/recommendations?n=2',
      `/api/v1/merchants/${m}/similar?n=5`,
      `/api/v1/merchants/${m}/audience?n=20`,
      '/api/v1/merchants',
      '/api/v1/models',
      `/api/v1/runs/${runId}`,
      '/api/v1/openapi.json',
      '/api/v1/segments/lapsed_personalized/export',
      `/api/v1/merchants/${m}/export?list=audience`,
    ];
    // twice: the second time the fast path answers from its kept route matches
    for (const p of [...ok, ...ok]) expect((await same(on, off, p)).status, p).toBe(200);
    const refused: [string, number][] = [
      [`/api/v1/users/${u}/recommendations?n=abc`, 400],
      [`/api/v1/users/${u}/recommendations?n=0`, 400],
      [`/api/v1/users/${u}/recommendations?n=1000000000&model=bogus`, 400],
      [`/api/v1/users/${u}/recommendations?color=red`, 400],
      ['/api/v1/segments/not_a_segment/export', 400],
      [`/api/v1/merchants/${m}/export`, 400],
      ['/api/v1/users/a%2Fb/profile', 404],
      ['/api/v1/users/no%20such/profile', 404],
      ['/api/v1/merchants/m_nope/similar', 404],
      ['/api/v1/runs/999999', 404],
      ['/api/v1/nope', 404],
      ['/API/v1/ping', 404],
      ['/api/v1/ping/', 308],
      ['/api/v1/users/%/profile', 500],
    ];
    for (const [p, status] of [...refused, ...refused]) expect((await same(on, off, p)).status, p).toBe(status);
    // Decoded as Next decodes a segment: the id is echoed back in the answer.
    expect(JSON.parse((await same(on, off, '/api/v1/users/a%2Fb%20c%C3%A9/recommendations?n=1')).body).user_id).toBe('a/b cé');
    expect((await same(on, off, '/api/v1/ping', {}, 'HEAD')).body).toBe('');
    expect((await same(on, off, `/api/v1/users/${u}/recommendations?n=2`, {}, 'HEAD')).status).toBe(200);
    const gz = await same(on, off, `/api/v1/users/${u}/recommendations?n=10`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    // Next's router headers: the RSC redirect is Next's, and the fast path leaves it to Next.
    expect((await same(on, off, '/api/v1/ping', { rsc: '1' })).status).toBe(307);
    expect((await same(on, off, '/api/v1/events', {}, 'POST')).status).toBe(400);
  });
});

test('access control and the rate limit hold on the fast path, with the same answers as through Next', async () => {
  // the three pairs of servers start and run at once (distinct ports): a minute less of CI;
  // allSettled, so every pair has stopped its servers before the test ends, failed or not
  const settled = await Promise.allSettled([
    pair(2, { API_TOKEN: E2E_TOKEN, DASHBOARD_PASSWORD: E2E_PASSWORD }, async (on, off) => {
      const denied = await same(on, off, '/api/v1/users/u_1/recommendations?n=2');
      expect(denied.status).toBe(401);
      expect(denied.headers['www-authenticate']).toBe('Bearer');
      expect((await same(on, off, '/api/v1/ping', { authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await same(on, off, '/api/v1/ping', { authorization: `Bearer ${E2E_TOKEN}` })).status).toBe(200);
      expect((await same(on, off, '/api/v1/segments/lapsed_personalized/export')).status).toBe(401);
    }),
    pair(4, { API_RATE_LIMIT: '2' }, async (on, off) => {
      const client = { 'x-forwarded-for': '203.0.113.7' };
      expect((await same(on, off, '/api/v1/ping', client)).status).toBe(200);
      expect((await same(on, off, '/api/v1/models', client)).status).toBe(200);
      const limited = await same(on, off, '/api/v1/ping', client);
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('true'); // 58–60 s left in the window
      // One budget per client whichever path serves it: one request through Next (a next-url
      // header sends it there), one through the fast path, and the third is refused.
      const other = { 'x-forwarded-for': '203.0.113.8' };
      expect((await send(on, '/api/v1/ping', { ...other, 'next-url': '/x' })).status).toBe(200);
      expect((await send(on, '/api/v1/ping', other)).status).toBe(200);
      expect((await send(on, '/api/v1/ping', other)).status).toBe(429);
    }),
    // A handler that throws (here the guard, on an API_RATE_LIMIT that is not a number): 500 on both paths.
    pair(6, { API_RATE_LIMIT: 'lots' }, async (on, off) => {
      const failed = await same(on, off, '/api/v1/ping');
      expect(failed.status).toBe(500);
    }),
  ]);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
});

test("the fast path calls the handler of the very module Next loaded (one copy in Node's module cache)", () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'lib/server/fixtures/same-module.ts'], {
    env: { ...process.env, DATABASE_URL, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { loadedByNext: boolean; sameHandler: boolean; copies: number; throughNext: unknown; fast: unknown };
  expect(out).toMatchObject({ loadedByNext: true, sameHandler: true, copies: 1 });
  expect(out.fast).toEqual(out.throughNext);
});
