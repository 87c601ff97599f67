import { NotFoundError } from '@/lib/errors';
import type { SegmentKind } from '@/lib/recsys/segments';
import { parseSegmentDefinition, type ExportFormat, type Schedule, type SegmentDefinition } from '@/lib/validation/segment';

import { prisma } from './client';

const HOUR_MS = 3_600_000;
/** Time between scheduled exports; a run up to 10 minutes early still counts (cron jitter). */
export const SCHEDULE_INTERVAL_MS: Readonly<Record<Schedule, number>> = { daily: 24 * HOUR_MS, weekly: 7 * 24 * HOUR_MS };
const SLACK_MS = 10 * 60_000;

export interface SavedSegment {
  id: number;
  name: string;
  kind: SegmentKind;
  /** Null when the stored filters no longer validate (shown as broken, never exported). */
  definition: SegmentDefinition | null;
  schedule: Schedule | null;
  format: ExportFormat;
  createdAt: number;
  lastExportAt: number | null;
  /** When the scheduler will export it next (null: not scheduled). */
  nextExportAt: number | null;
}

export interface SegmentExportRecord {
  id: number;
  segmentId: number;
  segmentName: string;
  kind: string;
  runId: number | null;
  path: string;
  rows: number;
  createdAt: number;
}

type Row = NonNullable<Awaited<ReturnType<typeof prisma.segment.findFirst>>>;

function toSaved(r: Row): SavedSegment {
  let filters: unknown = {};
  try {
    filters = JSON.parse(r.filtersJson);
  } catch {
    filters = null;
  }
  const parsed = filters && typeof filters === 'object' ? parseSegmentDefinition({ ...(filters as object), kind: r.kind }) : null;
  const schedule = r.schedule === 'daily' || r.schedule === 'weekly' ? r.schedule : null;
  const last = r.lastExportAt?.getTime() ?? null;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as SegmentKind,
    definition: parsed?.ok ? parsed.data : null,
    schedule,
    format: r.format === 'fields' ? 'fields' : 'seed',
    createdAt: r.createdAt.getTime(),
    lastExportAt: last,
    nextExportAt: schedule === null ? null : last === null ? r.createdAt.getTime() : last + SCHEDULE_INTERVAL_MS[schedule],
  };
}

/** Saved segments, newest first. */
export async function listSavedSegments(): Promise<SavedSegment[]> {
  return (await prisma.segment.findMany({ orderBy: { id: 'desc' } })).map(toSaved);
}

export async function getSavedSegment(id: number): Promise<SavedSegment> {
  const r = await prisma.segment.findUnique({ where: { id } });
  if (!r) throw new NotFoundError(`Saved segment #${id} does not exist (it may have been deleted).`);
  return toSaved(r);
}

export async function createSavedSegment(input: { name: string; definition: SegmentDefinition; schedule: Schedule | null; format: ExportFormat }): Promise<SavedSegment> {
  const r = await prisma.segment.create({
    data: { name: input.name, kind: input.definition.kind, filtersJson: JSON.stringify(input.definition.filters), schedule: input.schedule, format: input.format },
  });
  return toSaved(r);
}

export async function deleteSavedSegment(id: number): Promise<void> {
  const { count } = await prisma.segment.deleteMany({ where: { id } });
  if (count === 0) throw new NotFoundError(`Saved segment #${id} does not exist (it may have been deleted).`);
}

export async function updateSegmentSchedule(id: number, schedule: Schedule | null): Promise<SavedSegment> {
  await getSavedSegment(id);
  return toSaved(await prisma.segment.update({ where: { id }, data: { schedule } }));
}

/** Scheduled segments whose next export is due at `now`. */
export async function listDueSegments(now: number): Promise<SavedSegment[]> {
  const rows = await prisma.segment.findMany({ where: { schedule: { in: ['daily', 'weekly'] } }, orderBy: { id: 'asc' } });
  return rows.map(toSaved).filter((s) => s.nextExportAt !== null && s.nextExportAt - SLACK_MS <= now);
}

/**
 * Marks a due segment as being exported at `now`, atomically: of two processes (the server's
 * interval and a cron job) only one gets true. `release` undoes it when the export fails.
 */
export async function claimSegmentExport(s: SavedSegment, now: number): Promise<boolean> {
  const last = s.lastExportAt === null ? null : new Date(s.lastExportAt);
  const { count } = await prisma.segment.updateMany({ where: { id: s.id, lastExportAt: last }, data: { lastExportAt: new Date(now) } });
  return count === 1;
}

export async function releaseSegmentExport(s: SavedSegment): Promise<void> {
  await prisma.segment.updateMany({ where: { id: s.id }, data: { lastExportAt: s.lastExportAt === null ? null : new Date(s.lastExportAt) } });
}

export async function recordSegmentExport(input: { segmentId: number; runId: number | null; path: string; rows: number; at: number }): Promise<void> {
  await prisma.$transaction([
    prisma.segmentExport.create({ data: { segmentId: input.segmentId, runId: input.runId, path: input.path, rows: input.rows, createdAt: new Date(input.at) } }),
    prisma.segment.update({ where: { id: input.segmentId }, data: { lastExportAt: new Date(input.at) } }),
  ]);
}

/** Past exports, newest first (of segments that still exist). */
export async function listSegmentExports(limit = 20): Promise<SegmentExportRecord[]> {
  const rows = await prisma.segmentExport.findMany({ orderBy: { id: 'desc' }, take: limit, include: { segment: { select: { name: true, kind: true } } } });
  return rows.map((r) => ({
    id: r.id,
    segmentId: r.segmentId,
    segmentName: r.segment.name,
    kind: r.segment.kind,
    runId: r.runId,
    path: r.path,
    rows: r.rows,
    createdAt: r.createdAt.getTime(),
  }));
}
