import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, test } from 'vitest';

import { bindListener, LISTEN_DESCRIPTORS, spawnWithListener } from './shared-listener';

const FIXTURE = path.join(__dirname, 'fixtures', 'accept-turns.ts');
const BURST = 200;

function get(port: number, p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(`GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d) => (data += d));
    s.on('end', () => resolve(data.slice(data.indexOf('\r\n\r\n') + 4)));
    s.on('error', reject);
  });
}

/**
 * Holds the server's event loop, connects BURST clients meanwhile (the kernel completes their
 * handshakes into the accept queue), releases it, and returns in how many loop turns the server
 * accepted them.
 */
async function burstTurns(descriptors: number): Promise<{ turns: number; childPid: number; parentPid: number }> {
  const listener = await bindListener('127.0.0.1', 0);
  const port = (listener.address() as net.AddressInfo).port;
  const child = spawnWithListener(listener, ['--import', 'tsx'], FIXTURE, [String(descriptors)], process.env, descriptors);
  try {
    await once(child, 'message');
    const release = path.join(mkdtempSync(path.join(tmpdir(), 'accept-')), 'go');
    const blocked = get(port, `/block?until=${encodeURIComponent(release)}`);
    await new Promise((r) => setTimeout(r, 200)); // the /block request is being handled
    const clients = Array.from({ length: BURST }, () => net.connect(port, '127.0.0.1'));
    await Promise.all(clients.map((c) => once(c, 'connect')));
    const answered = clients.map((c) => {
      c.write('GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      c.resume();
      return once(c, 'end');
    });
    writeFileSync(release, '');
    await blocked;
    await Promise.all(answered);
    const { turns, pid } = JSON.parse(await get(port, '/turns')) as { turns: number[]; pid: number };
    const burst = turns.slice(1, 1 + BURST); // after the /block connection, before the /turns one
    return { turns: new Set(burst).size, childPid: pid, parentPid: process.pid };
  } finally {
    child.kill();
  }
}

test('with 1,024 descriptors a burst of 200 waiting connections is accepted in one or two loop turns', async () => {
  const r = await burstTurns(1024);
  expect(r.childPid).not.toBe(r.parentPid);
  expect(r.turns).toBeLessThanOrEqual(2);
});

test(`with the server's ${LISTEN_DESCRIPTORS} descriptors the burst takes about 200 / ${LISTEN_DESCRIPTORS} turns`, async () => {
  const r = await burstTurns(LISTEN_DESCRIPTORS);
  expect(r.turns).toBeLessThanOrEqual(Math.ceil(BURST / LISTEN_DESCRIPTORS) + 2);
  expect(r.turns).toBeGreaterThanOrEqual(Math.ceil(BURST / LISTEN_DESCRIPTORS));
});

test('with one descriptor (what next start has) the same burst takes a turn per connection', async () => {
  expect((await burstTurns(1)).turns).toBeGreaterThanOrEqual(BURST - 5);
});

test('the serving child exits when the process that started it is killed', async () => {
  const listener = await bindListener('127.0.0.1', 0);
  const port = (listener.address() as net.AddressInfo).port;
  const child = spawnWithListener(listener, ['--import', 'tsx'], FIXTURE, ['4'], process.env, 4);
  await once(child, 'message');
  expect(JSON.parse(await get(port, '/x'))).toEqual({ ok: true });
  child.disconnect(); // what the parent's death does to the IPC channel
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).toBe(0);
  await expect(get(port, '/x')).rejects.toThrow(/ECONNREFUSED/);
});

test('a port in use is refused with a message naming it', async () => {
  const a = await bindListener('127.0.0.1', 0);
  const port = (a.address() as net.AddressInfo).port;
  await expect(bindListener('127.0.0.1', port)).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
  a.close();
});
