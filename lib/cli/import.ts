import { importEventFile, type ImportMessage } from '@/lib/db/import-events';
import { databaseFile } from '@/lib/db/database-url';
import { applyMigrations } from '@/lib/db/migrate';
import { readEventFileInWorker } from '@/lib/db/read-file-in-worker';
import { openSqlite } from '@/lib/db/sqlite';
import { AppError } from '@/lib/errors';

import { printImportSummary } from './print-import';

const USAGE = `usage: npm run import -- FILE [--skip-bad-rows] [--label NAME] [--json]
  FILE           canonical CSV (user_id, merchant_id, merchant_name, category, order_total, event_time
                 [, event_type, platform]) or Amplitude JSON lines, optionally gzipped
  --skip-bad-rows  import the good rows and report the bad ones (default: reject the file)
  --label NAME   the name stored and shown in messages (default: the file's name)
  --json         machine-readable output on stdout, one JSON object per line:
                 {"type":"progress","rows","bytes"} … then {"type":"done","summary"} or
                 {"type":"error","message","details"} (the dashboard's upload runs this)`;

/** Progress lines in --json mode at most this often (ms). */
const JSON_PROGRESS_MS = 200;

function parseArgs(argv: string[]): { file: string; skipBadRows: boolean; label?: string; json: boolean } | string {
  const files: string[] = [];
  const o = { skipBadRows: false, label: undefined as string | undefined, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--skip-bad-rows') o.skipBadRows = true;
    else if (a === '--json') o.json = true;
    else if (a === '--label') {
      const v = argv[++i];
      if (!v) return 'error: --label needs a name';
      o.label = v;
    } else if (a.startsWith('--')) return `error: unknown option ${a}`;
    else files.push(a);
  }
  if (files.length !== 1) return files.length ? `error: one file at a time (got ${files.length})` : '';
  return { file: files[0]!, ...o };
}

async function main(argv: string[]) {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(args ? `${args}\n${USAGE}` : USAGE);
    return 1;
  }
  const emit = (m: ImportMessage) => process.stdout.write(`${JSON.stringify(m)}\n`);
  const db = openSqlite();
  try {
    applyMigrations(db);
    let lastRows = 0;
    let lastEmit = 0;
    const summary = await importEventFile(args.file, {
      db,
      label: args.label,
      reader: readEventFileInWorker,
      skipBadRows: args.skipBadRows,
      onProgress: (p) => {
        if (args.json) {
          const now = Date.now();
          if (now - lastEmit >= JSON_PROGRESS_MS) {
            lastEmit = now;
            emit({ type: 'progress', ...p });
          }
        } else if (p.rows - lastRows >= 200_000) {
          lastRows = p.rows;
          process.stderr.write(`  ${p.rows.toLocaleString('en')} rows…\n`);
        }
      },
    });
    if (args.json) emit({ type: 'done', summary });
    else printImportSummary(summary, databaseFile());
    return 0;
  } catch (e) {
    if (e instanceof AppError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      const details = (e as { details?: string[] }).details ?? [];
      if (args.json) {
        emit({ type: 'error', message: (e as Error).message, details: details.slice(0, 20) });
      } else {
        console.error(`error: ${(e as Error).message}`);
        for (const d of details.slice(1, 10)) console.error(`  ${d}`);
      }
      return 1;
    }
    throw e;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
