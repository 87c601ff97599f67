import { mostFrequentPlatform } from '@/lib/recsys/segments';

import type { RunSummary } from './run-types';
import { readDiscoveryLists, type DiscoveryLists } from './segment-recs';
import { readSnapshot, snapshotFile, writeSnapshot, type SnapshotArray } from './segment-snapshot';
import type { Sqlite } from './sqlite';

/**
 * A finished run's segment inputs for every user with a cached hybrid list, in CSR arrays
 * (user k = position k): the discovery list and the checkouts before the reference time.
 */
export interface SegmentData extends DiscoveryLists {
  externalIds: string[];
  orders: Int32Array;
  spent: Float64Array;
  /** Epoch ms of the last checkout, NaN without one. */
  lastOrder: Float64Array;
  /** Index into `platforms` of the most used checkout platform, -1 when unknown. */
  platform: Int32Array;
  platforms: string[];
  /** Merchants ordered at: user k's are [ordPtr[k], ordPtr[k+1]). */
  ordPtr: Int32Array;
  ordMerchant: Int32Array;
  ordCount: Int32Array;
  ordSpent: Float64Array;
}

/** The reference time and whether it is inclusive: evaluate → before the cutoff; production → up to the last event. */
export function referenceTime(run: RunSummary): { now: number; inclusive: boolean } {
  if (run.mode === 'evaluate') return { now: run.snapshot?.cutoff ?? run.createdAt, inclusive: false };
  return { now: run.snapshot?.lastEvent ?? run.snapshot?.cutoff ?? run.createdAt, inclusive: true };
}

/**
 * One scan of the checkouts in primary-key order (user, time), aggregated per user as it goes:
 * no GROUP BY sort, and memory for one user at a time besides the output. O(events).
 */
function readFacts(db: Sqlite, run: RunSummary, userIds: Int32Array): Omit<SegmentData, keyof DiscoveryLists | 'externalIds'> {
  const { now, inclusive } = referenceTime(run);
  const pos = new Map<number, number>();
  userIds.forEach((u, i) => pos.set(u, i));
  const n = userIds.length;
  const orders = new Int32Array(n);
  const spent = new Float64Array(n);
  const lastOrder = new Float64Array(n).fill(Number.NaN);
  const platform = new Int32Array(n).fill(-1);
  const platforms: string[] = [];
  const perUser: Array<Array<[number, number, number]>> = Array.from({ length: n }, () => []);
  let cur = -1;
  let byMerchant = new Map<number, [number, number]>();
  let byPlatform = new Map<string, number>();
  const flush = () => {
    if (cur < 0) return;
    perUser[cur] = [...byMerchant].map(([m, [c, s]]) => [m, c, s]);
    const p = mostFrequentPlatform(byPlatform);
    if (p) platform[cur] = platforms.includes(p) ? platforms.indexOf(p) : platforms.push(p) - 1;
    byMerchant = new Map();
    byPlatform = new Map();
  };
  const rows = db
    .prepare(`SELECT userId, merchantId, orderTotal, eventTime, platform FROM Event WHERE eventType = 'checkout_completed' AND eventTime ${inclusive ? '<=' : '<'} ? ORDER BY userId`)
    .raw()
    .iterate(now) as Iterable<[number, number, number, number, string]>;
  for (const [u, m, total, time, p] of rows) {
    const at = pos.get(u);
    if (at === undefined) continue;
    if (at !== cur) (flush(), (cur = at));
    orders[at]!++;
    spent[at]! += total;
    if (!(lastOrder[at]! >= time)) lastOrder[at] = time;
    const agg = byMerchant.get(m) ?? [0, 0];
    byMerchant.set(m, [agg[0] + 1, agg[1] + total]);
    byPlatform.set(p, (byPlatform.get(p) ?? 0) + 1);
  }
  flush();
  const ordPtr = new Int32Array(n + 1);
  perUser.forEach((l, k) => (ordPtr[k + 1] = ordPtr[k]! + l.length));
  const flat = perUser.flat();
  return {
    orders,
    spent,
    lastOrder,
    platform,
    platforms,
    ordPtr,
    ordMerchant: Int32Array.from(flat, (x) => x[0]),
    ordCount: Int32Array.from(flat, (x) => x[1]),
    ordSpent: Float64Array.from(flat, (x) => x[2]),
  };
}

function compute(db: Sqlite, run: RunSummary): SegmentData {
  const lists = readDiscoveryLists(db, run.id);
  const wanted = new Set(lists.userIds);
  const ext = new Map<number, string>();
  for (const [id, e] of db.prepare('SELECT id, externalId FROM User').raw().iterate() as Iterable<[number, string]>) if (wanted.has(id)) ext.set(id, e);
  return { ...lists, externalIds: Array.from(lists.userIds, (id) => ext.get(id) ?? String(id)), ...readFacts(db, run, lists.userIds) };
}

/**
 * A finished run's segment data: from its snapshot file (tens of milliseconds), else computed
 * from RecommendationList and the events (seconds at 50,000 users: a hybrid row is ~3 KB of
 * compact JSON, ~12 KB in runs cached before the compact format) and snapshotted for every
 * later process.
 */
export function loadSegmentData(db: Sqlite, run: RunSummary): SegmentData {
  const file = db.name === ':memory:' || run.finishedAt === null ? null : snapshotFile(db.name, run);
  const snap = file ? readSnapshot(file) : null;
  if (snap) {
    const meta = snap.meta as { externalIds: string[]; platforms: string[] };
    return { ...(snap.arrays as unknown as Omit<SegmentData, 'externalIds' | 'platforms'>), externalIds: meta.externalIds, platforms: meta.platforms };
  }
  const data = compute(db, run);
  if (file) {
    const { externalIds, platforms, ...arrays } = data;
    try {
      writeSnapshot(file, arrays as unknown as Record<string, SnapshotArray>, { externalIds, platforms });
    } catch (e) {
      console.error(`could not write the segment snapshot ${file}`, e);
    }
  }
  return data;
}
