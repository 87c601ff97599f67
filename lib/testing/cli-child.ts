import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

import { cliCommand } from '@/lib/db/cli-process';

/** A CLI script (lib/cli/NAME.ts) running in its own process on the given database file. */
export interface CliChild {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout / stderr so far. */
  out: () => string;
  err: () => string;
  /** Resolves with the exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `tsx lib/cli/SCRIPT.ts ...args` with DATABASE_URL pointing at `dbFile`. */
export function spawnCli(script: 'import' | 'train', args: string[], dbFile: string): CliChild {
  const cmd = cliCommand(script, args);
  const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return { child, out: () => out, err: () => err, exited };
}

/** Polls `check` every 20 ms until it returns true; throws after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Writes a canonical-CSV event file of `rows` checkouts (users u0…, merchants m0…m499) without
 * holding it in memory, and returns its size in bytes.
 */
export async function writeLargeCsv(file: string, rows: number): Promise<number> {
  const ws = createWriteStream(file);
  let bytes = 0;
  const put = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!ws.write(s)) await once(ws, 'drain');
  };
  await put('user_id,merchant_id,merchant_name,category,order_total,event_time,event_type\n');
  const t0 = Date.UTC(2025, 0, 1);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const m = (i * 7919) % 500;
    chunk += `big${i % 50_000},bm${m},Shop ${m},cat${m % 12},${(i % 90) + 5}.5,${new Date(t0 + i * 60_000).toISOString()},checkout_completed\n`;
    if (chunk.length > 1 << 20) {
      await put(chunk);
      chunk = '';
    }
  }
  await put(chunk);
  ws.end();
  await once(ws, 'finish');
  return bytes;
}
