/**
 * What a GET or HEAD handler under /api/v1 may read of its request: the URL, the method and the
 * headers. Next calls the handlers with its NextRequest (a Request); the API fast path
 * (lib/server/api-fast-path.ts) calls them with exactly these three, the URL being the one Next
 * would build and the headers a WHATWG Headers object. It does not build a WHATWG Request: in
 * Node 20 every Request creates an AbortSignal that survives young-generation collections, so
 * each request's objects were promoted to the old space (in bench:api, 12–14 ms scavenges and a
 * full collection every ~3 s: most of the p99). Handlers that need a body (POST) take a Request.
 */
export type ApiRequest = Pick<Request, 'url' | 'method' | 'headers'>;

/**
 * The registry symbol under which the API fast path's `ctx.params` promise also carries its
 * value (it is resolved when the handler is called): serveParams (./respond.ts) then runs the
 * route's body at once, without a reaction to the promise (a promise, a microtask turn and the
 * async-context hooks less per request). Next's own params promise has no such key.
 */
export const RESOLVED_PARAMS = Symbol.for('merchant-recs.api.resolved-params');

/** A resolved params promise carrying its value under RESOLVED_PARAMS (what the fast path passes). */
export function resolvedParams<P extends object>(params: P): Promise<P> {
  const p = Promise.resolve(params);
  Object.defineProperty(p, RESOLVED_PARAMS, { value: params });
  return p;
}
