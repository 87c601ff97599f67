import type { OrderEvent } from '@/lib/recsys/types';

import { csvRows } from './csv-rows';
import { mapColumns, type ColumnMap } from './columns';
import { normalizeEvent, type RawEvent } from './normalize';
import { ImportFileError, type RowError } from './row-error';

/** Rows are handed on in batches of this many (bounded memory, cheap transactions). */
export const BATCH_SIZE = 5000;

export interface ParsedBatch {
  events: OrderEvent[];
  errors: RowError[];
  /** Data rows read so far (accepted + rejected). */
  rows: number;
}

function rowToRaw(row: string[], cols: ColumnMap): RawEvent {
  // No per-row closures here: this runs once per imported row.
  const ix = cols.index;
  return {
    userId: row[ix.userId], merchantId: row[ix.merchantId], merchantName: row[ix.merchantName],
    category: row[ix.category], orderTotal: row[ix.orderTotal], eventTime: row[ix.eventTime],
    eventType: row[ix.eventType], platform: row[ix.platform],
  };
}

/**
 * Parses canonical CSV text (papaparse via csvRows, streaming) into batches of validated events and row
 * errors. The header is mapped by name (aliases in COLUMN_ALIASES); a row with a different
 * number of fields than the header is rejected whole.
 */
export async function* parseCsv(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ParsedBatch> {
  let cols: ColumnMap | undefined;
  let rows = 0;
  let batch: ParsedBatch = { events: [], errors: [], rows: 0 };
  for await (const piece of csvRows(chunks)) {
    for (const row of piece) {
      if (!cols) {
        cols = mapColumns(row, file);
        continue;
      }
      rows++;
      const line = rows + 1;
      if (row.length !== cols.width) {
        batch.errors.push({ line, column: '', message: `has ${row.length} fields, the header has ${cols.width}` });
      } else {
        const ev = normalizeEvent(rowToRaw(row, cols), line, cols.names);
        if ('line' in ev) batch.errors.push(ev);
        else batch.events.push(ev);
      }
      if (batch.events.length + batch.errors.length >= BATCH_SIZE) {
        batch.rows = rows;
        yield batch;
        batch = { events: [], errors: [], rows };
      }
    }
  }
  if (!cols) throw new ImportFileError(file, 'the file has no header row (it is empty or blank)');
  if (rows === 0) throw new ImportFileError(file, 'the file has a header but no data rows');
  batch.rows = rows;
  yield batch;
}
