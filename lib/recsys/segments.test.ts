import { describe, expect, test } from 'vitest';

import {
  buildSegment,
  daysSinceOrder,
  fieldsRow,
  mostFrequentPlatform,
  seedRows,
  type SegmentContext,
  type SegmentFilters,
  type SegmentKind,
  type SegmentMerchant,
  type SegmentUser,
} from './segments';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 11, 31);
const merchants: SegmentMerchant[] = [
  { id: 1, externalId: 'm1', name: 'Burger Hub', category: 'burgers' },
  { id: 2, externalId: 'm2', name: 'Napoli Slice', category: 'pizza' },
  { id: 3, externalId: 'm3', name: 'Sushi Go', category: 'sushi' },
  { id: 4, externalId: 'm4', name: 'Pizza Roma', category: 'pizza' },
  { id: 5, externalId: 'm5', name: 'Green Bowl', category: 'salads' },
];
const ctx: SegmentContext = { now: NOW, merchants: new Map(merchants.map((m) => [m.id, m])) };
const rec = (merchantId: number, score: number, via: number | null = null) => ({ merchantId, score, via });

// A: 5 orders at m1, 20 days ago. B: 1 order at m2, 3 days ago. C: no orders. D: m1 ×3 + m2 ×2, 15 days ago.
const users: SegmentUser[] = [
  { id: 10, externalId: 'u_a', orders: 5, spent: 60, lastOrder: NOW - 20 * DAY, platform: 'ios', spending: 'high', ordered: new Map([[1, { orders: 5, spent: 60 }]]), recs: [rec(2, 0.9, 1), rec(3, 0.75, 1), rec(4, 0.5), rec(5, 0.2)] },
  { id: 11, externalId: 'u_b', orders: 1, spent: 10, lastOrder: NOW - 3 * DAY, platform: 'android', spending: 'low', ordered: new Map([[2, { orders: 1, spent: 10 }]]), recs: [rec(1, 0.8, 2), rec(4, 0.72, 2), rec(3, 0.3)] },
  { id: 12, externalId: 'u_c', orders: 0, spent: 0, lastOrder: null, platform: '', spending: 'none', ordered: new Map(), recs: [rec(1, 0.4), rec(2, 0.35), rec(3, 0.3)] },
  {
    id: 13, externalId: 'u_d', orders: 5, spent: 75, lastOrder: NOW - 15 * DAY - 3_600_000, platform: 'web', spending: 'medium',
    ordered: new Map([[1, { orders: 3, spent: 45 }], [2, { orders: 2, spent: 30 }]]), recs: [rec(3, 0.95, 2), rec(5, 0.1)],
  },
];

const rows = (kind: SegmentKind, f: SegmentFilters = {}) => [...buildSegment(kind, users, f, ctx)].map((m) => fieldsRow(kind, m));

