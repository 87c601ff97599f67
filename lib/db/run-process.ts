import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

import { cliCommand } from './cli-process';

/**
 * Starts `lib/cli/train.ts --run ID` in its own Node process (through tsx), off the request
 * path: the server stays responsive, and a crash or kill of the run cannot take the server
 * down. Output goes to data/logs/run-ID.log. The run updates its own row (stage, progress,
 * heartbeat); the page polls it.
 */
export function startRunProcess(runId: number): number | undefined {
  const cmd = cliCommand('train', ['--run', String(runId)]);
  const logs = path.join(cmd.cwd, 'data', 'logs');
  mkdirSync(logs, { recursive: true });
  const out = openSync(path.join(logs, `run-${runId}.log`), 'a');
  const child = spawn(cmd.command, cmd.args, {
    cwd: cmd.cwd,
    env: process.env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  return child.pid;
}
