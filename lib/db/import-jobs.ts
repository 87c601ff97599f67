import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';

import { AppError, ConflictError } from '@/lib/errors';

import { importEventFile, type ImportSummary } from './import-events';

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

/**
 * Starts importing an uploaded file (already saved at `path`) in the background of this
 * server process and returns the job to poll. One import at a time: a second request while one
 * runs gets a ConflictError. The temporary file is removed when the import ends.
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
  importEventFile(path, {
    label: fileName,
    skipBadRows,
    onProgress: (p) => {
      job.rows = p.rows;
      job.bytesRead = p.bytes;
    },
  })
    .then((summary) => {
      Object.assign(job, { status: 'done', summary, bytesRead: bytesTotal, rows: summary.rowsTotal });
    })
    .catch((e: unknown) => {
      const known = e instanceof AppError;
      if (!known) console.error('import failed', e);
      job.status = 'failed';
      job.error = {
        message: known ? e.message : `The import failed unexpectedly: ${(e as Error).message}`,
        details: known ? ((e as { details?: string[] }).details ?? []).slice(0, 20) : [],
      };
    })
    .finally(() => {
      job.finishedAt = Date.now();
      void rm(path, { force: true });
    });
  return job;
}

export function getImportJob(id: string): ImportJob | undefined {
  return jobs.get(id);
}