describe('segment logic on a hand-built population', () => {
  test('high_affinity_prospect: score > 0.7 by default, strictly above the threshold, merchant and user filters', () => {
    expect(rows('high_affinity_prospect')).toEqual([
      ['u_a', 'm2', 'Napoli Slice', 0.9],
      ['u_a', 'm3', 'Sushi Go', 0.75],
      ['u_b', 'm1', 'Burger Hub', 0.8],
      ['u_b', 'm4', 'Pizza Roma', 0.72],
      ['u_d', 'm3', 'Sushi Go', 0.95],
    ]);
    expect(rows('high_affinity_prospect', { merchant: 3 }).map((r) => r[0])).toEqual(['u_a', 'u_d']);
    expect(rows('high_affinity_prospect', { minScore: 0.8 }).map((r) => r.slice(0, 2))).toEqual([['u_a', 'm2'], ['u_d', 'm3']]);
    expect(rows('high_affinity_prospect', { platform: 'ios' })).toHaveLength(2);
    expect(rows('high_affinity_prospect', { spending: 'medium' })).toEqual([['u_d', 'm3', 'Sushi Go', 0.95]]);
    expect(rows('high_affinity_prospect', { maxOrders: 1 }).map((r) => r[1])).toEqual(['m1', 'm4']);
    expect(rows('high_affinity_prospect', { maxDaysSinceOrder: 10 }).map((r) => r[0])).toEqual(['u_b', 'u_b']);
    expect(rows('high_affinity_prospect', { category: 'pizza' }).map((r) => r[1])).toEqual(['m2', 'm4']);
  });

  test('lapsed_personalized: ordered before, no order for ≥ 14 days, top 3 recommendations', () => {
    expect(rows('lapsed_personalized')).toEqual([
      ['u_a', 20, 'm2', 'm3', 'm4'],
      ['u_d', 15, 'm3', 'm5', ''],
    ]);
    expect(rows('lapsed_personalized', { minDaysSinceOrder: 16 })).toEqual([['u_a', 20, 'm2', 'm3', 'm4']]);
    expect(rows('lapsed_personalized', { minDaysSinceOrder: 2, merchant: 2 }).map((r) => r[0])).toEqual(['u_b', 'u_d']);
    expect(rows('lapsed_personalized', { category: 'pizza' })).toEqual([['u_a', 20, 'm2', 'm4', '']]);
  });

  test('category_explorer: one row per category the user never ordered in, best first', () => {
    expect(rows('category_explorer')).toEqual([
      ['u_a', 'pizza', 'm2|m4', 0.9],
      ['u_a', 'sushi', 'm3', 0.75],
      ['u_a', 'salads', 'm5', 0.2],
      ['u_b', 'burgers', 'm1', 0.8],
      ['u_b', 'sushi', 'm3', 0.3],
      ['u_c', 'burgers', 'm1', 0.4],
      ['u_c', 'pizza', 'm2', 0.35],
      ['u_c', 'sushi', 'm3', 0.3],
      ['u_d', 'sushi', 'm3', 0.95],
      ['u_d', 'salads', 'm5', 0.1],
    ]);
    expect(rows('category_explorer', { category: 'pizza' })).toEqual([
      ['u_a', 'pizza', 'm2|m4', 0.9],
      ['u_c', 'pizza', 'm2', 0.35],
    ]);
  });

  test('merchant_superfan: top N by orders at the merchant; seed score relative to the top fan', () => {
    expect(rows('merchant_superfan', { merchant: 1 })).toEqual([
      ['u_a', 'm1', 5, 60],
      ['u_d', 'm1', 3, 45],
    ]);
    expect(rows('merchant_superfan', { merchant: 1, limit: 1 })).toEqual([['u_a', 'm1', 5, 60]]);
    const fans = [...buildSegment('merchant_superfan', users, { merchant: 2 }, ctx)];
    expect(fans.map((m) => [m.externalId, m.targets[0]!.score])).toEqual([['u_d', 1], ['u_b', 0.5]]);
    expect(() => [...buildSegment('merchant_superfan', users, {}, ctx)]).toThrow(/needs a merchant/);
  });

  test('cross_sell_target: ordered A (the top contributing history merchant unless set), B in the top 3 or above a threshold', () => {
    expect(rows('cross_sell_target')).toEqual([
      ['u_a', 'm1', 'm2', 0.9],
      ['u_a', 'm1', 'm3', 0.75],
      ['u_a', 'm1', 'm4', 0.5], // no contributing merchant: the user's most ordered
      ['u_b', 'm2', 'm1', 0.8],
      ['u_b', 'm2', 'm4', 0.72],
      ['u_b', 'm2', 'm3', 0.3],
      ['u_d', 'm2', 'm3', 0.95],
      ['u_d', 'm1', 'm5', 0.1], // favourite: 3 orders at m1 against 2 at m2
    ]);
    expect(rows('cross_sell_target', { minScore: 0.7 })).toEqual([
      ['u_a', 'm1', 'm2', 0.9],
      ['u_a', 'm1', 'm3', 0.75],
      ['u_b', 'm2', 'm1', 0.8],
      ['u_b', 'm2', 'm4', 0.72],
      ['u_d', 'm2', 'm3', 0.95],
    ]);
    expect(rows('cross_sell_target', { merchant: 1, minScore: 0.7 })).toEqual([
      ['u_a', 'm1', 'm2', 0.9],
      ['u_a', 'm1', 'm3', 0.75],
      ['u_d', 'm1', 'm3', 0.95],
    ]);
    expect(rows('cross_sell_target', { recommendedMerchant: 3 })).toEqual([
      ['u_a', 'm1', 'm3', 0.75],
      ['u_b', 'm2', 'm3', 0.3],
      ['u_d', 'm2', 'm3', 0.95],
    ]);
  });

  test('new_user_onboarding: fewer than 2 orders, top 3 recommendations above the threshold', () => {
    expect(rows('new_user_onboarding')).toEqual([
      ['u_b', 1, 'm1', 'm4', 'm3'],
      ['u_c', 0, 'm1', 'm2', 'm3'],
    ]);
    expect(rows('new_user_onboarding', { minScore: 0.35 })).toEqual([
      ['u_b', 1, 'm1', 'm4', ''],
      ['u_c', 0, 'm1', '', ''],
    ]);
  });

  test('seed rows: one per user and recommended merchant, with name, score and export date', () => {
    const [a] = buildSegment('lapsed_personalized', users, {}, ctx);
    expect(seedRows('lapsed_personalized', a!, ctx, '2025-01-01')).toEqual([
      ['u_a', 'lapsed_personalized', 'm2', 'Napoli Slice', 0.9, '2025-01-01'],
      ['u_a', 'lapsed_personalized', 'm3', 'Sushi Go', 0.75, '2025-01-01'],
      ['u_a', 'lapsed_personalized', 'm4', 'Pizza Roma', 0.5, '2025-01-01'],
    ]);
  });
});

describe('user facts', () => {
  test('days since the last order are whole days; null without orders', () => {
    expect(daysSinceOrder(users[3]!, NOW)).toBe(15);
    expect(daysSinceOrder(users[2]!, NOW)).toBeNull();
  });

  test('most frequent platform, ties alphabetical, unknown ignored', () => {
    expect(mostFrequentPlatform(new Map([['web', 2], ['ios', 3], ['', 9]]))).toBe('ios');
    expect(mostFrequentPlatform(new Map([['web', 2], ['android', 2]]))).toBe('android');
    expect(mostFrequentPlatform(new Map())).toBe('');
  });
});
