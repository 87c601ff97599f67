import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

import { ImportFileError } from './row-error';

export interface TextSource {
  /** UTF-8 text chunks of the (decompressed) file; throws ImportFileError on bad encoding. */
  chunks: AsyncGenerator<string>;
  /** sha256 (hex) of the file's raw bytes; complete once `chunks` is exhausted. */
  hash: () => string;
  /** Raw bytes read so far (for progress). */
  bytesRead: () => number;
  compressed: () => boolean;
}

/**
 * Streams a file as UTF-8 text, decompressing gzip (detected by its magic bytes, not the
 * name) and rejecting what is not UTF-8: a UTF-16 byte-order mark, NUL bytes, or an invalid
 * byte sequence each give an ImportFileError naming the file. Memory stays bounded by the
 * stream's chunk size whatever the file's size.
 */
export function openTextSource(file: string, label = file): TextSource {
  const hasher = createHash('sha256');
  let bytes = 0;
  let gz = false;
  async function* chunks(): AsyncGenerator<string> {
    const raw = createReadStream(file, { highWaterMark: 1 << 20 });
    const first: Buffer[] = [];
    const rawIter = raw[Symbol.asyncIterator]();
    const head = await rawIter.next();
    if (head.done || (head.value as Buffer).length === 0) throw new ImportFileError(label, 'the file is empty (0 bytes)');
    const headBuf = head.value as Buffer;
    first.push(headBuf);
    gz = headBuf[0] === 0x1f && headBuf[1] === 0x8b;
    async function* tapped(): AsyncGenerator<Buffer> {
      for (const b of first) {
        hasher.update(b);
        bytes += b.length;
        yield b;
      }
      for (let r = await rawIter.next(); !r.done; r = await rawIter.next()) {
        const b = r.value as Buffer;
        hasher.update(b);
        bytes += b.length;
        yield b;
      }
    }
    let source: AsyncIterable<Buffer> = tapped();
    if (gz) {
      const gunzip = createGunzip();
      const src = source;
      (async () => {
        try {
          for await (const b of src) if (!gunzip.write(b)) await new Promise((r) => gunzip.once('drain', r));
          gunzip.end();
        } catch (e) {
          gunzip.destroy(e as Error);
        }
      })();
      source = gunzip;
    }
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    let firstChunk = true;
    let offset = 0;
    try {
      for await (const b of source) {
        if (firstChunk) {
          firstChunk = false;
          if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
            throw new ImportFileError(label, 'the file is UTF-16 encoded; save it as UTF-8 and import again');
          }
        }
        if (b.indexOf(0) !== -1) {
          throw new ImportFileError(label, 'the file contains NUL bytes: it is binary or UTF-16, not UTF-8 text');
        }
        let text: string;
        try {
          text = decoder.decode(b, { stream: true });
        } catch {
          throw new ImportFileError(label, `the file is not valid UTF-8 (bad byte sequence near byte ${offset}); save it as UTF-8 and import again`);
        }
        offset += b.length;
        if (text) yield text;
      }
      const tail = decoder.decode();
      if (tail) yield tail;
    } catch (e) {
      if (e instanceof ImportFileError) throw e;
      if (gz) throw new ImportFileError(label, `the gzip data is corrupt or truncated (${(e as Error).message})`);
      throw e;
    } finally {
      raw.destroy();
    }
  }
  let digest = '';
  const hash = () => (digest ||= hasher.digest('hex'));
  return { chunks: chunks(), hash, bytesRead: () => bytes, compressed: () => gz };
}
