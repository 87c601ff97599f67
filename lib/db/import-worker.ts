// Worker thread of readEventFileInWorker: reads, validates and encodes an event file and posts
// the encoded batches to the parent, which writes them to SQLite meanwhile (parsing and writing
// overlap on two cores; the parent's thread does nothing but SQLite).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

import { readEventFile } from '@/lib/import/read-events';
import { ImportFileError } from '@/lib/import/row-error';

import { EventEncoder, loadIdSnapshot } from './event-encoder';

const { file, label, database } = (workerData as { data: { file: string; label: string; database: string } }).data;
const port = parentPort!;
/** Batches posted but not yet taken by the parent; parsing waits above MAX_IN_FLIGHT (bounded memory). */
const MAX_IN_FLIGHT = 4;
let inFlight = 0;
let resume: (() => void) | undefined;
port.on('message', () => {
  inFlight--;
  resume?.();
});
try {
  // The parent holds the write transaction and has not written users or merchants yet: this
  // read-only snapshot is exactly its view of them.
  const db = new Database(database, { readonly: true, fileMustExist: true });
  let encoder: EventEncoder;
  try {
    encoder = new EventEncoder(loadIdSnapshot(db));
  } finally {
    db.close();
  }
  const reader = readEventFile(file, label);
  for await (const batch of reader.batches) {
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (resume = r));
    inFlight++;
    const events = encoder.encode(batch.events);
    port.postMessage(
      { type: 'batch', batch: { events, errors: batch.errors, rows: batch.rows }, format: reader.format(), bytes: reader.bytesRead() },
      [events.rows.buffer as ArrayBuffer],
    );
  }
  port.postMessage({ type: 'done', format: reader.format(), hash: reader.hash(), bytes: reader.bytesRead() });
} catch (e) {
  const fileError = e instanceof ImportFileError;
  port.postMessage({ type: 'error', fileError, file: fileError ? (e as ImportFileError).file : '', message: (e as Error).message, code: (e as NodeJS.ErrnoException).code });
}
