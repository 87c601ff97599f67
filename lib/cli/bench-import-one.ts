// One measured import into a fresh database (run by bench-import.ts in its own process, so
// that peak RSS is this import's alone). Prints one JSON line. Parses in a worker thread as the
// CLI does; IMPORT_THREADS=0 parses in the writing thread, as the dashboard's upload does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { importEventFile } from '@/lib/db/import-events';
import { applyMigrations } from '@/lib/db/migrate';
import { openSqlite } from '@/lib/db/sqlite';
import { readEventFileInWorker } from '@/lib/db/read-file-in-worker';

const file = process.argv[2]!;
const dir = mkdtempSync(path.join(tmpdir(), 'bench-import-'));
const db = openSqlite(path.join(dir, 'bench.db'));
applyMigrations(db);
const t0 = performance.now();
const s = await importEventFile(file, { db, reader: process.env.IMPORT_THREADS === '0' ? undefined : readEventFileInWorker });
const seconds = (performance.now() - t0) / 1000;
db.close();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ rows: s.rowsTotal, accepted: s.rowsAccepted, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
