import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, expect, test } from 'vitest';

import { matchApiRoute, readApiRouteTable } from './api-routes';

// Hand-written manifests in the shape `next build` (16) writes them; the regexes are Next's.
const ROUTES = {
  basePath: '',
  redirects: [{ source: '/:path+/', regex: '^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))/$', internal: true }],
  headers: [],
  rewrites: { beforeFiles: [], afterFiles: [], fallback: [] },
  staticRoutes: [
    { page: '/api/v1/merchants/popular', regex: '^/api/v1/merchants/popular(?:/)?$' },
    { page: '/api/v1/ping', regex: '^/api/v1/ping(?:/)?$' },
    { page: '/data', regex: '^/data(?:/)?$' },
  ],
  dynamicRoutes: [
    { page: '/api/v1/merchants/[merchantId]', regex: '^/api/v1/merchants/([^/]+?)(?:/)?$' },
    { page: '/api/v1/shops/[shopId]/items/[itemId]', regex: '^/api/v1/shops/([^/]+?)/items/([^/]+?)(?:/)?$' },
    { page: '/api/v1/files/[...rest]', regex: '^/api/v1/files/(.+?)(?:/)?$' },
    { page: '/users/[userId]', regex: '^/users/([^/]+?)(?:/)?$' },
  ],
};
const APP_PATHS = {
  '/api/v1/merchants/popular/route': 'app/api/v1/merchants/popular/route.js',
  '/api/v1/ping/route': 'app/api/v1/ping/route.js',
  '/api/v1/merchants/[merchantId]/route': 'app/api/v1/merchants/[merchantId]/route.js',
  '/api/v1/shops/[shopId]/items/[itemId]/route': 'app/api/v1/shops/[shopId]/items/[itemId]/route.js',
  '/api/v1/files/[...rest]/route': 'app/api/v1/files/[...rest]/route.js',
  '/data/page': 'app/data/page.js',
  '/users/[userId]/page': 'app/users/[userId]/page.js',
};
// The proxy's matcher as Next 16 writes it for `matcher: ['/api/v1/private/:path*']`.
const PROXY = { functions: { '/_middleware': { runtime: 'nodejs', matchers: [{ regexp: '^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/api\\/v1\\/private(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json)?[\\/#\\?]?$' }] } } };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function build(routes: object = ROUTES, proxy: object | null = null): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'api-routes-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'server'));
  writeFileSync(path.join(dir, 'routes-manifest.json'), JSON.stringify(routes));
  writeFileSync(path.join(dir, 'server', 'app-paths-manifest.json'), JSON.stringify(APP_PATHS));
  if (proxy) writeFileSync(path.join(dir, 'server', 'functions-config-manifest.json'), JSON.stringify(proxy));
  return dir;
}

test('the table holds the app routes under the prefix, static ones first, catch-alls left to Next', () => {
  const dir = build();
  const t = readApiRouteTable(dir, '/api/v1/');
  expect(t.disabledReason).toBeNull();
  expect(t.routes.map((r) => r.page)).toEqual(['/api/v1/merchants/popular', '/api/v1/ping', '/api/v1/merchants/[merchantId]', '/api/v1/shops/[shopId]/items/[itemId]']);
  expect(t.routes[2]!.file).toBe(path.join(dir, 'server', 'app/api/v1/merchants/[merchantId]/route.js'));
  expect(t.routes[3]!.params).toEqual(['shopId', 'itemId']);
});

test('matching: static before dynamic, params decoded per segment as Next decodes them', () => {
  const t = readApiRouteTable(build(), '/api/v1/');
  expect(matchApiRoute(t, '/api/v1/merchants/popular')).toMatchObject({ route: { page: '/api/v1/merchants/popular' }, params: {} });
  expect(matchApiRoute(t, '/api/v1/merchants/m_1')?.params).toEqual({ merchantId: 'm_1' });
  expect(matchApiRoute(t, '/api/v1/merchants/u%20x')?.params).toEqual({ merchantId: 'u x' });
  expect(matchApiRoute(t, '/api/v1/merchants/a%2Fb')?.params).toEqual({ merchantId: 'a/b' });
  expect(matchApiRoute(t, '/api/v1/merchants/%C3%A9%E2%82%AC')?.params).toEqual({ merchantId: 'é€' });
  expect(matchApiRoute(t, '/api/v1/merchants/a+b%3F')?.params).toEqual({ merchantId: 'a+b?' });
  expect(matchApiRoute(t, '/api/v1/shops/s%201/items/i%2F2')?.params).toEqual({ shopId: 's 1', itemId: 'i/2' });
});

test('left to Next: unknown paths, other prefixes, trailing slashes (its 308), bad escapes, case', () => {
  const t = readApiRouteTable(build(), '/api/v1/');
  for (const p of ['/api/v1/nope', '/api/v1/ping/', '/api/v1/merchants/m_1/', '/api/v1/files/a/b', '/data', '/users/u1', '/api/v1/merchants/%', '/api/v1/merchants/%E0%A4%A', '/API/v1/ping', '/api/v1/merchants/a/b']) {
    expect(matchApiRoute(t, p), p).toBeNull();
  }
});

test("paths the proxy's matcher covers are left to Next", () => {
  const routes = { ...ROUTES, staticRoutes: [...ROUTES.staticRoutes, { page: '/api/v1/private/report', regex: '^/api/v1/private/report(?:/)?$' }] };
  const paths = { ...APP_PATHS, '/api/v1/private/report/route': 'app/api/v1/private/report/route.js' };
  const dir = build(routes, PROXY);
  writeFileSync(path.join(dir, 'server', 'app-paths-manifest.json'), JSON.stringify(paths));
  const t = readApiRouteTable(dir, '/api/v1/');
  expect(t.routes.map((r) => r.page)).toContain('/api/v1/private/report');
  expect(matchApiRoute(t, '/api/v1/private/report')).toBeNull();
  expect(matchApiRoute(t, '/api/v1/ping')?.route.page).toBe('/api/v1/ping');
});

test('a build with rewrites, header rules, a basePath or i18n gets no fast path, and says why', () => {
  const cases: [object, string][] = [
    [{ ...ROUTES, rewrites: { beforeFiles: [{ source: '/a', destination: '/b' }], afterFiles: [], fallback: [] } }, 'rewrites'],
    [{ ...ROUTES, rewrites: [{ source: '/a', destination: '/b' }] }, 'rewrites'],
    [{ ...ROUTES, headers: [{ source: '/api/:p*', headers: [] }] }, 'header rules'],
    [{ ...ROUTES, basePath: '/shop' }, 'basePath (/shop)'],
    [{ ...ROUTES, i18n: { locales: ['en'] } }, 'i18n'],
  ];
  for (const [routes, why] of cases) {
    const t = readApiRouteTable(build(routes), '/api/v1/');
    expect(t.routes).toEqual([]);
    expect(t.disabledReason).toContain(why);
    expect(matchApiRoute(t, '/api/v1/ping')).toBeNull();
  }
});

test('a missing build is named', () => {
  expect(() => readApiRouteTable(path.join(tmpdir(), 'no-such-build-dir'), '/api/v1/')).toThrow(/routes-manifest\.json is missing: build the app first/);
});
