/** GET /api/v1/merchants/popular, …/{merchantId}/similar and …/{merchantId}/audience. */
import { f32 } from '@/lib/f32-text';
import type { PopularQuery } from '@/lib/validation/api';

import { checkCategory, merchantRef, requireMerchant, requireRun } from './read';
import type { Audience, Popular, Similar } from './schemas';
import { PROTOCOL_ALL, type ServingIndex } from './types';

type Timed<T> = Omit<T, 'processing_time_ms'>;

/**
 * The most popular merchants of the active run: the popularity model's list for users without
 * history (the same list the fallback serves), optionally one category, with each merchant's
 * order count over all stored data. Falls back to the hybrid's list when popularity was not cached.
 */
export function popularMerchants(index: ServingIndex, q: PopularQuery): Timed<Popular> {
  const cache = requireRun(index);
  checkCategory(index, q.category);
  const a = index.activity;
  const l = cache.lists.get('popularity') ?? cache.lists.get('hybrid') ?? [...cache.lists.values()][0];
  const slot = l ? (l.slotOfUser[0] ?? -1) : -1;
  const items: Popular['items'] = [];
  if (l && slot >= 0) {
    const list = 2 * slot + PROTOCOL_ALL;
    for (let i = l.itemStart[list]!; i < l.itemStart[list + 1]! && items.length < q.n; i++) {
      const m = l.itemMerchant[i]!;
      if (q.category !== undefined && a.merchantCategory[m] !== q.category) continue;
      items.push({ rank: items.length + 1, ...merchantRef(index, m), score: f32(l.itemScore[i]!), orders: a.merchantOrders[m] ?? 0 });
    }
  }
  return { run_id: cache.run.id, category: q.category ?? null, items };
}

const NOT_IN_RUN = (runId: number) =>
  `This merchant had no orders in the data run #${runId} was trained on, so the run cached nothing for it; it will have lists after the next run.`;

/** Merchants most similar to one merchant (the run's similar-merchants cache), best first. */
export function similarMerchants(index: ServingIndex, merchantId: string, n: number): Timed<Similar> {
  const cache = requireRun(index);
  const id = requireMerchant(index, merchantId);
  const lists = cache.merchants.get(id);
  const items: Similar['items'] = [];
  for (let i = 0; lists && i < lists.similar.length && items.length < n; i++) {
    items.push({ rank: i + 1, ...merchantRef(index, lists.similar[i]!), similarity: f32(lists.similarity[i]!) });
  }
  return { run_id: cache.run.id, merchant: merchantRef(index, id), items, note: lists ? null : NOT_IN_RUN(cache.run.id) };
}

/**
 * The merchant's likely audience: users who never ordered there, most likely to order there
 * next (discovery affinity: the hybrid's score ÷ the user's best new-merchant score, 0–1), best
 * first, with their order counts.
 */
export function merchantAudience(index: ServingIndex, merchantId: string, n: number): Timed<Audience> {
  const cache = requireRun(index);
  const id = requireMerchant(index, merchantId);
  const a = index.activity;
  const lists = cache.merchants.get(id);
  const items: Audience['items'] = [];
  for (let i = 0; lists && i < lists.audience.length && items.length < n; i++) {
    const u = lists.audience[i]!;
    items.push({ rank: i + 1, user_id: a.userExternal[u] ?? `#${u}`, affinity: f32(lists.affinity[i]!), orders: a.orders[u] ?? 0 });
  }
  let note: string | null = lists ? null : NOT_IN_RUN(cache.run.id);
  if (lists && lists.audience.length === 0) note = `No user has this merchant among their top recommendations in run #${cache.run.id}.`;
  return { run_id: cache.run.id, merchant: merchantRef(index, id), items, note };
}
