/**
 * Receiving an uploaded file as a streamed request body (POST /api/v1/imports): the body goes
 * to a new temporary file chunk by chunk and is never held whole in memory. A declared
 * Content-Length over the limit is refused before a byte is read (the client gets the 413 while
 * it is still sending); a body without one (chunked) is cut off as soon as it passes the limit.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { AppError } from '@/lib/errors';

/** A saved upload: the temporary file and its size. */
export interface SavedUpload {
  path: string;
  bytes: number;
}

/**
 * Streams `req`'s body to `<tmp>/upload-*\/<fileName>`.
 * @throws AppError 413 `payload_too_large` with `tooLargeMessage` when the body is (or declares
 *   to be) larger than `maxBytes`; nothing is left on disk then.
 */
export async function saveUploadBody(req: Request, fileName: string, maxBytes: number, tooLargeMessage: string): Promise<SavedUpload> {
  const tooLarge = () => new AppError(tooLargeMessage, 413, 'payload_too_large');
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  const dir = await mkdtemp(path.join(tmpdir(), 'upload-'));
  const target = path.join(dir, path.basename(fileName).replace(/[^\w.-]/g, '_'));
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? tooLarge() : null, chunk);
    },
  });
  try {
    const body = req.body ? Readable.fromWeb(req.body as never) : Readable.from([]);
    await pipeline(body, limit, createWriteStream(target));
    return { path: target, bytes };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
