/** GET /api/v1/users/{userId}/recommendations, answered from the serving index. */
import { ValidationError } from '@/lib/errors';
import { f32 } from '@/lib/f32-text';
import { explanationSentence } from '@/lib/recsys/explain';
import type { Contribution, IdIndex, InteractionMatrix } from '@/lib/recsys/types';
import type { RecommendationsQuery, ServedModel } from '@/lib/validation/api';

import { checkCategory, requireRun } from './read';
import type { Recommendations } from './schemas';
import { PROTOCOL_ALL, PROTOCOL_DISCOVERY, type Activity, type ModelLists, type RunCache, type ServingIndex } from './types';

const NO_IDS: IdIndex = { size: 0, idOf: () => '', indexOf: () => undefined };

/**
 * The user's merchants ordered before the reference time as a one-row training matrix over
 * Merchant.ids (names, order counts, last order times): what explanationSentence reads.
 */
export function historyMatrix(a: Activity, userDbId: number | undefined, now: number): InteractionMatrix {
  const ok = userDbId !== undefined && userDbId + 1 < a.pairStart.length;
  const s = ok ? a.pairStart[userDbId]! : 0;
  const e = ok ? a.pairStart[userDbId + 1]! : 0;
  const orders = a.pairOrders.subarray(s, e);
  return {
    users: NO_IDS,
    merchants: NO_IDS,
    weights: { nRows: 1, nCols: a.merchantName.length, indptr: Int32Array.of(0, e - s), indices: a.pairMerchant.subarray(s, e), data: orders },
    orders,
    spend: orders,
    lastTime: a.pairLast.subarray(s, e),
    now,
    merchantCategory: a.merchantCategory,
    merchantName: a.merchantName,
  };
}

interface Pick {
  lists: ModelLists;
  slot: number;
  modelUsed: ServedModel;
  fallbackReason: Recommendations['fallback_reason'];
}

function pickLists(cache: RunCache, model: ServedModel, userDbId: number | undefined): Pick {
  const lists = cache.lists.get(model);
  if (!lists) {
    throw new ValidationError(`Invalid query: model: run #${cache.run.id} has no cached lists of ${model} (it has ${cache.run.models.join(', ') || 'none'}).`);
  }
  const slot = userDbId === undefined ? -1 : (lists.slotOfUser[userDbId] ?? -1);
  if (slot >= 0 && !lists.fallback[slot]) return { lists, slot, modelUsed: model, fallbackReason: null };
  const reason = userDbId === undefined ? 'unknown_user' : 'no_history';
  const popularity = cache.lists.get('popularity');
  const fb = popularity && popularity.slotOfUser[0]! >= 0 ? popularity : lists;
  return { lists: fb, slot: fb.slotOfUser[0] ?? -1, modelUsed: fb === popularity ? 'popularity' : model, fallbackReason: reason };
}

function contributionsOf(l: ModelLists, item: number, c0: number, sources: readonly string[]): Contribution[] {
  const parts: Contribution[] = [];
  for (let c = c0; c < c0 + l.contribCount[item]!; c++) {
    const m = l.contribMerchant[c]!;
    parts.push({ merchantIdx: m === 0 ? -1 : m, value: l.contribValue[c]!, source: sources[l.contribSource[c]!] ?? '' });
  }
  return parts;
}

/** A recommendations answer decided but not yet written: its head fields and the list it serves. */
export interface PreparedAnswer {
  head: Omit<Recommendations, 'items' | 'processing_time_ms'>;
  userDbId: number | undefined;
  /** The list served (2·slot + protocol) of `pick.lists`, or -1 when there is none. */
  list: number;
  pick: Pick;
  cache: RunCache;
  activity: Activity;
}

/**
 * The cheap part of an answer: checks (active run, category, model), the user, the list to
 * serve (own or popularity fallback) and the head fields.
 * @throws AppError 409 without an active run, ValidationError for an unknown category or model
 */
