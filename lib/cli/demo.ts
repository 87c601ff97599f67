import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { generateDemoEvents } from '@/lib/demo';
import { databaseFile } from '@/lib/db/database-url';
import { importEventStream } from '@/lib/db/import-events';
import { applyMigrations } from '@/lib/db/migrate';
import { createRun, failInterruptedRuns } from '@/lib/db/runs';
import { openSqlite, type Sqlite } from '@/lib/db/sqlite';
import { suggestSplit } from '@/lib/db/suggest-split';
import { executeRun } from '@/lib/db/train-job';
import { MODEL_KINDS } from '@/lib/validation/train';

import { printImportSummary } from './print-import';

/** Trains once (evaluate mode at the suggested split) when no run has finished yet. */
async function trainIfNeeded(db: Sqlite) {
  const { n } = db.prepare("SELECT COUNT(*) AS n FROM ModelRun WHERE status = 'done'").get() as { n: number };
  if (n > 0) {
    console.log('a finished training run exists: skipping training');
    return;
  }
  await failInterruptedRuns();
  const split = new Date(suggestSplit(db)!).toISOString();
  const run = await createRun({ mode: 'evaluate', split, models: [...MODEL_KINDS], protocols: ['all', 'discovery'], seed: 42, topN: 20 });
  console.log(`training run #${run.id} (evaluate at ${split}, all models; a few minutes on 2 cores)…`);
  const t0 = Date.now();
  await executeRun(run.id, db, (stage, p) => console.log(`  ${String(Math.round(p * 100)).padStart(3)}% ${stage}`));
  console.log(`run #${run.id} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * `npm run demo`: create and migrate the database, load the built-in demo data (only when the
 * database has no events), train once (only when no run has finished), build the app once, and serve it on 127.0.0.1:$PORT (default 3000).
 * A second run skips every step already done and starts serving at once.
 * Flags: --no-serve (prepare only), --rebuild (build the app again).
 */
async function main(argv: string[]) {
  const file = databaseFile();
  const db = openSqlite(file);
  try {
    const { applied } = applyMigrations(db);
    if (applied.length) console.log(`database ${file}: applied ${applied.length} migration(s)`);
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM Event').get() as { n: number };
    if (n === 0) {
      console.log('loading the built-in demo data (60 days of food-delivery orders, seed 42)…');
      let last = 0;
      const summary = await importEventStream(generateDemoEvents(), 'demo data (seed 42)', 'generated', {
        db,
        onProgress: ({ rows }) => {
          if (rows - last >= 250_000) {
            last = rows;
            console.log(`  ${rows.toLocaleString('en')} events…`);
          }
        },
      });
      printImportSummary(summary, file);
    } else {
      console.log(`database ${file} already holds ${n.toLocaleString('en')} events: skipping the demo data`);
    }
    await trainIfNeeded(db);
  } finally {
    db.close();
  }
  if (argv.includes('--no-serve')) return 0;
  const bin = (name: string) => `node_modules/.bin/${name}`;
  if (argv.includes('--rebuild') || !existsSync('.next/BUILD_ID')) {
    console.log('building the dashboard (next build)…');
    const built = spawnSync(bin('next'), ['build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (built.status !== 0) return built.status ?? 1;
  }
  const port = process.env.PORT ?? '3000';
  console.log(`serving the dashboard on http://127.0.0.1:${port}`);
  const server = spawn(bin('next'), ['start', '-H', '127.0.0.1', '-p', port], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.kill(sig));
  return new Promise<number>((resolve) => server.on('exit', (code) => resolve(code ?? 0)));
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
