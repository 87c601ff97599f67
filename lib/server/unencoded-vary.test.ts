import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, expect, test } from 'vitest';

import { unencodedVary } from './unencoded-vary';

type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
const compressionModule = createRequire(import.meta.url)('next/dist/compiled/compression') as (() => Middleware) & { filter: (req: http.IncomingMessage, res: http.ServerResponse) => boolean };

/** What a response sets before its body, by case (the `case` query parameter). */
const CASES: Record<string, Record<string, string | string[]>> = {
  json: { 'content-type': 'application/json', 'cache-control': 'no-store', vary: 'rsc, next-router-state-tree' },
  'json-no-vary': { 'content-type': 'application/json' },
  csv: { 'content-type': 'text/csv; charset=utf-8', vary: 'rsc' },
  'not-compressible': { 'content-type': 'image/png', vary: 'rsc' },
  'no-type': { vary: 'rsc' },
  'no-transform': { 'content-type': 'application/json', 'cache-control': 'private, no-transform', vary: 'rsc' },
  'already-varies': { 'content-type': 'application/json', vary: 'RSC, accept-encoding' },
  star: { 'content-type': 'application/json', vary: 'rsc, *' },
  'only-star': { 'content-type': 'application/json', vary: '*' },
  'vary-list': { 'content-type': 'application/json', vary: ['rsc', 'next-router-prefetch'] },
};

let middleware: http.Server;
let ours: http.Server;
const port = (s: http.Server) => (s.address() as AddressInfo).port;

function server(prepare: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://h');
    for (const [k, v] of Object.entries(CASES[url.searchParams.get('case')!]!)) res.setHeader(k, v);
    prepare(req, res);
    res.end('x'.repeat(Number(url.searchParams.get('bytes'))));
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  const compression = compressionModule();
  const vary = unencodedVary(compressionModule);
  middleware = await server((req, res) => compression(req, res, () => undefined));
  ours = await server((req, res) => vary(req, res));
});

afterAll(() => {
  middleware.close();
  ours.close();
});

function headers(p: number, path: string): Promise<http.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: p, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers));
    }).on('error', reject);
  });
}

test('without Accept-Encoding, unencodedVary sets the Vary the compression middleware sets, whatever the body size', async () => {
  const seen: Record<string, string | undefined> = {};
  for (const c of Object.keys(CASES)) {
    for (const bytes of [10, 5000]) {
      for (let twice = 0; twice < 2; twice++) { // the second answer comes from the kept verdicts
        const [a, b] = await Promise.all([headers(port(middleware), `/?case=${c}&bytes=${bytes}`), headers(port(ours), `/?case=${c}&bytes=${bytes}`)]);
        expect(b.vary, `${c}, ${bytes} bytes`).toBe(a.vary);
        expect(b['content-encoding']).toBeUndefined();
        expect(a['content-encoding']).toBeUndefined();
        seen[c] = b.vary;
      }
    }
  }
  // hand-checked: what the cases must show
  expect(seen).toEqual({
    json: 'rsc, next-router-state-tree, Accept-Encoding',
    'json-no-vary': 'Accept-Encoding',
    csv: 'rsc, Accept-Encoding',
    'not-compressible': 'rsc',
    'no-type': 'rsc',
    'no-transform': 'rsc',
    'already-varies': 'RSC, accept-encoding',
    star: '*',
    'only-star': '*',
    'vary-list': 'rsc, next-router-prefetch, Accept-Encoding',
  });
});
