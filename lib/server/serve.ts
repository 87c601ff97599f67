// The serving process started by lib/server/start.ts: Next's request handler (the custom-server
// API, which builds the same handlers as `next start`) on every duplicate of the listening
// socket it inherited (lib/server/shared-listener.ts), with the API fast path in front of it
// (lib/server/api-fast-path.ts; API_FAST_PATH=0 turns it off).
//
//   serve.ts <descriptors> --hostname H --port P [--keepAliveTimeout MS]
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

import next from 'next';
import { PHASE_PRODUCTION_SERVER } from 'next/constants';

import { createApiFastPath } from './api-fast-path';
import { readApiRouteTable } from './api-routes';
import { serveInherited } from './shared-listener';
import { parseStartOptions } from './start-options';

async function main(argv: string[]) {
  const count = Number(argv[0]);
  if (!Number.isInteger(count) || count < 1) throw new Error(`serve.ts needs the number of inherited listening descriptors first (got ${JSON.stringify(argv[0])}); start the server with npm start`);
  const o = parseStartOptions(argv.slice(1));
  // The parent's death (even kill -9) closes the IPC channel: never keep the port alone.
  process.on('disconnect', () => process.exit(0));
  const app = next({ dev: false, dir: process.cwd(), hostname: o.hostname, port: o.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const viaNext = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      console.error(`Failed to handle request for ${req.url}`, e);
      if (!res.headersSent) res.statusCode = 500;
      res.end('Internal Server Error');
    });
  };
  const listener = process.env.API_FAST_PATH === '0' ? viaNext : await withFastPath(viaNext, o.hostname, o.port);
  const servers = serveInherited(count, listener, o.keepAliveTimeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      for (const s of servers) s.close();
      process.exit(0);
    });
  }
  console.log(`▲ Next.js ready on http://${o.hostname}:${o.port} (${count} listening descriptors, pid ${process.pid})`);
}

/** Next's listener behind the API fast path, with the route table of the build Next serves. */
async function withFastPath(viaNext: (req: http.IncomingMessage, res: http.ServerResponse) => void, hostname: string, port: number) {
  // Next's own config loader (a CommonJS default export), as its server reads next.config.
  const loadConfig = (createRequire(import.meta.url)('next/dist/server/config') as { default: (phase: string, dir: string) => Promise<{ distDir: string; compress?: boolean }> }).default;
  const config = await loadConfig(PHASE_PRODUCTION_SERVER, process.cwd());
  const table = readApiRouteTable(path.resolve(config.distDir), '/api/v1/');
  if (table.disabledReason) {
    console.log(`API fast path off: ${table.disabledReason}`);
    return viaNext;
  }
  return createApiFastPath({ table, hostname, port, compress: config.compress !== false }, viaNext);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
