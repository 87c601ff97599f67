/**
 * A 200 MB upload, end to end against the built server: a file just over the limit is refused
 * in the browser before anything is sent, with a message naming the limit and the CLI; the same
 * POST the page makes (POST /api/v1/imports with the file as the body), sent from a streamed
 * body never held in memory, is refused before the server reads it: the 413 arrives while the
 * client has sent a small part of it, the server's memory does not grow by the body's size, and
 * the database is unchanged. A chunked body (no Content-Length) is cut off at the limit.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';

import { MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE } from '../lib/validation/import';

const MiB = 1024 * 1024;
/** 201 MiB: just over the 200 MiB limit. */
const OVER = MAX_UPLOAD_BYTES + MiB;
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DB_FILE = (process.env.E2E_DATABASE_URL ?? 'file:./data/e2e.db').replace(/^file:/, '');

/** Row counts of the tables an import writes (the e2e server's database, read-only). */
function counts() {
  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const n = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
    return { events: n('Event'), users: n('User'), merchants: n('Merchant'), datasets: n('Dataset') };
  } finally {
    db.close();
  }
}

/** Resident memory of the process listening on PORT (the e2e next-server), in bytes. */
function serverRss(): number {
  const out = execFileSync('ss', ['-Hltnp', `sport = :${PORT}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`no process found listening on port ${PORT}: ${out}`);
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** Just under one MiB of valid CSV lines (whole lines, a checkout each), repeated to make big files and bodies. */
function csvBlock(): Buffer {
  let s = '';
  for (let i = 0; ; i++) {
    const line = `u${i % 997},m${i % 89},${(i % 40) + 5}.5,2025-01-01T00:00:00Z\n`;
    if (s.length + line.length > MiB) return Buffer.from(s);
    s += line;
  }
}

/**
 * POSTs `total` bytes of CSV to /api/v1/imports from a stream written 1 MiB at a time (with
 * backpressure), declaring the length or chunked; stops writing once the answer has come and
 * reports how much had been written by then.
 */
async function streamedUpload(total: number, declareLength: boolean) {
  const block = csvBlock();
  const req = http.request({
    host: '127.0.0.1',
    port: PORT,
    method: 'POST',
    path: '/api/v1/imports?file_name=big.csv',
    headers: { 'Content-Type': 'application/octet-stream', ...(declareLength ? { 'Content-Length': String(total) } : {}) },
  });
  let sent = 0;
  let sentAtResponse = -1;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      sentAtResponse = sent;
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e) => (sentAtResponse >= 0 ? undefined : reject(e)));
  });
  while (sent < total && sentAtResponse < 0 && !req.destroyed) {
    const n = Math.min(block.length, total - sent);
    sent += n;
    if (!req.write(n === block.length ? block : block.subarray(0, n))) {
      await Promise.race([once(req, 'drain'), answer.catch(() => undefined)]);
    }
  }
  if (sentAtResponse < 0) req.end();
  const r = await answer;
  req.destroy();
  return { ...r, sent, sentAtResponse };
}

test.describe.configure({ mode: 'serial' });

test('a file over 200 MB chosen in the browser is refused before sending, naming the limit and the CLI; nothing changes', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-big-upload-'));
  try {
    const file = path.join(dir, 'orders-201mb.csv');
    const ws = createWriteStream(file);
    const block = csvBlock();
    ws.write('user_id,merchant_id,order_total,event_time\n');
    for (let written = 0; written <= OVER; written += block.length) if (!ws.write(block)) await once(ws, 'drain');
    ws.end();
    await once(ws, 'finish');

    const before = counts();
    await page.goto('/data');
    const events = page.getByTestId('count-events');
    const shown = await events.textContent();
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') uploads.push(r.url());
    });
    await page.getByLabel('File of order events').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'larger than' })).toHaveText(UPLOAD_TOO_LARGE_MESSAGE);
    expect(UPLOAD_TOO_LARGE_MESSAGE).toBe('The file is larger than 200 MB; import it with the CLI (npm run import -- FILE).');
    expect(uploads).toEqual([]);
    await page.reload();
    await expect(events).toHaveText(shown!);
    expect(counts()).toEqual(before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 12 MiB file reaches the importer whole through the browser (the proxy used to cut bodies at 10 MB); its bad last line rejects it, nothing stored', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-mid-upload-'));
  try {
    const file = path.join(dir, 'mid-orders.csv');
    const block = csvBlock();
    const lines = block.toString().split('\n').length - 1;
    const ws = createWriteStream(file);
    ws.write('user_id,merchant_id,order_total,event_time\n');
    for (let i = 0; i < 12; i++) if (!ws.write(block)) await once(ws, 'drain');
    ws.end('u1,m1,lots,2025-01-01T00:00:00Z\n');
    await once(ws, 'finish');
    const before = counts();
    await page.goto('/data');
    await page.getByLabel('File of order events').setInputFiles(file);
    await page.getByRole('button', { name: 'Import' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Import rejected' });
    await expect(alert).toContainText('Import rejected: nothing was stored.', { timeout: 60_000 });
    // The header, 12 blocks of lines, then the bad one: its line number proves every byte arrived.
    await expect(alert).toContainText(`mid-orders.csv, line ${12 * lines + 2}, column order_total: "lots" is not a number`);
    expect(counts()).toEqual(before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same POST sent straight to the server with a 201 MiB streamed body: 413 before the body is read, memory flat, database unchanged', async () => {
  const before = counts();
  const rss0 = serverRss();
  const r = await streamedUpload(OVER, true);
  const grew = serverRss() - rss0;
  console.log(`declared 201 MiB: ${r.status} after ${(r.sentAtResponse / MiB).toFixed(1)} MiB sent; server RSS ${(grew / MiB).toFixed(1)} MiB more`);
  expect(r.status).toBe(413);
  expect(JSON.parse(r.body)).toEqual({ error: { code: 'payload_too_large', message: UPLOAD_TOO_LARGE_MESSAGE } });
  // The refusal came while the client had written at most a few MiB of the 201 (socket buffers).
  expect(r.sentAtResponse).toBeGreaterThan(0);
  expect(r.sentAtResponse).toBeLessThan(16 * MiB);
  expect(grew).toBeLessThan(32 * MiB);
  expect(counts()).toEqual(before);
});

test('a chunked body with no declared length is cut off at the limit; it was streamed to disk, not held in memory', async () => {
  test.setTimeout(180_000);
  const before = counts();
  const rss0 = serverRss();
  const r = await streamedUpload(OVER, false);
  const grew = serverRss() - rss0;
  console.log(`chunked 201 MiB: ${r.status} after ${(r.sentAtResponse / MiB).toFixed(1)} MiB sent; server RSS ${(grew / MiB).toFixed(1)} MiB more`);
  expect(r.status).toBe(413);
  expect(JSON.parse(r.body).error).toEqual({ code: 'payload_too_large', message: UPLOAD_TOO_LARGE_MESSAGE });
  // Refused once it passed 200 MiB, before the last MiB was sent.
  expect(r.sentAtResponse).toBeGreaterThan(MAX_UPLOAD_BYTES - 16 * MiB);
  expect(r.sentAtResponse).toBeLessThanOrEqual(OVER);
  expect(grew).toBeLessThan(64 * MiB);
  expect(counts()).toEqual(before);
});
