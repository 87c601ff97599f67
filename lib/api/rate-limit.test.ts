import { afterEach, expect, test } from 'vitest';

import { LOGIN_FAILURES_PER_CLIENT, LOGIN_WINDOW_MS, clearLoginFailures, loginBlockedMessage, loginRetryAfter, recordLoginFailure } from '@/lib/auth/login-limit';

import { refusal } from './guard';
import { apiRateLimit, clientAddress, RateLimiter } from './rate-limit';

afterEach(() => {
  delete process.env.API_RATE_LIMIT;
  delete process.env.API_TOKEN;
  (globalThis as { __rateLimiters?: unknown }).__rateLimiters = undefined;
});

test('a client gets `limit` requests per window, then a refusal with the seconds left; a new window starts over', () => {
  const l = new RateLimiter({ limit: 3, windowMs: 60_000 });
  expect([1, 2, 3].map(() => l.hit('a', 1_000).allowed)).toEqual([true, true, true]);
  expect(l.hit('a', 1_000)).toEqual({ allowed: false, remaining: 0, retryAfterSec: 60 });
  expect(l.hit('a', 45_500)).toEqual({ allowed: false, remaining: 0, retryAfterSec: 16 });
  expect(l.hit('b', 45_500)).toEqual({ allowed: true, remaining: 2, retryAfterSec: 60 });
  expect(l.hit('a', 61_000)).toEqual({ allowed: true, remaining: 2, retryAfterSec: 60 });
});

test('memory is bounded: past maxClients the oldest windows are evicted', () => {
  const l = new RateLimiter({ limit: 1, windowMs: 60_000, maxClients: 100 });
  for (let i = 0; i < 1000; i++) l.hit(`c${i}`, i);
  expect(l.size).toBe(100);
  // c999 is still tracked (refused), c0 was evicted (allowed again)
  expect(l.hit('c999', 1000).allowed).toBe(false);
  expect(l.hit('c0', 1000).allowed).toBe(true);
});

test('API_RATE_LIMIT: unset or 0 is off, a number is per minute, anything else names the variable', () => {
  expect(apiRateLimit({})).toBe(0);
  expect(apiRateLimit({ API_RATE_LIMIT: '0' })).toBe(0);
  expect(apiRateLimit({ API_RATE_LIMIT: ' 600 ' })).toBe(600);
  expect(() => apiRateLimit({ API_RATE_LIMIT: '-5' })).toThrow('API_RATE_LIMIT must be a whole number of requests per minute per client, or 0 for none (got "-5")');
});

test('client address: first X-Forwarded-For entry, else X-Real-IP, else unknown', () => {
  expect(clientAddress(new Headers({ 'x-forwarded-for': '10.0.0.7, 127.0.0.1' }))).toBe('10.0.0.7');
  expect(clientAddress(new Headers({ 'x-real-ip': '10.0.0.8' }))).toBe('10.0.0.8');
  expect(clientAddress(new Headers())).toBe('unknown');
});

/** The API's guard on a request: its refusal, or a stand-in 200 when it lets the request through. */
const api = (headers: Record<string, string> = {}) => refusal(new Request('http://127.0.0.1/api/v1/health', { headers })) ?? new Response(null, { status: 200 });

test('API guard: with API_RATE_LIMIT=3 the 4th request of a client in a minute gets 429 JSON with Retry-After; other clients are unaffected', async () => {
  process.env.API_RATE_LIMIT = '3';
  const ip = { 'x-forwarded-for': '10.1.1.1' };
  for (let i = 0; i < 3; i++) expect(api(ip).status).toBe(200);
  const r = api(ip);
  expect(r.status).toBe(429);
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
  expect(await r.json()).toEqual({ error: { code: 'too_many_requests', message: expect.stringMatching(/^More than 3 requests in a minute from this client; retry in (59|60) s\.$/) } });
  expect(api({ 'x-forwarded-for': '10.1.1.2' }).status).toBe(200);
  // A bearer token is its own client, whatever address it comes from.
  process.env.API_TOKEN = 'tok';
  for (let i = 0; i < 3; i++) expect(api({ ...ip, authorization: 'Bearer tok' }).status).toBe(200);
  expect(api({ 'x-forwarded-for': '10.9.9.9', authorization: 'Bearer tok' }).status).toBe(429);
});

test('API guard: without API_RATE_LIMIT there is no limit', () => {
  for (let i = 0; i < 50; i++) expect(api({ 'x-forwarded-for': '10.1.1.1' }).status).toBe(200);
});

test('login: 10 failures from a client in 15 minutes block it until the window ends; other clients may still try', () => {
  const t0 = 1_000_000;
  for (let i = 0; i < LOGIN_FAILURES_PER_CLIENT - 1; i++) recordLoginFailure('1.2.3.4', t0);
  expect(loginRetryAfter('1.2.3.4', t0)).toBe(0);
  recordLoginFailure('1.2.3.4', t0);
  expect(loginRetryAfter('1.2.3.4', t0 + 60_000)).toBe(14 * 60);
  expect(loginBlockedMessage(14 * 60)).toBe('Too many failed logins; try again in 14 minutes.');
  expect(loginRetryAfter('5.6.7.8', t0)).toBe(0);
  expect(loginRetryAfter('1.2.3.4', t0 + LOGIN_WINDOW_MS)).toBe(0);
  clearLoginFailures('5.6.7.8');
});

test('login: 100 failures across rotating addresses block everyone for the window', () => {
  const t0 = 5_000_000;
  for (let i = 0; i < 100; i++) recordLoginFailure(`9.9.9.${i}`, t0);
  expect(loginRetryAfter('8.8.8.8', t0 + 1000)).toBe(899);
});
