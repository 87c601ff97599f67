import { NotFoundError } from '@/lib/errors';
import { DAY_MS } from '@/lib/recsys/data/interactions';
import { spendingSegment, spendingSegmentLabel, spendingThresholds, type SpendingSegment, type SpendingThresholds } from '@/lib/recsys/spending';

import { prisma } from './client';
import { getDataVersion, memoByDataVersion } from './data-version';

/** A search suggestion: a user id and how many orders the user placed. */
export interface UserSuggestion {
  userId: string;
  orders: number;
}

/** One order of a user's history. Times are epoch ms. */
export interface UserOrder {
  time: number;
  merchantId: string;
  merchantName: string;
  category: string;
  total: number;
}

/** What the user page shows about a user's ordering over the whole data window. */
export interface UserProfile {
  userId: string;
  orders: number;
  spend: number;
  /** Distinct merchants ordered from. */
  merchants: number;
  /** Merchant and product page views. */
  views: number;
  firstOrder: number | null;
  lastOrder: number | null;
  /** The data's last event time: "days since last order" counts to here, not to today. */
  asOf: number | null;
  daysSinceLastOrder: number | null;
  segment: SpendingSegment;
  /** "High spender (top third)", … */
  segmentLabel: string;
  thresholds: SpendingThresholds | null;
  /** Orders, newest first (at most HISTORY_LIMIT). */
  history: UserOrder[];
}

/** Orders listed on the user page at most. */
export const HISTORY_LIMIT = 200;

/** One stored event of a user with its merchant (internal ids included, for lib/db callers). */
export interface UserEventRow {
  time: number;
  eventType: string;
  total: number;
  merchantDbId: number;
  merchantId: string;
  merchantName: string;
  category: string;
}

interface UserActivity {
  /** External ids, ascending (code-unit order). */
  ids: string[];
  orders: Int32Array;
  thresholds: SpendingThresholds | null;
  /** The data's last event time (it changes only with the data version the value is cached for). */
  lastEvent: number | null;
}

/** Order counts of every user and the spend bounds, computed once per data version (one scan). */
function userActivity(): Promise<UserActivity> {
  return memoByDataVersion('user-activity', async () => {
    const rows = await prisma.$queryRaw<{ id: string; orders: number | bigint; spend: number | null }[]>`
      SELECT u.externalId AS id, COALESCE(a.n, 0) AS orders, a.s AS spend FROM User u
      LEFT JOIN (SELECT userId, COUNT(*) AS n, SUM(orderTotal) AS s FROM Event
                 WHERE eventType = 'checkout_completed' GROUP BY userId) a ON a.userId = u.id`;
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const orders = Int32Array.from(rows, (r) => Number(r.orders));
    const spends = rows.filter((r) => Number(r.orders) > 0).map((r) => Number(r.spend ?? 0));
    const { lastEvent } = await getDataVersion();
    return { ids: rows.map((r) => r.id), orders, thresholds: spendingThresholds(spends), lastEvent };
  });
}

function lowerBound(ids: readonly string[], key: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Best `limit` of the users whose id starts with `prefix`: most orders first, then by id. */
function topByPrefix(a: UserActivity, prefix: string, limit: number): UserSuggestion[] {
  const best: number[] = [];
  const better = (i: number, j: number) => a.orders[i]! > a.orders[j]! || (a.orders[i] === a.orders[j] && i < j);
  for (let i = lowerBound(a.ids, prefix); i < a.ids.length && a.ids[i]!.startsWith(prefix); i++) {
    if (best.length === limit && !better(i, best[limit - 1]!)) continue;
    let p = Math.min(best.length, limit - 1);
    best[p] = i;
    while (p > 0 && better(i, best[p - 1]!)) {
      best[p] = best[p - 1]!;
      best[--p] = i;
    }
  }
  return best.map((i) => ({ userId: a.ids[i]!, orders: a.orders[i]! }));
}

/**
 * Up to `limit` users whose external id starts with `prefix` (exact case first, then lower
 * case), most orders first. An empty prefix lists the users with most orders.
 */
export async function searchUsers(prefix: string, limit = 10): Promise<UserSuggestion[]> {
  const q = prefix.trim();
  if (limit < 1) return [];
  const a = await userActivity();
  const found = topByPrefix(a, q, limit);
  return found.length === 0 && q.toLowerCase() !== q ? topByPrefix(a, q.toLowerCase(), limit) : found;
}

/** A user's events (orders and page views), oldest first, with their merchants. */
export async function listUserEvents(userDbId: number): Promise<UserEventRow[]> {
  const rows = await prisma.$queryRaw<
    { time: number | bigint; eventType: string; total: number; merchantDbId: number | bigint; merchantId: string; merchantName: string; category: string }[]
  >`SELECT e.eventTime AS time, e.eventType AS eventType, e.orderTotal AS total, m.id AS merchantDbId,
           m.externalId AS merchantId, m.name AS merchantName, m.category AS category
    FROM Event e JOIN Merchant m ON m.id = e.merchantId WHERE e.userId = ${userDbId} ORDER BY e.eventTime`;
  return rows.map((r) => ({ ...r, time: Number(r.time), merchantDbId: Number(r.merchantDbId) }));
}

/** The internal id of a user, or a NotFoundError naming the external id. */
export async function getUserDbId(userId: string): Promise<number> {
  const u = await prisma.user.findUnique({ where: { externalId: userId }, select: { id: true } });
  if (!u) throw new NotFoundError(`No user ${userId} in the data.`);
  return u.id;
}

/**
 * Everything the user page shows about a user's ordering: totals over the data window, days
 * since the last order as of the data's last event, spending segment (terciles of spend,
 * lib/recsys/spending.ts) and the order history, newest first.
 * @throws NotFoundError when the user does not exist
 */
export async function getUserProfile(userId: string): Promise<UserProfile> {
  const dbId = await getUserDbId(userId);
  const [events, activity] = await Promise.all([listUserEvents(dbId), userActivity()]);
  const orders = events.filter((e) => e.eventType === 'checkout_completed');
  const spend = orders.reduce((s, e) => s + e.total, 0);
  const lastOrder = orders.at(-1)?.time ?? null;
  const asOf = activity.lastEvent;
  const segment = spendingSegment(spend, orders.length, activity.thresholds);
  return {
    userId,
    orders: orders.length,
    spend,
    merchants: new Set(orders.map((e) => e.merchantDbId)).size,
    views: events.length - orders.length,
    firstOrder: orders[0]?.time ?? null,
    lastOrder,
    asOf,
    daysSinceLastOrder: lastOrder === null || asOf === null ? null : Math.max(0, Math.floor((asOf - lastOrder) / DAY_MS)),
    segment,
    segmentLabel: spendingSegmentLabel(segment),
    thresholds: activity.thresholds,
    history: orders
      .slice(-HISTORY_LIMIT)
      .reverse()
      .map((e) => ({ time: e.time, merchantId: e.merchantId, merchantName: e.merchantName, category: e.category, total: e.total })),
  };
}
