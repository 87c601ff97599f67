/**
 * The serving index holder: one module-level (globalThis, so dev reloads share it) reference to
 * an immutable ServingIndex. Each request compares the active run and the data version with
 * the index it would use (one `PRAGMA data_version` on a long-lived read connection per
 * event-loop turn, and two indexed lookups only when another connection committed something);
 * when either changed it starts ONE background build and keeps answering from the old index
 * until the new one is complete, then swaps the single reference. No request ever sees half of
 * two runs.
 */
import type { Statement } from 'better-sqlite3';

import { databaseFile } from '@/lib/db/database-url';
import { openSqlite, type Sqlite } from '@/lib/db/sqlite';
import { AppError } from '@/lib/errors';

import { loadActivity } from './load-activity';
import { activeRunRow, loadRunCache, runReferenceTime } from './load-run';
import type { ServingIndex } from './types';

/** A data-only change (an import) is picked up at most this often; a promoted run at once. */
export const DATA_REFRESH_MS = 10_000;
/** After a failed build, wait this long before trying again. */
const RETRY_MS = 5_000;

interface Target {
  runId: number | null;
  dataKey: number;
}

interface Holder {
  current: ServingIndex | null;
  building: Promise<ServingIndex> | null;
  file: string | null;
  check: { db: Sqlite; dataVersion: Statement; version: number; target: Target; checked: boolean } | null;
  lastBuildEnd: number;
  failedAt: number;
  lastError: Error | null;
}

const g = globalThis as unknown as { __servingIndex?: Holder };
const holder: Holder = (g.__servingIndex ??= { current: null, building: null, file: null, check: null, lastBuildEnd: 0, failedAt: 0, lastError: null });

