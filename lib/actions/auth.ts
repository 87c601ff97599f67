'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';

import { clientAddress } from '@/lib/api/rate-limit';
import { clearLoginFailures, loginBlockedMessage, loginRetryAfter, recordLoginFailure } from '@/lib/auth/login-limit';
import { authConfig, checkLoginSecret, createSession, SESSION_COOKIE, SESSION_TTL_MS } from '@/lib/auth/session';

import type { ActionResult } from './result';

/** Only same-site paths may follow a login (no open redirect). */
function safeNext(next: FormDataEntryValue | null): string {
  const s = typeof next === 'string' ? next : '';
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') ? s : '/performance';
}

/**
 * Checks the password and starts a session (an HttpOnly, SameSite=Lax cookie). After 10 wrong
 * passwords from one client in 15 minutes (or 100 from all) it refuses to check more until the
 * window ends, saying how long to wait (lib/auth/login-limit.ts).
 */
export async function loginAction(_prev: unknown, form: FormData): Promise<ActionResult<null>> {
  const c = authConfig();
  const client = clientAddress(await headers());
  const wait = loginRetryAfter(client);
  if (wait > 0) return { ok: false, message: loginBlockedMessage(wait) };
  const secret = form.get('password');
  if (typeof secret !== 'string' || !secret) return { ok: false, message: 'Enter the password.' };
  if (!checkLoginSecret(c, secret)) {
    recordLoginFailure(client);
    return { ok: false, message: 'Wrong password.' };
  }
  clearLoginFailures(client);
  (await cookies()).set(SESSION_COOKIE, createSession(c), {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.COOKIE_SECURE === '1',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  redirect(safeNext(form.get('next')));
}

export async function logoutAction(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
  redirect('/login');
}
