import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Starts `lib/cli/train.ts --run ID` in its own Node process (through tsx), off the request
 * path: the server stays responsive, and a crash or kill of the run cannot take the server
 * down. Output goes to data/logs/run-ID.log. The run updates its own row (stage, progress,
 * heartbeat); the page polls it.
 */
export function startRunProcess(runId: number): number | undefined {
  const root = /*turbopackIgnore: true*/ process.cwd();
  const logs = path.join(root, 'data', 'logs');
  mkdirSync(logs, { recursive: true });
  const out = openSync(path.join(logs, `run-${runId}.log`), 'a');
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, path.join(root, 'lib', 'cli', 'train.ts'), '--run', String(runId)], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  return child.pid;
}
