// The serving process started by lib/server/start.ts: Next's request handler (the custom-server
// API, which builds the same handlers as `next start`) on every duplicate of the listening
// socket it inherited (descriptors 4, 5, …; 3 is the IPC channel to the parent).
//
//   serve.ts <descriptors> --hostname H --port P [--keepAliveTimeout MS]
import http from 'node:http';

import next from 'next';

import { LISTEN_BACKLOG, parseStartOptions } from './start-options';

const FIRST_FD = 4;

async function main(argv: string[]) {
  const count = Number(argv[0]);
  if (!Number.isInteger(count) || count < 1) throw new Error(`serve.ts needs the number of inherited listening descriptors first (got ${JSON.stringify(argv[0])}); start the server with npm start`);
  const o = parseStartOptions(argv.slice(1));
  // The parent's death (even kill -9) closes the IPC channel: never keep the port alone.
  process.on('disconnect', () => process.exit(0));
  const app = next({ dev: false, dir: process.cwd(), hostname: o.hostname, port: o.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      console.error(`Failed to handle request for ${req.url}`, e);
      if (!res.headersSent) res.statusCode = 500;
      res.end('Internal Server Error');
    });
  };
  const servers = Array.from({ length: count }, (_, i) => {
    const server = http.createServer(listener);
    if (o.keepAliveTimeoutMs !== null) server.keepAliveTimeout = o.keepAliveTimeoutMs;
    // listen(handle, backlog): Node ignores a `backlog` option next to `fd` (it would re-listen at 511).
    server.listen({ fd: FIRST_FD + i }, LISTEN_BACKLOG);
    return server;
  });
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
