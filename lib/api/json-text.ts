import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The registry symbol under which an API response made by lib/api/respond.ts carries its JSON
 * text (the exact bytes of its body). The API fast path (lib/server/api-fast-path.ts) sends
 * that text instead of reading the body stream back: a web stream costs more than the
 * serialisation. A registry symbol, so that a module loaded outside the build sees the same one.
 */
export const JSON_TEXT = Symbol.for('merchant-recs.api.json-text');

/**
 * An API response's JSON text: one string, or its parts in order with their UTF-8 length (a kept
 * answer and its processing time, lib/serving/recommend-text.ts), which the fast path writes
 * without joining, counting or encoding them per request.
 */
export type JsonText = string | MeasuredParts;

/**
 * Parts of a JSON text: ASCII strings (written as latin1, a copy) and UTF-8 bytes (text with
 * other characters, encoded once when it was kept: writing it as a string UTF-8-encoded all of
 * it on every request, v8::String::WriteUtf8 in `perf` of the serving process).
 */
export interface MeasuredParts {
  readonly parts: readonly (string | Uint8Array)[];
  /** The UTF-8 length of the parts together. */
  readonly bytes: number;
}

/** `text` as a part of MeasuredParts: the string itself when it is ASCII, else its UTF-8 bytes. */
export function measuredPart(text: string): string | Uint8Array {
  const bytes = Buffer.byteLength(text);
  return bytes === text.length ? text : Buffer.from(text, 'utf8');
}

/** A part's length: characters of a string, bytes of bytes (the UTF-8 length of a part measuredPart made). */
export function partLength(p: string | Uint8Array): number {
  return typeof p === 'string' ? p.length : p.byteLength;
}

/**
 * Whether the string parts are ASCII, so that writing them as latin1 is writing their UTF-8 (a
 * non-ASCII string makes the parts' lengths fall short of `bytes`).
 */
export function stringsAscii(m: MeasuredParts): boolean {
  let length = 0;
  for (const p of m.parts) length += partLength(p);
  return length === m.bytes;
}

/** The whole text of a JsonText. */
export function jsonString(t: JsonText): string {
  if (typeof t === 'string') return t;
  let s = '';
  for (const p of t.parts) s += typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8');
  return s;
}

const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<true> | undefined>;

/**
 * The scope in which the API fast path runs a route handler. Inside it, respond.ts makes its
 * responses without a body stream (the text only under JSON_TEXT, which is all the fast path
 * sends): `new Response(text)` encodes the text and builds a stream that the fast path would
 * never read (~25 µs for a 4 KB body in a throw-away loop timing, 2 µs without a body). Outside it (Next's own pipeline, tests) every response
 * has its body. One instance per process (a registry key), because the build's copy of this
 * module and the server's are different module instances.
 */
export const fastPathScope: AsyncLocalStorage<true> = (g[Symbol.for('merchant-recs.api.fast-path-scope')] ??= new AsyncLocalStorage<true>());
