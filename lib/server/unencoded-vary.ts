/**
 * The compression middleware's answer to a request without Accept-Encoding, without running it:
 * the API fast path (./api-fast-path.ts) installs Next's compression middleware only for
 * requests that send the header.
 */
import type http from 'node:http';

export type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
/** Next's compiled `compression` package: the middleware factory, and its filter (a compressible Content-Type). */
export type Compression = (() => Middleware) & { filter: (req: http.IncomingMessage, res: http.ServerResponse) => boolean };

/** A Cache-Control that forbids transforming the body (the compression middleware's test). */
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/;

/**
 * What the compression middleware does to a response whose request has no Accept-Encoding, once
 * its headers are final: nothing is encoded, and when the Content-Type is compressible and
 * Cache-Control allows transforms, `Accept-Encoding` is added to Vary as its `vary` package
 * does (fields compared case-insensitively, `*` absorbs everything, the value set as one string).
 * The middleware's filter depends only on the Content-Type, so its verdict is kept per type, and
 * the new Vary per old one (a route answers with a few of each; at most 64 of each are kept).
 */
export function unencodedVary(compression: Pick<Compression, 'filter'>): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const compressible = new Map<string, boolean>();
  const varied = new Map<string, string>();
  return (req, res) => {
    const type = res.getHeader('content-type');
    if (type === undefined) return; // the filter's verdict for no type
    const t = String(type);
    let ok = compressible.get(t);
    if (ok === undefined) {
      ok = compression.filter(req, { getHeader: () => type } as unknown as http.ServerResponse);
      if (compressible.size < 64) compressible.set(t, ok);
    }
    if (!ok) return;
    const cc = res.getHeader('cache-control');
    if (cc !== undefined && NO_TRANSFORM.test(String(cc))) return;
    const v = res.getHeader('vary');
    const value = Array.isArray(v) ? v.join(', ') : v ? String(v) : '';
    let next = varied.get(value);
    if (next === undefined) {
      next = withAcceptEncoding(value);
      if (varied.size < 64) varied.set(value, next);
    }
    if (next !== value || Array.isArray(v)) res.setHeader('vary', next);
  };
}

/** The `vary` package's append of Accept-Encoding to a Vary value. */
function withAcceptEncoding(value: string): string {
  if (value === '*') return value;
  const fields = value.toLowerCase().split(',').map((f) => f.trim());
  return fields.includes('*') ? '*' : fields.includes('accept-encoding') ? value : value ? `${value}, Accept-Encoding` : 'Accept-Encoding';
}
