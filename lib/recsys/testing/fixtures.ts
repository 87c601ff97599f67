import { buildInteractions, DAY_MS } from '../data/interactions';
import { Rng } from '../random';
import type { EventType, InteractionMatrix, OrderEvent } from '../types';

/** 2024-01-01T00:00:00Z, the reference "now" of the fixtures. */
export const FIXTURE_NOW = Date.UTC(2024, 0, 1);

/**
 * One order event with defaults (checkout, web, 10.00, one day before FIXTURE_NOW).
 * @param userId - external user id
 * @param merchantId - external merchant id
 * @param over - fields to override
 */
export function makeEvent(
  userId: string,
  merchantId: string,
  over: Partial<OrderEvent> = {},
): OrderEvent {
  return {
    userId,
    merchantId,
    merchantName: `Merchant ${merchantId}`,
    category: '',
    orderTotal: 10,
    eventTime: FIXTURE_NOW - DAY_MS,
    eventType: 'checkout_completed' as EventType,
    platform: 'web',
    ...over,
  };
}

/** Options of the checkerboard fixture. */
export interface CheckerboardOptions {
  /** Number of user groups = merchant groups (default 3). */
  groups?: number;
  /** Users per group = merchants per group (default 5, ≥ 3). */
  size?: number;
  /** Seed of the order counts and times (default 7). */
  seed?: number;
  /** Add page views and one merchant known only from views (default true). */
  withViews?: boolean;
}

/** The checkerboard fixture: events, the matrix built from them, and the withheld pairs. */
export interface Checkerboard {
  events: OrderEvent[];
  now: number;
  train: InteractionMatrix;
  /** withheld[userIdx] = the merchantIdx of the user's own group the user never ordered. */
  withheld: Int32Array;
  /** Group of each userIdx / merchantIdx (-1 for the view-only merchant). */
  userGroup: Int32Array;
  merchantGroup: Int32Array;
}

/**
 * Block-diagonal ("checkerboard") data: `groups` disjoint communities, each of `size` users
 * and `size` merchants (category `cat{g}`). User j of group g ordered every merchant of its
 * group except merchant j (withheld) — 1 to 3 orders each, at seeded times in the 60 days
 * before FIXTURE_NOW — and nothing outside its group. Every merchant is thus ordered by
 * size − 1 users, so popularity is flat; any collaborative model must rank the withheld
 * merchant first once ordered merchants are excluded. With `withViews`, every user also views
 * one merchant of the next group and `m-view-only` (never ordered: not a candidate).
 * O(groups · size²).
 * @param opts - see {@link CheckerboardOptions}
 */
export function checkerboard(opts: CheckerboardOptions = {}): Checkerboard {
  const groups = opts.groups ?? 3;
  const size = opts.size ?? 5;
  if (size < 3) throw new RangeError('size must be ≥ 3');
  const rng = new Rng(opts.seed ?? 7);
  const events: OrderEvent[] = [];
  for (let g = 0; g < groups; g++) {
    for (let j = 0; j < size; j++) {
      const user = `u${g}-${j}`;
      for (let i = 0; i < size; i++) {
        if (i === j) continue;
        const n = 1 + rng.int(3);
        for (let o = 0; o < n; o++) {
          const eventTime = FIXTURE_NOW - (1 + rng.int(60)) * DAY_MS - rng.int(DAY_MS);
          const orderTotal = Math.round(rng.uniform(5, 50) * 100) / 100;
          events.push(
            makeEvent(user, `m${g}-${i}`, { eventTime, orderTotal, category: `cat${g}` }),
          );
        }
      }
      if (opts.withViews ?? true) {
        const view = { eventType: 'merchant_page_viewed' as EventType, orderTotal: 0 };
        events.push(makeEvent(user, `m${(g + 1) % groups}-${j}`, { ...view, category: `cat${(g + 1) % groups}` }));
        events.push(makeEvent(user, 'm-view-only', { ...view, category: 'views' }));
      }
    }
  }
  const train = buildInteractions(events, { now: FIXTURE_NOW });
  const withheld = new Int32Array(train.users.size);
  const userGroup = new Int32Array(train.users.size);
  for (let u = 0; u < train.users.size; u++) {
    const [g, j] = train.users.idOf(u).slice(1).split('-').map(Number) as [number, number];
    userGroup[u] = g;
    withheld[u] = train.merchants.indexOf(`m${g}-${j}`)!;
  }
  const merchantGroup = new Int32Array(train.merchants.size).fill(-1);
  for (let m = 0; m < train.merchants.size; m++) {
    const id = train.merchants.idOf(m);
    if (id !== 'm-view-only') merchantGroup[m] = Number(id.slice(1).split('-')[0]);
  }
  return { events, now: FIXTURE_NOW, train, withheld, userGroup, merchantGroup };
}

/**
 * A tiny interaction matrix from (user, merchant, orders) triples, one order per unit, all at
 * FIXTURE_NOW − 1 day. For hand-checked tests of similarity, diversity and novelty.
 * @param triples - [userId, merchantId, orderCount]
 */
export function matrixFromTriples(triples: ReadonlyArray<[string, string, number]>): InteractionMatrix {
  const events: OrderEvent[] = [];
  for (const [u, m, n] of triples) for (let i = 0; i < n; i++) events.push(makeEvent(u, m));
  return buildInteractions(events, { now: FIXTURE_NOW });
}
