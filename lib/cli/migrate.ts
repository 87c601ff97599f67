import { databaseFile } from '@/lib/db/database-url';
import { applyMigrations } from '@/lib/db/migrate';
import { openSqlite } from '@/lib/db/sqlite';

const file = databaseFile();
const db = openSqlite(file);
try {
  const { applied, alreadyApplied } = applyMigrations(db);
  console.log(
    applied.length
      ? `applied ${applied.length} migration(s) to ${file}: ${applied.join(', ')}`
      : `database ${file} is up to date (${alreadyApplied} migration(s))`,
  );
} catch (err) {
  console.error(`error: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  db.close();
}
