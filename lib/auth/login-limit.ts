import { sharedLimiter } from '@/lib/api/rate-limit';

/** Failed logins allowed per client per window, and across all clients. */
export const LOGIN_FAILURES_PER_CLIENT = 10;
export const LOGIN_FAILURES_TOTAL = 100;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

const perClient = () => sharedLimiter('login-client', { limit: LOGIN_FAILURES_PER_CLIENT, windowMs: LOGIN_WINDOW_MS });
const total = () => sharedLimiter('login-total', { limit: LOGIN_FAILURES_TOTAL, windowMs: LOGIN_WINDOW_MS });

/**
 * Seconds `client` must wait before trying a password again (0: may try now). Blocked after
 * 10 failures from it in 15 minutes, or 100 from everyone (a client rotating its claimed address).
 */
export function loginRetryAfter(client: string, now = Date.now()): number {
  const a = perClient().check(client, now);
  const b = total().check('*', now);
  return a.allowed && b.allowed ? 0 : Math.max(a.allowed ? 0 : a.retryAfterSec, b.allowed ? 0 : b.retryAfterSec);
}

/** Counts a failed login of `client`. */
export function recordLoginFailure(client: string, now = Date.now()): void {
  perClient().hit(client, now);
  total().hit('*', now);
}

/** A successful login clears the client's failures. */
export function clearLoginFailures(client: string): void {
  perClient().reset(client);
}

/** "Too many failed logins…" with the wait in minutes. */
export function loginBlockedMessage(retryAfterSec: number): string {
  const min = Math.ceil(retryAfterSec / 60);
  return `Too many failed logins; try again in ${min} minute${min === 1 ? '' : 's'}.`;
}
