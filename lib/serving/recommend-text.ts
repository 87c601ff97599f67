/**
 * GET /api/v1/users/{userId}/recommendations as JSON text, equal character for character to
 * `JSON.stringify({ ...recommendFor(...), processing_time_ms })` (tested). Writing a list's
 * items (explanation sentences, contributions, ~7 KB of JSON for 10 items) is most of the
 * route's own work, and it depends only on the index, the list served and the user: each list's
 * items are therefore written once per index and kept, without their ranks, in a bounded
 * least-recently-used map that belongs to that index object, and so are whole answers (all but
 * processing_time_ms) per user and query. A promoted run or new data means a new index, hence
 * new (empty) maps: nothing kept can outlive the index it was read from, and the swap stays one
 * reference.
 */
import type { RecommendationsQuery } from '@/lib/validation/api';

import { listItems, prepareRecommendations, type PreparedAnswer } from './recommend';
import type { ServingIndex } from './types';

/** Lists kept per index (~15 KB each at 20 items: ~60 MB at most). */
export const KEPT_LISTS = 4096;

/** One item as JSON without its leading `{"rank":N,` (so `"merchant_id":…}`), and its merchant for the category filter. */
interface KeptItem {
  merchant: number;
  rest: string;
}

const kept = new WeakMap<ServingIndex, Map<string, KeptItem[]>>();

function itemsOf(index: ServingIndex, p: PreparedAnswer): KeptItem[] {
  if (p.list < 0) return [];
  let lru = kept.get(index);
  if (!lru) kept.set(index, (lru = new Map()));
  // The items depend on the list and on the user's history (explanations, ordered_before);
  // users not in the data have none, so they share the fallback list's items.
  const key = `${p.head.model_used}|${p.list}|${p.userDbId ?? ''}`;
  let items = lru.get(key);
  if (items) {
    lru.delete(key); // most recently used last
  } else {
    items = listItems(p).map(({ merchant, item }) => ({ merchant, rest: JSON.stringify(item).slice(1) }));
    if (lru.size >= KEPT_LISTS) lru.delete(lru.keys().next().value!);
  }
  lru.set(key, items);
  return items;
}

/** Whole answers kept per index, without processing_time_ms (~7 KB each at n = 10: ~30 MB at most). */
export const KEPT_ANSWERS = 4096;

const answers = new WeakMap<ServingIndex, Map<string, Buffer>>();

/** The answer's text up to and including `"processing_time_ms":`. */
function answerPrefix(index: ServingIndex, userId: string, q: RecommendationsQuery): string {
  const p = prepareRecommendations(index, userId, q);
  const category = p.activity.merchantCategory;
  let items = '';
  let rank = 0;
  for (const it of itemsOf(index, p)) {
    if (rank >= q.n) break;
    if (q.category !== undefined && category[it.merchant] !== q.category) continue;
    items += `${rank ? ',' : ''}{"rank":${++rank},${it.rest}`;
  }
  const head = JSON.stringify(p.head);
  return `${head.slice(0, -1)},"items":[${items}],"processing_time_ms":`;
}

/**
 * The recommendations answer as JSON text (see recommendFor in ./recommend.ts for what it
 * holds), in two parts: everything before processing_time_ms's value as UTF-8 bytes, then the
 * value (`elapsedMs`, read last) and the closing brace. The first part depends only on the
 * index, the user and the query, so it is kept (per index, the KEPT_ANSWERS most recently used)
 * ready to send: a user asking again, e.g. on every app start, costs a map lookup, and the
 * answer is neither re-encoded nor copied on its way to the socket.
 * @throws as prepareRecommendations: 409 without an active run, 400 for an unknown category or model
 */
export function recommendationsText(index: ServingIndex, userId: string, q: RecommendationsQuery, elapsedMs: () => number): readonly [Buffer, string] {
  let lru = answers.get(index);
  if (!lru) answers.set(index, (lru = new Map()));
  const key = `${q.model}|${q.exclude_ordered ? 1 : 0}|${q.n}|${q.category === undefined ? '' : `${q.category.length}:${q.category}`}|${userId}`;
  let prefix = lru.get(key);
  if (prefix !== undefined) {
    lru.delete(key); // most recently used last
  } else {
    prefix = Buffer.from(answerPrefix(index, userId, q), 'utf8');
    if (lru.size >= KEPT_ANSWERS) lru.delete(lru.keys().next().value!);
  }
  lru.set(key, prefix);
  return [prefix, `${JSON.stringify(elapsedMs())}}`];
}