function readTarget(db: Sqlite): Target {
  const run = db.prepare('SELECT id FROM ModelRun WHERE isActive = 1 ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined;
  const data = db.prepare('SELECT COALESCE(MAX(id), 0) AS k FROM Dataset').get() as { k: number };
  return { runId: run?.id ?? null, dataKey: Number(data.k) };
}

/**
 * What should be served now. Cheap: re-reads the two keys only after another connection wrote,
 * and checks that (and DATABASE_URL) at most once per event-loop turn unless `fresh`.
 */
function currentTarget(fresh = false): Target {
  // Checked already in this event-loop turn: the database file (DATABASE_URL, an environment
  // read: ~1 µs of each recommendation in `perf` under bench:api) and the data version with it.
  if (holder.check?.checked && !fresh) return holder.check.target;
  const file = databaseFile();
  if (holder.file !== file) {
    holder.check?.db.close();
    holder.check = null;
    holder.current = null;
    holder.file = file;
  }
  if (!holder.check) {
    const db = openSqlite(file);
    holder.check = { db, dataVersion: db.prepare('PRAGMA data_version').pluck(), version: -1, target: { runId: null, dataKey: -1 }, checked: false };
  }
  const c = holder.check;
  if (c.checked && !fresh) return c.target;
  const version = c.dataVersion.get() as number;
  if (version !== c.version) {
    c.target = readTarget(c.db);
    c.version = version;
  }
  // Requests answered in the same event-loop turn share the check (~20 µs per request in a CPU profile of bench:api, load 3):
  // a commit seen one turn later is the same as a request that arrived a moment earlier.
  c.checked = true;
  setImmediate(() => (c.checked = false));
  return c.target;
}

async function build(previous: ServingIndex | null): Promise<ServingIndex> {
  const t0 = performance.now();
  const db = openSqlite(databaseFile());
  try {
    db.exec('BEGIN');
    const run = activeRunRow(db);
    const reuse = previous?.cache && run && previous.cache.run.id === run.id ? previous.cache : null;
    const activity = await loadActivity(db, run ? runReferenceTime(run) : null);
    const uSize = activity.userExternal.length;
    const cache = run ? (reuse ?? (await loadRunCache(db, run, uSize, activity.merchantExternal.length))) : null;
    db.exec('COMMIT');
    return { cache, activity, builtAt: Date.now(), buildMs: Math.round(performance.now() - t0) };
  } finally {
    db.close();
  }
}

function startBuild(): Promise<ServingIndex> {
  if (holder.building) return holder.building;
  const file = holder.file;
  const p = build(holder.current).then(
    (next) => {
      if (holder.file === file) holder.current = next;
      holder.lastError = null;
      return next;
    },
    (e: unknown) => {
      holder.failedAt = Date.now();
      holder.lastError = e as Error;
      console.error('serving index: build failed', e);
      throw e;
    },
  );
  holder.building = p.finally(() => {
    holder.building = null;
    holder.lastBuildEnd = Date.now();
  });
  holder.building.catch(() => undefined);
  return holder.building;
}

/** True when `cur` must be rebuilt for `t` (the clock is read only when the data changed). */
function stale(cur: ServingIndex, t: Target): boolean {
  if ((cur.cache?.run.id ?? null) !== t.runId) return true;
  return cur.activity.dataKey !== t.dataKey && Date.now() - holder.lastBuildEnd >= DATA_REFRESH_MS;
}

/**
 * The index to answer this request from (`await` it). The first call waits for the first build,
 * and so does the first call after a run became active when the index has none; later calls
 * return at once (the old index while a newer one is being built). An index that is current is
 * returned as it is, not in a promise: that is every request but a few, and an async call
 * costs more than the rest of this function.
 * @throws (as a rejected promise) AppError 503 `index_loading` when the first build failed (retried after a pause)
 */
export function getServingIndex(): ServingIndex | Promise<ServingIndex> {
  try {
    const target = currentTarget(); // first: a changed DATABASE_URL drops holder.current
    const cur = holder.current;
    return cur && !stale(cur, target) ? cur : waitServingIndex(cur, target);
  } catch (e) {
    return Promise.reject(e as Error); // as from an async function: callers may race it (health)
  }
}

/**
 * `use(index)` with the index to answer from: called at once when the index is current (every
 * request but a few), so a route answers without another promise and microtask turn; else once
 * getServingIndex's promise resolves (and its rejection is returned as it is).
 * @example return withServingIndex((index) => ok(listUsers(index, q)));
 */
export function withServingIndex<T>(use: (index: ServingIndex) => T): T | Promise<T> {
  const index = getServingIndex();
  return index instanceof Promise ? (index.then(use) as Promise<T>) : use(index);
}

/** getServingIndex when `cur` is missing or stale for `target`. */
async function waitServingIndex(cur: ServingIndex | null, target: Target): Promise<ServingIndex> {
  if (!holder.building && Date.now() - holder.failedAt < RETRY_MS) {
    if (cur) return cur;
    throw new AppError(`The serving index could not be built (${holder.lastError?.message ?? 'unknown error'}); retrying in a few seconds.`, 503, 'index_loading');
  }
  const next = startBuild();
  // The old index answers while the new one builds — unless it has no run and one exists now
  // (e.g. warmed at server start before the first training run): that waits like a first build.
  if (cur && (cur.cache || target.runId === null)) return cur;
  try {
    return await next;
  } catch (e) {
    throw new AppError(`The serving index could not be built: ${(e as Error).message}`, 503, 'index_loading');
  }
}

/** The index being served, without waiting or checking for changes (null before the first build). */
export function peekServingIndex(): ServingIndex | null {
  return holder.current;
}

/** True while a build runs. */
export function servingIndexBuilding(): boolean {
  return holder.building !== null;
}

/**
 * Brings the index up to date now and waits for it (tests, and POST /events after storing
 * events, with `data` to skip the refresh pause): the next request sees the result.
 */
export async function refreshServingIndex(opts: { force?: boolean } = {}): Promise<ServingIndex> {
  if (holder.building) await holder.building.catch(() => undefined);
  const target = currentTarget(true);
  const cur = holder.current;
  if (cur && !opts.force && (cur.cache?.run.id ?? null) === target.runId && cur.activity.dataKey === target.dataKey) return cur;
  return startBuild();
}

/** Marks the data as changed so that the next request starts a refresh without the usual pause. */
export function dataChanged(): void {
  holder.lastBuildEnd = 0;
  if (holder.check) holder.check.checked = false;
}

/** Drops the index and closes the check connection (tests switching databases). */
export function resetServingIndex(): void {
  holder.check?.db.close();
  Object.assign(holder, { current: null, building: null, file: null, check: null, lastBuildEnd: 0, failedAt: 0, lastError: null });
}
