import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';

import { ConflictError } from '@/lib/errors';

import { cliCommand } from './cli-process';
import type { ImportMessage, ImportSummary } from './import-events';

/** What the dashboard polls while an upload is imported. */
export interface ImportJob {
  id: string;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  bytesTotal: number;
  bytesRead: number;
  rows: number;
  startedAt: number;
  finishedAt?: number;
  summary?: ImportSummary;
  error?: { message: string; details: string[] };
}

const store = globalThis as unknown as { __importJobs?: Map<string, ImportJob> };
const jobs = (store.__importJobs ??= new Map());

/** Keep finished jobs this long for the page that polls them. */
const KEEP_MS = 60 * 60 * 1000;

function prune(now: number) {
  for (const [id, j] of jobs) if (j.finishedAt && now - j.finishedAt > KEEP_MS) jobs.delete(id);
}

/** Ends a job with an error the page shows. */
function fail(job: ImportJob, message: string, details: string[] = []) {
  job.status = 'failed';
  job.error = { message, details };
}

/**
 * Starts importing an uploaded file (already saved at `path`) and returns the job to poll. The
 * import runs as `lib/cli/import.ts --json` in its own process — the same importer as the CLI,
 * parsing in a worker thread beside the SQLite writes — so the server stays responsive and a
 * crash or kill of the import cannot take it down (its one transaction then rolls back). One
 * import at a time: a second request while one runs gets a ConflictError. The temporary file
 * is removed when the import ends.
 */
export function startImportJob(path: string, fileName: string, bytesTotal: number, skipBadRows: boolean): ImportJob {
  const now = Date.now();
  prune(now);
  if ([...jobs.values()].some((j) => j.status === 'running')) {
    void rm(path, { force: true });
    throw new ConflictError('Another import is running; wait for it to finish and try again.');
  }
  const job: ImportJob = { id: randomUUID(), fileName, status: 'running', bytesTotal, bytesRead: 0, rows: 0, startedAt: now };
  jobs.set(job.id, job);
  const cmd = cliCommand('import', [path, '--json', '--label', fileName, ...(skipBadRows ? ['--skip-bad-rows'] : [])]);
  const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  createInterface({ input: child.stdout }).on('line', (line) => {
    let m: ImportMessage;
    try {
      m = JSON.parse(line) as ImportMessage;
    } catch {
      return; // not a protocol line (e.g. a warning printed by a dependency)
    }
    if (m.type === 'progress') Object.assign(job, { rows: m.rows, bytesRead: m.bytes });
    else if (m.type === 'done') Object.assign(job, { status: 'done', summary: m.summary, bytesRead: bytesTotal, rows: m.summary.rowsTotal });
    else fail(job, m.message, m.details);
  });
  child.on('error', (e) => fail(job, `The import could not start: ${e.message}`));
  child.on('close', (code, signal) => {
    if (job.status === 'running') {
      console.error(`import of ${fileName} ended without a result (exit ${code ?? signal})\n${stderr}`);
      fail(job, `The import stopped unexpectedly (${signal ? `killed by ${signal}` : `exit code ${code}`}); nothing from this file was stored.`, stderr.trim().split('\n').slice(-5));
    }
    job.finishedAt = Date.now();
    void rm(path, { force: true });
  });
  return job;
}

export function getImportJob(id: string): ImportJob | undefined {
  return jobs.get(id);
}
