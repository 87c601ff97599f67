import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Typed arrays a snapshot can hold, by the name written in its header. */
const TYPES = { Int32Array, Float64Array } as const;
type ArrayName = keyof typeof TYPES;
export type SnapshotArray = Int32Array | Float64Array;

/** Snapshots kept per database file (the active and latest evaluated runs, and some slack). */
const KEEP = 4;
const VERSION = 2;

/**
 * Where a finished run's segment data is kept, beside the database:
 * data/segment-cache/{db file}-run-{id}-{finishedAt}.bin. A run never changes once finished,
 * and a new database never reuses a (run id, finish time) pair, so a snapshot never goes stale.
 */
export function snapshotFile(dbFile: string, run: { id: number; finishedAt: number | null }): string {
  return path.join(path.dirname(dbFile), 'segment-cache', `${path.basename(dbFile)}-run-${run.id}-${run.finishedAt ?? 0}.bin`);
}

/**
 * Writes named typed arrays and a JSON value: [header length (4 bytes)][header JSON][padding to
 * 8][arrays, each padded to 8]. Written beside the target, then renamed (never half a file).
 * Older snapshots of the same database beyond the newest {@link KEEP} are removed.
 */
export function writeSnapshot(file: string, arrays: Record<string, SnapshotArray>, meta: unknown): void {
  const entries = Object.entries(arrays).map(([name, a]) => ({ name, type: a.constructor.name as ArrayName, length: a.length }));
  const header = Buffer.from(JSON.stringify({ version: VERSION, arrays: entries, meta }));
  const pad = (n: number) => Buffer.alloc((8 - (n % 8)) % 8);
  const parts: Buffer[] = [Buffer.from(Uint32Array.of(header.length).buffer), header, pad(4 + header.length)];
  for (const a of Object.values(arrays)) parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength), pad(a.byteLength));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.partial`, Buffer.concat(parts));
  renameSync(`${file}.partial`, file);
  const dir = path.dirname(file);
  const prefix = path.basename(file).replace(/-run-.*$/, '-run-');
  const snapshots = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.bin'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const old of snapshots.slice(KEEP)) rmSync(old, { force: true });
}

/** Reads what {@link writeSnapshot} wrote, or null when the file is missing or not of this version. */
export function readSnapshot(file: string): { arrays: Record<string, SnapshotArray>; meta: unknown } | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  try {
    const len = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as { version: number; arrays: Array<{ name: string; type: ArrayName; length: number }>; meta: unknown };
    if (header.version !== VERSION) return null;
    let off = 4 + len + ((8 - ((4 + len) % 8)) % 8);
    const arrays: Record<string, SnapshotArray> = {};
    for (const e of header.arrays) {
      const T = TYPES[e.type];
      if (!T) return null;
      const bytes = e.length * T.BYTES_PER_ELEMENT;
      if (off + bytes > buf.length) return null;
      // A copy: the file buffer's offset need not be aligned for the element size.
      const copy = buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + bytes) as ArrayBuffer;
      arrays[e.name] = e.type === 'Int32Array' ? new Int32Array(copy) : new Float64Array(copy);
      off += bytes + ((8 - (bytes % 8)) % 8);
    }
    return off === buf.length ? { arrays, meta: header.meta } : null;
  } catch {
    return null;
  }
}
