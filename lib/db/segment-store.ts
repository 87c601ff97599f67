import { mostFrequentPlatform, type SegmentMerchant, type SegmentRec, type SegmentUser } from '@/lib/recsys/segments';
import { spendingSegment, spendingThresholds, type SpendingSegment } from '@/lib/recsys/spending';

import type { RunSummary } from './run-types';
import { loadDiscoveryLists } from './segment-recs';
import { openSqlite, type Sqlite } from './sqlite';

/**
 * What the segment predicates need at one run's reference time, in compact arrays (≈ 40 bytes
 * per user and recommendation): users with a cached hybrid list, their discovery list, and
 * their checkouts before the reference time. `users()` yields one short-lived SegmentUser at a
 * time, so a segment of any size streams without holding its rows.
 */
export interface SegmentStore {
  runId: number;
  mode: RunSummary['mode'];
  /** Reference time: evaluate → the split cutoff (events strictly before it); production → the last event (inclusive). */
  now: number;
  merchants: Map<number, SegmentMerchant>;
  merchantByExternalId: Map<string, number>;
  /** Checkouts per Merchant.id before the reference time. */
  merchantOrders: Map<number, number>;
  categories: string[];
  size: number;
  users(): Generator<SegmentUser>;
}

const CHECKOUT = "eventType = 'checkout_completed'";

/** Counting-sort CSR over user positions: ptr has size + 1 entries. */
function csr(size: number, owner: Int32Array, n: number): { ptr: Int32Array; order: Int32Array } {
  const ptr = new Int32Array(size + 1);
  for (let i = 0; i < n; i++) ptr[owner[i]! + 1]!++;
  for (let u = 0; u < size; u++) ptr[u + 1]! += ptr[u]!;
  const next = ptr.slice(0, size);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[owner[i]!]!++] = i;
  return { ptr, order };
}

function loadOrders(db: Sqlite, now: number, inclusive: boolean, pos: Map<number, number>) {
  const owner: number[] = [];
  const merchant: number[] = [];
  const count: number[] = [];
  const spent: number[] = [];
  const last: number[] = [];
  const op = inclusive ? '<=' : '<';
  const rows = db
    .prepare(`SELECT userId, merchantId, COUNT(*), SUM(orderTotal), MAX(eventTime) FROM Event WHERE ${CHECKOUT} AND eventTime ${op} ? GROUP BY userId, merchantId`)
    .raw()
    .iterate(now) as Iterable<[number, number, number, number, number]>;
  for (const [u, m, n, s, t] of rows) {
    const p = pos.get(u);
    if (p === undefined) continue;
    owner.push(p);
    merchant.push(m);
    count.push(n);
    spent.push(s);
    last.push(t);
  }
  const platforms = new Map<number, Map<string, number>>();
  const prow = db.prepare(`SELECT userId, platform, COUNT(*) FROM Event WHERE ${CHECKOUT} AND eventTime ${op} ? GROUP BY userId, platform`).raw().iterate(now) as Iterable<[number, string, number]>;
  for (const [u, p, n] of prow) {
    const at = pos.get(u);
    if (at === undefined) continue;
    const m = platforms.get(at) ?? new Map<string, number>();
    platforms.set(at, m.set(p, n));
  }
  return { owner, merchant, count, spent, last, platforms };
}

