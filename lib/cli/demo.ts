import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { generateDemoEvents } from '@/lib/demo';
import { databaseFile } from '@/lib/db/database-url';
import { importEventStream } from '@/lib/db/import-events';
import { applyMigrations } from '@/lib/db/migrate';
import { openSqlite } from '@/lib/db/sqlite';

import { printImportSummary } from './print-import';

/**
 * `npm run demo`: create and migrate the database, load the built-in demo data (only when the
 * database has no events), build the app once, and serve it on 127.0.0.1:$PORT (default 3000).
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
