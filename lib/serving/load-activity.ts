import type { Sqlite } from '@/lib/db/sqlite';
import { spendingThresholds } from '@/lib/recsys/spending';

import { Growable } from './growable';
import type { Activity } from './types';

/** Longest stretch (ms) a build keeps the event loop before letting queued requests run. */
export const SLICE_MS = 8;

/**
 * Cooperative slicing of a long build: `due()` is true once SLICE_MS passed since the last
 * yield; `yield()` lets queued requests run (they keep using the old index meanwhile).
 */
export class Slicer {
  private last = performance.now();
  due(): boolean {
    return performance.now() - this.last >= SLICE_MS;
  }
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}

type EventRow = [userId: number, merchantId: number, checkout: number, total: number, time: number];

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function loadNames(db: Sqlite) {
  const merchants = db.prepare('SELECT id, externalId, name, category FROM Merchant').all() as { id: number; externalId: string; name: string; category: string }[];
  const users = db.prepare('SELECT id, externalId FROM User').all() as { id: number; externalId: string }[];
  const mSize = merchants.reduce((m, r) => Math.max(m, r.id), 0) + 1;
  const uSize = users.reduce((m, r) => Math.max(m, r.id), 0) + 1;
  const merchantExternal: string[] = Array<string>(mSize).fill('');
  const merchantName: string[] = Array<string>(mSize).fill('');
  const merchantCategory: string[] = Array<string>(mSize).fill('');
  for (const m of merchants) {
    merchantExternal[m.id] = m.externalId;
    merchantName[m.id] = m.name;
    merchantCategory[m.id] = m.category;
  }
  const userExternal: string[] = Array<string>(uSize).fill('');
  for (const u of users) userExternal[u.id] = u.externalId;
  return {
    merchantExternal, merchantName, merchantCategory, userExternal, uSize, mSize,
    merchantByExternal: new Map(merchants.map((m) => [m.externalId, m.id])),
    userByExternal: new Map(users.map((u) => [u.externalId, u.id])),
    userIds: Int32Array.from(users, (u) => u.id),
  };
}

/** Per-user facts accumulated by one ordered scan of Event. */
class ActivityScan {
  readonly orders: Int32Array;
  readonly spend: Float64Array;
  readonly firstOrder: Float64Array;
  readonly lastOrder: Float64Array;
  readonly merchantsOrdered: Int32Array;
  readonly views: Int32Array;
  readonly merchantOrders: Int32Array;
  readonly pairStart: Int32Array;
  readonly pairMerchant = new Growable(Int32Array, 1 << 16);
  readonly pairOrders = new Growable(Float64Array, 1 << 16);
  readonly pairLast = new Growable(Float64Array, 1 << 16);
  lastEvent = -Infinity;
  private user = -1;
  private readonly before = new Map<number, [orders: number, last: number]>();
  private readonly ordered = new Set<number>();

  constructor(
    uSize: number,
    mSize: number,
    private readonly cut: number,
  ) {
    this.orders = new Int32Array(uSize);
    this.spend = new Float64Array(uSize);
    this.firstOrder = new Float64Array(uSize).fill(NaN);
    this.lastOrder = new Float64Array(uSize).fill(NaN);
    this.merchantsOrdered = new Int32Array(uSize);
    this.views = new Int32Array(uSize);
    this.merchantOrders = new Int32Array(mSize);
    this.pairStart = new Int32Array(uSize + 1);
  }

  add([u, m, checkout, total, time]: EventRow) {
    if (u !== this.user) this.flushUntil(u);
    if (time > this.lastEvent) this.lastEvent = time;
    if (!checkout) {
      if (u < this.views.length) this.views[u]!++;
      return;
    }
    if (u >= this.orders.length) return;
    this.orders[u]!++;
    this.spend[u]! += total;
    if (!(this.firstOrder[u]! <= time)) this.firstOrder[u] = time;
    if (!(this.lastOrder[u]! >= time)) this.lastOrder[u] = time;
    if (m < this.merchantOrders.length) this.merchantOrders[m]!++;
    this.ordered.add(m);
    if (time < this.cut) {
      const p = this.before.get(m);
      if (p) {
        p[0]++;
        if (time > p[1]) p[1] = time;
      } else this.before.set(m, [1, time]);
    }
  }

