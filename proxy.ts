import { NextResponse, type NextRequest } from 'next/server';

import { authConfig, authRequired, SESSION_COOKIE, verifySession } from '@/lib/auth/session';

/**
 * Access control for the pages and server actions. Without DASHBOARD_PASSWORD and API_TOKEN the
 * app is open (and says so on every page). With either set: pages need a session from /login
 * (else a redirect there), and server actions and other non-GET page requests get 401.
 * /api is not matched: its routes apply the same secrets, and the opt-in rate limit, themselves
 * (lib/api/guard.ts), which costs far less per request than a pass through the proxy.
 * Secrets are never logged.
 */
export function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  const c = authConfig();
  if (!authRequired(c)) return NextResponse.next();
  if (pathname === '/login') return NextResponse.next();
  if (verifySession(c, req.cookies.get(SESSION_COOKIE)?.value)) return NextResponse.next();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return NextResponse.json({ error: { code: 'unauthorized', message: 'Log in first.' } }, { status: 401 });
  }
  const login = new URL('/login', req.url);
  login.searchParams.set('next', pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything but the API (guarded in its route handlers) and Next's static assets.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
};
