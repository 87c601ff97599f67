/**
 * The API fast path of the serving process (lib/server/serve.ts): a GET or HEAD request under
 * /api/v1 that the build routes to an app route is answered by that route's own exported
 * handler, without Next's request pipeline (router server, base server, route template, web
 * stream piping, async-storage scopes, tracing: ~1.6 ms of CPU per request here). Everything
 * else — pages, server actions, other methods, unknown paths, redirects, requests carrying
 * Next's router headers or query keys — goes to Next's handler unchanged.
 *
 * One definition and one instance of everything: the handler is `routeModule.userland.GET` of
 * the compiled module Next itself requires for the route (server/app/.../route.js from the
 * build's manifest), loaded with Node's `require`, so Node's module cache hands both paths the
 * same module (and with it the same serving index, rate limiter and auth config). Next's own
 * work that changes the answer is repeated: the x-forwarded-* request headers, the request URL
 * (`http://<hostname>:<port><path>`; handlers get url, method and headers,
 * lib/api/api-request.ts), decoded route params, the Vary header, the response
 * copy rules of its sendResponse, gzip through the same compression middleware (its Vary alone
 * for requests without Accept-Encoding, ./unencoded-vary.ts) when
 * next.config's `compress` is on, and an empty 500 (logged) when the handler throws. A route
 * is taken only when it is `dynamic = 'force-dynamic'` on the Node runtime (never cached by
 * Next) and exports GET; handlers must not use next/headers, cookies() or after(), which need
 * Next's request scope (e2e/api-fast-path.spec.ts compares every route's answers with the
 * fast path on and off).
 *
 * Off with API_FAST_PATH=0.
 */
import type http from 'node:http';
import { createRequire } from 'node:module';

import { resolvedParams, type ApiRequest } from '@/lib/api/api-request';
import { fastPathScope, JSON_TEXT, stringsAscii, type JsonText } from '@/lib/api/json-text';

import { KeptMap } from '@/lib/kept-map';

import { matchApiRoute, type ApiRouteTable, type RouteMatch } from './api-routes';
import { unencodedVary, type Compression } from './unencoded-vary';

const requireBuild = createRequire(import.meta.url);

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;
type RouteHandler = (req: ApiRequest, ctx: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;
type Pipe = (body: ReadableStream<Uint8Array>, res: http.ServerResponse) => Promise<void>;

/** Next's Vary value for app routes (base-server setVaryHeader), from its own constants. */
function appVary(): string {
  const h = requireBuild('next/dist/client/components/app-router-headers') as Record<string, string>;
  return [h.RSC_HEADER, h.NEXT_ROUTER_STATE_TREE_HEADER, h.NEXT_ROUTER_PREFETCH_HEADER, h.NEXT_ROUTER_SEGMENT_PREFETCH_HEADER].join(', ');
}

/** Pathnames whose route match is kept (a few hundred bytes each). */
const MATCHES_KEPT = 4096;

/** Response headers Next's sendResponse never copies (the body may have been re-framed). */
const NOT_COPIED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'x-middleware-set-cookie']);
/** Response headers Next's sendResponse appends even when already set. */
const MULTI = new Set(['set-cookie', 'www-authenticate', 'proxy-authenticate', 'vary']);

/** Request headers that make Next do something else than run the handler (RSC redirects, prefetch, internal routing). */
function nextHeader(name: string): boolean {
  return name === 'rsc' || name.startsWith('next-') || name.startsWith('x-nextjs') || name.startsWith('x-middleware') || name.startsWith('x-now-') || name === 'x-matched-path' || name.startsWith('x-invoke');
}

/** Query keys Next reads or strips itself (`_rsc`, `__next…`, route-key prefixes `nxtP…`/`nxtI…`). */
const NEXT_QUERY = /(?:^|&)(?:_rsc|__next|nxt[PI])/;

export interface ApiFastPathOptions {
  table: ApiRouteTable;
  /** The hostname and port Next was created with (its request URLs are built from them). */
  hostname: string;
  port: number;
  /** next.config's `compress` (default true): gzip as Next's router server does. */
  compress: boolean;
}

/** The handlers the fast path calls for one route. */
export interface RouteHandlers {
  GET: RouteHandler;
  HEAD: RouteHandler;
}

/**
 * The GET and HEAD handlers of a compiled app route (`routeModule.userland`, as Next calls
 * them; HEAD is GET unless the route exports one), loaded with Node's require — the same module
 * object Next's server gets for the file. Null when the fast path must not take the route: not
 * an app route, not `dynamic = 'force-dynamic'`, the edge runtime, or no GET.
 */
export async function loadRouteHandlers(file: string): Promise<RouteHandlers | null> {
  const mod = requireBuild(file) as { routeModule?: { definition?: { kind?: string }; ensureUserland?: () => Promise<void>; userland?: Record<string, unknown> } };
  const rm = mod.routeModule;
  if (rm?.definition?.kind !== 'APP_ROUTE' || typeof rm.ensureUserland !== 'function') return null;
  await rm.ensureUserland();
  const u = rm.userland ?? {};
  if (u.dynamic !== 'force-dynamic' || u.runtime === 'edge' || typeof u.GET !== 'function') return null;
  return { GET: u.GET as RouteHandler, HEAD: (u.HEAD ?? u.GET) as RouteHandler };
}

/**
 * Wraps Next's request listener: requests the fast path takes are answered by the route's
 * handler, all others are passed to `next` unchanged.
 */
