/**
 * Benchmark of the streaming segment export: a synthetic run cache of 34,000 users × 20
 * discovery recommendations (with contributions, both lists, as the training job writes them)
 * and 2 checkouts each, exported as high_affinity_prospect in the seed format (3 rows per user:
 * 102,000 rows). The export runs in a fresh process (`--measure FILE`) so its peak RSS is its
 * own. Targets: ≤ 5 s and peak RSS growth ≤ 100 MB, store loading included (cold) and not (warm).
 *
 *   npx tsx lib/cli/bench-export.ts
 */
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';

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
      l.run(i, JSON.stringify({ all: list, discovery: list, fallback: false }));
    }
  });
  tx();
  db.close();
}

async function measure(): Promise<void> {
  const { getActiveRun } = await import('@/lib/db/runs');
  const { createSegmentCsv } = await import('@/lib/db/segment-export');
  const run = (await getActiveRun())!;
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const once = async () => {
    const t0 = performance.now();
    const csv = await createSegmentCsv({ kind: 'high_affinity_prospect', filters: {} }, 'seed', run);
    let bytes = 0;
    await csv.stream.pipeTo(Writable.toWeb(new Writable({ write: (c: Buffer, _e, cb) => ((bytes += c.length), cb()) })));
    return { ms: performance.now() - t0, rows: await csv.rows, bytes };
  };
  const cold = await once();
  const coldPeak = peak;
  const warm = await once();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ cold, warm, baseRssMb: base / 2 ** 20, coldPeakGrowthMb: (coldPeak - base) / 2 ** 20, peakGrowthMb: (peak - base) / 2 ** 20 }));
}

function main(): void {
  const t = createTempDb();
  if (process.argv[2] === "--keep") { t.db.close(); build(t.file); console.log(t.file); return; }
  try {
    t.db.close();
    const t0 = performance.now();
    build(t.file);
    console.log(`synthetic cache: ${USERS.toLocaleString('en')} users × ${RECS} recommendations, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const out = execFileSync('node_modules/.bin/tsx', ['lib/cli/bench-export.ts', '--measure'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${t.file}` } });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { cold: { ms: number; rows: number; bytes: number }; warm: { ms: number }; coldPeakGrowthMb: number; peakGrowthMb: number };
    const ok = r.cold.ms <= 5000 && r.peakGrowthMb <= 100;
    console.log(`rows exported:          ${r.cold.rows.toLocaleString('en')} (${(r.cold.bytes / 2 ** 20).toFixed(1)} MB of CSV)`);
    console.log(`cold (loads the store): ${(r.cold.ms / 1000).toFixed(2)} s, peak RSS growth ${r.coldPeakGrowthMb.toFixed(1)} MB`);
    console.log(`warm (store cached):    ${(r.warm.ms / 1000).toFixed(2)} s`);
    console.log(`peak RSS growth, both:  ${r.peakGrowthMb.toFixed(1)} MB`);
    console.log(ok ? 'PASS: ≤ 5 s and ≤ 100 MB' : 'FAIL: over 5 s or 100 MB');
    process.exitCode = ok ? 0 : 1;
  } finally {
    t.close();
  }
}

if (process.argv[2] === '--measure') void measure();
else main();
