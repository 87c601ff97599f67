import { afterEach, expect, test, vi } from 'vitest';

import { guarded } from './guard';

const req = (headers: Record<string, string> = {}) => ({ url: 'http://h/api/v1/x', method: 'GET', headers: new Headers(headers) });

afterEach(() => vi.unstubAllEnvs());

test('guarded: always a promise; a handler that throws at once rejects it, as an async handler would', async () => {
  vi.stubEnv('API_TOKEN', '');
  vi.stubEnv('DASHBOARD_PASSWORD', '');
  vi.stubEnv('API_RATE_LIMIT', '');
  const answer = guarded(() => new Response('ok'));
  const p = answer(req());
  expect(p).toBeInstanceOf(Promise);
  expect(await (await p).text()).toBe('ok');
  const throws = guarded(() => { throw new Error('handler broke'); });
  await expect(throws(req())).rejects.toThrow('handler broke');
  // a refusal: the handler never runs
  vi.stubEnv('API_TOKEN', 'secret-token');
  let ran = 0;
  const counted = guarded(() => (ran++, new Response('ok')));
  expect((await counted(req())).status).toBe(401);
  expect((await counted(req({ authorization: 'Bearer secret-token' }))).status).toBe(200);
  expect(ran).toBe(1);
  // a broken rate-limit setting is an error of the request, as a rejected promise, not a throw
  vi.stubEnv('API_RATE_LIMIT', 'lots');
  await expect(counted(req())).rejects.toThrow(/API_RATE_LIMIT/);
});
