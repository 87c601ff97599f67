/**
 * The segment builder's read of a RecommendationList row: only its discovery list, either format
 * of ./cached-lists-codec.ts, without building objects where it can (a demo run has 50,000
 * hybrid rows).
 */
import { checkList, COMPACT_VERSION, parseCachedLists } from './cached-lists-codec';

const ITEM = '{"merchantId":';
const SCORE = ',"score":';
const CONTRIBUTIONS = '"contributions":[';
const MERCHANT_KEY = '"merchantId":';

/**
 * The object format's discovery list read with `indexOf` instead of building objects (as
 * `JSON.stringify` of lib/db/run-cache.ts wrote it: merchantId, score, source, contributions).
 * Returns false, having pushed nothing, when the text does not have that shape.
 */
function scanObjectDiscovery(s: string, push: DiscoveryPush): boolean {
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

/** Receives one discovery recommendation: its merchant, score, and the history merchant contributing most (-1: none). */
export type DiscoveryPush = (merchantId: number, score: number, via: number) => void;

/** Pushes a flat discovery list's items; `via` = the first contribution with a merchant (they are stored largest first). */
function pushFlat(flat: readonly number[], push: DiscoveryPush): void {
  for (let i = 0; i < flat.length; ) {
    const n = flat[i + 3]!;
    let via = -1;
    for (let k = i + 4; k < i + 4 + 3 * n; k += 3) {
      if (flat[k] !== 0) {
        via = flat[k]!;
        break;
      }
    }
    push(flat[i]!, flat[i + 1]!, via);
    i += 4 + 3 * n;
  }
}

/**
 * Reads one row's discovery list for the segment builder, either format, without parsing the
 * `all` list when it can: a compact row's discovery list is its last array and holds only
 * numbers, so it starts at the text's last `[`; an object row goes through a hand scanner.
 * Whatever those fast paths do not recognise (or a compact row whose discovery list refers to
 * its all list) is parsed in full. O(text length).
 * @param s - the row's text, or (object format) its tail from `"discovery":` on
 * @throws CachedListsFormatError as {@link parseCachedLists} when the row is neither format
 */
export function scanDiscoveryTail(s: string, push: DiscoveryPush): void {
  if (s.startsWith('[')) {
    const k = s.lastIndexOf('[');
    if (s.startsWith(`[${COMPACT_VERSION},`) && s.endsWith(']]') && s.charCodeAt(k - 1) === 44) {
      let flat: number[] | undefined;
      try {
        // references (to the all list) are refused here: the full parse resolves them
        flat = checkList('discovery', JSON.parse(s.slice(k, -1)), Infinity);
      } catch {
        // not the compact layout after all: the full parse below names the problem
      }
      if (flat) return pushFlat(flat, push);
    }
    return pushFlat(parseCachedLists(s).discovery, push);
  }
  if (scanObjectDiscovery(s, push)) return;
  pushFlat(parseCachedLists(s.startsWith('{') ? s : `{${s}`).discovery, push);
}
