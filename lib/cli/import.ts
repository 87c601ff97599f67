import { importEventFile } from '@/lib/db/import-events';
import { readEventFileInWorker } from '@/lib/db/read-file-in-worker';
import { databaseFile } from '@/lib/db/database-url';
import { applyMigrations } from '@/lib/db/migrate';
import { openSqlite } from '@/lib/db/sqlite';
import { AppError } from '@/lib/errors';

import { printImportSummary } from './print-import';

const USAGE = `usage: npm run import -- FILE [--skip-bad-rows]
  FILE  canonical CSV (user_id, merchant_id, merchant_name, category, order_total, event_time
        [, event_type, platform]) or Amplitude JSON lines, optionally gzipped`;

async function main(argv: string[]) {
  const files = argv.filter((a) => !a.startsWith('--'));
  const flags = argv.filter((a) => a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--skip-bad-rows');
  if (files.length !== 1 || unknown.length) {
    console.error(unknown.length ? `error: unknown option ${unknown.join(', ')}\n${USAGE}` : USAGE);
    return 1;
  }
  const db = openSqlite();
  try {
    applyMigrations(db);
    let last = 0;
    const summary = await importEventFile(files[0]!, {
      db,
      reader: readEventFileInWorker,
      skipBadRows: flags.includes('--skip-bad-rows'),
      onProgress: ({ rows }) => {
        if (rows - last >= 200_000) {
          last = rows;
          process.stderr.write(`  ${rows.toLocaleString('en')} rows…\n`);
        }
      },
    });
    printImportSummary(summary, databaseFile());
    return 0;
  } catch (e) {
    if (e instanceof AppError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`error: ${(e as Error).message}`);
      for (const d of (e as { details?: string[] }).details?.slice(1, 10) ?? []) console.error(`  ${d}`);
      return 1;
    }
    throw e;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
