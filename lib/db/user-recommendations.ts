import { buildInteractions } from '@/lib/recsys/data/interactions';
import { IndexMap } from '@/lib/recsys/data/index-map';
import { explanationSentence } from '@/lib/recsys/explain';
import type { InteractionMatrix, ModelKind, OrderEvent } from '@/lib/recsys/types';

import { decodeCachedLists } from './cached-lists-codec';
import { prisma } from './client';
import { FALLBACK_USER_ID, type CachedLists, type CachedRecommendation, type Protocol, type RunSummary } from './run-types';
import { getUserDbId, listUserEvents, type UserEventRow } from './users';

/** Models whose lists are cached per user (random is a baseline, never served). */
export const SERVED_MODELS = ['hybrid', 'popularity', 'repeat', 'item-knn', 'als'] as const satisfies readonly ModelKind[];
export type ServedModel = (typeof SERVED_MODELS)[number];

/** One recommendation as the user page shows it. */
export interface RecommendationItem {
  rank: number;
  merchantId: string;
  merchantName: string;
  category: string;
  score: number;
  /** The signal that contributed most ('item-knn', 'als', 'popularity', 'repeat', 'recency', ...). */
  source: string;
  /** Plain-language reason built from the stored contributions (lib/recsys/explain.ts). */
  explanation: string;
  /** The user had ordered here before the run's reference time. */
  orderedBefore: boolean;
  /** The user ordered here at or after the reference time (in an evaluate run: a hit in the test window). */
  orderedAfter: boolean;
}

/** A user's cached list from one model of one run. */
export interface UserRecommendations {
  runId: number;
  model: ServedModel;
  list: Protocol;
  /** The run's reference time: its split cutoff (evaluate) or end of data (production). */
  referenceTime: number | null;
  /** True when the user had no history before the reference time: the model's fallback list is shown. */
  fallback: boolean;
  /** The signal the fallback list comes from (e.g. 'popularity'), null when not a fallback. */
  fallbackSource: string | null;
  items: RecommendationItem[];
}

/** The user's history before `now` as a one-user training matrix (names, order counts, last times). */
function historyMatrix(events: readonly UserEventRow[], now: number, merchants: IndexMap): InteractionMatrix {
  const seen: OrderEvent[] = events
    .filter((e) => e.time < now)
    .map((e) => ({
      userId: 'user',
      merchantId: String(e.merchantDbId),
      merchantName: e.merchantName,
      category: e.category,
      orderTotal: e.total,
      eventTime: e.time,
      eventType: e.eventType as OrderEvent['eventType'],
      platform: '',
    }));
  return buildInteractions(seen, { now, merchants });
}

type MerchantInfo = { merchantId: string; name: string; category: string };

/** Explanation sentences for cached recommendations, with the merchants' names from the database. */
function explainAll(events: readonly UserEventRow[], now: number, recs: readonly CachedRecommendation[], info: ReadonlyMap<number, MerchantInfo>): string[] {
  const merchants = new IndexMap();
  const train = historyMatrix(events, now, merchants);
  const names = [...train.merchantName];
  const idxOf = (dbId: number) => {
    const known = merchants.indexOf(String(dbId));
    if (known !== undefined) return known;
    const idx = merchants.add(String(dbId));
    names[idx] = info.get(dbId)?.name ?? `merchant #${dbId}`;
    return idx;
  };
  const withNames: InteractionMatrix = { ...train, merchantName: names };
  return recs.map((r) => {
    const parts = r.contributions.map((c) => ({ merchantIdx: c.merchantId === null ? -1 : idxOf(c.merchantId), value: c.value, source: c.source }));
    return explanationSentence(withNames, 0, idxOf(r.merchantId), parts);
  });
}

async function merchantInfo(ids: Iterable<number>): Promise<Map<number, MerchantInfo>> {
  const rows = await prisma.merchant.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, externalId: true, name: true, category: true } });
  return new Map(rows.map((m) => [m.id, { merchantId: m.externalId, name: m.name, category: m.category }]));
}

async function cachedLists(runId: number, model: string, userDbId: number): Promise<CachedLists | null> {
  const row = await prisma.recommendationList.findUnique({ where: { runId_model_userId: { runId, model, userId: userDbId } }, select: { itemsJson: true } });
  return row ? decodeCachedLists(row.itemsJson) : null;
}

/**
 * A user's recommendations from one model of a run, with explanations: the cached list under
 * the chosen exclusion rule (`discovery` when `excludeOrdered`, else `all`). A user without a
 * cached list (no history before the run's reference time) gets the model's fallback list,
 * flagged. Returns null when the run cached nothing for this model.
 * @throws NotFoundError when the user does not exist
 */
export async function getUserRecommendations(userId: string, run: RunSummary, model: ServedModel, excludeOrdered: boolean): Promise<UserRecommendations | null> {
  const dbId = await getUserDbId(userId);
  const [own, events] = await Promise.all([cachedLists(run.id, model, dbId), listUserEvents(dbId)]);
  const lists = own ?? (await cachedLists(run.id, model, FALLBACK_USER_ID));
  if (!lists) return null;
  const list: Protocol = excludeOrdered ? 'discovery' : 'all';
  const recs = lists[list];
  const now = run.snapshot?.cutoff ?? run.snapshot?.lastEvent ?? Number.POSITIVE_INFINITY;
  const info = await merchantInfo(recs.flatMap((r) => [r.merchantId, ...r.contributions.flatMap((c) => (c.merchantId === null ? [] : [c.merchantId]))]));
  const sentences = explainAll(events, now, recs, info);
  const orders = events.filter((e) => e.eventType === 'checkout_completed');
  const before = new Set(orders.filter((e) => e.time < now).map((e) => e.merchantDbId));
  const after = new Set(orders.filter((e) => e.time >= now).map((e) => e.merchantDbId));
  const fallback = lists.fallback || own === null;
  return {
    runId: run.id,
    model,
    list,
    referenceTime: Number.isFinite(now) ? now : null,
    fallback,
    fallbackSource: fallback ? (recs[0]?.source ?? 'popularity') : null,
    items: recs.map((r, i) => {
      const m = info.get(r.merchantId);
      return {
        rank: i + 1,
        merchantId: m?.merchantId ?? `#${r.merchantId}`,
        merchantName: m?.name ?? `merchant #${r.merchantId}`,
        category: m?.category ?? '',
        score: r.score,
        source: r.source,
        explanation: sentences[i] ?? '',
        orderedBefore: before.has(r.merchantId),
        orderedAfter: after.has(r.merchantId),
      };
    }),
  };
}
