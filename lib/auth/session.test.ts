import { expect, test } from 'vitest';

import { authRequired, checkBearer, checkLoginSecret, createSession, SESSION_TTL_MS, verifySession } from './session';

const c = { password: 'open sesame', apiToken: 'tok_123' };
const NOW = Date.UTC(2026, 10, 22);

test('a session verifies until it expires, and only under the same secrets', () => {
  const s = createSession(c, NOW);
  expect(verifySession(c, s, NOW + 1000)).toBe(true);
  expect(verifySession(c, s, NOW + SESSION_TTL_MS + 1)).toBe(false);
  expect(verifySession({ ...c, password: 'changed' }, s, NOW)).toBe(false);
});

test('tampered or malformed sessions are refused', () => {
  const [v, exp, mac] = createSession(c, NOW).split('.');
  expect(verifySession(c, `${v}.${Number(exp) + 1000}.${mac}`, NOW)).toBe(false);
  expect(verifySession(c, `${v}.${exp}.${mac!.slice(0, -2)}xx`, NOW)).toBe(false);
  for (const bad of [undefined, '', 'v1', 'v1..', 'v2.1.x', 'v1.abc.x']) expect(verifySession(c, bad, NOW)).toBe(false);
});

test('login accepts the password, or the token when no password is set', () => {
  expect(checkLoginSecret(c, 'open sesame')).toBe(true);
  expect(checkLoginSecret(c, 'tok_123')).toBe(false);
  expect(checkLoginSecret({ apiToken: 'tok_123' }, 'tok_123')).toBe(true);
  expect(checkLoginSecret({}, '')).toBe(false);
});

test('bearer tokens and whether auth is required', () => {
  expect(checkBearer(c, 'Bearer tok_123')).toBe(true);
  expect(checkBearer(c, 'bearer   tok_123')).toBe(true);
  expect(checkBearer(c, 'Bearer tok_1234')).toBe(false);
  expect(checkBearer(c, 'Basic dG9rXzEyMw==')).toBe(false);
  expect(checkBearer({ password: 'x' }, 'Bearer x')).toBe(false);
  expect(authRequired({})).toBe(false);
  expect(authRequired({ apiToken: 't' })).toBe(true);
});