/** Reads a finished run's segment facts (one pass over its hybrid lists and the checkouts). */
export function loadSegmentStore(run: RunSummary, db: Sqlite): SegmentStore {
  const inclusive = run.mode !== 'evaluate';
  const now = (run.mode === 'evaluate' ? run.snapshot?.cutoff : (run.snapshot?.lastEvent ?? run.snapshot?.cutoff)) ?? run.createdAt;
  const merchants = new Map<number, SegmentMerchant>();
  const rows = db.prepare('SELECT id, externalId, name, category FROM Merchant').raw().iterate() as Iterable<[number, string, string, string]>;
  for (const [id, externalId, name, category] of rows) merchants.set(id, { id, externalId, name, category });
  const recs = loadDiscoveryLists(db, run);
  const size = recs.userIds.length;
  const pos = new Map<number, number>();
  recs.userIds.forEach((u, i) => pos.set(u, i));
  const o = loadOrders(db, now, inclusive, pos);
  const { ptr: optr, order } = csr(size, Int32Array.from(o.owner), o.owner.length);
  const orders = new Int32Array(size);
  const spent = new Float64Array(size);
  const lastOrder = new Float64Array(size).fill(Number.NaN);
  const merchantOrders = new Map<number, number>();
  for (let i = 0; i < o.owner.length; i++) {
    const u = o.owner[i]!;
    orders[u]! += o.count[i]!;
    spent[u]! += o.spent[i]!;
    if (!(lastOrder[u]! >= o.last[i]!)) lastOrder[u] = o.last[i]!;
    merchantOrders.set(o.merchant[i]!, (merchantOrders.get(o.merchant[i]!) ?? 0) + o.count[i]!);
  }
  const thresholds = spendingThresholds(spent.filter((_, u) => orders[u]! > 0));
  const spending: SpendingSegment[] = Array.from(spent, (s, u) => spendingSegment(s, orders[u]!, thresholds));
  const platform = Array.from({ length: size }, (_, u) => mostFrequentPlatform(o.platforms.get(u) ?? new Map()));
  const externalIds = new Map<number, string>();
  for (const [id, ext] of db.prepare('SELECT id, externalId FROM User').raw().iterate() as Iterable<[number, string]>) if (pos.has(id)) externalIds.set(id, ext);
  const merchantByExternalId = new Map([...merchants.values()].map((m) => [m.externalId, m.id]));
  const categories = [...new Set([...merchants.values()].map((m) => m.category).filter(Boolean))].sort();

  function* users(): Generator<SegmentUser> {
    for (let u = 0; u < size; u++) {
      const ordered = new Map<number, { orders: number; spent: number }>();
      for (let k = optr[u]!; k < optr[u + 1]!; k++) ordered.set(o.merchant[order[k]!]!, { orders: o.count[order[k]!]!, spent: o.spent[order[k]!]! });
      const list: SegmentRec[] = [];
      for (let k = recs.ptr[u]!; k < recs.ptr[u + 1]!; k++) list.push({ merchantId: recs.merchant[k]!, score: recs.score[k]!, via: recs.via[k]! < 0 ? null : recs.via[k]! });
      const id = recs.userIds[u]!;
      yield {
        id,
        externalId: externalIds.get(id) ?? String(id),
        orders: orders[u]!,
        spent: spent[u]!,
        lastOrder: Number.isNaN(lastOrder[u]!) ? null : lastOrder[u]!,
        platform: platform[u]!,
        spending: spending[u]!,
        ordered,
        recs: list,
      };
    }
  }
  return { runId: run.id, mode: run.mode, now, merchants, merchantByExternalId, merchantOrders, categories, size, users };
}

const cache = globalThis as unknown as { __segmentStores?: Map<string, Promise<SegmentStore>> };
const stores = (cache.__segmentStores ??= new Map());

/**
 * The run's store, loaded once per process and kept for the two most recent runs asked for
 * (the active run and the latest evaluated one). Finished runs never change.
 */
export function getSegmentStore(run: RunSummary): Promise<SegmentStore> {
  const key = `${run.id}:${run.finishedAt ?? ''}`;
  let p = stores.get(key);
  if (!p) {
    p = Promise.resolve().then(() => {
      const db = openSqlite();
      try {
        return loadSegmentStore(run, db);
      } finally {
        db.close();
      }
    });
    p.catch(() => stores.delete(key));
    stores.set(key, p);
    while (stores.size > 2) stores.delete(stores.keys().next().value!);
  } else {
    stores.delete(key);
    stores.set(key, p);
  }
  return p;
}