export function createApiFastPath(o: ApiFastPathOptions, next: Listener): Listener {
  const vary = appVary();
  const compressionModule = o.compress ? (requireBuild('next/dist/compiled/compression') as Compression) : null;
  const compression = compressionModule?.();
  const varyUnencoded = compressionModule ? unencodedVary(compressionModule) : null;
  const pipe = (requireBuild('next/dist/server/pipe-readable') as { pipeToNodeResponse: Pipe }).pipeToNodeResponse;
  const host = o.hostname.includes(':') ? `[${o.hostname}]` : o.hostname;
  const loaded = new Map<string, Promise<RouteHandlers | null>>();
  // The match of a pathname (route and decoded params, frozen: handlers only read them), or null,
  // kept for the last MATCHES_KEPT / 2 distinct pathnames at least: a repeated path costs one Map
  // lookup, where matching it took ~3.7 µs of a recommendation in `perf` under bench:api (a
  // regex per route before it, the params decoded).
  const matches = new KeptMap<string, RouteMatch | null>(MATCHES_KEPT);
  const match = (pathname: string) =>
    matches.get(pathname, () => {
      const m = matchApiRoute(o.table, pathname);
      if (m) Object.freeze(m.params);
      return m;
    });
  const load = (file: string) => {
    let p = loaded.get(file);
    if (!p) loaded.set(file, (p = loadRouteHandlers(file)));
    return p;
  };

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, file: string, params: Record<string, string>) {
    const route = await load(file);
    if (!route) return next(req, res);
    // As Next's base server: x-forwarded-* from the connection when the client sent none.
    const h = req.headers;
    h['x-forwarded-host'] ??= h.host ?? o.hostname;
    h['x-forwarded-port'] ??= String(o.port);
    h['x-forwarded-proto'] ??= 'http';
    h['x-forwarded-for'] ??= req.socket.remoteAddress;
    const headers = new Headers();
    for (const [k, v] of Object.entries(h)) {
      if (Array.isArray(v)) for (const x of v) headers.append(k, x);
      else if (v !== undefined) headers.set(k, v);
    }
    // what the GET/HEAD handlers read (lib/api/api-request.ts); not a WHATWG Request, whose
    // AbortSignal would outlive young-generation collections
    const request: ApiRequest = { url: `http://${host}:${o.port}${req.url}`, method: req.method!, headers };
    // Without Accept-Encoding the middleware would only add `Vary: Accept-Encoding` (negotiating
    // the absent header cost ~4 µs per answer over its 1 KB threshold in a CPU profile under
    // bench:api): varyUnencoded does that.
    const negotiate = compression && h['accept-encoding'] !== undefined;
    if (negotiate) compression(req, res, () => undefined);
    res.setHeader('vary', vary);
    let response: Response;
    try {
      const handler = req.method === 'HEAD' ? route.HEAD : route.GET;
      response = await fastPathScope.run(true, handler, request, { params: resolvedParams(params) });
      if (!(response instanceof Response)) throw new Error('the route handler did not return a Response');
    } catch (e) {
      console.error(`api fast path: ${req.method} ${req.url} failed`, e);
      res.statusCode = 500;
      res.end();
      return;
    }
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
      if (NOT_COPIED.has(name)) return;
      if (MULTI.has(name) || res.getHeader(name) === undefined) res.appendHeader(name, value);
    });
    if (varyUnencoded && !negotiate) varyUnencoded(req, res);
    const text = (response as { [JSON_TEXT]?: JsonText })[JSON_TEXT];
    if (req.method === 'HEAD') res.end();
    else if (typeof text === 'string') res.end(text); // lib/api/respond.ts's body text (in this scope its Response has no stream)
    else if (text) {
      // parts (a kept answer, then its processing time) written as they are, with one
      // Content-Length: concatenating them into a new 7 KB Buffer per request gave a worse p99
      // (bench:api, 68 against 44–47 ms with 1,024 descriptors). Corked, so that headers and
      // parts leave in one writev (strace: two writes to the socket without it). The headers are
      // queued first as a chunk of their own (flushHeaders): Node prepends them to a first
      // string written, which made a new 8 KB string to flatten and encode per answer.
      // The parts carry their UTF-8 length; strings are ASCII, written as latin1 (a copy, where
      // UTF-8 encoding reads every character), and other text comes as its UTF-8 bytes.
      const parts = text.parts;
      const encoding = stringsAscii(text) ? 'latin1' : 'utf8';
      res.setHeader('content-length', text.bytes);
      const socket = res.socket;
      socket?.cork();
      if (!negotiate) res.flushHeaders();
      for (let i = 0; i < parts.length - 1; i++) res.write(parts[i]!, encoding);
      res.end(parts[parts.length - 1], encoding);
      socket?.uncork();
    } else if (!response.body) res.end();
    else if (response.headers.get('content-type')?.startsWith('application/json')) res.end(Buffer.from(await response.arrayBuffer()));
    else await pipe(response.body, res);
  }

  return (req, res) => {
    const url = req.url ?? '';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.startsWith('/api/v1/')) return next(req, res);
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (q >= 0 && NEXT_QUERY.test(url.slice(q + 1))) return next(req, res);
    for (const name in req.headers) if (nextHeader(name)) return next(req, res);
    const m = match(pathname);
    if (!m) return next(req, res);
    answer(req, res, m.route.file, m.params).catch((e: unknown) => {
      console.error(`api fast path: ${req.method} ${req.url} failed`, e);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
}
