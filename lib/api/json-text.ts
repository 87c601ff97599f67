/**
 * The registry symbol under which an API response made by lib/api/respond.ts carries its JSON
 * text (the exact bytes of its body). The API fast path (lib/server/api-fast-path.ts) sends
 * that text instead of reading the body stream back: a web stream costs more than the
 * serialisation. A registry symbol, so that a module loaded outside the build sees the same one.
 */
export const JSON_TEXT = Symbol.for('merchant-recs.api.json-text');