  /** Closes the current user's pairs and opens empty pair ranges up to user `next`. */
  flushUntil(next: number) {
    const u = this.user;
    if (u >= 0 && u < this.merchantsOrdered.length) {
      this.merchantsOrdered[u] = this.ordered.size;
      for (const m of [...this.before.keys()].sort((a, b) => a - b)) {
        const [n, last] = this.before.get(m)!;
        this.pairMerchant.push(m);
        this.pairOrders.push(n);
        this.pairLast.push(last);
      }
    }
    this.before.clear();
    this.ordered.clear();
    const end = Math.min(next, this.pairStart.length - 1);
    for (let v = Math.max(u, 0) + 1; v <= end; v++) this.pairStart[v] = this.pairMerchant.length;
    this.user = next;
  }
}

/**
 * Builds the activity part of the index: users and merchants with their external ids, and one
 * scan of Event in key order (user, time) giving each user's orders, spend, first/last order,
 * views, distinct merchants, and the merchants ordered before `pairsBefore` (the run's
 * reference time) with counts and last order time. Yields to the event loop every
 * SLICE_MS. Run it inside a read transaction for a consistent snapshot.
 * O(events + users log users).
 */
export async function loadActivity(db: Sqlite, pairsBefore: number | null): Promise<Activity> {
  const dataKey = Number((db.prepare('SELECT COALESCE(MAX(id), 0) AS k FROM Dataset').get() as { k: number }).k);
  const slicer = new Slicer();
  const names = loadNames(db);
  await slicer.yield();
  const scan = new ActivityScan(names.uSize, names.mSize, pairsBefore ?? Infinity);
  const stmt = db.prepare("SELECT userId, merchantId, eventType = 'checkout_completed', orderTotal, eventTime FROM Event ORDER BY userId").raw();
  let n = 0;
  for (const row of stmt.iterate() as Iterable<EventRow>) {
    scan.add(row);
    if (++n % 256 === 0 && slicer.due()) await slicer.yield();
  }
  scan.flushUntil(names.uSize);
  const ids = names.userIds;
  const ext = names.userExternal;
  await slicer.yield();
  const usersById = Int32Array.from(ids).sort((a, b) => byCode(ext[a]!, ext[b]!));
  await slicer.yield();
  const usersByOrders = Int32Array.from(usersById).sort((a, b) => scan.orders[b]! - scan.orders[a]! || byCode(ext[a]!, ext[b]!));
  const spends = [...ids].filter((u) => scan.orders[u]! > 0).map((u) => scan.spend[u]!);
  const pairMerchant = scan.pairMerchant.finish();
  const arrays = [scan.orders, scan.spend, scan.firstOrder, scan.lastOrder, scan.merchantsOrdered, scan.views, scan.merchantOrders, scan.pairStart, pairMerchant, usersById, usersByOrders];
  const activity: Omit<Activity, 'bytes'> = {
    dataKey,
    lastEvent: Number.isFinite(scan.lastEvent) ? scan.lastEvent : null,
    userCount: ids.length,
    merchantCount: names.merchantByExternal.size,
    userExternal: ext,
    userByExternal: names.userByExternal,
    usersById,
    usersByOrders,
    orders: scan.orders,
    spend: scan.spend,
    firstOrder: scan.firstOrder,
    lastOrder: scan.lastOrder,
    merchantsOrdered: scan.merchantsOrdered,
    views: scan.views,
    thresholds: spendingThresholds(spends),
    merchantExternal: names.merchantExternal,
    merchantName: names.merchantName,
    merchantCategory: names.merchantCategory,
    merchantByExternal: names.merchantByExternal,
    merchantOrders: scan.merchantOrders,
    categories: new Set(names.merchantCategory.filter(Boolean)),
    pairStart: scan.pairStart,
    pairMerchant,
    pairOrders: scan.pairOrders.finish(),
    pairLast: scan.pairLast.finish(),
    pairsBefore,
  };
  const bytes = arrays.reduce((s, a) => s + a.byteLength, 0) + activity.pairOrders.byteLength + activity.pairLast.byteLength;
  return { ...activity, bytes };
}
