import path from 'node:path';

import { ConflictError, ValidationError } from '@/lib/errors';
import { readEventFile, type EventFileFormat, type EventReader } from '@/lib/import/read-events';
import type { ParsedBatch } from '@/lib/import/read-csv';
import { formatRowError, ImportFileError, type RowError } from '@/lib/import/row-error';
import type { OrderEvent } from '@/lib/recsys/types';

import { EventEncoder, loadIdSnapshot, type EncodedEvents } from './event-encoder';
import { EventWriter } from './event-writer';
import { openSqlite, type Sqlite } from './sqlite';

/** SQLite's default page-cache setting, restored after an import. */
const DEFAULT_CACHE_SIZE = -2000;

/** How many rejected rows are kept with their line, column and message. */
export const MAX_KEPT_REJECTIONS = 100;

export interface ImportProgress {
  rows: number;
  bytes: number;
}

export interface ImportOptions {
  /** Import the good rows and report the bad ones, instead of rejecting the whole file. */
  skipBadRows?: boolean;
  /** Name shown in messages and stored as the source (an upload's original name). */
  label?: string;
  onProgress?: (p: ImportProgress) => void;
  db?: Sqlite;
}

export interface ImportSummary {
  datasetId: number;
  sourceFile: string;
  format: EventFileFormat | 'generated' | 'api';
  rowsTotal: number;
  /** New events stored. */
  rowsAccepted: number;
  /** Rows identical to an event already stored (re-imports add nothing). */
  rowsDuplicate: number;
  rowsRejected: number;
  /** Rejection counts by reason, e.g. { 'order_total: is not a number': 3 }. */
  rejectionReasons: Record<string, number>;
  rejections: RowError[];
  newUsers: number;
  newMerchants: number;
  minEventTime: number | null;
  maxEventTime: number | null;
  durationMs: number;
}

/** A file rejected as a whole: nothing was stored. */
export class ImportRejectedError extends ValidationError {
  constructor(
    readonly file: string,
    readonly rowsRejected: number,
    readonly rejections: RowError[],
  ) {
    const first = rejections[0];
    super(
      `${file}: ${rowsRejected} bad row${rowsRejected === 1 ? '' : 's'}, nothing was imported` +
        (first ? `. First: ${formatRowError(file, first)}` : '') +
        '. Fix the file, or choose to skip bad rows.',
      rejections.map((e) => formatRowError(file, e)),
    );
  }
}

function reasonKey(e: RowError): string {
  return `${e.column || 'row'}: ${e.message.replace(/"[^"]*"?/g, '…').replace(/-?\d+(\.\d+)?/g, 'N')}`;
}

/**
 * Page cache while an import writes (KiB; SQLite's default is 2 MiB). Inserts land all over the
 * (user, time) B-tree; with the default cache every few rows evicts a page and reads it back,
 * which made the writes of bench:import's generated 1,000,000 rows 1.5x slower (16.8 s against
 * 11.1 s with 256 MiB; 128 MiB was within 5% of that; 2026-11-29, load about 1.5).
 */
const IMPORT_CACHE_KIB = Number(process.env.IMPORT_CACHE_KIB ?? 131_072);

function begin(db: Sqlite) {
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  // Event's user/merchant/dataset ids come from rows this transaction itself reads or inserts,
  // so the per-row foreign-key lookups (a fifth of the import's time) prove nothing here.
  db.pragma('foreign_keys = OFF');
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') {
      throw new ConflictError('another import or training run is writing to the database; try again when it has finished');
    }
    throw e;
  }
}

/** One line of `npm run import -- FILE --json` output, read by the dashboard's import jobs. */
export type ImportMessage =
  | ({ type: 'progress' } & ImportProgress)
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; message: string; details: string[] };

/** One step of an import: events encoded for EventWriter, and the rows rejected. */
export interface ImportBatch {
  events: EncodedEvents;
  errors: RowError[];
  /** Data rows read so far (accepted + rejected). */
  rows: number;
}

/**
 * Produces an import's batches. Called once the import's write transaction has begun, with its
 * connection: the ids already stored are read from that state.
 */
export type BatchSource = (db: Sqlite) => AsyncIterable<ImportBatch>;

/** A file being read: its batches and what is known about it once they are exhausted. */
export interface FileBatches {
  batches: BatchSource;
  format: () => EventFileFormat;
  hash: () => string;
  bytesRead: () => number;
}

/** Encodes parsed batches in this thread (see readEventFileInWorker for the threaded way). */
export function encodeInThread(batches: AsyncIterable<ParsedBatch>): BatchSource {
  return async function* encoded(db: Sqlite) {
    const encoder = new EventEncoder(loadIdSnapshot(db));
    for await (const b of batches) yield { events: encoder.encode(b.events), errors: b.errors, rows: b.rows };
  };
}

