/**
 * The route table of the API fast path (lib/server/api-fast-path.ts), read from a production
 * build's own manifests — the files `next start` routes by — never written by hand:
 * - routes-manifest.json: Next's static and dynamic route regexes, in the order Next tries them,
 *   its redirects (e.g. the trailing-slash 308), headers, rewrites, basePath and i18n;
 * - server/app-paths-manifest.json: the compiled module of each app route;
 * - server/functions-config-manifest.json and server/middleware-manifest.json: the proxy's
 *   (middleware's) matchers.
 * A path is taken only when Next would run nothing but the route handler for it: no redirect,
 * rewrite, header rule or proxy matcher applies. When the build has rewrites, header rules, a
 * basePath or i18n, the table is empty (everything goes through Next) and says why.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One app route under the fast path's prefix. */
export interface ApiRoute {
  /** Next's page name, e.g. `/api/v1/users/[userId]/recommendations`. */
  page: string;
  /** Next's regex for the raw (still percent-encoded) pathname. */
  pattern: RegExp;
  /** The dynamic segments' names, in the order of the regex's groups. */
  params: string[];
  /** Absolute path of the compiled route module (the file Next's server requires). */
  file: string;
}

export interface ApiRouteTable {
  routes: ApiRoute[];
  /** Pathnames matching any of these are left to Next (redirects, proxy matchers). */
  declined: RegExp[];
  /** Why the table is empty, when the build has rules the fast path does not reproduce. */
  disabledReason: string | null;
}

interface ManifestRoute {
  page: string;
  regex: string;
}

interface RoutesManifest {
  basePath?: string;
  i18n?: unknown;
  redirects?: { regex: string }[];
  headers?: unknown[];
  rewrites?: unknown[] | { beforeFiles?: unknown[]; afterFiles?: unknown[]; fallback?: unknown[] };
  staticRoutes?: ManifestRoute[];
  dynamicRoutes?: ManifestRoute[];
}

type Matchers = { matchers?: { regexp: string }[] } | undefined;

function readJson<T>(file: string, fallback?: T): T {
  if (!existsSync(file)) {
    if (fallback !== undefined) return fallback;
    throw new Error(`${file} is missing: build the app first (next build)`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function rewriteCount(r: RoutesManifest['rewrites']): number {
  if (!r) return 0;
  if (Array.isArray(r)) return r.length;
  return (r.beforeFiles?.length ?? 0) + (r.afterFiles?.length ?? 0) + (r.fallback?.length ?? 0);
}

function whyNot(m: RoutesManifest): string | null {
  if (m.basePath) return `the build has a basePath (${m.basePath})`;
  if (m.i18n) return 'the build has i18n routing';
  if ((m.headers?.length ?? 0) > 0) return 'the build has header rules (next.config headers())';
  if (rewriteCount(m.rewrites) > 0) return 'the build has rewrites (next.config rewrites())';
  return null;
}

/** The dynamic segments of a page, or null when it has a catch-all (left to Next). */
function paramNames(page: string): string[] | null {
  const names: string[] = [];
  for (const seg of page.split('/')) {
    if (!seg.startsWith('[')) continue;
    if (seg.startsWith('[...') || seg.startsWith('[[')) return null;
    names.push(seg.slice(1, -1));
  }
  return names;
}

function proxyMatchers(serverDir: string): RegExp[] {
  const functions = readJson<{ functions?: Record<string, Matchers> }>(path.join(serverDir, 'functions-config-manifest.json'), {});
  const middleware = readJson<{ middleware?: Record<string, Matchers> }>(path.join(serverDir, 'middleware-manifest.json'), {});
  const all = [...Object.values(functions.functions ?? {}), ...Object.values(middleware.middleware ?? {})];
  return all.flatMap((f) => (f?.matchers ?? []).map((m) => new RegExp(m.regexp)));
}

/**
 * Reads the route table of the app routes whose page starts with `prefix` from the build in
 * `distDir` (absolute).
 * @throws Error naming the missing manifest when the build is absent or incomplete
 * @example readApiRouteTable('/srv/app/.next', '/api/v1/').routes.map((r) => r.page)
 */
export function readApiRouteTable(distDir: string, prefix: string): ApiRouteTable {
  const m = readJson<RoutesManifest>(path.join(distDir, 'routes-manifest.json'));
  const disabledReason = whyNot(m);
  if (disabledReason) return { routes: [], declined: [], disabledReason };
  const serverDir = path.join(distDir, 'server');
  const files = readJson<Record<string, string>>(path.join(serverDir, 'app-paths-manifest.json'));
  const routes: ApiRoute[] = [];
  // Next tries the static routes first, then the dynamic ones in the manifest's order.
  for (const r of [...(m.staticRoutes ?? []), ...(m.dynamicRoutes ?? [])]) {
    const file = files[`${r.page}/route`];
    const params = paramNames(r.page);
    if (!r.page.startsWith(prefix) || !file || !params) continue;
    routes.push({ page: r.page, pattern: new RegExp(r.regex), params, file: path.join(serverDir, file) });
  }
  const declined = [...(m.redirects ?? []).map((r) => new RegExp(r.regex)), ...proxyMatchers(serverDir)];
  return { routes, declined, disabledReason: null };
}

/** A matched route with its decoded parameters. */
export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

/**
 * The route Next would run for a raw pathname (percent-encoded, no query), with its parameters
 * decoded as Next decodes them (decodeURIComponent per segment: `a%2Fb` → `a/b`). Null when the
 * path is not the table's, a redirect or proxy matcher applies, or a parameter does not decode.
 */
export function matchApiRoute(table: ApiRouteTable, pathname: string): RouteMatch | null {
  for (const d of table.declined) if (d.test(pathname)) return null;
  for (const route of table.routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    try {
      route.params.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
    } catch {
      return null; // malformed escape: Next answers it its own way
    }
    return { route, params };
  }
  return null;
}
