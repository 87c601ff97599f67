/**
 * Access control of the API in the route layer (lib/api/guard.ts), proven on every route file:
 * this walks app/api/**\/route.ts, so a route added later without `guarded` fails here. With a
 * secret set, every exported HTTP method of every route answers 401 with the one JSON body
 * without credentials (and with wrong ones), before its handler touches the database; the
 * bearer token and a dashboard session admit; the proxy no longer matches /api.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';

import { createSession, SESSION_COOKIE } from '@/lib/auth/session';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';
import { config as proxyConfig } from '@/proxy';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const API_DIR = path.join(process.cwd(), 'app', 'api');
const UNAUTHORIZED = {
  error: { code: 'unauthorized', message: 'Authentication required: send Authorization: Bearer <API_TOKEN>, or log in to the dashboard.' },
};

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === 'route.ts' ? [p] : [];
  });
}

/** `/api/v1/users/[userId]/profile` → a URL with `x` for each dynamic segment, and the params. */
function urlOf(file: string): { url: string; params: Record<string, string> } {
  const segments = path.relative(path.join(process.cwd(), 'app'), path.dirname(file)).split(path.sep);
  const params: Record<string, string> = {};
  const parts = segments.map((s) => {
    const m = /^\[(\w+)\]$/.exec(s);
    if (!m) return s;
    params[m[1]!] = 'x';
    return 'x';
  });
  return { url: `http://127.0.0.1/${parts.join('/')}`, params };
}

const routes = routeFiles(API_DIR).sort();

let t: TempDb;
let before: ReturnType<TempDb['counts']>;
beforeAll(() => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  before = t.counts();
});
afterEach(() => {
  delete process.env.API_TOKEN;
  delete process.env.DASHBOARD_PASSWORD;
});
afterAll(() => {
  expect(t.counts()).toEqual(before);
  t.close();
});

test('the walk finds every API route file (16 under /api/v1 today)', () => {
  expect(routes.length).toBeGreaterThanOrEqual(16);
  expect(routes.map((f) => urlOf(f).url)).toContain('http://127.0.0.1/api/v1/users/x/recommendations');
});

test.each([
  ['API_TOKEN', { API_TOKEN: 'tok_walk' }],
  ['DASHBOARD_PASSWORD', { DASHBOARD_PASSWORD: 'pw_walk' }],
])('with %s set, every method of every route refuses a request without credentials: 401, the JSON body, WWW-Authenticate', async (_name, env) => {
  Object.assign(process.env, env);
  let checked = 0;
  for (const file of routes) {
    const mod = (await import(file)) as Record<string, unknown>;
    const methods = HTTP_METHODS.filter((m) => typeof mod[m] === 'function');
    expect(methods.length, `${file} exports no HTTP method`).toBeGreaterThan(0);
    const { url, params } = urlOf(file);
    for (const method of methods) {
      const handler = mod[method] as Handler;
      const body = method === 'GET' || method === 'HEAD' ? undefined : '{"user_id":"a","merchant_id":"b","order_total":1,"event_time":"2024-01-01T00:00:00Z"}';
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { cookie: `${SESSION_COOKIE}=v1.99999999999999.forged` }];
      for (const headers of attempts) {
        const res = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
        const what = `${method} ${url} with ${JSON.stringify(headers)}`;
        expect(res.status, what).toBe(401);
        expect(res.headers.get('www-authenticate'), what).toBe('Bearer');
        expect(await res.json(), what).toEqual(UNAUTHORIZED);
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThanOrEqual(16 * 3);
});

test('the bearer token or a dashboard session admits; a session signed for other secrets does not', async () => {
  process.env.API_TOKEN = 'tok_walk';
  process.env.DASHBOARD_PASSWORD = 'pw_walk';
  const { GET } = await import('@/app/api/v1/ping/route');
  const ping = (headers: Record<string, string>) => GET(new Request('http://127.0.0.1/api/v1/ping', { headers }));
  expect((await ping({ authorization: 'Bearer tok_walk' })).status).toBe(200);
  expect(await (await ping({ authorization: 'bearer   tok_walk ' })).json()).toEqual({ ok: true, service: 'merchant-recs' });
  const session = createSession({ apiToken: 'tok_walk', password: 'pw_walk' });
  expect((await ping({ cookie: `theme=dark; ${SESSION_COOKIE}=${session}` })).status).toBe(200);
  expect((await ping({ cookie: `${SESSION_COOKIE}=${createSession({ apiToken: 'other', password: 'pw_walk' })}` })).status).toBe(401);
  expect((await ping({ authorization: 'Basic dG9rX3dhbGs=' })).status).toBe(401);
  // Without secrets the API is open.
  delete process.env.API_TOKEN;
  delete process.env.DASHBOARD_PASSWORD;
  expect((await ping({})).status).toBe(200);
});

test("the proxy's matcher leaves /api to the route layer and still covers pages and server actions", () => {
  const matcher = new RegExp(`^${proxyConfig.matcher[0]}$`);
  for (const p of ['/api/v1/ping', '/api/v1/users/u1/recommendations', '/api/v1/events']) expect(matcher.test(p), p).toBe(false);
  for (const p of ['/', '/data', '/login', '/segments', '/users/u1', '/apiary']) expect(matcher.test(p), p).toBe(true);
  for (const p of ['/_next/static/chunks/a.js', '/favicon.ico']) expect(matcher.test(p), p).toBe(false);
});
