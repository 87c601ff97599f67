import { readEventFile } from '@/lib/import/read-events';
import { formatRowError, ImportFileError, type RowError } from '@/lib/import/row-error';
import type { OrderEvent } from '@/lib/recsys';

/** A problem with the input data, reported to the user as `error: <message>` and exit code 1. */
export class DataError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** Events read from a file and how many rows were skipped. */
export interface LoadedEvents {
  events: OrderEvent[];
  rows: number;
  badRows: number;
  /** Up to 10 formatted bad-row messages (file, line, column, reason). */
  badRowSamples: string[];
}

/**
 * Reads a canonical CSV(.gz) (or Amplitude JSON lines) file into memory with the project's
 * reader. Bad rows fail the load (DataError naming file, line and column) unless `skipBadRows`.
 * @param file - path as the user typed it (used in messages)
 * @param opts - skipBadRows; onRows(rows) after each batch
 * @throws DataError for a missing, empty or unreadable file, or bad rows
 */
export async function loadEvents(
  file: string,
  opts: { skipBadRows: boolean; onRows?: (rows: number) => void },
): Promise<LoadedEvents> {
  const events: OrderEvent[] = [];
  const samples: string[] = [];
  let bad = 0;
  let rows = 0;
  try {
    for await (const batch of readEventFile(file, file).batches) {
      for (const e of batch.events) events.push(e);
      bad += batch.errors.length;
      for (const err of batch.errors as RowError[])
        if (samples.length < 10) samples.push(formatRowError(file, err));
      rows = batch.rows;
      opts.onRows?.(rows);
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw new DataError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError(`${file}: no such file`);
    if (code === 'EISDIR') throw new DataError(`${file}: is a directory, not a file`);
    if (code === 'EACCES') throw new DataError(`${file}: permission denied`);
    throw e;
  }
  if (bad > 0 && !opts.skipBadRows) {
    throw new DataError(
      `${file} has ${bad.toLocaleString('en')} bad row${bad === 1 ? '' : 's'} (fix them, or pass --skip-bad-rows to skip them)`,
      samples,
    );
  }
  if (events.length === 0)
    throw new DataError(`${file}: no valid events (${bad.toLocaleString('en')} bad rows)`, samples);
  return { events, rows, badRows: bad, badRowSamples: samples };
}
