'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';

import { authConfig, checkLoginSecret, createSession, SESSION_COOKIE, SESSION_TTL_MS } from '@/lib/auth/session';

import type { ActionResult } from './result';

/** Only same-site paths may follow a login (no open redirect). */
function safeNext(next: FormDataEntryValue | null): string {
  const s = typeof next === 'string' ? next : '';
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') ? s : '/performance';
}

/** Checks the password and starts a session (an HttpOnly, SameSite=Lax cookie). */
export async function loginAction(_prev: unknown, form: FormData): Promise<ActionResult<null>> {
  const c = authConfig();
  const secret = form.get('password');
  if (typeof secret !== 'string' || !secret) return { ok: false, message: 'Enter the password.' };
  if (!checkLoginSecret(c, secret)) return { ok: false, message: 'Wrong password.' };
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
