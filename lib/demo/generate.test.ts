import { beforeAll, describe, expect, test } from 'vitest';

import type { OrderEvent } from '@/lib/recsys/types';

import { generateDemoEvents } from './generate';
import { demoMerchants } from './merchants';
import { DEFAULT_DEMO_OPTIONS, resolveDemoOptions } from './options';

const isCheckout = (e: OrderEvent): boolean => e.eventType === 'checkout_completed';

describe('generateDemoEvents determinism', () => {
  test('the same options give identical output; another seed differs', () => {
    const opts = { scale: 0.02, seed: 7 };
    const a = JSON.stringify([...generateDemoEvents(opts)]);
    expect(JSON.stringify([...generateDemoEvents(opts)])).toBe(a);
    expect(JSON.stringify([...generateDemoEvents({ ...opts, seed: 8 })])).not.toBe(a);
  });

  test('two interleaved generators do not disturb each other', () => {
    const opts = { scale: 0.01 };
    const alone = [...generateDemoEvents(opts)];
    const g1 = generateDemoEvents(opts);
    const g2 = generateDemoEvents(opts);
    const first: OrderEvent[] = [];
    const second: OrderEvent[] = [];
    for (let r1 = g1.next(), r2 = g2.next(); !r1.done || !r2.done; r1 = g1.next(), r2 = g2.next()) {
      if (!r1.done) first.push(r1.value);
      if (!r2.done) second.push(r2.value);
    }
    expect(first).toEqual(alone);
    expect(second).toEqual(alone);
  });
});

describe('generateDemoEvents at scale 0.1 (seed 42)', () => {
  let events: OrderEvent[] = [];
  let checkouts: OrderEvent[] = [];
  beforeAll(() => {
    events = [...generateDemoEvents({ scale: 0.1 })];
    checkouts = events.filter(isCheckout);
  });

  test('exactly orders × scale checkouts, plus views on top', () => {
    expect(checkouts).toHaveLength(40_000);
    expect(events.length - checkouts.length).toBeGreaterThan(40_000);
  });

  test('events are sorted by time and inside the 60-day window', () => {
    const unsorted = events.filter((e, i) => i > 0 && e.eventTime < events[i - 1]!.eventTime);
    expect(unsorted).toEqual([]);
    expect(events[0]!.eventTime).toBeGreaterThanOrEqual(Date.parse('2026-09-02T00:00:00Z'));
    expect(events.at(-1)!.eventTime).toBeLessThanOrEqual(Date.parse('2026-10-31T23:59:59Z'));
    expect(events.every((e) => e.eventTime % 1000 === 0)).toBe(true);
  });

  test('one-time users are 30-50 % of ordering users; about 92 % of users order', () => {
    const perUser = new Map<string, number>();
    for (const e of checkouts) perUser.set(e.userId, (perUser.get(e.userId) ?? 0) + 1);
    const once = [...perUser.values()].filter((n) => n === 1).length;
    expect(once / perUser.size).toBeGreaterThanOrEqual(0.3);
    expect(once / perUser.size).toBeLessThanOrEqual(0.5);
    expect(perUser.size).toBe(4600); // round(0.92 · 5000)
  });

  test('repeat share (pair ordered before) is within [0.35, 0.70]', () => {
    const seen = new Set<string>();
    let repeats = 0;
    for (const e of checkouts) {
      const pair = `${e.userId}|${e.merchantId}`;
      if (seen.has(pair)) repeats++;
      else seen.add(pair);
    }
    expect(repeats / checkouts.length).toBeGreaterThanOrEqual(0.35);
    expect(repeats / checkouts.length).toBeLessThanOrEqual(0.7);
  });

  test('long tail: the top 10 % of merchants get ≥ 40 % of orders', () => {
    const perMerchant = new Map<string, number>();
    for (const e of checkouts) perMerchant.set(e.merchantId, (perMerchant.get(e.merchantId) ?? 0) + 1);
    const counts = [...perMerchant.values()].sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / checkouts.length).toBeGreaterThanOrEqual(0.4);
  });

  test('checkouts have totals > 0 with 2 decimals, views have total 0', () => {
    const bad = events.filter((e) =>
      isCheckout(e)
        ? !(e.orderTotal > 0) || Math.round(e.orderTotal * 100) / 100 !== e.orderTotal
        : e.orderTotal !== 0,
    );
    expect(bad).toEqual([]);
  });

  test('order totals follow the category means: coffee ≈ 6, pizza ≈ 25, groceries ≈ 45', () => {
    const mean = (category: string): number => {
      const xs = checkouts.filter((e) => e.category === category).map((e) => e.orderTotal);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean('coffee')).toBeGreaterThan(4.5);
    expect(mean('coffee')).toBeLessThan(8);
    expect(mean('pizza')).toBeGreaterThan(20);
    expect(mean('pizza')).toBeLessThan(31);
    expect(mean('groceries')).toBeGreaterThan(36);
    expect(mean('groceries')).toBeLessThan(56);
  });

  test('most checkouts of users with views follow a view of the same merchant within 30 min', () => {
    const lastView = new Map<string, number>();
    const viewers = new Set<string>();
    for (const e of events) if (e.eventType === 'merchant_page_viewed') viewers.add(e.userId);
    let eligible = 0;
    let preceded = 0;
    for (const e of events) {
      const pair = `${e.userId}|${e.merchantId}`;
      if (e.eventType === 'merchant_page_viewed') lastView.set(pair, e.eventTime);
      else if (isCheckout(e) && viewers.has(e.userId)) {
        eligible++;
        const t = lastView.get(pair);
        if (t !== undefined && e.eventTime - t <= 30 * 60_000) preceded++;
      }
    }
    expect(preceded / eligible).toBeGreaterThanOrEqual(0.8);
    expect(preceded / eligible).toBeLessThan(1); // some re-orders skip the menu page
  });

  test('daily rhythm: lunch and dinner hours are far busier than 3-5 am; coffee is a morning thing', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const e of checkouts) byHour[new Date(e.eventTime).getUTCHours()]! += 1;
    const night = byHour[3]! + byHour[4]!;
    expect(byHour[12]! + byHour[13]!).toBeGreaterThan(5 * night);
    expect(byHour[19]! + byHour[20]!).toBeGreaterThan(5 * night);
    const coffee = checkouts.filter((e) => e.category === 'coffee');
    const morning = coffee.filter((e) => new Date(e.eventTime).getUTCHours() < 11).length;
    expect(morning / coffee.length).toBeGreaterThan(0.5);
    const pharmacy = checkouts.filter((e) => e.category === 'pharmacy');
    const daytime = pharmacy.filter((e) => {
      const h = new Date(e.eventTime).getUTCHours();
      return h >= 8 && h < 20;
    }).length;
    expect(daytime / pharmacy.length).toBeGreaterThan(0.7);
  });

  test('weekly rhythm: an average Friday or Saturday beats an average Monday-Wednesday', () => {
    const perWeekday = new Array<number>(7).fill(0);
    for (const e of checkouts) perWeekday[new Date(e.eventTime).getUTCDay()]! += 1;
    // 60 days from Wed 2 Sep 2026: Mon and Tue occur 8 times, the other weekdays 9 times.
    const days = [9, 8, 8, 9, 9, 9, 9];
    const avg = perWeekday.map((n, d) => n / days[d]!);
    expect(Math.min(avg[5]!, avg[6]!)).toBeGreaterThan(1.15 * Math.max(avg[1]!, avg[2]!, avg[3]!));
  });

  test('platforms are ios/android/web and mostly fixed per user', () => {
    expect(new Set(events.map((e) => e.platform))).toEqual(new Set(['ios', 'android', 'web']));
    const platforms = new Map<string, Map<string, number>>();
    for (const e of checkouts) {
      const m = platforms.get(e.userId) ?? new Map<string, number>();
      m.set(e.platform, (m.get(e.platform) ?? 0) + 1);
      platforms.set(e.userId, m);
    }
    let main = 0;
    for (const m of platforms.values()) main += Math.max(...m.values());
    expect(main / checkouts.length).toBeGreaterThan(0.88);
  });

  test('lapsed and new users exist: some regulars stop early, some start late', () => {
    const span = new Map<string, [number, number, number]>();
    for (const e of checkouts) {
      const s = span.get(e.userId);
      span.set(e.userId, s ? [s[0], e.eventTime, s[2] + 1] : [e.eventTime, e.eventTime, 1]);
    }
    const regulars = [...span.values()].filter((s) => s[2] >= 4);
    const lastMonthStart = Date.parse('2026-10-01T00:00:00Z');
    const lapsed = regulars.filter((s) => s[1] < lastMonthStart).length / regulars.length;
    const late = regulars.filter((s) => s[0] >= lastMonthStart).length / regulars.length;
    expect(lapsed).toBeGreaterThan(0.04);
    expect(late).toBeGreaterThan(0.04);
  });

  test('events refer to the demoMerchants catalogue by id, name and category', () => {
    const byId = new Map(demoMerchants({ scale: 0.1 }).map((m) => [m.merchantId, m]));
    const mismatched = events.filter((e) => {
      const m = byId.get(e.merchantId);
      return m?.name !== e.merchantName || m.category !== e.category;
    });
    expect(mismatched).toEqual([]);
    expect(events.every((e) => /^u_\d{6}$/.test(e.userId) && /^m_\d{5}$/.test(e.merchantId))).toBe(true);
  });
});

