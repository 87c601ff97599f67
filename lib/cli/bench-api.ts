// npm run bench:api — load benchmark of the serving API against a production server it starts.
//
//   npm run bench:api [-- --scale 1] [--database FILE] [--seconds 5] [--rounds 8] [--soak-seconds 30]
//                     [--connections 100] [--soak-connections 1000] [--port 3290] [--no-build]
//
// 1. Prepares its own database (data/bench-api-<scale>.db unless --database): the demo data
//    (lib/demo/cli.ts, seed 42; scale 1 = 50,000 users) through the importer, and a production
//    run (lib/cli/train.ts --mode production) made active. A database that already has an active
//    run is reused as it is.
// 2. Builds the app into its own NEXT_DIST_DIR (.next-bench-api) and starts it as `npm start` does
//    (lib/server/start.ts) on 127.0.0.1, waits until /api/v1/health says the index is loaded.
// 3. Measures, in one run: the bare constant-JSON route (/api/v1/ping, the ceiling) and
//    GET /users/{random known user}/recommendations at --connections (1,000 users: their answers
//    are kept after the warm-up), one after the other, --rounds times of --seconds, the first
//    route alternating. The headline ratio is all rounds together (pooledRatio): this VM's speed
//    drifts by ±10–20 % from one minute to the next (two /ping loads 16 s apart once differed
//    by 20 %), so a single round's ratio swings by as much; alternating the order keeps a drift
//    from favouring either route. Every round and the median round are printed too. Then the
//    same over every user of the database (answers mostly written afresh), then a soak of the
//    recommendations at --soak-connections; prints req/s, p50/p99 latency and errors (each with
//    the load average beside it), the ratio to the ceiling, the server's memory and the
//    index's, and whether the targets are met. Both routes go through the path the product
//    serves them by (the API fast path, lib/server/api-fast-path.ts); then the server is
//    restarted with API_FAST_PATH=0 and /ping and the recommendations are measured again
//    through Next's full pipeline, for comparison (no soak).
// Uses Debian's `wrk` when installed (apt-get install -y wrk); otherwise a Node generator that
// shares the machine's cores with the server (its figures are then a lower bound).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { openSqlite } from '@/lib/db/sqlite';

import { formatResult, hasWrk, medianRound, pooledRatio, runLoad, type LoadResult, type Round } from './bench-api-load';

const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 50;

