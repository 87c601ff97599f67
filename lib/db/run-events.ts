import type { EventType, OrderEvent } from '@/lib/recsys/types';

import type { Sqlite } from './sqlite';

/** All stored events in canonical form, plus the maps between external and internal ids. */
export interface LoadedEvents {
  events: OrderEvent[];
  /** External user id → User.id. */
  userIds: Map<string, number>;
  /** External merchant id → Merchant.id. */
  merchantIds: Map<string, number>;
  checkouts: number;
  firstEvent: number | null;
  lastEvent: number | null;
}

/**
 * Reads every event for a training run with one scan of Event (clustered by user and time),
 * sharing one string per user and merchant id, name and category (a few hundred MB at 5M
 * events instead of several GB). Ascending time order is not guaranteed; the engine does not
 * need it.
 */
export function loadEvents(db: Sqlite): LoadedEvents {
  const users = new Map<number, string>();
  for (const [id, ext] of db.prepare('SELECT id, externalId FROM User').raw().iterate() as Iterable<[number, string]>) users.set(id, ext);
  const merchants = new Map<number, { ext: string; name: string; category: string }>();
  for (const [id, ext, name, category] of db.prepare('SELECT id, externalId, name, category FROM Merchant').raw().iterate() as Iterable<
    [number, string, string, string]
  >) {
    merchants.set(id, { ext, name, category });
  }
  const events: OrderEvent[] = [];
  let checkouts = 0;
  let first = Infinity;
  let last = -Infinity;
  const rows = db.prepare('SELECT userId, merchantId, eventType, orderTotal, eventTime, platform FROM Event').raw().iterate() as Iterable<
    [number, number, EventType, number, number, string]
  >;
  for (const [u, m, type, total, time, platform] of rows) {
    const merchant = merchants.get(m)!;
    events.push({
      userId: users.get(u)!,
      merchantId: merchant.ext,
      merchantName: merchant.name,
      category: merchant.category,
      orderTotal: total,
      eventTime: time,
      eventType: type,
      platform,
    });
    if (type === 'checkout_completed') checkouts++;
    if (time < first) first = time;
    if (time > last) last = time;
  }
  const userIds = new Map<string, number>();
  for (const [id, ext] of users) userIds.set(ext, id);
  const merchantIds = new Map<string, number>();
  for (const [id, m] of merchants) merchantIds.set(m.ext, id);
  return {
    events,
    userIds,
    merchantIds,
    checkouts,
    firstEvent: events.length ? first : null,
    lastEvent: events.length ? last : null,
  };
}
