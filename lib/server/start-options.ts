/**
 * Options of `npm start` (lib/server/start.ts), with the names `next start` uses:
 * `--hostname`/`-H` (default 127.0.0.1: the app is open unless a secret is set, so it is not
 * exposed by default), `--port`/`-p` (default $PORT, else 3000) and `--keepAliveTimeout` (ms).
 */

/**
 * Idle keep-alive connections are kept this long (Node's default is 5 s). Under overload an
 * event-loop turn serves every ready request and can last seconds; a client's next request then
 * waits unread in the socket while the idle timer runs, and at 5 s Node closes the connection
 * with it (wrk: read errors). 65 s also outlasts the 60 s idle timeout of common load balancers.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface StartOptions {
  hostname: string;
  port: number;
  /** Idle keep-alive connections are closed after this many ms. */
  keepAliveTimeoutMs: number;
}

function integer(flag: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${flag} must be an integer from ${min} to ${max} (got ${raw === undefined ? 'nothing' : JSON.stringify(raw)})`);
  }
  return n;
}

/**
 * Reads the start options from the command line and the environment.
 * @param argv - the arguments after the script, e.g. `['-p', '3000', '--keepAliveTimeout', '65000']`
 * @param env - the environment (only PORT is read)
 * @throws RangeError naming the option when a value is missing or out of range, or the option is unknown
 */
export function parseStartOptions(argv: readonly string[], env: Record<string, string | undefined> = process.env): StartOptions {
  const o: StartOptions = { hostname: '127.0.0.1', port: env.PORT ? integer('PORT', env.PORT, 0, 65535) : 3000, keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '-H' || flag === '--hostname') {
      const h = value();
      if (!h || h.startsWith('-')) throw new RangeError(`${flag} needs a host name or address`);
      o.hostname = h;
    } else if (flag === '-p' || flag === '--port') o.port = integer(flag, value(), 0, 65535);
    else if (flag === '--keepAliveTimeout') o.keepAliveTimeoutMs = integer(flag, value(), 0, 2 ** 31 - 1);
    else throw new RangeError(`unknown option ${JSON.stringify(a)} (known: --hostname/-H, --port/-p, --keepAliveTimeout)`);
  }
  return o;
}

/** The same options as arguments, for the serving child. */
export function startArgs(o: StartOptions): string[] {
  return ['--hostname', o.hostname, '--port', String(o.port), '--keepAliveTimeout', String(o.keepAliveTimeoutMs)];
}
