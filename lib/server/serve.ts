// The serving process started by lib/server/start.ts: Next's request handler (the custom-server
// API, which builds the same handlers as `next start`) on every duplicate of the listening
// socket it inherited (lib/server/shared-listener.ts), with the API fast path in front of it
// (lib/server/api-fast-path.ts; API_FAST_PATH=0 turns it off).
//
//   serve.ts <descriptors> --hostname H --port P [--keepAliveTimeout MS]
import type http from 'node:http';

import next from 'next';

import { withApiFastPath } from './fast-path-setup';
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
  const listener = await withApiFastPath(viaNext, process.cwd(), o.hostname, o.port);
  const servers = serveInherited(count, listener, o.keepAliveTimeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      for (const s of servers) s.close();
      process.exit(0);
    });
  }
  console.log(`▲ Next.js ready on http://${o.hostname}:${o.port} (${count} listening descriptors, pid ${process.pid})`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