function options(argv: string[]) {
  const o = { scale: 1, database: '', seconds: 5, rounds: 8, soakSeconds: 30, connections: 100, soakConnections: 1000, port: 3290, build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => argv[++i] ?? '';
    if (a === '--no-build') o.build = false;
    else if (a === '--scale') o.scale = Number(v());
    else if (a === '--database') o.database = v();
    else if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--rounds') o.rounds = Number(v());
    else if (a === '--soak-seconds') o.soakSeconds = Number(v());
    else if (a === '--connections') o.connections = Number(v());
    else if (a === '--soak-connections') o.soakConnections = Number(v());
    else if (a === '--port') o.port = Number(v());
    else throw new Error(`unknown option ${a}`);
  }
  for (const k of ['scale', 'seconds', 'rounds', 'soakSeconds', 'connections', 'soakConnections', 'port'] as const) {
    if (!(o[k] > 0) || (k !== 'scale' && !Number.isInteger(o[k]))) throw new Error(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a positive ${k === 'scale' ? 'number' : 'integer'} (got ${o[k]})`);
  }
  return o;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

function hasActiveRun(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = openSqlite(file);
  try {
    return Boolean(db.prepare('SELECT id FROM ModelRun WHERE isActive = 1').get());
  } catch {
    return false; // not migrated yet
  } finally {
    db.close();
  }
}

/** Makes the newest finished production run the active one (training promotes only a first run). */
function promoteNewestProduction(file: string) {
  const db = openSqlite(file);
  try {
    const row = db.prepare("SELECT id FROM ModelRun WHERE status = 'done' AND mode = 'production' ORDER BY id DESC LIMIT 1").get() as { id: number } | undefined;
    if (!row) throw new Error('training produced no finished production run');
    db.transaction(() => {
      db.prepare('UPDATE ModelRun SET isActive = 0 WHERE isActive = 1').run();
      db.prepare('UPDATE ModelRun SET isActive = 1 WHERE id = ?').run(row.id);
    })();
    console.log(`run #${row.id} (production) is active`);
  } finally {
    db.close();
  }
}

/**
 * The demo data at `scale` (the generator of lib/cli/demo.ts, seed 42; scale 1 = 50,000 users)
 * imported into a fresh database, and a production run made active. The generator's CLI is used
 * rather than demo.ts, which also trains an evaluate run first (hours at full scale on 2 cores).
 */
function prepare(scale: number, env: NodeJS.ProcessEnv, work: string) {
  if (hasActiveRun(env.DB_FILE!)) return console.log(`reusing ${env.DB_FILE} (it has an active run)`);
  const tsx = 'node_modules/.bin/tsx';
  const csv = path.join(work, `demo-${scale}.csv.gz`);
  run(tsx, ['lib/demo/cli.ts', '--out', csv, '--scale', String(scale)], env);
  run(tsx, ['lib/cli/migrate.ts'], env);
  run(tsx, ['lib/cli/import.ts', csv], env);
  run(tsx, ['lib/cli/train.ts', '--mode', 'production'], env);
  promoteNewestProduction(env.DB_FILE!);
}

async function get<T>(port: number, p: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${p}`);
  return { status: res.status, body: (await res.json()) as T };
}

async function waitReady(port: number, server: ChildProcess): Promise<{ index: { build_ms: number; memory_bytes: number }; users: number; active_run: { id: number } }> {
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode})`);
    try {
      const h = await get<{ status: string; index: { build_ms: number; memory_bytes: number }; users: number; active_run: { id: number } }>(port, '/api/v1/health');
      if (h.body.status === 'ok') return h.body;
      if (h.body.status === 'no_run') throw new Error('the database has no active run');
    } catch (e) {
      if ((e as Error).message.includes('no active run')) throw e;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('the server did not become ready in 15 minutes');
}

/** Resident memory of a process and its children, MB (Linux /proc). */
function rssMb(pid: number): number {
  const r = spawnSync('sh', ['-c', `ps -o rss= -p ${pid}; ps -o rss= --ppid ${pid}`], { encoding: 'utf8' });
  return r.stdout.split('\n').reduce((s, x) => s + (Number(x.trim()) || 0), 0) / 1024;
}

const recPath = (u: string) => `/api/v1/users/${encodeURIComponent(u)}/recommendations?n=10`;

/** Every user of the database (their external ids). */
function allUsers(file: string): string[] {
  const db = openSqlite(file);
  try {
    return db.prepare('SELECT externalId FROM User ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function sampleUsers(port: number, total: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const offset = Math.floor(((i + 0.5) / 5) * Math.max(0, total - 200));
    const page = await get<{ users: { user_id: string }[] }>(port, `/api/v1/users?limit=200&offset=${offset}`);
    ids.push(...page.body.users.map((u) => u.user_id));
  }
  return ids;
}

async function main(argv: string[]) {
  const o = options(argv);
  const work = path.resolve('data', 'bench-api');
  mkdirSync(work, { recursive: true });
  const dbFile = path.resolve(o.database || path.join('data', `bench-api-${o.scale}.db`));
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${dbFile}`, DB_FILE: dbFile, NEXT_DIST_DIR: '.next-bench-api', NODE_ENV: 'production' };
  prepare(o.scale, env, work);
  if (o.build || !existsSync('.next-bench-api/BUILD_ID')) {
    // next build adds its dist dir's types to tsconfig.json's "include": keep the shared file as it was
    const tsconfig = readFileSync('tsconfig.json', 'utf8');
    try {
      run('node_modules/.bin/next', ['build'], env);
    } finally {
      if (readFileSync('tsconfig.json', 'utf8') !== tsconfig) writeFileSync('tsconfig.json', tsconfig);
    }
  }
  // Started as `npm start` starts the product (lib/server/start.ts, its defaults: the API fast
  // path on), then once more with API_FAST_PATH=0 (every request through Next's pipeline) for
  // the comparison README shows.
  const on = await measure(o, env, work, true);
  const off = await measure(o, { ...env, API_FAST_PATH: '0' }, work, false);
  console.log('\nSummary (the product serves with the fast path on):');
  for (const [name, m] of [['fast path on ', on], ['fast path off', off]] as const) {
    const mean = (f: (r: Round) => number) => (m.rounds.reduce((s, r) => s + f(r), 0) / m.rounds.length).toFixed(0);
    const p99 = (f: (r: Round) => number) => Math.max(...m.rounds.map(f)).toFixed(1);
    console.log(`  ${name}, mean of ${m.rounds.length} rounds: /ping ${mean((r) => r.ping.rps)} req/s (worst p99 ${p99((r) => r.ping.p99ms)} ms); recommendations ${mean((r) => r.rec.rps)} req/s (worst p99 ${p99((r) => r.rec.p99ms)} ms): ${percent(pooledRatio(m.rounds))} of /ping`);
  }
  if (on.spread) console.log(`  every known user at random (answers mostly written afresh): ${on.spread.rps.toFixed(0)} req/s, p99 ${on.spread.p99ms.toFixed(1)} ms`);
  const ratio = pooledRatio(on.rounds);
  console.log(`${ratioLine(on.rounds)} (target ≥ ${TARGET_RATIO * 100} %): ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`);
  const p99 = Math.max(...on.rounds.map((r) => r.rec.p99ms));
  console.log(`p99 at ${o.connections} connections, worst round: ${p99.toFixed(1)} ms (target ≤ ${TARGET_P99_MS} ms): ${p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}`);
  const soakErrors = on.soak?.errors ?? 0;
  const errors = on.rounds.reduce((s, r) => s + r.ping.errors + r.rec.errors, 0) + (on.spread?.errors ?? 0);
  console.log(`errors: ${errors} at ${o.connections}, ${soakErrors} at ${o.soakConnections} connections for ${o.soakSeconds} s (target 0): ${errors + soakErrors === 0 ? 'met' : 'MISSED'}`);
}

const percent = (r: number) => `${(100 * r).toFixed(0)} %`;

/** `recommendations / bare route, all 8 rounds together: 74 % (rounds: 77, 72, 66, …; median round 72 %)` */
function ratioLine(rounds: readonly Round[]): string {
  return `recommendations / bare route, all ${rounds.length} rounds together: ${percent(pooledRatio(rounds))} (rounds: ${rounds.map((r) => (100 * r.ratio).toFixed(0)).join(', ')} %; median round ${percent(medianRound(rounds).ratio)})`;
}

interface Measured {
  rounds: Round[];
  spread: LoadResult | null;
  soak: LoadResult | null;
}

/** Starts the server with `env`, loads /ping and the recommendations (and the soak when asked), stops it. */
async function measure(o: ReturnType<typeof options>, env: NodeJS.ProcessEnv, work: string, soak: boolean): Promise<Measured> {
  const mode = env.API_FAST_PATH === '0' ? 'API fast path OFF (API_FAST_PATH=0: every request through Next)' : 'API fast path on (the default)';
  console.log(`\n== ${mode}`);
  const args = ['--import', 'tsx', 'lib/server/start.ts', '--hostname', '127.0.0.1', '--port', String(o.port)];
  const server = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const t0 = Date.now();
    const health = await waitReady(o.port, server);
    console.log(`server ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: run #${health.active_run.id}, ${health.users.toLocaleString('en')} users, index built in ${(health.index.build_ms / 1000).toFixed(1)} s, ${(health.index.memory_bytes / 1e6).toFixed(0)} MB of typed arrays`);
    const users = await sampleUsers(o.port, health.users);
    const recs = users.map(recPath);
    const wrk = hasWrk();
    console.log(`load generator: ${wrk ? 'wrk' : 'Node (no wrk installed: apt-get install -y wrk) — it shares the CPU with the server'}; ${users.length} random known users`);
    const load = async (label: string, paths: string[], connections: number, seconds: number) => {
      const r = await runLoad({ label, port: o.port, paths, connections, seconds }, work, wrk);
      if (label !== 'warm-up') console.log(`${formatResult(r)}  load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
      return r;
    };
    await load('warm-up', ['/api/v1/ping', ...recs], 50, 5);
    const rounds: Round[] = [];
    // Rounds alternate which route goes first (ping, rec / rec, ping / ...), so that a drift of
    // the machine's speed during the run weighs on both routes alike.
    for (let i = 1; i <= o.rounds; i++) {
      const loadPing = () => load(`round ${i}: GET /api/v1/ping (bare)`, ['/api/v1/ping'], o.connections, o.seconds);
      const loadRec = () => load(`round ${i}: GET recommendations`, recs, o.connections, o.seconds);
      let ping: LoadResult, rec: LoadResult;
      if (i % 2 === 1) {
        ping = await loadPing();
        rec = await loadRec();
      } else {
        rec = await loadRec();
        ping = await loadPing();
      }
      rounds.push({ ping, rec, ratio: rec.rps / ping.rps });
      console.log(`round ${i}: recommendations / bare route ${percent(rounds.at(-1)!.ratio)}`);
    }
    // The 1,000 users above fit the route's kept answers (lib/serving/recommend-text.ts): every
    // known user at random shows what answers written afresh cost (few are asked twice).
    const spread = soak ? await load('GET recommendations, every known user', allUsers(env.DB_FILE!).map(recPath), o.connections, o.seconds) : null;
    const soaked = soak ? await load('GET recommendations (soak)', recs, o.soakConnections, o.soakSeconds) : null;
    console.log(`${ratioLine(rounds)}; server memory (RSS, with children): ${rssMb(server.pid!).toFixed(0)} MB`);
    return { rounds, spread, soak: soaked };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  },
);