/** Reads, validates and encodes an event file in this thread. */
export function readFileInThread(file: string, label: string): FileBatches {
  const reader: EventReader = readEventFile(file, label);
  return { batches: encodeInThread(reader.batches), format: reader.format, hash: reader.hash, bytesRead: reader.bytesRead };
}

/**
 * Stores batches of validated events as one data set, in ONE transaction: a rejected file
 * (any bad row without `skipBadRows`, or a whole-file error) leaves the database exactly as it
 * was. Returns what was stored and what was skipped, and why.
 */
export async function importBatches(
  source: BatchSource,
  meta: { format: () => ImportSummary['format']; hash: () => string },
  opts: ImportOptions & { bytesRead?: () => number } = {},
): Promise<ImportSummary> {
  const own = !opts.db;
  const db = opts.db ?? openSqlite();
  const started = Date.now();
  const label = opts.label ?? 'events';
  begin(db);
  try {
    const datasetId = Number(
      db.prepare(
        "INSERT INTO Dataset (sourceFile, fileHash, format, rowsTotal, rowsAccepted, rowsRejected, rowsDuplicate, durationMs, importedAt) VALUES (?, '', '', 0, 0, 0, 0, 0, ?)",
      ).run(label, started).lastInsertRowid,
    );
    const writer = new EventWriter(db, datasetId);
    const rejections: RowError[] = [];
    const reasons: Record<string, number> = {};
    let rejected = 0;
    let rows = 0;
    for await (const batch of source(db)) {
      rows = batch.rows;
      for (const e of batch.errors) {
        rejected++;
        reasons[reasonKey(e)] = (reasons[reasonKey(e)] ?? 0) + 1;
        if (rejections.length < MAX_KEPT_REJECTIONS) rejections.push(e);
      }
      if (rejected === 0 || opts.skipBadRows) writer.write(batch.events);
      opts.onProgress?.({ rows, bytes: opts.bytesRead?.() ?? 0 });
    }
    if (rejected > 0 && !opts.skipBadRows) throw new ImportRejectedError(label, rejected, rejections);
    writer.flush();
    const c = writer.counts;
    const summary: ImportSummary = {
      datasetId, sourceFile: label, format: meta.format(), rowsTotal: rows, rowsAccepted: c.inserted,
      rowsDuplicate: c.duplicates, rowsRejected: rejected, rejectionReasons: reasons, rejections,
      newUsers: c.newUsers, newMerchants: c.newMerchants,
      minEventTime: Number.isFinite(c.minTime) ? c.minTime : null, maxEventTime: Number.isFinite(c.maxTime) ? c.maxTime : null,
      durationMs: Date.now() - started,
    };
    db.prepare(
      'UPDATE Dataset SET format = ?, fileHash = ?, rowsTotal = ?, rowsAccepted = ?, rowsRejected = ?, rowsDuplicate = ?, rejectionsJson = ?, minEventTime = ?, maxEventTime = ?, durationMs = ? WHERE id = ?',
    ).run(summary.format, meta.hash(), rows, c.inserted, rejected, c.duplicates, JSON.stringify(rejections), summary.minEventTime, summary.maxEventTime, summary.durationMs, datasetId);
    db.exec('COMMIT');
    return summary;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (e instanceof ImportFileError) throw new ValidationError(e.message);
    throw e;
  } finally {
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${DEFAULT_CACHE_SIZE}`);
    if (own) db.close();
  }
}

/**
 * Imports a canonical CSV / Amplitude JSON-lines file (optionally gzipped); see importBatches.
 * `reader` may replace the in-thread reader: the CLI passes readEventFileInWorker, which parses
 * and encodes in a worker thread beside the writes (kept out of this module so the Next bundle
 * never sees it).
 */
export async function importEventFile(
  file: string,
  opts: ImportOptions & { reader?: (file: string, label: string) => FileBatches } = {},
): Promise<ImportSummary> {
  const label = opts.label ?? path.basename(file);
  const reader = (opts.reader ?? readFileInThread)(file, label);
  return importBatches(reader.batches, { format: reader.format, hash: reader.hash }, { ...opts, label, bytesRead: reader.bytesRead });
}

/** Rows per batch when importing events that are already in memory or generated. */
const STREAM_BATCH = 5000;

/**
 * Imports canonical events from an iterable (the demo generator, an API batch) as one data
 * set, with the same transaction and duplicate rules as a file import.
 */
export async function importEventStream(
  events: Iterable<OrderEvent>,
  label: string,
  format: 'generated' | 'api',
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  async function* batches(): AsyncGenerator<ParsedBatch> {
    let batch: OrderEvent[] = [];
    let rows = 0;
    for (const e of events) {
      batch.push(e);
      rows++;
      if (batch.length === STREAM_BATCH) {
        yield { events: batch, errors: [], rows };
        batch = [];
      }
    }
    yield { events: batch, errors: [], rows };
  }
  return importBatches(encodeInThread(batches()), { format: () => format, hash: () => '' }, { ...opts, label });
}
