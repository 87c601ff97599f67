/**
 * One listening socket, many descriptors: the parent binds it and starts the serving process
 * with LISTEN_DESCRIPTORS duplicates of it (descriptors 4, 5, …; 3 is the IPC channel), and the
 * child serves HTTP on every one. Node 20's libuv accepts one connection per descriptor per
 * event-loop turn, so N descriptors accept up to N connections per turn (see lib/server/start.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

/**
 * Duplicates of the listening socket given to the server: connections accepted per loop turn.
 * 64, not more: with 128 or more (1,024 before) the serving process promoted ~4 MB to the old
 * generation at every young-generation collection under load (`--trace-gc-nvp`: promoted=4.5 MB,
 * 14 ms scavenges, a full collection every 2–3 s; none with 32 or 64, nor in a bare Node server
 * with 1,024: something in the Next process with many servers keeps request objects alive; not
 * found). Recommendations at 100 connections (ad hoc wrk, 14:48): p99 35.7 ms with 64 against
 * 44.5 ms with 1,024; a burst of 1,000 new connections is accepted within ~1 s (0 errors).
 */
export const LISTEN_DESCRIPTORS = 64;
/**
 * The kernel's queue of connections not yet accepted (capped by net.core.somaxconn; Node's
 * default is 511): a 1,000-connection burst overflowed 511 (TcpExtListenOverflows), and a
 * dropped handshake is retried after 1 s or reset.
 */
export const LISTEN_BACKLOG = 2048;
/** The child's first inherited listening descriptor (0–2 are stdio, 3 the IPC channel). */
export const FIRST_LISTEN_FD = 4;

/** Binds host:port; the error names the address and says when it is already in use. */
export function bindListener(hostname: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `port ${port} on ${hostname} is already in use` : `cannot listen on ${hostname}:${port}: ${e.message}`)),
    );
    server.listen({ host: hostname, port, backlog: LISTEN_BACKLOG }, () => resolve(server));
  });
}

/**
 * Starts `node ...nodeArgs script ...args` holding `descriptors` duplicates of `listener`'s socket,
 * then closes the listener here (synchronously, so this process never accepts a connection itself).
 * @param nodeArgs - Node's own arguments for the child, e.g. `['--import', 'tsx']`
 * @returns the child, with an IPC channel: it should exit on 'disconnect' (this process died)
 */
export function spawnWithListener(listener: net.Server, nodeArgs: readonly string[], script: string, args: readonly string[], env: NodeJS.ProcessEnv, descriptors = LISTEN_DESCRIPTORS): ChildProcess {
  // child_process duplicates a socket's handle into the child (and stops reading it here). A
  // net.Server is not a stream, so its handle is lent to a Socket that is neither read nor
  // written; the constructor's `handle` option is missing from Node's types.
  const handle = (listener as unknown as { _handle: unknown })._handle;
  const shared = new net.Socket({ handle, readable: false, writable: false } as net.SocketConstructorOpts);
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc', ...Array<net.Socket>(descriptors).fill(shared)],
    env,
  });
  listener.close();
  return child;
}

/**
 * In the child: one HTTP server per inherited descriptor, all with the same request listener.
 * @param count - how many descriptors the parent passed (FIRST_LISTEN_FD onwards)
 */
export function serveInherited(count: number, listener: http.RequestListener, keepAliveTimeoutMs?: number): http.Server[] {
  return Array.from({ length: count }, (_, i) => {
    const server = http.createServer(listener);
    if (keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = keepAliveTimeoutMs;
    // listen(handle, backlog): Node ignores a `backlog` option next to `fd` and would re-listen at 511.
    server.listen({ fd: FIRST_LISTEN_FD + i }, LISTEN_BACKLOG);
    return server;
  });
}
