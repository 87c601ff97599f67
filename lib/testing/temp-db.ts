import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { applyMigrations } from '@/lib/db/migrate';
import { openSqlite, type Sqlite } from '@/lib/db/sqlite';

/** A throw-away migrated SQLite database and a folder for fixture files. */
export interface TempDb {
  db: Sqlite;
  dir: string;
  file: string;
  /** Writes a fixture file (gzipped when the name ends in .gz) and returns its path. */
  write(name: string, content: string | Buffer): string;
  /** Row counts of the tables an import touches. */
  counts(): { events: number; users: number; merchants: number; datasets: number };
  close(): void;
}

export function createTempDb(): TempDb {
  const dir = mkdtempSync(path.join(tmpdir(), 'merchant-recs-'));
  const file = path.join(dir, 'test.db');
  const db = openSqlite(file);
  applyMigrations(db);
  const count = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
  return {
    db,
    dir,
    file,
    write(name, content) {
      const p = path.join(dir, name);
      const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      writeFileSync(p, name.endsWith('.gz') ? gzipSync(buf) : buf);
      return p;
    },
    counts: () => ({ events: count('Event'), users: count('User'), merchants: count('Merchant'), datasets: count('Dataset') }),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
