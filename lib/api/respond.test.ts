import { expect, test, vi } from 'vitest';
import { z } from 'zod';

import { AppError, ConflictError, NotFoundError, ValidationError } from '@/lib/errors';

import { resolvedParams } from './api-request';
import { fastPathScope, JSON_TEXT } from './json-text';
import { apiError, errorResponse, KEPT_QUERIES, ok, okText, parseOrThrow, parseQuery, rawQuery, serve, serveParams } from './respond';

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

test('serve: a body that throws, rejects or answers at once, with or without a promise', async () => {
  const bad = () => new ValidationError('Invalid query: n: must be at most 100.', ['n: must be at most 100']);
  const thrown = await read(await serve(() => { throw bad(); }));
  const rejected = await read(await serve(async () => { await Promise.resolve(); throw bad(); }));
  expect(thrown).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: 'Invalid query: n: must be at most 100.' } } });
  expect(rejected).toEqual(thrown);
  const plain = serve(() => ok({ a: 1 }));
  expect(plain).toBeInstanceOf(Promise); // always a promise, as route handlers return
  expect(await read(await plain)).toMatchObject({ status: 200, body: { a: 1 } });
  expect(await read(await serve(async () => ok({ b: 2 })))).toMatchObject({ status: 200, body: { b: 2 } });
});

test('serveParams: the body gets the resolved params; what it throws and a rejected params promise become the error shape', async () => {
  const got = await read(await serveParams(Promise.resolve({ userId: 'u1' }), (p) => ok({ seen: p.userId })));
  expect(got).toMatchObject({ status: 200, body: { seen: 'u1' } });
  const thrown = await read(await serveParams(Promise.resolve({ userId: '' }), () => { throw new ValidationError('Invalid user id: user id is empty.', []); }));
  expect(thrown).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: 'Invalid user id: user id is empty.' } } });
  const rejected = await read(await serveParams(Promise.reject(new NotFoundError('No user zz in the data.')), () => ok({})));
  expect(rejected).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'No user zz in the data.' } } });
});

test("serveParams: the fast path's resolved params run the body at once, Next's promise in its reaction, and both answer the same", async () => {
  const seen: string[] = [];
  const body = (p: { userId: string }) => (seen.push(p.userId), ok({ seen: p.userId }));
  const now = serveParams(resolvedParams({ userId: 'u1' }), body);
  const later = serveParams(Promise.resolve({ userId: 'u2' }), body);
  expect(seen).toEqual(['u1']); // u2 waits for the reaction
  expect(await read(await now)).toMatchObject({ status: 200, body: { seen: 'u1' } });
  expect(await read(await later)).toMatchObject({ status: 200, body: { seen: 'u2' } });
  expect(await resolvedParams({ userId: 'u3' })).toEqual({ userId: 'u3' }); // still the promise routes await
  const thrown = await read(await serveParams(resolvedParams({ userId: '' }), () => { throw new ValidationError('Invalid user id: user id is empty.', []); }));
  expect(thrown).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
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

test("inside the fast path's scope a response carries its text only, with the same status and headers; outside it has its body", async () => {
  const body = { a: [1, 'é'] };
  const inside = await fastPathScope.run(true, async () => {
    await Promise.resolve(); // the scope follows the handler across awaits
    return [ok(body, 201, { 'X-Run-Id': '7' }), apiError('not_found', 'No user zz in the data.')];
  });
  const outside = [ok(body, 201, { 'X-Run-Id': '7' }), apiError('not_found', 'No user zz in the data.')];
  for (let i = 0; i < 2; i++) {
    expect(inside[i]!.body).toBeNull();
    expect([inside[i]!.status, [...inside[i]!.headers]]).toEqual([outside[i]!.status, [...outside[i]!.headers]]);
    expect((inside[i] as unknown as Record<symbol, unknown>)[JSON_TEXT]).toBe(await outside[i]!.text());
  }
  expect(fastPathScope.getStore()).toBeUndefined();
});

test('parseQuery: the query string through the schema, kept per schema and string; invalid strings throw every time', () => {
  const s = z.object({ n: z.coerce.number().int().max(10).default(3), q: z.string().optional() });
  const req = (url: string) => new Request(url);
  const a = parseQuery(s, req('http://h/api/v1/x?n=5&q=a+b%20c&q=%C3%A9'));
  expect(a).toEqual({ n: 5, q: 'é' }); // a repeated parameter keeps its last value; percent-decoded
  expect(Object.isFrozen(a)).toBe(true);
  expect(parseQuery(s, req('http://other:1/elsewhere?n=5&q=a+b%20c&q=%C3%A9'))).toBe(a); // kept: only the query string counts
  expect(parseQuery(s, req('http://h/x?q=a+b%20c'))).toEqual({ n: 3, q: 'a b c' });
  expect(parseQuery(s, req('http://h/x'))).toEqual({ n: 3 });
  expect(parseQuery(z.object({ n: z.coerce.number() }), req('http://h/x?n=5&q=a+b%20c&q=%C3%A9'))).toEqual({ n: 5 }); // per schema
  for (let i = 0; i < 2; i++) expect(() => parseQuery(s, req('http://h/x?n=11'))).toThrow(/Invalid query: n: /);
  // bounded: the oldest string is dropped first
  for (let i = 0; i < KEPT_QUERIES; i++) parseQuery(s, req(`http://h/x?n=${i % 10}&q=${i}`));
  const again = parseQuery(s, req('http://h/api/v1/x?n=5&q=a+b%20c&q=%C3%A9'));
  expect(again).toEqual(a);
  expect(again).not.toBe(a);
  expect([rawQuery('http://h/x?a=1#f'), rawQuery('http://h/x#f?a=1'), rawQuery('http://h/x?'), rawQuery('http://h/x?a=1?b=2')]).toEqual(['a=1', '', '', 'a=1?b=2']);
});
