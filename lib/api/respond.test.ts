import { expect, test, vi } from 'vitest';
import { z } from 'zod';

import { AppError, ConflictError, NotFoundError, ValidationError } from '@/lib/errors';

import { apiError, errorResponse, parseOrThrow, serve } from './respond';

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
