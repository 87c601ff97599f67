import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, test } from 'vitest';

import { saveUploadBody } from './upload';

const TOO_LARGE = 'The file is larger than 1 KB; use the CLI.';

/** A body of `chunks` chunks of `size` bytes that counts how many chunks were pulled from it. */
function countingBody(chunks: number, size: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled === chunks) return c.close();
      pulled++;
      c.enqueue(new Uint8Array(size).fill(97));
    },
  });
  return { stream, pulled: () => pulled };
}

const post = (body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request('http://127.0.0.1/api/v1/imports', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

test('a declared Content-Length over the limit is refused with 413 before a byte is read', async () => {
  const b = countingBody(10, 1000);
  await expect(saveUploadBody(post(b.stream, { 'content-length': '10000' }), 'a.csv', 1024, TOO_LARGE)).rejects.toMatchObject({ status: 413, code: 'payload_too_large', message: TOO_LARGE });
  expect(b.pulled()).toBeLessThanOrEqual(1); // at most the stream's initial pull; nothing consumed
});

test('a body without a length that grows past the limit is cut off there and leaves no file', async () => {
  const uploads = () => readdirSync(tmpdir()).filter((n) => n.startsWith('upload-')).sort();
  const before = uploads();
  const b = countingBody(10, 400);
  await expect(saveUploadBody(post(b.stream), 'b.csv', 1024, TOO_LARGE)).rejects.toMatchObject({ status: 413, message: TOO_LARGE });
  // 400 + 400 + 400 = 1200 > 1024: the third chunk trips the limit; the rest is never pulled.
  expect(b.pulled()).toBeLessThan(6);
  expect(uploads()).toEqual(before);
});

test('a body within the limit is saved whole under a safe name', async () => {
  const b = countingBody(2, 512);
  const saved = await saveUploadBody(post(b.stream), '../evil name;.csv', 1024, TOO_LARGE);
  try {
    expect(saved.bytes).toBe(1024);
    expect(path.basename(saved.path)).toBe('evil_name_.csv');
    expect(readFileSync(saved.path).toString()).toBe('a'.repeat(1024));
  } finally {
    rmSync(path.dirname(saved.path), { recursive: true, force: true });
  }
  expect(existsSync(saved.path)).toBe(false);
});
