import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Sqlite } from './sqlite';

/** Folder of committed migrations, `<timestamp>_<name>/migration.sql`, in Prisma's layout. */
export const MIGRATIONS_DIR = path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations');

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

// Same table Prisma Migrate keeps, so `prisma migrate deploy` (where its engine is available)
// sees these migrations as applied.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

function listMigrations(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
}

/**
 * Applies every pending migration of `dir`, each in its own transaction, and records it in
 * `_prisma_migrations` with Prisma's sha256 checksum. A failing migration is rolled back whole
 * and the error names it; an applied migration whose file changed since is refused.
 */
export function applyMigrations(db: Sqlite, dir: string = MIGRATIONS_DIR): MigrationResult {
  db.exec(CREATE_TABLE);
  const done = new Map(
    (
      db
        .prepare('SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
        .all() as { migration_name: string; checksum: string }[]
    ).map((r) => [r.migration_name, r.checksum]),
  );
  const result: MigrationResult = { applied: [], alreadyApplied: 0 };
  for (const name of listMigrations(dir)) {
    const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const previous = done.get(name);
    if (previous !== undefined) {
      if (previous !== checksum) {
        throw new Error(`migration ${name} was changed after it was applied (checksum differs); add a new migration instead`);
      }
      result.alreadyApplied++;
      continue;
    }
    const started = Date.now();
    try {
      db.transaction(() => {
        db.exec(sql);
        db.prepare(
          'INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
        ).run(randomUUID(), checksum, Date.now(), name, started);
      })();
    } catch (err) {
      throw new Error(`migration ${name} failed and was rolled back: ${(err as Error).message}`);
    }
    result.applied.push(name);
  }
  return result;
}
