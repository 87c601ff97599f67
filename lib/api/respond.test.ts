import { expect, test, vi } from 'vitest';
import { z } from 'zod';

import { AppError, ConflictError, NotFoundError, ValidationError } from '@/lib/errors';

import { JSON_TEXT } from './json-text';
import { apiError, errorResponse, ok, okText, parseOrThrow, serve } from './respond';

const read = async (r: Response) => ({ status: r.status, body: await r.json(), retry: r.headers.get('retry-after'), cache: r.headers.get('cache-control') });

test('each error class maps to its status and the {"error": {code, message}} shape', async () => {
  expect(await read(errorResponse(new ValidationError('Invalid query: n: too big.', ['n: too big'])))).toEqual({
    status: 400, body: { error: { code: 'invalid_input', message: 'Invalid query: n: too big.', details: ['n: too big'] } }, retry: null, cache: 'no-store',
  });
  expect((await read(errorResponse(new ValidationError('bad')))).body).toEqual({ error: { code: 'invalid_input', message: 'bad' } });
  expect((await read(errorResponse(new NotFoundError('No user zz in the data.')))).status).toBe(404);
  expect((await read(errorResponse(new ConflictError('busy')))).body).toEqual({ error: { code: 'conflict', message: 'busy' } });
  expect((await read(errorResponse(new AppError('too big', 413, 'payload_too_large')))).status).toBe(413);
  expect(await read(errorResponse(new AppError('slow down', 429, 'too_many_requests')))).toMatchObject({ status: 429, retry: '1' });
  expect(await read(errorResponse(new AppError('loading', 503, 'index_loading')))).toMatchObject({ status: 503, retry: '5' });
  // an AppError with a code the API does not use keeps its status under that status's code
  expect((await read(errorResponse(new AppError('gone', 404, 'whatever')))).body).toEqual({ error: { code: 'not_found', message: 'gone' } });
});

test('unexpected errors: 500 with a message that says what to do, no internals', async () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const r = await read(await serve(() => {
    throw new TypeError('secret stack detail');
  }));
  expect(r).toMatchObject({ status: 500, body: { error: { code: 'internal', message: 'The server failed to answer this request; try again, and check the server log if it keeps failing.' } } });
  expect(JSON.stringify(r.body)).not.toContain('secret');
  expect(log).toHaveBeenCalledOnce();
  log.mockRestore();
});

test('parseOrThrow names up to three problems in the message and all of them in details', () => {
  const s = z.object({ a: z.number(), b: z.number(), c: z.number(), d: z.number() });
  let err: ValidationError | undefined;
  try {
    parseOrThrow(s, {}, 'body');
  } catch (e) {
    err = e as ValidationError;
  }
  expect(err).toBeInstanceOf(ValidationError);
  expect(err!.message).toBe('Invalid body: a: Invalid input: expected number, received undefined; b: Invalid input: expected number, received undefined; c: Invalid input: expected number, received undefined; and 1 more.');
  expect(err!.details).toHaveLength(4);
  expect(parseOrThrow(s, { a: 1, b: 2, c: 3, d: 4 })).toEqual({ a: 1, b: 2, c: 3, d: 4 });
});

test('apiError sends the code with its status', async () => {
  expect(await read(apiError('no_active_run', 'train first'))).toMatchObject({ status: 409, body: { error: { code: 'no_active_run', message: 'train first' } } });
});

test('ok() and apiError() answer what Response.json answers, and keep the exact body text under JSON_TEXT', async () => {
  const body = { user: 'é "quoted" </script>', n: 0.1 + 0.2, list: [1, null, { a: -0 }], nested: { emoji: '😀' } };
  for (const [mine, theirs] of [
    [ok(body), Response.json(body, { headers: { 'Cache-Control': 'no-store' } })],
    [ok(body, 201, { 'X-Run-Id': '7' }), Response.json(body, { status: 201, headers: { 'Cache-Control': 'no-store', 'X-Run-Id': '7' } })],
    [apiError('too_many_requests', 'slow', undefined, { 'Retry-After': '3' }), Response.json({ error: { code: 'too_many_requests', message: 'slow' } }, { status: 429, headers: { 'Cache-Control': 'no-store', 'Retry-After': '3' } })],
  ] as const) {
    expect(mine.status).toBe(theirs.status);
    expect([...mine.headers]).toEqual([...theirs.headers]);
    const text = (mine as unknown as Record<symbol, unknown>)[JSON_TEXT];
    expect(text).toBe(await theirs.text());
    expect(await mine.text()).toBe(text);
  }
  expect((ok(body) as unknown as Record<symbol, unknown>)[JSON_TEXT]).toBe('{"user":"é \\"quoted\\" </script>","n":0.30000000000000004,"list":[1,null,{"a":0}],"nested":{"emoji":"😀"}}');
  expect(() => ok(undefined)).toThrow('not JSON-serialisable');
  const pre = okText('{"a":[1,2]}');
  expect([pre.status, [...pre.headers], await pre.text()]).toEqual([200, [...ok({ a: [1, 2] }).headers], '{"a":[1,2]}']);
});
