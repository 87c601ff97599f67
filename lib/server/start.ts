// npm start — the production server: `next start`'s options, with the listening socket bound here
// and handed to the serving process (lib/server/serve.ts) as LISTEN_DESCRIPTORS duplicates.
//
//   npm start [-- --hostname 127.0.0.1] [--port 3000] [--keepAliveTimeout 65000]
//
// Why: Node 20's libuv accepts ONE connection per listening descriptor per event-loop turn, and
// under load a turn of `next start` serves every ready request first (~1.7 ms each). 100 clients
// connecting at once were accepted over ~8 s (the accept queue drained at 6–10 a second, seen
// with `ss -lnt` and strace), so their first requests waited seconds: that was the p99 and the
// wrk timeouts of `npm run bench:api`; at 1,000 connections most were never accepted in 30 s.
// With N descriptors of the same socket a turn accepts up to N connections.
//
// This process only binds, starts the child and relays signals; the child exits when this
// process dies (IPC disconnect), so it never keeps the port alone.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import type { Stream } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { parseStartOptions, startArgs, type StartOptions } from './start-options';

/** Duplicates of the listening socket given to the server: connections accepted per loop turn. */
export const LISTEN_DESCRIPTORS = 32;
/** Kernel queue of connections not yet accepted (capped by net.core.somaxconn). Node's default is 511. */
const BACKLOG = 2048;

function bind(o: StartOptions): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `port ${o.port} on ${o.hostname} is already in use` : `cannot listen on ${o.hostname}:${o.port}: ${e.message}`)),
    );
    server.listen({ host: o.hostname, port: o.port, backlog: BACKLOG }, () => resolve(server));
  });
}

async function main(argv: string[]) {
  const o = parseStartOptions(argv);
  const listener = await bind(o);
  // child_process duplicates anything with a `_handle` into the child; the types only name streams.
  const shared = listener as unknown as Stream;
  const serve = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.ts');
  // process.execArgv carries tsx's loader, so the child runs TypeScript the same way.
  const child = spawn(process.execPath, [...process.execArgv, serve, String(LISTEN_DESCRIPTORS), ...startArgs(o)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc', ...Array<Stream>(LISTEN_DESCRIPTORS).fill(shared)],
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' },
  });
  // Synchronously, before this process's loop could accept a connection itself: the child holds
  // its own descriptors of the socket, so closing ours leaves it open.
  listener.close();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
