// npm start — the production server: `next start`'s options, with the listening socket bound here
// and handed to the serving process (lib/server/serve.ts) as LISTEN_DESCRIPTORS duplicates.
//
//   npm start [-- --hostname 127.0.0.1] [--port 3000] [--keepAliveTimeout 65000]
//
// Why: Node 20's libuv accepts ONE connection per listening descriptor per event-loop turn, and
// under load a turn serves every ready request first (~2 ms each). With `next start`, 100
// clients connecting at once were accepted over ~6 s (the accept queue, `ss -lnt`, drained at
// 6–10 a second; strace showed one accept4 per epoll_pwait), so their first requests waited
// seconds: that was most of bench:api's p99 and all of its timeouts. With N descriptors of the
// same socket a turn accepts up to N connections; at 1,000 connections and N = 32 or 256 the
// last ones were still accepted 5–30 s late (wrk timeouts), with N = 1,024 all in one turn.
// A burst of new connections then costs up to N accept4 calls in that turn (microseconds each);
// kept-alive connections cost nothing. Node raises the descriptor soft limit to the hard one.
//
// This process only binds, starts the child and relays signals; the child exits when this
// process dies (IPC disconnect), so it never keeps the port alone.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { LISTEN_BACKLOG, parseStartOptions, startArgs, type StartOptions } from './start-options';

/** Duplicates of the listening socket given to the server: connections accepted per loop turn (≥ the 1,000 of the soak). */
export const LISTEN_DESCRIPTORS = 1024;

function bind(o: StartOptions): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `port ${o.port} on ${o.hostname} is already in use` : `cannot listen on ${o.hostname}:${o.port}: ${e.message}`)),
    );
    server.listen({ host: o.hostname, port: o.port, backlog: LISTEN_BACKLOG }, () => resolve(server));
  });
}

async function main(argv: string[]) {
  const o = parseStartOptions(argv);
  const listener = await bind(o);
  // child_process duplicates a socket's handle into the child as a descriptor (and stops this
  // process's reading from it). A net.Server is not a stream, so its handle is lent to a Socket
  // that is neither read nor written; the constructor's `handle` option is not in Node's types.
  const handle = (listener as unknown as { _handle: unknown })._handle;
  const shared = new net.Socket({ handle, readable: false, writable: false } as net.SocketConstructorOpts);
  const serve = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.ts');
  // process.execArgv carries tsx's loader, so the child runs TypeScript the same way.
  const child = spawn(process.execPath, [...process.execArgv, serve, String(LISTEN_DESCRIPTORS), ...startArgs(o)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc', ...Array<net.Socket>(LISTEN_DESCRIPTORS).fill(shared)],
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
