/**
 * GET /api/v1/users/{userId}/recommendations as JSON text, equal character for character to
 * `JSON.stringify({ ...recommendFor(...), processing_time_ms })` (tested). An answer is written
 * from per-merchant fragments (id, name and category already escaped, kept per index), so only
 * scores, sources and explanation sentences are serialised per item; and everything but
 * processing_time_ms depends only on the index, the user and the query, so whole answers are
 * kept too, as text, in a bounded least-recently-used map that belongs to the index object. A
 * promoted run or new data means a new index, hence new (empty) maps: nothing kept can outlive
 * the index it was read from, and the swap stays one reference.
 */
import { measuredPart, partLength, type MeasuredParts } from '@/lib/api/json-text';
import { KeptMap } from '@/lib/kept-map';
import type { RecommendationsQuery } from '@/lib/validation/api';

import { f32Text } from '@/lib/f32-text';
import { contributionMerchant, itemMerchant, prepareRecommendations, servedItems } from './recommend';
import type { Activity, ServingIndex } from './types';

/** Whole answers kept per index, without processing_time_ms (~7 KB each at n = 10: ~30 MB at most). */
export const KEPT_ANSWERS = 4096;

/** Kept answers per index: the text up to processing_time_ms's value, as a part (lib/api/json-text.ts). */
const answers = new WeakMap<ServingIndex, KeptMap<string, string | Uint8Array>>();

/** Per merchant, escaped once per index: an item's id, name and category; a contribution's opening. */
interface Fragments {
  item: (string | undefined)[];
  contribution: (string | undefined)[];
  /** A plain reason's contribution opening (no merchant). */
  plain?: string;
}

const fragments = new WeakMap<Activity, Fragments>();

const json = JSON.stringify;

function fragmentsOf(a: Activity): Fragments {
  let f = fragments.get(a);
  if (!f) fragments.set(a, (f = { item: [], contribution: [] }));
  return f;
}

/** `"merchant_id":…,"merchant_name":…,"category":…` as recommendFor writes them. */
function itemHead(a: Activity, f: Fragments, m: number): string {
  return (f.item[m] ??= json(itemMerchant(a, m)).slice(1, -1));
}

/** `{"merchant_id":…,"merchant_name":…` of a contribution, as recommendFor writes it (a plain reason, m < 0, kept under f.plain). */
function contributionHead(a: Activity, f: Fragments, m: number): string {
  if (m < 0) return (f.plain ??= json(contributionMerchant(a, m)).slice(0, -1));
  return (f.contribution[m] ??= json(contributionMerchant(a, m)).slice(0, -1));
}

/** The answer's text up to and including `"processing_time_ms":`. */
function answerPrefix(index: ServingIndex, userId: string, q: RecommendationsQuery): string {
  const p = prepareRecommendations(index, userId, q);
  const a = p.activity;
  const f = fragmentsOf(a);
  let items = '';
  let rank = 0;
  for (const it of servedItems(p, q)) {
    let parts = '';
    for (const c of it.parts) parts += `${parts ? ',' : ''}${contributionHead(a, f, c.merchantIdx)},"value":${f32Text(c.value)},"source":${json(c.source)}}`;
    items +=
      `${rank ? ',' : ''}{"rank":${++rank},${itemHead(a, f, it.merchant)},"score":${f32Text(it.score)},"source":${json(it.source)},` +
      `"explanation":${json(it.explanation)},"contributions":[${parts}],"ordered_before":${it.orderedBefore}}`;
  }
  const head = json(p.head);
  return `${head.slice(0, -1)},"items":[${items}],"processing_time_ms":`;
}

/**
 * The recommendations answer as JSON text (see recommendFor in ./recommend.ts for what it
 * holds), in two parts with their UTF-8 length (lib/api/json-text.ts): everything before
 * processing_time_ms's value, then the value (`elapsedMs`, read last) and the closing brace.
 * The first part is kept (per index, at most KEPT_ANSWERS, the last KEPT_ANSWERS / 2 users and
 * queries always; lib/kept-map.ts): a user asking again, e.g. on every app start, costs a map
 * lookup. An ASCII answer is kept as a string, not as UTF-8 bytes: a Buffer per answer written
 * afresh made the every-user load of bench:api slower (scale 1: 3,025 req/s, p99 75 ms, against
 * 3,401 and 47 ms; kept answers the same either way). An answer with other characters (a name
 * like "Café") is kept as its UTF-8 bytes, encoded once instead of on every request.
 * @throws as prepareRecommendations: 409 without an active run, 400 for an unknown category or model
 */
export function recommendationsText(index: ServingIndex, userId: string, q: RecommendationsQuery, elapsedMs: () => number): MeasuredParts {
  let kept = answers.get(index);
  if (!kept) answers.set(index, (kept = new KeptMap(KEPT_ANSWERS)));
  const key = `${q.model}|${q.exclude_ordered ? 1 : 0}|${q.n}|${q.category === undefined ? '' : `${q.category.length}:${q.category}`}|${userId}`;
  const part = kept.get(key, () => measuredPart(answerPrefix(index, userId, q)));
  const tail = `${json(elapsedMs())}}`; // ASCII
  return { parts: [part, tail], bytes: partLength(part) + tail.length }; // a part's length is its UTF-8 length
}
