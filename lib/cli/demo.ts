import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { generateDemoEvents } from '@/lib/demo';
import { databaseFile } from '@/lib/db/database-url';
import { importEventStream } from '@/lib/db/import-events';
import { applyMigrations } from '@/lib/db/migrate';
import { startRunProcess } from '@/lib/db/run-process';
import type { RunSummary } from '@/lib/db/run-types';
import { createRun, failInterruptedRuns, setRunPid } from '@/lib/db/runs';
import { openSqlite, type Sqlite } from '@/lib/db/sqlite';
import { suggestSplit } from '@/lib/db/suggest-split';
import { executeRun } from '@/lib/db/train-job';
import { MODEL_KINDS } from '@/lib/validation/train';

import { defaultAlsThreads, withAlsThreads } from './pipeline-threads';
import { printImportSummary } from './print-import';
import { stageLine } from './stage-line';

/**
 * The first training run (evaluate mode at the suggested split, all models) when no run has
 * finished and none is in progress; undefined when nothing needs training.
 */
async function queueFirstRun(db: Sqlite) {
  await failInterruptedRuns();
  const { done, busy } = db
    .prepare("SELECT SUM(status = 'done') AS done, SUM(status IN ('queued', 'running')) AS busy FROM ModelRun")
    .get() as { done: number | null; busy: number | null };
  if (done) {
    console.log('a finished training run exists: skipping training');
    return undefined;
  }
  if (busy) {
    console.log('a training run is already in progress: follow it on the Performance tab');
    return undefined;
  }
  const split = new Date(suggestSplit(db)!).toISOString();
  return createRun({ mode: 'evaluate', split, models: [...MODEL_KINDS], protocols: ['all', 'discovery'], seed: 42, topN: 20 });
}

/**
 * `npm run demo`: create and migrate the database, load the built-in demo data (only when the
 * database has no events), build the app once, serve it on 127.0.0.1:$PORT (default 3000), and
 * start the first training run in the background (only when no run has finished or is in progress).
 * A second run skips every step already done and starts serving at once.
 * Flags: --no-serve (prepare only: trains in the foreground), --rebuild (build the app again).
 */
async function main(argv: string[]) {
  const file = databaseFile();
  const db = openSqlite(file);
  let run: RunSummary | undefined;
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
    run = await queueFirstRun(db);
    if (run && argv.includes('--no-serve')) {
      // Prepare-only: train here, in the foreground.
      console.log(`training run #${run.id} (evaluate at ${run.config.split}, all models)…`);
      const t0 = Date.now();
      const id = run.id;
      await withAlsThreads((alsKernels) => executeRun(id, db, (stage, p) => console.log(stageLine(t0, stage, p)), alsKernels, defaultAlsThreads()));
      console.log(`run #${run.id} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
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
  // npm start's server (lib/server/start.ts): Next's handlers on a socket that accepts every waiting connection per turn
  const server = spawn(process.execPath, ['--import', 'tsx', 'lib/server/start.ts', '--hostname', '127.0.0.1', '--port', port], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run) {
    // The first run trains in its own process, as the Performance tab's Train button does: the
    // dashboard is usable meanwhile and shows the run's progress; its first finished run
    // becomes the active one.
    await setRunPid(run.id, startRunProcess(run.id));
    console.log(
      `training run #${run.id} in the background (evaluate at ${run.config.split}, all models): progress on http://127.0.0.1:${port}/performance, ` +
        `log in data/logs/run-${run.id}.log. On 2 cores the full demo data takes a while (see README, measured figures).`,
    );
  }
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
