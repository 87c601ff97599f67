// Worker thread: reads and validates an event file, posting batches to the parent (which
// writes them to SQLite meanwhile: parsing and writing overlap on the machine's two cores).
import { parentPort, workerData } from 'node:worker_threads';

import { readEventFile } from './read-events';
import { ImportFileError } from './row-error';

const { file, label } = (workerData as { data: { file: string; label: string } }).data;
const port = parentPort!;
const reader = readEventFile(file, label);
/** Batches posted but not yet taken by the parent; parsing waits above MAX_IN_FLIGHT. */
const MAX_IN_FLIGHT = 4;
let inFlight = 0;
let resume: (() => void) | undefined;
port.on('message', () => {
  inFlight--;
  resume?.();
});
try {
  for await (const batch of reader.batches) {
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (resume = r));
    inFlight++;
    port.postMessage({ type: 'batch', batch, format: reader.format(), bytes: reader.bytesRead() });
  }
  port.postMessage({ type: 'done', format: reader.format(), hash: reader.hash() });
} catch (e) {
  const fileError = e instanceof ImportFileError;
  port.postMessage({ type: 'error', fileError, file: fileError ? (e as ImportFileError).file : '', message: (e as Error).message, code: (e as NodeJS.ErrnoException).code });
}
