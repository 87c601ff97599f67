// npm run bench:import — import speed and peak memory on real and generated data.
// Reads ../shared/data/online_retail/events.csv.gz when it exists (skipped with a message on
// machines without it) and a generated 1,000,000-row CSV (written once to a temp folder).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

import { generateDemoEvents } from '@/lib/demo';
import { writeEventsCsv } from '@/lib/demo/write-csv';

const TARGET_ROWS_PER_S = 100_000;
const TARGET_RSS_MB = 500;

/** The CLI parses in a worker thread beside the writes; the dashboard's upload in one thread. */
const MODES = [
  { name: 'CLI, worker parser', threads: '1' },
  { name: 'upload, one thread', threads: '0' },
] as const;

function measure(label: string, file: string) {
  for (const mode of MODES) measureMode(`${label}, ${mode.name}`, file, mode.threads);
}

function measureMode(label: string, file: string, threads: string) {
  const out = execFileSync('node_modules/.bin/tsx', ['lib/cli/bench-import-one.ts', file], { encoding: 'utf8', env: { ...process.env, IMPORT_THREADS: threads } });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { rows: number; seconds: number; peakRssMb: number };
  const rate = r.rows / r.seconds;
  const ok = rate >= TARGET_ROWS_PER_S && r.peakRssMb <= TARGET_RSS_MB;
  console.log(
    `${label.padEnd(56)} ${r.rows.toLocaleString('en').padStart(10)} rows  ${r.seconds.toFixed(2).padStart(6)} s  ` +
      `${Math.round(rate).toLocaleString('en').padStart(8)} rows/s  peak RSS ${Math.round(r.peakRssMb)} MB  ${ok ? 'target met' : 'TARGET MISSED'}`,
  );
}

function* take<T>(it: Iterable<T>, n: number) {
  let i = 0;
  for (const x of it) {
    if (i++ >= n) return;
    yield x;
  }
}

console.log(`targets: >= ${TARGET_ROWS_PER_S.toLocaleString('en')} rows/s, peak RSS <= ${TARGET_RSS_MB} MB (fresh database each time; load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores)`);
const retail = path.resolve('..', 'shared', 'data', 'online_retail', 'events.csv.gz');
if (existsSync(retail)) measure('online_retail', retail);
else console.log(`skipped online_retail: ${retail} not found (../shared exists only on the project's machines)`);

const dir = mkdtempSync(path.join(tmpdir(), 'bench-gen-'));
try {
  const gen = path.join(dir, 'generated-1m.csv');
  await writeEventsCsv(take(generateDemoEvents({ scale: 1 }), 1_000_000), gen);
  console.log(`generated ${gen} (${(statSync(gen).size / 1e6).toFixed(0)} MB)`);
  measure('generated 1,000,000 rows', gen);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
