// npm start — the production server: `next start`'s options, with the listening socket bound here
// and handed to the serving process (lib/server/serve.ts) as LISTEN_DESCRIPTORS duplicates
// (lib/server/shared-listener.ts).
//
//   npm start [-- --hostname 127.0.0.1] [--port 3000] [--keepAliveTimeout 65000]   (the defaults)
//
// Why: Node 20's libuv accepts ONE connection per listening descriptor per event-loop turn, and
// under load a turn serves every ready request first (~2 ms each). With `next start`, 100
// clients connecting at once were accepted over ~6 s (the accept queue, `ss -lnt`, drained at
// 6–10 a second; strace showed one accept4 per epoll_pwait), so their first requests waited
// seconds: that was most of bench:api's p99 and all of its timeouts. With N descriptors of the
// same socket a turn accepts up to N connections. When a request cost ~2 ms (before the API fast
// path), 1,000 connections with N = 32 or 256 were still accepted 5–30 s late (wrk timeouts) and
// N = 1,024 took all in one turn; now that a turn is short, N = 64 accepts them within ~1 s with
// 0 errors, and 128 or more made the serving process promote request garbage to the old
// generation (see LISTEN_DESCRIPTORS in shared-listener.ts).
// A burst of new connections then costs up to N accept4 calls in that turn (microseconds each);
// kept-alive connections cost nothing. Node raises the descriptor soft limit to the hard one.
//
// This process only binds, starts the child and relays signals; the child exits when this
// process dies (IPC disconnect), so it never keeps the port alone.
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { bindListener, LISTEN_DESCRIPTORS, spawnWithListener } from './shared-listener';
import { parseStartOptions, startArgs } from './start-options';

async function main(argv: string[]) {
  const o = parseStartOptions(argv);
  const listener = await bindListener(o.hostname, o.port);
  const serve = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.ts');
  // process.execArgv carries tsx's loader, so the child runs TypeScript the same way.
  const child = spawnWithListener(listener, process.execArgv, serve, [String(LISTEN_DESCRIPTORS), ...startArgs(o)], {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'production',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
