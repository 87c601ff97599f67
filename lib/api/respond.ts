/**
 * JSON responses of the serving API (/api/v1): one error shape for every failure,
 * `{"error": {"code", "message"}}` (plus `details` where a list helps: per-item errors of an
 * event batch, per-parameter problems of a query), and `Cache-Control: no-store` everywhere —
 * recommendations change when another run is promoted.
 */
import type { z } from 'zod';

import { AppError, ValidationError } from '@/lib/errors';
import { KeptMap } from '@/lib/kept-map';

import { RESOLVED_PARAMS, type ApiRequest } from './api-request';
import { fastPathScope, JSON_TEXT, jsonString, type JsonText } from './json-text';

/** Machine-readable error codes, with the HTTP status each is sent with. */
export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_json: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  no_active_run: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  index_loading: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/**
 * A JSON response with `text` as its body: what Response.json sends (content-type
 * application/json), with the text also kept under JSON_TEXT for the API fast path. Inside the
 * fast path's scope the Response itself has no body: the fast path sends JSON_TEXT (parts and all).
 */
export function jsonText(text: JsonText, status: number, headers: Record<string, string>): Response {
  const init = { status, headers: { 'content-type': 'application/json', ...headers } };
  const res = new Response(fastPathScope.getStore() ? null : jsonString(text), init);
  Object.defineProperty(res, JSON_TEXT, { value: text });
  return res;
}

/** A successful JSON response (200 unless told). */
export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body) as string | undefined;
  if (text === undefined) throw new TypeError('ok(): the body is not JSON-serialisable (undefined or a function)');
  return jsonText(text, status, { ...NO_STORE, ...headers });
}

/** A successful JSON response (200) from text already serialised (e.g. lib/serving/recommend-text.ts). */
export function okText(text: JsonText): Response {
  return jsonText(text, 200, { ...NO_STORE });
}

/** An error response `{"error": {"code", "message", details?}}` with the code's status. */
export function apiError(code: ErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}): Response {
  const error = details === undefined ? { code, message } : { code, message, details };
  return jsonText(JSON.stringify({ error }), ERROR_STATUS[code], { ...NO_STORE, ...headers });
}

/** One problem of a zod parse, for people: `n: must be at most 100`. */
export function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Parses `input` or throws a ValidationError naming every problem (→ 400 invalid_input). */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = 'query'): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const all = r.error.issues.map(issueText);
  const shown = all.slice(0, 3).join('; ') + (all.length > 3 ? `; and ${all.length - 3} more` : '');
  throw new ValidationError(`Invalid ${what}: ${shown}.`, all);
}

/**
 * Runs a handler body, mapping anything it throws (or its promise rejects with) to the error
 * shape. Not an async function, so that the answer takes no more promises than the body's own.
 */
export function serve(handler: () => Promise<Response> | Response): Promise<Response> {
  try {
    const r = handler();
    return r instanceof Promise ? r.catch(errorResponse) : Promise.resolve(r);
  } catch (e) {
    return Promise.resolve(errorResponse(e));
  }
}

/**
 * serve() for a route with path parameters: `body` gets them in the one reaction to Next's
 * params promise, without an async function (and its promise and microtask turn) around it; at
 * once when the promise carries its value (the API fast path's, ./api-request.ts).
 * @example return serveParams(ctx.params, ({ userId }) => ok(...));
 */
export function serveParams<P>(params: Promise<P>, body: (params: P) => Promise<Response> | Response): Promise<Response> {
  const now = (params as { [RESOLVED_PARAMS]?: P })[RESOLVED_PARAMS];
  return serve(now === undefined ? () => params.then(body) : () => body(now));
}

/**
 * Maps a thrown error to a response: AppError subclasses (lib/errors.ts) keep their status and
 * code when the status is one the API sends; anything else is logged and answered with a 500
 * that says what to do, never with a stack trace.
 */
export function errorResponse(e: unknown): Response {
  if (e instanceof AppError) {
    const known = Object.entries(ERROR_STATUS).find(([code, status]) => code === e.code && status === e.status);
    const d = (e as { details?: unknown }).details;
    const details = Array.isArray(d) && d.length === 0 ? undefined : d;
    const retry: Record<string, string> = e.status === 429 ? { 'Retry-After': '1' } : e.status === 503 ? { 'Retry-After': '5' } : {};
    if (known) return apiError(known[0] as ErrorCode, e.message, details, retry);
    const byStatus = Object.entries(ERROR_STATUS).find(([, status]) => status === e.status);
    if (byStatus) return apiError(byStatus[0] as ErrorCode, e.message);
  }
  console.error('api: unexpected error', e);
  return apiError('internal', 'The server failed to answer this request; try again, and check the server log if it keeps failing.');
}

/** The raw query string of a request URL (after `?`, before `#`), '' when it has none. */
export function rawQuery(url: string): string {
  const h = url.indexOf('#');
  const end = h < 0 ? url.length : h;
  const q = url.indexOf('?');
  return q < 0 || q > end ? '' : url.slice(q + 1, end);
}

/** Query strings whose parse is kept, per schema (a few KB each at most: they are short). */
export const KEPT_QUERIES = 512;
const parsedQueries = new WeakMap<z.ZodType, KeptMap<string, unknown>>();

/**
 * The request's query parameters (as a plain object; a repeated parameter keeps its last value)
 * parsed by parseOrThrow, with the result kept per schema and raw query string: the same string
 * always parses to the same value, so a repeated query (`?n=10` on every request of an app)
 * skips the query parser and zod. Kept results are frozen (handlers only read them); at most
 * KEPT_QUERIES per schema are held, the last KEPT_QUERIES / 2 distinct strings always
 * (lib/kept-map.ts). Invalid queries are parsed every time and throw as parseOrThrow does.
 */
export function parseQuery<T extends z.ZodType>(schema: T, req: ApiRequest): Readonly<z.output<T>> {
  const raw = rawQuery(req.url);
  let kept = parsedQueries.get(schema);
  if (!kept) parsedQueries.set(schema, (kept = new KeptMap(KEPT_QUERIES)));
  return kept.get(raw, () => Object.freeze(parseOrThrow(schema, Object.fromEntries(new URLSearchParams(raw))))) as z.output<T>;
}

/** Milliseconds since `t0` (performance.now()), rounded to 0.001 ms. */
export function elapsedMs(t0: number): number {
  return Math.round((performance.now() - t0) * 1000) / 1000;
}
