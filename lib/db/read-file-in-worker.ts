import type { EventFileFormat } from '@/lib/import/read-events';
import { ImportFileError } from '@/lib/import/row-error';
import { spawnTsWorker } from '@/lib/workers/spawn';

import { readFileInThread, type FileBatches, type ImportBatch } from './import-events';
import type { Sqlite } from './sqlite';

type Message =
  | { type: 'batch'; batch: ImportBatch; format: EventFileFormat; bytes: number }
  | { type: 'done'; format: EventFileFormat; hash: string; bytes: number }
  | { type: 'error'; fileError: boolean; file: string; message: string; code?: string };

/**
 * Same contract as readFileInThread, but reading, validating and encoding run in a worker thread
 * (lib/db/import-worker.ts) so that the caller's thread only writes to SQLite: on two cores the
 * two halves of an import overlap. Backpressure: the parent acknowledges each batch it takes and
 * the worker stops parsing while a few are unacknowledged. An in-memory database cannot be
 * opened by a second thread; it is read in this thread instead. Used by the CLI and benchmarks
 * (kept apart from import-events.ts so the Next bundle never sees a worker entry).
 */
export function readEventFileInWorker(file: string, label: string): FileBatches {
  let format: EventFileFormat = 'csv';
  let hash = '';
  let bytes = 0;
  let inThread: FileBatches | undefined;
  async function* batches(db: Sqlite): AsyncGenerator<ImportBatch> {
    if (db.memory) {
      inThread = readFileInThread(file, label);
      yield* inThread.batches(db);
      return;
    }
    const worker = spawnTsWorker(new URL('./import-worker.ts', import.meta.url), { file, label, database: db.name });
    const queue: Message[] = [];
    let wake: (() => void) | undefined;
    let failure: Error | undefined;
    worker.on('message', (m: Message) => {
      queue.push(m);
      wake?.();
    });
    worker.on('error', (e) => {
      failure = e;
      wake?.();
    });
    try {
      for (;;) {
        while (!queue.length && !failure) await new Promise<void>((r) => (wake = r));
        if (failure) throw failure;
        const m = queue.shift()!;
        if (m.type === 'error') {
          if (m.fileError) throw new ImportFileError(m.file, m.message.slice(m.file.length + 2));
          throw Object.assign(new Error(m.message), { code: m.code });
        }
        format = m.format;
        bytes = m.bytes;
        if (m.type === 'done') {
          hash = m.hash;
          return;
        }
        worker.postMessage('ack');
        yield m.batch;
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    batches,
    format: () => inThread?.format() ?? format,
    hash: () => inThread?.hash() ?? hash,
    bytesRead: () => inThread?.bytesRead() ?? bytes,
  };
}
