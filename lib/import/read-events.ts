import path from 'node:path';

import { parseAmplitude } from './read-amplitude';
import { parseCsv, type ParsedBatch } from './read-csv';
import { openTextSource } from './text-source';

export type EventFileFormat = 'csv' | 'amplitude-jsonl';

export interface EventReader {
  format: () => EventFileFormat;
  batches: AsyncGenerator<ParsedBatch>;
  /** sha256 of the raw file, complete after `batches` is exhausted. */
  hash: () => string;
  bytesRead: () => number;
}

/**
 * Reads an order-event file of either supported format, detected from its content: JSON lines
 * (first non-blank character `{`) are Amplitude's export, anything else canonical CSV. Both
 * may be gzipped. Yields validated batches; throws ImportFileError for whole-file problems.
 * @param label - the name used in error messages (the uploaded file's name), default basename.
 */
export function readEventFile(file: string, label = path.basename(file)): EventReader {
  const src = openTextSource(file, label);
  let format: EventFileFormat = 'csv';
  async function* batches(): AsyncGenerator<ParsedBatch> {
    let first = '';
    const it = src.chunks;
    const head = await it.next();
    if (!head.done) first = head.value;
    format = first.trimStart().startsWith('{') ? 'amplitude-jsonl' : 'csv';
    async function* all() {
      if (first) yield first;
      yield* it;
    }
    yield* format === 'csv' ? parseCsv(all(), label) : parseAmplitude(all(), label);
  }
  return { format: () => format, batches: batches(), hash: src.hash, bytesRead: src.bytesRead };
}
