/**
 * Benchmark of the streaming segment export: a synthetic run cache of 34,000 users × 20
 * discovery recommendations (with contributions, both lists, in the compact itemsJson format
 * the training job writes)
 * and 2 checkouts each, exported as high_affinity_prospect in the seed format (3 rows per user:
 * 102,000 rows). The export runs in a fresh process (`--measure N`) so its peak RSS is its
 * own. Targets: ≤ 5 s and peak RSS growth ≤ 100 MB, loading the run's segment data included.
 * Three figures: the first export after training (reads the run cache's JSON once and writes
 * the run's snapshot, lib/db/segment-data.ts), a fresh process with the snapshot (a server
 * restart, the cron CLI), and a second export in the same process (segment data in memory).
 *
 *   npx tsx lib/cli/bench-export.ts               # builds a throw-away database
 *   npx tsx lib/cli/bench-export.ts --db FILE     # builds it at FILE once, reuses it after
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

import { encodeCachedLists } from '@/lib/db/cached-lists-codec';
import { openSqlite } from '@/lib/db/sqlite';
import { createTempDb } from '@/lib/testing/temp-db';

const USERS = 34_000;
const MERCHANTS = 2_000;
const RECS = 20;
const CUTOFF = Date.UTC(2026, 9, 15);

function build(file: string): void {
  const db = openSqlite(file);
  const tx = db.transaction(() => {
    db.prepare("INSERT INTO Dataset (id, sourceFile, fileHash, format, rowsTotal, rowsAccepted, rowsRejected, rowsDuplicate, durationMs, importedAt) VALUES (1, 'bench', 'x', 'csv', 0, 0, 0, 0, 0, 0)").run();
    const m = db.prepare('INSERT INTO Merchant (id, externalId, name, category) VALUES (?, ?, ?, ?)');
    for (let i = 1; i <= MERCHANTS; i++) m.run(i, `m_${String(i).padStart(5, '0')}`, `Merchant ${i}, "the best"`, `cat${i % 25}`);
    db.prepare("INSERT INTO ModelRun (id, mode, status, configJson, snapshotJson, isActive, createdAt, finishedAt) VALUES (1, 'evaluate', 'done', '{}', ?, 1, 0, 1)").run(
      JSON.stringify({ events: USERS * 2, checkouts: USERS * 2, users: USERS, merchants: MERCHANTS, firstEvent: CUTOFF - 60 * 86_400_000, lastEvent: CUTOFF + 14 * 86_400_000, cutoff: CUTOFF }),
    );
    const u = db.prepare('INSERT INTO User (id, externalId) VALUES (?, ?)');
    const e = db.prepare("INSERT INTO Event (userId, merchantId, eventType, orderTotal, eventTime, platform, datasetId) VALUES (?, ?, 'checkout_completed', ?, ?, ?, 1)");
    const l = db.prepare("INSERT INTO RecommendationList (runId, model, userId, itemsJson) VALUES (1, 'hybrid', ?, ?)");
    for (let i = 1; i <= USERS; i++) {
      u.run(i, `u_${String(i).padStart(6, '0')}`);
      const home = (i * 7) % MERCHANTS;
      e.run(i, home + 1, 12.5, CUTOFF - (i % 40) * 86_400_000 - 1, ['ios', 'android', 'web'][i % 3]!);
      e.run(i, ((home + 1) % MERCHANTS) + 1, 20, CUTOFF - (i % 40) * 86_400_000 - 2, 'ios');
      const list = Array.from({ length: RECS }, (_, k) => ({
        merchantId: ((home + 2 + k * 13) % MERCHANTS) + 1,
        score: 0.95 - k * 0.1 + (i % 7) * 0.001,
        source: 'item-knn',
        contributions: [1, 2, 3, 4, 5].map((c) => ({ merchantId: c === 5 ? null : home + 1, value: 0.1 / c, source: c === 5 ? 'popularity' : 'item-knn' })),
      }));
      // the hybrid scores and explains the two lists differently: no discovery item is a reference to `all`
      const all = list.map((r) => ({ ...r, score: r.score + 0.0005 }));
      l.run(i, encodeCachedLists({ all, discovery: list, fallback: false }));
    }
  });
  tx();
  db.close();
}

interface Figures {
  ms: number;
  rows: number;
  bytes: number;
  /** Peak RSS (process.resourceUsage().maxRSS, so synchronous phases count too) minus RSS before. */
  growthMb: number;
}

/** In a fresh process: one or two exports, each with its time and peak RSS growth. */
async function measure(times: number): Promise<void> {
  const { getActiveRun } = await import('@/lib/db/runs');
  const { createSegmentCsv } = await import('@/lib/db/segment-export');
  const run = (await getActiveRun())!;
  const out: Figures[] = [];
  for (let i = 0; i < times; i++) {
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const csv = await createSegmentCsv({ kind: 'high_affinity_prospect', filters: {} }, 'seed', run);
    let bytes = 0;
    await csv.stream.pipeTo(Writable.toWeb(new Writable({ write: (c: Buffer, _e, cb) => ((bytes += c.length), cb()) })));
    const ms = performance.now() - t0;
    out.push({ ms, rows: await csv.rows, bytes, growthMb: (process.resourceUsage().maxRSS * 1024 - before) / 2 ** 20 });
  }
  console.log(JSON.stringify(out));
}

function child(file: string, times: number): Figures[] {
  const out = execFileSync('node_modules/.bin/tsx', ['lib/cli/bench-export.ts', '--measure', String(times)], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${file}` } });
  return JSON.parse(out.trim().split('\n').pop()!) as Figures[];
}

/** `--db FILE`: build the synthetic database there once and reuse it on later runs (profiling). */
function main(): void {
  const keep = process.argv[2] === '--db' ? path.resolve(process.argv[3] ?? 'bench-export.db') : null;
  const t = createTempDb();
  try {
    t.db.close();
    const file = keep ?? t.file;
    const t0 = performance.now();
    const what = `synthetic run cache: ${USERS.toLocaleString('en')} users × ${RECS} recommendations (${MERCHANTS.toLocaleString('en')} merchants)`;
    if (keep && existsSync(keep)) console.log(`${what}, reused from ${keep}`);
    else {
      if (keep) copyFileSync(t.file, keep);
      build(file);
      console.log(`${what}, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const [first] = child(file, 1);
    const [fresh, warm] = child(file, 2);
    const line = (label: string, f: Figures) => console.log(`${label.padEnd(44)} ${(f.ms / 1000).toFixed(2).padStart(6)} s   peak RSS growth ${f.growthMb.toFixed(1).padStart(6)} MB`);
    console.log(`rows exported: ${first!.rows.toLocaleString('en')} (seed format, ${(first!.bytes / 2 ** 20).toFixed(1)} MB of CSV)`);
    line('first export of a run (reads the cache JSON):', first!);
    line('fresh process (run snapshot on disk):', fresh!);
    line('warm (segment data in memory):', warm!);
    const ok = fresh!.ms <= 5000 && warm!.ms <= 5000 && fresh!.growthMb <= 100;
    console.log(ok ? 'PASS: ≤ 5 s and ≤ 100 MB peak RSS growth' : 'FAIL: over 5 s or 100 MB');
    process.exitCode = ok ? 0 : 1;
  } finally {
    t.close();
  }
}

if (process.argv[2] === '--measure') void measure(Number(process.argv[3] ?? 1));
else main();
