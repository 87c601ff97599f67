/**
 * Access control and the opt-in rate limit of /api/v1, in the route layer: every route handler
 * under app/api is wrapped in `guarded`, and proxy.ts does not match /api (Next's proxy cost
 * about 40 % of the API's throughput). The rules are the ones the proxy applied before:
 * - API_RATE_LIMIT requests per minute per client (bearer token, hashed, else address) → 429
 *   with Retry-After; off by default; checked first, with or without secrets.
 * - With API_TOKEN or DASHBOARD_PASSWORD set: `Authorization: Bearer $API_TOKEN` or a dashboard
 *   session cookie admits, anything else → 401 JSON. Secrets are never logged.
 * Both refusals happen before the handler runs, so a refused request body is never read.
 */
import { createHash } from 'node:crypto';

import { authConfig, authRequired, checkBearer, SESSION_COOKIE, verifySession } from '@/lib/auth/session';

import type { ApiRequest } from './api-request';
import { apiError } from './respond';
import { apiRateLimit, clientAddress, sharedLimiter } from './rate-limit';

/** The message of the 401 every API route answers without credentials when a secret is set. */
export const UNAUTHORIZED_MESSAGE = 'Authentication required: send Authorization: Bearer <API_TOKEN>, or log in to the dashboard.';

/**
 * Wraps a route handler: the request is checked against the rate limit and the access rules
 * first, and the handler runs only when both admit it.
 * @example export const GET = guarded(async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) { ... });
 */
export function guarded<R extends ApiRequest, C extends unknown[]>(handler: (req: R, ...ctx: C) => Response | Promise<Response>): (req: R, ...ctx: C) => Promise<Response> {
  // Not an async function: one resolving with the handler's promise costs two more microtask
  // turns and promises (each with Next's async-context hooks) on every admitted request.
  return (req, ...ctx) => {
    try {
      return Promise.resolve(refusal(req) ?? handler(req, ...ctx));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  };
}

/** The 429 or 401 response for a request the API must refuse, or null when it may proceed. */
export function refusal(req: ApiRequest): Response | null {
  const limited = rateLimited(req);
  if (limited) return limited;
  const c = authConfig();
  if (!authRequired(c)) return null;
  if (checkBearer(c, req.headers.get('authorization'))) return null;
  if (verifySession(c, cookieValue(req.headers.get('cookie'), SESSION_COOKIE))) return null;
  return apiError('unauthorized', UNAUTHORIZED_MESSAGE, undefined, { 'WWW-Authenticate': 'Bearer' });
}

function rateLimited(req: ApiRequest): Response | null {
  const limit = apiRateLimit();
  if (!limit) return null;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization')?.trim() ?? '')?.[1];
  const client = bearer ? `token:${createHash('sha256').update(bearer).digest('hex').slice(0, 32)}` : `ip:${clientAddress(req.headers)}`;
  const d = sharedLimiter('api', { limit, windowMs: 60_000 }).hit(client);
  if (d.allowed) return null;
  return apiError('too_many_requests', `More than ${limit} requests in a minute from this client; retry in ${d.retryAfterSec} s.`, undefined, {
    'Retry-After': String(d.retryAfterSec),
  });
}

/** The value of cookie `name` in a Cookie header (URI-decoded like Next's own parser), or undefined. */
export function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}
