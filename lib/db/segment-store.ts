import { keptValue } from '@/lib/kept-map';
import { discoveryAffinity } from '@/lib/recsys/segment-affinity';
import type { SegmentMerchant, SegmentRec, SegmentUser } from '@/lib/recsys/segments';
import { spendingSegment, spendingThresholds, type SpendingSegment } from '@/lib/recsys/spending';

import type { RunSummary } from './run-types';
import { loadSegmentData, referenceTime } from './segment-data';
import { openSqlite, type Sqlite } from './sqlite';

/**
 * What the segment predicates need at one run's reference time, in compact arrays (≈ 40 bytes
 * per user and recommendation): users with a cached hybrid list, their discovery list (scores
 * as discovery affinity, see lib/recsys/segment-affinity.ts), and
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

/** Reads a finished run's segment store (see loadSegmentData for where the data comes from). */
export function loadSegmentStore(run: RunSummary, db: Sqlite): SegmentStore {
  const d = loadSegmentData(db, run);
  const merchants = new Map<number, SegmentMerchant>();
  const rows = db.prepare('SELECT id, externalId, name, category FROM Merchant').raw().iterate() as Iterable<[number, string, string, string]>;
  for (const [id, externalId, name, category] of rows) merchants.set(id, { id, externalId, name, category });
  const size = d.userIds.length;
  const merchantOrders = new Map<number, number>();
  d.ordMerchant.forEach((m, k) => merchantOrders.set(m, (merchantOrders.get(m) ?? 0) + d.ordCount[k]!));
  const thresholds = spendingThresholds(d.spent.filter((_, u) => d.orders[u]! > 0));
  const spending: SpendingSegment[] = Array.from(d.spent, (s, u) => spendingSegment(s, d.orders[u]!, thresholds));

  function* users(): Generator<SegmentUser> {
    for (let u = 0; u < size; u++) {
      const ordered = new Map<number, { orders: number; spent: number }>();
      for (let k = d.ordPtr[u]!; k < d.ordPtr[u + 1]!; k++) ordered.set(d.ordMerchant[k]!, { orders: d.ordCount[k]!, spent: d.ordSpent[k]! });
      const recs: SegmentRec[] = [];
      // Segment scores are discovery affinity: the hybrid's score ÷ the user's best (first) one.
      const best = d.score[d.ptr[u]!] ?? 0;
      for (let k = d.ptr[u]!; k < d.ptr[u + 1]!; k++) recs.push({ merchantId: d.merchant[k]!, score: discoveryAffinity(d.score[k]!, best), via: d.via[k]! < 0 ? null : d.via[k]! });
      const last = d.lastOrder[u]!;
      yield {
        id: d.userIds[u]!,
        externalId: d.externalIds[u]!,
        orders: d.orders[u]!,
        spent: d.spent[u]!,
        lastOrder: Number.isNaN(last) ? null : last,
        platform: d.platforms[d.platform[u]!] ?? '',
        spending: spending[u]!,
        ordered,
        recs,
      };
    }
  }
  return {
    runId: run.id,
    mode: run.mode,
    now: referenceTime(run).now,
    merchants,
    merchantByExternalId: new Map([...merchants.values()].map((m) => [m.externalId, m.id])),
    merchantOrders,
    categories: [...new Set([...merchants.values()].map((m) => m.category).filter(Boolean))].sort(),
    size,
    users,
  };
}

const cache = globalThis as unknown as { __segmentStores?: Map<string, Promise<SegmentStore>> };
const stores = (cache.__segmentStores ??= new Map());

/**
 * The run's store, loaded once per process and kept for the two most recent runs asked for
 * (the active run and the latest evaluated one). Finished runs never change.
 */
export function getSegmentStore(run: RunSummary): Promise<SegmentStore> {
  const key = `${run.id}:${run.finishedAt ?? ''}`;
  return keptValue(stores, key, 2, () => {
    const p = Promise.resolve().then(() => {
      const db = openSqlite();
      try {
        return loadSegmentStore(run, db);
      } finally {
        db.close();
      }
    });
    p.catch(() => stores.delete(key));
    return p;
  });
}
