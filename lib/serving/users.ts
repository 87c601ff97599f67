/** GET /api/v1/users and GET /api/v1/users/{userId}/profile, answered from the serving index. */
import { DAY_MS } from '@/lib/recsys/data/interactions';
import { spendingSegment, spendingSegmentLabel } from '@/lib/recsys/spending';
import type { UsersQuery } from '@/lib/validation/api';

import { iso, requireUser } from './read';
import type { Profile, UsersPage } from './schemas';
import type { Activity, ServingIndex } from './types';

/** First position in `sorted` (User.ids by external id) whose id is ≥ key. */
function lowerBound(a: Activity, key: string): number {
  let lo = 0;
  let hi = a.usersById.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a.userExternal[a.usersById[mid]!]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many users' ids start with `prefix`: O(log users) by two binary searches. */
function countPrefix(a: Activity, prefix: string): number {
  if (!prefix) return a.usersById.length;
  return lowerBound(a, `${prefix}\uffff`) - lowerBound(a, prefix);
}

function page(a: Activity, prefix: string, limit: number, offset: number): number[] {
  if (!prefix) return [...a.usersByOrders.subarray(offset, offset + limit)];
  const out: number[] = [];
  let skip = offset;
  for (let i = 0; i < a.usersByOrders.length && out.length < limit; i++) {
    const u = a.usersByOrders[i]!;
    if (!a.userExternal[u]!.startsWith(prefix)) continue;
    if (skip > 0) skip--;
    else out.push(u);
  }
  return out;
}

/**
 * Users, most orders first (then by id), optionally only ids starting with `q` (as typed;
 * when nothing matches and `q` has capitals, its lower case), with orders, spend and last order.
 */
export function listUsers(index: ServingIndex, q: UsersQuery): UsersPage {
  const a = index.activity;
  let prefix = q.q;
  if (prefix && countPrefix(a, prefix) === 0 && prefix.toLowerCase() !== prefix) prefix = prefix.toLowerCase();
  const users = page(a, prefix, q.limit, q.offset).map((u) => {
    const id = a.userExternal[u]!;
    return { user_id: id, orders: a.orders[u]!, spend: Math.round(a.spend[u]! * 100) / 100, last_order_at: iso(a.lastOrder[u]), userId: id };
  });
  return { users, total: countPrefix(a, prefix), limit: q.limit, offset: q.offset };
}

/**
 * A user's ordering over all stored data: orders, spend, distinct merchants, views, first and
 * last order, days since the last order counted to the data's last event, and the spending
 * segment (terciles of spend among ordering users: lib/recsys/spending.ts).
 * @throws NotFoundError when the user is not in the data
 */
export function userProfile(index: ServingIndex, userId: string): Profile {
  const a = index.activity;
  const u = requireUser(index, userId);
  const orders = a.orders[u] ?? 0;
  const spend = a.spend[u] ?? 0;
  const last = a.lastOrder[u] ?? NaN;
  const segment = spendingSegment(spend, orders, a.thresholds);
  return {
    user_id: userId,
    orders,
    spend: Math.round(spend * 100) / 100,
    merchants: a.merchantsOrdered[u] ?? 0,
    views: a.views[u] ?? 0,
    first_order_at: iso(a.firstOrder[u]),
    last_order_at: iso(last),
    days_since_last_order: Number.isFinite(last) && a.lastEvent !== null ? Math.max(0, Math.floor((a.lastEvent - last) / DAY_MS)) : null,
    data_as_of: iso(a.lastEvent),
    spending_segment: segment,
    spending_segment_label: spendingSegmentLabel(segment),
  };
}
