import { createHash } from 'node:crypto';

import { NextResponse, type NextRequest } from 'next/server';

import { apiRateLimit, clientAddress, sharedLimiter } from '@/lib/api/rate-limit';
import { authConfig, authRequired, checkBearer, SESSION_COOKIE, verifySession } from '@/lib/auth/session';

/**
 * Access control for everything the app serves. Without DASHBOARD_PASSWORD and API_TOKEN the
 * app is open (and says so on every page). With either set: pages need a session from /login
 * (else a redirect there), server actions and other non-GET page requests get 401, and
 * /api/v1 needs `Authorization: Bearer $API_TOKEN` or a dashboard session (else 401 JSON).
 * Secrets are never logged.
 */
export function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  if (pathname.startsWith('/api/')) {
    const limited = apiLimited(req);
    if (limited) return limited;
  }
  const c = authConfig();
  if (!authRequired(c)) return NextResponse.next();
  if (pathname === '/login') return NextResponse.next();
  const session = verifySession(c, req.cookies.get(SESSION_COOKIE)?.value);
  if (pathname.startsWith('/api/')) {
    if (session || checkBearer(c, req.headers.get('authorization'))) return NextResponse.next();
    return NextResponse.json(
      { error: { code: 'unauthorized', message: 'Authentication required: send Authorization: Bearer <API_TOKEN>, or log in to the dashboard.' } },
      { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
    );
  }
  if (session) return NextResponse.next();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return NextResponse.json({ error: { code: 'unauthorized', message: 'Log in first.' } }, { status: 401 });
  }
  const login = new URL('/login', req.url);
  login.searchParams.set('next', pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

/**
 * The opt-in API rate limit (API_RATE_LIMIT requests per minute per client; off by default):
 * a client is its bearer token (hashed) when it sends one, else its address. Over the limit →
 * 429 with Retry-After.
 */
function apiLimited(req: NextRequest): NextResponse | null {
  const limit = apiRateLimit();
  if (!limit) return null;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization')?.trim() ?? '')?.[1];
  const client = bearer ? `token:${createHash('sha256').update(bearer).digest('hex').slice(0, 32)}` : `ip:${clientAddress(req.headers)}`;
  const d = sharedLimiter('api', { limit, windowMs: 60_000 }).hit(client);
  if (d.allowed) return null;
  return NextResponse.json(
    { error: { code: 'too_many_requests', message: `More than ${limit} requests in a minute from this client; retry in ${d.retryAfterSec} s.` } },
    { status: 429, headers: { 'Retry-After': String(d.retryAfterSec), 'Cache-Control': 'no-store' } },
  );
}

export const config = {
  // Everything but Next's static assets.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
