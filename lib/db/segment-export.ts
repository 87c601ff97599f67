import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { toCsv, type CsvCell, type CsvColumn } from '@/lib/csv';
import { NotFoundError } from '@/lib/errors';
import { buildSegment, fieldsRow, SEED_HEADER, SEGMENT_FIELDS, seedRows, type SegmentKind } from '@/lib/recsys/segments';
import type { ExportFormat, SegmentDefinition } from '@/lib/validation/segment';

import { getActiveRun } from './runs';
import type { RunSummary } from './run-types';
import { claimSegmentExport, listDueSegments, recordSegmentExport, releaseSegmentExport, type SavedSegment } from './saved-segments';
import { getSegmentStore } from './segment-store';
import { resolveSegmentFilters } from './segments';

/** Rows per CSV chunk: memory stays bounded by one chunk whatever the segment's size. */
export const CHUNK_ROWS = 2_000;

/** Where scheduled exports are written (SEGMENT_EXPORT_DIR overrides). */
export function exportDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.SEGMENT_EXPORT_DIR ?? path.join('outputs', 'recommendations', 'exports'));
}

/** `2024-12-01` (UTC). */
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `{segment}_{YYYY-MM-DD}.csv`. */
export const exportFileName = (kind: SegmentKind, date: string) => `${kind}_${date}.csv`;

export interface SegmentCsv {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  /** Resolves with the number of data rows once the stream has been read to the end. */
  rows: Promise<number>;
}

/**
 * A segment's CSV as a pull stream: the header, then chunks of `chunkRows` (default {@link CHUNK_ROWS}) rows built
 * only when the reader asks for more (backpressure), so a 100,000-row export never holds its
 * rows. Bad filters (unknown merchant or category) throw before anything is streamed.
 * @param format - 'seed' (flat: one row per user and recommended merchant) or 'fields'
 */
export async function createSegmentCsv(
  def: SegmentDefinition,
  format: ExportFormat,
  run: RunSummary,
  { exportDate = isoDate(Date.now()), chunkRows = CHUNK_ROWS }: { exportDate?: string; chunkRows?: number } = {},
): Promise<SegmentCsv> {
  const store = await getSegmentStore(run);
  const filters = resolveSegmentFilters(def, store);
  const ctx = { now: store.now, merchants: store.merchants };
  const matches = buildSegment(def.kind, store.users(), filters, ctx);
  const header = format === 'seed' ? SEED_HEADER : SEGMENT_FIELDS[def.kind];
  const columns: CsvColumn<CsvCell[]>[] = header.map((h, i) => ({ header: h, value: (r) => r[i] }));
  const headerLine = toCsv([], columns);
  const encoder = new TextEncoder();
  let count = 0;
  let settle: (n: number) => void = () => {};
  let fail: (e: unknown) => void = () => {};
  const rows = new Promise<number>((resolve, reject) => ([settle, fail] = [resolve, reject]));
  rows.catch(() => {});
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        c.enqueue(encoder.encode(headerLine));
      },
      pull(c) {
        try {
          const chunk: CsvCell[][] = [];
          while (chunk.length < chunkRows) {
            const next = matches.next();
            if (next.done) break;
            if (format === 'seed') chunk.push(...seedRows(def.kind, next.value, ctx, exportDate));
            else chunk.push(fieldsRow(def.kind, next.value));
          }
          if (chunk.length === 0) {
            c.close();
            settle(count);
            return;
          }
          count += chunk.length;
          c.enqueue(encoder.encode(toCsv(chunk, columns).slice(headerLine.length)));
        } catch (e) {
          fail(e);
          throw e;
        }
      },
      cancel(reason) {
        matches.return(undefined);
        fail(reason ?? new Error('export cancelled'));
      },
    },
    { highWaterMark: 1 },
  );
  return { stream, fileName: exportFileName(def.kind, exportDate), rows };
}

/** Streams a segment's CSV into `file` (written next to it, then renamed: never half a file). */
export async function writeSegmentCsvFile(def: SegmentDefinition, format: ExportFormat, run: RunSummary, file: string, exportDate?: string): Promise<number> {
  const csv = await createSegmentCsv(def, format, run, { exportDate });
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.partial`;
  try {
    await pipeline(Readable.fromWeb(csv.stream as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(tmp));
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return csv.rows;
}

/**
 * Exports one saved segment with the active run to
 * outputs/recommendations/exports/segment-{id}/{kind}_{YYYY-MM-DD}.csv (a second export the
 * same day replaces the file) and records it in the export history.
 */
export async function exportSavedSegment(s: SavedSegment, now = Date.now()): Promise<{ path: string; rows: number }> {
  if (!s.definition) throw new Error(`Saved segment "${s.name}" has filters that no longer validate; delete it and save it again.`);
  const run = await getActiveRun();
  if (!run) throw new NotFoundError('No trained run yet: train one on the Performance tab before exporting segments.');
  const date = isoDate(now);
  const file = path.join(exportDir(), `segment-${s.id}`, exportFileName(s.kind, date));
  const rows = await writeSegmentCsvFile(s.definition, s.format, run, file, date);
  const rel = path.relative(/*turbopackIgnore: true*/ process.cwd(), file);
  await recordSegmentExport({ segmentId: s.id, runId: run.id, path: rel.startsWith('..') ? file : rel, rows, at: now });
  return { path: file, rows };
}

export interface DueExportOutcome {
  segmentId: number;
  name: string;
  path?: string;
  rows?: number;
  error?: string;
}

/**
 * Exports every scheduled segment that is due. Each is claimed first (see
 * claimSegmentExport), so the server's interval and a cron job never export the same one twice.
 */
export async function runDueExports(now = Date.now()): Promise<DueExportOutcome[]> {
  const out: DueExportOutcome[] = [];
  for (const s of await listDueSegments(now)) {
    if (!(await claimSegmentExport(s, now))) continue;
    try {
      const r = await exportSavedSegment(s, now);
      out.push({ segmentId: s.id, name: s.name, ...r });
    } catch (e) {
      await releaseSegmentExport(s);
      out.push({ segmentId: s.id, name: s.name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

const scheduler = globalThis as unknown as { __segmentExportTimer?: NodeJS.Timeout; __segmentExportBusy?: boolean };

/** Runs due exports now in the background (no-op while a pass is running). */
export function runDueExportsSoon(): void {
  if (scheduler.__segmentExportBusy) return;
  scheduler.__segmentExportBusy = true;
  runDueExports()
    .then((done) => done.forEach((d) => (d.error ? console.error(`segment export "${d.name}" failed: ${d.error}`) : console.log(`segment export "${d.name}": ${d.rows} rows → ${d.path}`))))
    .catch((e: unknown) => console.error('scheduled segment exports failed', e))
    .finally(() => (scheduler.__segmentExportBusy = false));
}

/**
 * Starts (once per server process) a timer that runs due exports every
 * SEGMENT_EXPORT_INTERVAL_MINUTES (default 15; 0 disables it — use cron and
 * `npx tsx lib/cli/exports.ts` instead). Started lazily by the segments page and the export
 * route; the timer is unref'd, so it never keeps a process alive.
 */
export function ensureExportScheduler(): void {
  const minutes = Number(process.env.SEGMENT_EXPORT_INTERVAL_MINUTES ?? 15);
  if (scheduler.__segmentExportTimer || !(minutes > 0)) return;
  scheduler.__segmentExportTimer = setInterval(runDueExportsSoon, minutes * 60_000);
  scheduler.__segmentExportTimer.unref();
  runDueExportsSoon();
}
