import { DAY_MS } from '../data/interactions';
import { Rng } from '../random';
import type { OrderEvent } from '../types';
import { FIXTURE_NOW, makeEvent } from './fixtures';

/** Options of {@link pipelineEvents}. */
export interface PipelineFixtureOptions {
  /** Taste groups; each has its own merchants and users (default 3). */
  groups?: number;
  /** Users per group ordering over the whole window (default 12). */
  usersPerGroup?: number;
  /** Merchants per group (default 6). */
  merchantsPerGroup?: number;
  /** Users per group who first order in the last 10 days: cold at a 14-day cutoff (default 2). */
  newUsersPerGroup?: number;
  /** PRNG seed (default 11). */
  seed?: number;
}

/** The fixture's window: 60 days ending at FIXTURE_NOW; the suggested cutoff is 14 days before it. */
export const PIPELINE_FIXTURE_CUTOFF = FIXTURE_NOW - 14 * DAY_MS;

/**
 * A small seeded order history for pipeline tests (a few hundred events): users of a group
 * order mostly from two favourite merchants of their group (re-orders), sometimes from another
 * merchant of the group (discoveries) and rarely anywhere; each order follows a page view of
 * the merchant half the time. Times are spread over the 60 days before FIXTURE_NOW, so a
 * cutoff at {@link PIPELINE_FIXTURE_CUTOFF} leaves warm users with re-orders and discoveries
 * in the test window, plus new (cold) users. Events in time order. O(events).
 * @param opts - see {@link PipelineFixtureOptions}
 */
export function pipelineEvents(opts: PipelineFixtureOptions = {}): OrderEvent[] {
  const groups = opts.groups ?? 3;
  const users = opts.usersPerGroup ?? 12;
  const per = opts.merchantsPerGroup ?? 6;
  const fresh = opts.newUsersPerGroup ?? 2;
  const rng = new Rng(opts.seed ?? 11);
  const events: OrderEvent[] = [];
  const merchant = (g: number, i: number) => `m${g}-${i}`;
  for (let g = 0; g < groups; g++) {
    for (let j = 0; j < users + fresh; j++) {
      const isNew = j >= users;
      const fav = [rng.int(per), rng.int(per)];
      const orders = isNew ? 1 + rng.int(3) : 4 + rng.int(6);
      const from = isNew ? 10 : 60;
      for (let o = 0; o < orders; o++) {
        const r = rng.next();
        const mg = r < 0.95 ? g : rng.int(groups);
        const mi = r < 0.65 ? fav[rng.int(2)]! : rng.int(per);
        const eventTime = FIXTURE_NOW - rng.uniform(0, from) * DAY_MS;
        const over = {
          eventTime: Math.floor(eventTime),
          orderTotal: Math.round(rng.uniform(5, 60) * 100) / 100,
          category: `cat${mg}`,
        };
        if (rng.next() < 0.5) {
          events.push(
            makeEvent(`u${g}-${j}`, merchant(mg, mi), {
              ...over,
              eventTime: over.eventTime - 60_000,
              eventType: 'merchant_page_viewed',
              orderTotal: 0,
            }),
          );
        }
        events.push(makeEvent(`u${g}-${j}`, merchant(mg, mi), over));
      }
    }
  }
  return events.sort((a, b) => a.eventTime - b.eventTime);
}
