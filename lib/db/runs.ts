import { ConflictError, NotFoundError } from '@/lib/errors';

import { prisma } from './client';
import type { RunConfig, RunMode, RunSnapshot, RunStatus, RunSummary } from './run-types';

type RunRow = NonNullable<Awaited<ReturnType<typeof prisma.modelRun.findFirst>>>;

/** A running run whose process has not written a heartbeat for this long was interrupted. */
export const HEARTBEAT_STALE_MS = 60_000;

function parse<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

export function toRunSummary(r: RunRow, now = Date.now()): RunSummary {
  const startedAt = r.startedAt?.getTime() ?? null;
  const finishedAt = r.finishedAt?.getTime() ?? null;
  const snapshot = parse<RunSnapshot | null>(r.snapshotJson, null);
  return {
    id: r.id,
    mode: r.mode as RunMode,
    status: r.status as RunStatus,
    stage: r.stage,
    progress: r.progress,
    config: parse<RunConfig>(r.configJson, {} as RunConfig),
    snapshot: snapshot && 'events' in snapshot ? snapshot : null,
    error: r.error,
    isActive: r.isActive,
    createdAt: r.createdAt.getTime(),
    startedAt,
    finishedAt,
    elapsedSeconds: startedAt === null ? null : ((finishedAt ?? now) - startedAt) / 1000,
  };
}

function processAlive(pid: number | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks runs that can no longer finish as failed: 'running' or 'queued' runs whose process is
 * gone or whose heartbeat is stale (a crash, kill -9, or a server restart). They never become
 * active. Returns how many were marked.
 */
export async function failInterruptedRuns(now = Date.now()): Promise<number> {
  const open = await prisma.modelRun.findMany({ where: { status: { in: ['queued', 'running'] } } });
  let n = 0;
  for (const r of open) {
    const beat = (r.heartbeatAt ?? r.startedAt ?? r.createdAt).getTime();
    const fresh = now - beat < HEARTBEAT_STALE_MS;
    // A queued run's process may still be starting (tsx takes a moment): give it the same grace.
    if (fresh && (processAlive(r.pid) || (r.status === 'queued' && r.pid === null))) continue;
    await prisma.modelRun.update({
      where: { id: r.id },
      data: { status: 'failed', error: `interrupted during "${r.stage || r.status}" (its process stopped)`, finishedAt: new Date(now) },
    });
    n++;
  }
  return n;
}

/**
 * Creates a queued run. One run at a time: while another is queued or running (and alive),
 * a ConflictError says which.
 */
export async function createRun(config: RunConfig): Promise<RunSummary> {
  await failInterruptedRuns();
  const busy = await prisma.modelRun.findFirst({ where: { status: { in: ['queued', 'running'] } } });
  if (busy) {
    throw new ConflictError(`Run #${busy.id} is still ${busy.status} (${busy.stage || 'starting'}); wait for it to finish before starting another.`);
  }
  const r = await prisma.modelRun.create({ data: { mode: config.mode, status: 'queued', configJson: JSON.stringify(config) } });
  return toRunSummary(r);
}

/** Records the process that executes a queued run (so liveness checks can find it). */
export async function setRunPid(id: number, pid: number | undefined): Promise<void> {
  if (pid) await prisma.modelRun.updateMany({ where: { id, status: 'queued' }, data: { pid } });
}

export async function getRun(id: number): Promise<RunSummary> {
  const r = await prisma.modelRun.findUnique({ where: { id } });
  if (!r) throw new NotFoundError(`Run #${id} does not exist.`);
  return toRunSummary(r);
}

/** Runs, newest first. */
export async function listRuns(limit = 50): Promise<RunSummary[]> {
  const rows = await prisma.modelRun.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map((r) => toRunSummary(r));
}

/** The run whose cache the pages and the API serve, or null before the first finished run. */
export async function getActiveRun(): Promise<RunSummary | null> {
  const r = await prisma.modelRun.findFirst({ where: { isActive: true } });
  return r ? toRunSummary(r) : null;
}

/** The newest finished evaluate-mode run (for metrics and segment backtests), or null. */
export async function getLatestEvaluatedRun(): Promise<RunSummary | null> {
  const r = await prisma.modelRun.findFirst({ where: { status: 'done', mode: 'evaluate' }, orderBy: { id: 'desc' } });
  return r ? toRunSummary(r) : null;
}

/** The run's metrics JSON (see lib/recsys/metrics-document.ts), parsed. */
export async function getRunMetrics<T = unknown>(id: number): Promise<T> {
  const r = await prisma.modelRun.findUnique({ where: { id }, select: { metricsJson: true } });
  if (!r) throw new NotFoundError(`Run #${id} does not exist.`);
  return parse<T>(r.metricsJson, {} as T);
}

/** Makes a finished run the active one (atomically: exactly one active run afterwards). */
export async function promoteRun(id: number): Promise<RunSummary> {
  const r = await prisma.modelRun.findUnique({ where: { id } });
  if (!r) throw new NotFoundError(`Run #${id} does not exist.`);
  if (r.status !== 'done') throw new ConflictError(`Run #${id} is ${r.status}; only a finished run can be made active.`);
  await prisma.$transaction([
    prisma.modelRun.updateMany({ where: { isActive: true }, data: { isActive: false } }),
    prisma.modelRun.update({ where: { id }, data: { isActive: true } }),
  ]);
  return getRun(id);
}
