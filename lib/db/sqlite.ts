import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

import { databaseFile } from './database-url';

export type Sqlite = Database.Database;

/**
 * Opens the project's SQLite file directly (bulk import and migrations need better-sqlite3's
 * synchronous statements; Prisma serves everything else). WAL lets pages read while an import
 * or a training run writes; `synchronous = NORMAL` is durable across process crashes in WAL mode.
 */
export function openSqlite(file: string = databaseFile()): Sqlite {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