export function prepareRecommendations(index: ServingIndex, userId: string, q: RecommendationsQuery): PreparedAnswer {
  const cache = requireRun(index);
  checkCategory(index, q.category);
  const a = index.activity;
  const userDbId = a.userByExternal.get(userId);
  const pick = pickLists(cache, q.model, userDbId);
  const head = {
    user_id: userId,
    known_user: userDbId !== undefined,
    run_id: cache.run.id,
    model: q.model,
    model_used: pick.modelUsed,
    exclude_ordered: q.exclude_ordered,
    category: q.category ?? null,
    fallback_used: pick.fallbackReason !== null,
    fallback_reason: pick.fallbackReason,
  };
  const list = pick.slot >= 0 ? 2 * pick.slot + (q.exclude_ordered ? PROTOCOL_DISCOVERY : PROTOCOL_ALL) : -1;
  return { head, userDbId, list, pick, cache, activity: a };
}

/** One served recommendation before it is written (recommendFor makes it an object, recommend-text.ts JSON text). */
export interface ServedItem {
  merchant: number;
  /** Rounded to 6 decimals (f32). */
  score: number;
  source: string;
  /** Its contributions (merchantIdx −1 for a plain reason), values as cached. */
  parts: Contribution[];
  explanation: string;
  orderedBefore: boolean;
}

/**
 * The items an answer serves, in rank order: the served list's items, only those of
 * `q.category` when set, at most `q.n`; each with its signal, contributions, explanation
 * sentence (lib/recsys/explain.ts, over the user's history before the reference time) and
 * whether the user ordered there before. Items skipped or beyond n cost nothing.
 * O(list + contributions of the items served).
 */
export function servedItems(p: PreparedAnswer, q: { n: number; category?: string | undefined }): ServedItem[] {
  const out: ServedItem[] = [];
  if (p.list < 0) return out;
  const { cache, activity: a } = p;
  const l = p.pick.lists;
  const now = cache.run.referenceTime ?? a.lastEvent ?? 0;
  const train = historyMatrix(a, p.userDbId, now);
  let ordered: Set<number> | undefined;
  let c0 = l.contribStart[p.list]!;
  for (let i = l.itemStart[p.list]!; i < l.itemStart[p.list + 1]! && out.length < q.n; c0 += l.contribCount[i]!, i++) {
    const m = l.itemMerchant[i]!;
    if (q.category !== undefined && a.merchantCategory[m] !== q.category) continue;
    const source = cache.sources[l.itemSource[i]!] ?? '';
    const parts = contributionsOf(l, i, c0, cache.sources);
    const reasons = parts.length ? parts : [{ merchantIdx: -1, value: l.itemScore[i]!, source }];
    ordered ??= new Set(train.weights.indices);
    out.push({ merchant: m, score: f32(l.itemScore[i]!), source, parts, explanation: explanationSentence(train, 0, m, reasons), orderedBefore: ordered.has(m) });
  }
  return out;
}

/**
 * A user's recommendations from one model of the active run: the cached list under the
 * exclusion rule asked for (`discovery` when exclude_ordered), optionally only merchants of one
 * category, each with its score, strongest signal, contributions and explanation sentence. A
 * user who is not in the data, or has no cached list of their own, gets the popularity
 * fallback list, flagged. lib/serving/recommend-text.ts writes the same answer as JSON text.
 */
export function recommendFor(index: ServingIndex, userId: string, q: RecommendationsQuery): Omit<Recommendations, 'processing_time_ms'> {
  const p = prepareRecommendations(index, userId, q);
  const a = p.activity;
  const items: Recommendations['items'] = servedItems(p, q).map((it, r) => ({
    rank: r + 1,
    ...itemMerchant(a, it.merchant),
    score: it.score,
    source: it.source,
    explanation: it.explanation,
    contributions: it.parts.map((c) => ({ ...contributionMerchant(a, c.merchantIdx), value: f32(c.value), source: c.source })),
    ordered_before: it.orderedBefore,
  }));
  return { ...p.head, items };
}

/** A recommended merchant's fields of an answer item (ids of merchants missing from the data as `#m`). */
export function itemMerchant(a: Activity, m: number): { merchant_id: string; merchant_name: string; category: string } {
  return { merchant_id: a.merchantExternal[m] ?? `#${m}`, merchant_name: a.merchantName[m] ?? `merchant #${m}`, category: a.merchantCategory[m] ?? '' };
}

/** A contribution's merchant fields (both null for a plain reason, m < 0). */
export function contributionMerchant(a: Activity, m: number): { merchant_id: string | null; merchant_name: string | null } {
  return m < 0 ? { merchant_id: null, merchant_name: null } : { merchant_id: a.merchantExternal[m] ?? null, merchant_name: a.merchantName[m] ?? null };
}
