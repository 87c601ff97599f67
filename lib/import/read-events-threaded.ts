import { spawnTsWorker } from '@/lib/workers/spawn';

import type { ParsedBatch } from './read-csv';
import type { EventFileFormat, EventReader } from './read-events';
import { ImportFileError } from './row-error';

type Message =
  | { type: 'batch'; batch: ParsedBatch; format: EventFileFormat; bytes: number }
  | { type: 'done'; format: EventFileFormat; hash: string }
  | { type: 'error'; fileError: boolean; file: string; message: string; code?: string };

/**
 * Same contract as readEventFile, but parsing runs in a worker thread so that the caller's
 * database writes overlap with it. Backpressure: the parent acknowledges each batch it takes and
 * the worker stops parsing while a few batches are unacknowledged (bounded memory).
 */
export function readEventFileThreaded(file: string, label: string): EventReader {
  let format: EventFileFormat = 'csv';
  let hash = '';
  let bytes = 0;
  async function* batches(): AsyncGenerator<ParsedBatch> {
    const worker = spawnTsWorker(new URL('./parse-worker.ts', import.meta.url), { file, label });
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
        if (m.type === 'batch') {
          format = m.format;
          bytes = m.bytes;
          worker.postMessage('ack');
          yield m.batch;
        } else if (m.type === 'done') {
          format = m.format;
          hash = m.hash;
          return;
        } else {
          if (m.fileError) throw new ImportFileError(m.file, m.message.slice(m.file.length + 2));
          throw Object.assign(new Error(m.message), { code: m.code });
        }
      }
    } finally {
      await worker.terminate();
    }
  }
  return { format: () => format, batches: batches(), hash: () => hash, bytesRead: () => bytes };
}
