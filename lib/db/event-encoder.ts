import { EVENT_TYPES, type OrderEvent } from '@/lib/recsys/types';

import type { Sqlite } from './sqlite';

/** Numbers per encoded event: user id, merchant id, event type code, order total, time, platform code. */
export const ENCODED_WIDTH = 6;

/**
 * A batch of events reduced to database ids and numbers, plus the User / Merchant rows it
 * needs first. Everything in it is cheap to pass between threads (one transferable array and a
 * few short lists), so parsing and encoding can run in a worker beside the SQLite writes.
 */
export interface EncodedEvents {
  count: number;
  /** count × ENCODED_WIDTH: User.id, Merchant.id, EVENT_TYPES index, orderTotal, eventTime (ms), platform code. */
  rows: Float64Array;
  /** Users first seen in this batch: [User.id, externalId]. */
  newUsers: Array<[number, string]>;
  /** Merchants first seen in this batch: [Merchant.id, externalId, name, category]. */
  newMerchants: Array<[number, string, string, string]>;
  /** Merchants first seen without a name that now have one: [Merchant.id, name, category]. */
  renames: Array<[number, string, string]>;
  /** Platforms first seen in this batch, in code order (codes continue the earlier batches'). */
  newPlatforms: string[];
}

/** The ids already stored, read at the start of an import (inside its write transaction). */
export interface IdSnapshot {
  users: Map<string, number>;
  merchants: Map<string, { id: number; named: boolean }>;
  /** Next free ids: above every id ever used (AUTOINCREMENT never reuses one). */
  nextUserId: number;
  nextMerchantId: number;
}

function nextId(db: Sqlite, table: 'User' | 'Merchant'): number {
  const max = (db.prepare(`SELECT MAX(id) AS m FROM "${table}"`).get() as { m: number | null }).m ?? 0;
  const seq = (db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table) as { seq: number } | undefined)?.seq ?? 0;
  return Math.max(max, seq) + 1;
}

/** Reads every stored user and merchant id (one pass per table). */
export function loadIdSnapshot(db: Sqlite): IdSnapshot {
  const users = new Map<string, number>();
  for (const r of db.prepare('SELECT id, externalId FROM User').raw().iterate() as Iterable<[number, string]>) users.set(r[1], r[0]);
  const merchants = new Map<string, { id: number; named: boolean }>();
  for (const r of db.prepare('SELECT id, externalId, name FROM Merchant').raw().iterate() as Iterable<[number, string, string]>) {
    merchants.set(r[1], { id: r[0], named: r[2] !== r[1] });
  }
  return { users, merchants, nextUserId: nextId(db, 'User'), nextMerchantId: nextId(db, 'Merchant') };
}

const TYPE_CODE: ReadonlyMap<string, number> = new Map(EVENT_TYPES.map((t, i) => [t, i]));

/**
 * Turns validated events into EncodedEvents, assigning ids to users and merchants not seen
 * before (from the snapshot's next free ids; the writer inserts them with exactly those ids).
 * A merchant first seen without a name (name = id, e.g. from a page view) takes the first real
 * name that arrives later. Stateful across batches of one import.
 */
export class EventEncoder {
  private readonly platforms = new Map<string, number>();
  private nextUserId: number;
  private nextMerchantId: number;

  constructor(private readonly ids: IdSnapshot) {
    this.nextUserId = ids.nextUserId;
    this.nextMerchantId = ids.nextMerchantId;
  }

  encode(events: readonly OrderEvent[]): EncodedEvents {
    const out: EncodedEvents = { count: events.length, rows: new Float64Array(events.length * ENCODED_WIDTH), newUsers: [], newMerchants: [], renames: [], newPlatforms: [] };
    const rows = out.rows;
    let o = 0;
    for (const e of events) {
      let user = this.ids.users.get(e.userId);
      if (user === undefined) {
        user = this.nextUserId++;
        this.ids.users.set(e.userId, user);
        out.newUsers.push([user, e.userId]);
      }
      let merchant = this.ids.merchants.get(e.merchantId);
      if (merchant === undefined) {
        merchant = { id: this.nextMerchantId++, named: e.merchantName !== e.merchantId };
        this.ids.merchants.set(e.merchantId, merchant);
        out.newMerchants.push([merchant.id, e.merchantId, e.merchantName, e.category]);
      } else if (!merchant.named && e.merchantName !== e.merchantId) {
        merchant.named = true;
        out.renames.push([merchant.id, e.merchantName, e.category]);
      }
      let platform = this.platforms.get(e.platform);
      if (platform === undefined) {
        platform = this.platforms.size;
        this.platforms.set(e.platform, platform);
        out.newPlatforms.push(e.platform);
      }
      rows[o] = user;
      rows[o + 1] = merchant.id;
      rows[o + 2] = TYPE_CODE.get(e.eventType)!;
      rows[o + 3] = e.orderTotal;
      rows[o + 4] = e.eventTime;
      rows[o + 5] = platform;
      o += ENCODED_WIDTH;
    }
    return out;
  }
}