describe('options', () => {
  test('defaults and scaling', () => {
    expect(DEFAULT_DEMO_OPTIONS.orders).toBe(400_000);
    const o = resolveDemoOptions({ scale: 12.5 });
    expect([o.users, o.merchants, o.orders]).toEqual([625_000, 37_500, 5_000_000]);
    expect(o.end).toBe(Date.parse('2026-10-31T23:59:59Z'));
  });

  test('a custom window and order count are honoured', () => {
    const events = [...generateDemoEvents({ users: 300, merchants: 40, orders: 1234, days: 7, endDate: '2026-01-10T12:00:00Z' })];
    expect(events.filter(isCheckout)).toHaveLength(1234);
    expect(Math.min(...events.map((e) => e.eventTime))).toBeGreaterThan(Date.parse('2026-01-03T12:00:00Z'));
    expect(Math.max(...events.map((e) => e.eventTime))).toBeLessThanOrEqual(Date.parse('2026-01-10T12:00:00Z'));
  });

  test('tiny and zero order counts are exact', () => {
    for (const orders of [0, 1, 3]) {
      const n = [...generateDemoEvents({ users: 10, merchants: 5, orders })].filter(isCheckout).length;
      expect(n).toBe(orders);
    }
  });

  test('invalid options throw RangeError naming the option', () => {
    expect(() => generateDemoEvents({ days: 0 }).next()).toThrow(/days/);
    expect(() => generateDemoEvents({ scale: -1 }).next()).toThrow(/scale/);
    expect(() => generateDemoEvents({ endDate: 'soon' }).next()).toThrow(/endDate/);
    expect(() => resolveDemoOptions({ orders: 1.5 })).toThrow(RangeError);
  });
});
