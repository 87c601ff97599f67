// One measured import into a fresh database (run by bench-import.ts in its own process, so
// that peak RSS is this import's alone). Prints one JSON line. IMPORT_THREADS=1 parses in a
// worker thread instead (measured slower: 8.5 s against 4.6 s on online_retail).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { importEventFile } from '@/lib/db/import-events';
import { applyMigrations } from '@/lib/db/migrate';
import { openSqlite } from '@/lib/db/sqlite';
import { readEventFileThreaded } from '@/lib/import/read-events-threaded';

const file = process.argv[2]!;
const dir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));
const db = openSqlite(path.join(dir, 'bench.db'));
applyMigrations(db);
const t0 = performance.now();
const s = await importEventFile(file, { db, reader: process.env.IMPORT_THREADS === '1' ? readEventFileThreaded : undefined });
const seconds = (performance.now() - t0) / 1000;
db.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ rows: s.rowsTotal, accepted: s.rowsAccepted, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
