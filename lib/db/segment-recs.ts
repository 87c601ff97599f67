import type { CachedLists } from './run-types';
import type { Sqlite } from './sqlite';

/** Every user's hybrid discovery list in CSR form: user k's items are [ptr[k], ptr[k+1]). */
export interface DiscoveryLists {
  /** User.id of each user with a cached list, ascending. */
  userIds: Int32Array;
  ptr: Int32Array;
  merchant: Int32Array;
  score: Float64Array;
  /** The history merchant contributing most, or -1. */
  via: Int32Array;
}

const ITEM = '{"merchantId":';
const SCORE = ',"score":';
const CONTRIBUTIONS = '"contributions":[';
const MERCHANT_KEY = '"merchantId":';

/**
 * Reads a CachedLists JSON text's discovery list (as `JSON.stringify` of lib/db/run-cache.ts
 * writes it: merchantId, score, source, contributions) with `indexOf` instead of building
 * objects: a user's lists are ~13 KB of JSON, mostly contributions, and a demo run has 50,000.
 * `via` = the first contribution with a merchant (they are stored largest first), or -1.
 * Returns false when the text does not have that shape (the caller then uses JSON.parse).
 * @param s - the JSON text, or its tail starting at `"discovery":`
 */
export function scanDiscovery(s: string, push: (merchantId: number, score: number, via: number) => void): boolean {
  let i = s.indexOf('"discovery":[');
  if (i < 0) return false;
  const found: number[] = [];
  for (i += 13; s.charCodeAt(i) !== 93; ) {
    if (!s.startsWith(ITEM, i)) return false;
    const sc = s.indexOf(SCORE, i);
    const so = s.indexOf(',"source":', sc);
    const cs = s.indexOf(CONTRIBUTIONS, so);
    const ce = s.indexOf(']', cs);
    if (sc < 0 || so < 0 || cs < 0 || ce < 0) return false;
    const m = Number(s.slice(i + ITEM.length, sc));
    const score = Number(s.slice(sc + SCORE.length, so));
    let via = -1;
    for (let k = s.indexOf(MERCHANT_KEY, cs); k >= 0 && k < ce; k = s.indexOf(MERCHANT_KEY, k)) {
      k += MERCHANT_KEY.length;
      if (s.charCodeAt(k) !== 110) {
        via = Number(s.slice(k, s.indexOf(',', k)));
        break;
      }
    }
    if (!Number.isInteger(m) || !Number.isFinite(score) || !Number.isInteger(via)) return false;
    found.push(m, score, via);
    i = ce + 2;
    if (s.charCodeAt(i) === 44) i++;
  }
  for (let k = 0; k < found.length; k += 3) push(found[k]!, found[k + 1]!, found[k + 2]!);
  return true;
}

function parseDiscovery(json: string, push: (merchantId: number, score: number, via: number) => void): void {
  const lists = JSON.parse(json.startsWith('{') ? json : `{${json}`) as Partial<CachedLists>;
  for (const r of lists.discovery ?? []) push(r.merchantId, r.score, r.contributions.find((c) => c.merchantId !== null)?.merchantId ?? -1);
}

/** Every user's hybrid discovery list of a run, from RecommendationList (seconds for 50,000 users). */
export function readDiscoveryLists(db: Sqlite, runId: number): DiscoveryLists {
  const userIds: number[] = [];
  const ptr: number[] = [0];
  const merchant: number[] = [];
  const score: number[] = [];
  const via: number[] = [];
  const push = (m: number, s: number, v: number) => {
    merchant.push(m);
    score.push(s);
    via.push(v);
  };
  // Only the tail from "discovery" crosses into JS: half the text of each row.
  const rows = db
    .prepare(
      `SELECT userId, substr(itemsJson, instr(itemsJson, '"discovery":')) FROM RecommendationList
       WHERE runId = ? AND model = 'hybrid' AND userId <> 0 ORDER BY userId`,
    )
    .raw()
    .iterate(runId) as Iterable<[number, string]>;
  for (const [u, tail] of rows) {
    userIds.push(u);
    if (!scanDiscovery(tail, push)) {
      merchant.length = score.length = via.length = ptr[ptr.length - 1]!;
      parseDiscovery(tail, push);
    }
    ptr.push(merchant.length);
  }
  return { userIds: Int32Array.from(userIds), ptr: Int32Array.from(ptr), merchant: Int32Array.from(merchant), score: Float64Array.from(score), via: Int32Array.from(via) };
}


