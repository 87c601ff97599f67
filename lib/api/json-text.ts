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
 * without joining them, counting or, when ASCII, UTF-8 encoding 8 KB per request.
 */
export type JsonText = string | MeasuredParts;

export interface MeasuredParts {
  readonly parts: readonly string[];
  /** Buffer.byteLength of the parts together (UTF-8). */
  readonly bytes: number;
}

/** Whether every character of the parts is ASCII: their UTF-8 length is then their length. */
export function asciiOnly(m: MeasuredParts): boolean {
  let chars = 0;
  for (const p of m.parts) chars += p.length;
  return chars === m.bytes;
}

/** The whole text of a JsonText. */
export function jsonString(t: JsonText): string {
  return typeof t === 'string' ? t : t.parts.join('');
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
