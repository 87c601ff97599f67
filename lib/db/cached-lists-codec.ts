/**
 * The text of RecommendationList.itemsJson, written and read in one place. Two formats exist:
 *
 * - **compact** (version 2, written since): `[2,fallback,sources,all,discovery]` — `fallback` 0 or
 *   1; `sources` the row's distinct source names; `all` and `discovery` flat number arrays, each
 *   recommendation being `merchantId, score, sourceIndex, n` followed by its n contributions as
 *   `merchantId, value, sourceIndex` (merchantId 0 = a plain reason: Merchant.id starts at 1).
 *   In `discovery` a single negative number −(k+1) stands for a recommendation equal to item k
 *   of `all` (every model but the hybrid explains a merchant alike in both lists).
 *   E.g. `[2,0,["item-knn","popularity"],[7,0.5,0,2,3,0.3,0,0,0.2,1],[-1]]`. About a sixth of
 *   the object format's size, and parsed without building an object per item.
 * - **object** (runs cached before): `JSON.stringify` of {@link CachedLists}.
 *
 * Every reader goes through {@link parseCachedLists} (flat view, both formats),
 * {@link decodeCachedLists} (objects) or scanDiscoveryTail (./cached-discovery-scan.ts).
 */
import type { CachedContribution, CachedLists, CachedRecommendation } from './run-types';

/** The version marker of the compact format (its first element). */
export const COMPACT_VERSION = 2;

/**
 * A row's lists, flat: `all` and `discovery` in the compact layout (see the module comment)
 * without back-references, source indices into `sources`, merchantId 0 for a plain reason.
 */
export interface FlatLists {
  fallback: boolean;
  sources: string[];
  all: number[];
  discovery: number[];
}

/** A row's text that is neither format, or breaks the compact layout. */
export class CachedListsFormatError extends Error {
  constructor(problem: string) {
    super(`cached recommendation lists (RecommendationList.itemsJson): ${problem}`);
    this.name = 'CachedListsFormatError';
  }
}

const positiveId = (v: number | null) => v !== null && Number.isInteger(v) && v > 0;

function sameRecommendation(a: CachedRecommendation, b: CachedRecommendation): boolean {
  if (a.merchantId !== b.merchantId || a.score !== b.score || a.source !== b.source || a.contributions.length !== b.contributions.length) return false;
  return a.contributions.every((c, i) => {
    const d = b.contributions[i]!;
    return c.merchantId === d.merchantId && c.value === d.value && c.source === d.source;
  });
}

/** Appends `r` to a flat list. */
function pushItem(out: number[], r: CachedRecommendation, sourceIndex: (s: string) => number): void {
  if (!positiveId(r.merchantId)) throw new RangeError(`encodeCachedLists: merchantId must be a positive integer, got ${r.merchantId}`);
  if (!Number.isFinite(r.score)) throw new RangeError(`encodeCachedLists: the score of merchant ${r.merchantId} must be finite, got ${r.score}`);
  out.push(r.merchantId, r.score, sourceIndex(r.source), r.contributions.length);
  for (const c of r.contributions) {
    if (c.merchantId !== null && !positiveId(c.merchantId)) throw new RangeError(`encodeCachedLists: a contribution's merchantId must be a positive integer or null, got ${c.merchantId}`);
    if (!Number.isFinite(c.value)) throw new RangeError(`encodeCachedLists: a contribution to merchant ${r.merchantId} must be finite, got ${c.value}`);
    out.push(c.merchantId ?? 0, c.value, sourceIndex(c.source));
  }
}

/**
 * The compact text of `lists` (scores and values as given: run-cache.ts has rounded them to 6
 * decimals). A discovery item equal to an `all` item is written as a reference to it.
 * O(items + contributions).
 * @throws RangeError when a merchant id is not a positive integer (0 would read back as null) or
 *   a score or value is not finite (JSON would store null)
 */
export function encodeCachedLists(lists: CachedLists): string {
  const sources: string[] = [];
  const index = new Map<string, number>();
  const sourceIndex = (s: string) => {
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = sources.push(s) - 1));
    return i;
  };
  const all: number[] = [];
  const inAll = new Map<number, number>();
  lists.all.forEach((r, k) => {
    pushItem(all, r, sourceIndex);
    if (!inAll.has(r.merchantId)) inAll.set(r.merchantId, k);
  });
  const discovery: number[] = [];
  for (const r of lists.discovery) {
    const k = inAll.get(r.merchantId);
    if (k !== undefined && sameRecommendation(r, lists.all[k]!)) discovery.push(-(k + 1));
    else pushItem(discovery, r, sourceIndex);
  }
  return JSON.stringify([COMPACT_VERSION, lists.fallback ? 1 : 0, sources, all, discovery]);
}

/**
 * Checks a compact list's layout — whole items, integer ids ≥ 1 (≥ 0 in contributions), finite
 * numbers, source indices below `sources` — and returns it with references resolved against
 * `refs` (the `all` list's item offsets; none allowed when undefined). Collects the item
 * offsets into `starts` when given.
 */
export function checkList(name: string, a: unknown, sources: number, refs?: { list: number[]; starts: number[] }, starts?: number[]): number[] {
  if (!Array.isArray(a)) throw new CachedListsFormatError(`the ${name} list is not an array`);
  const bad = (at: number, what: string) => new CachedListsFormatError(`the ${name} list has ${what} at position ${at}`);
  const isInt = (at: number, min: number) => typeof a[at] === 'number' && Number.isInteger(a[at]) && a[at] >= min;
  const check = (ok: boolean, at: number, what: string) => {
    if (!ok) throw bad(at, what);
  };
  let out: number[] | undefined;
  for (let i = 0; i < a.length; ) {
    const ref = a[i] as unknown;
    if (typeof ref === 'number' && ref < 0) {
      const s = refs?.starts[-ref - 1];
      check(Number.isInteger(ref) && s !== undefined, i, `a reference to no item of the all list (${ref})`);
      out ??= (a as number[]).slice(0, i);
      const end = s! + 4 + 3 * refs!.list[s! + 3]!;
      for (let k = s!; k < end; k++) out.push(refs!.list[k]!);
      i++;
      continue;
    }
    starts?.push(i);
    check(i + 4 <= a.length, i, 'a truncated recommendation');
    check(isInt(i, 1), i, 'no valid merchant id');
    check(typeof a[i + 1] === 'number' && Number.isFinite(a[i + 1]), i + 1, 'no finite score');
    check(isInt(i + 2, 0) && a[i + 2] < sources, i + 2, 'no valid source index');
    check(isInt(i + 3, 0) && i + 4 + 3 * a[i + 3] <= a.length, i + 3, 'no valid contribution count');
    const end = i + 4 + 3 * (a[i + 3] as number);
    for (let k = i + 4; k < end; k += 3) {
      check(isInt(k, 0), k, 'no valid contribution merchant id');
      check(typeof a[k + 1] === 'number' && Number.isFinite(a[k + 1]), k + 1, 'no finite contribution value');
      check(isInt(k + 2, 0) && a[k + 2] < sources, k + 2, 'no valid source index');
    }
    if (out) for (let k = i; k < end; k++) out.push(a[k] as number);
    i = end;
  }
  return out ?? (a as number[]);
}

function parseCompact(v: unknown[]): FlatLists {
  if (v[0] !== COMPACT_VERSION) throw new CachedListsFormatError(`unknown format version ${JSON.stringify(v[0])} (this build reads ${COMPACT_VERSION} and the object format)`);
  if (v.length !== 5) throw new CachedListsFormatError(`expected 5 elements [version, fallback, sources, all, discovery], got ${v.length}`);
  const [, fallback, sources] = v;
  if (fallback !== 0 && fallback !== 1) throw new CachedListsFormatError(`fallback must be 0 or 1, got ${JSON.stringify(fallback)}`);
  if (!Array.isArray(sources) || !sources.every((s) => typeof s === 'string')) throw new CachedListsFormatError('the sources are not an array of strings');
  const starts: number[] = [];
  const all = checkList('all', v[3], sources.length, undefined, starts);
  return { fallback: fallback === 1, sources, all, discovery: checkList('discovery', v[4], sources.length, { list: all, starts }) };
}

/** The object format as flat lists (missing lists or contributions read as empty, as the readers always did). */
function flattenObject(o: Partial<CachedLists>): FlatLists {
  const sources: string[] = [];
  const index = new Map<string, number>();
  const sourceIndex = (s: unknown) => {
    const key = String(s);
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = sources.push(key) - 1));
    return i;
  };
  const list = (l: readonly CachedRecommendation[] | undefined) => {
    const out: number[] = [];
    for (const r of l ?? []) {
      const parts: readonly CachedContribution[] = r.contributions ?? [];
      out.push(r.merchantId, r.score, sourceIndex(r.source), parts.length);
      for (const c of parts) out.push(c.merchantId ?? 0, c.value, sourceIndex(c.source));
    }
    return out;
  };
  return { fallback: o.fallback === true, sources, all: list(o.all), discovery: list(o.discovery) };
}

/**
 * A row's lists in the flat layout (references resolved), from either format. O(text length).
 * @throws CachedListsFormatError naming the problem when the text is not valid JSON, not one
 *   of the two formats, or breaks the compact layout
 */
export function parseCachedLists(text: string): FlatLists {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new CachedListsFormatError(`not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(v)) return parseCompact(v);
  if (v !== null && typeof v === 'object') return flattenObject(v as Partial<CachedLists>);
  throw new CachedListsFormatError(`expected an array or an object, got ${String(JSON.stringify(v)).slice(0, 40)}`);
}

function objects(flat: readonly number[], sources: readonly string[]): CachedRecommendation[] {
  const out: CachedRecommendation[] = [];
  for (let i = 0; i < flat.length; ) {
    const r: CachedRecommendation = { merchantId: flat[i]!, score: flat[i + 1]!, source: sources[flat[i + 2]!]!, contributions: [] };
    const end = i + 4 + 3 * flat[i + 3]!;
    for (i += 4; i < end; i += 3) r.contributions.push({ merchantId: flat[i] || null, value: flat[i + 1]!, source: sources[flat[i + 2]!]! });
    out.push(r);
  }
  return out;
}

/**
 * A row's lists as {@link CachedLists} objects, from either format. O(text length).
 * @throws CachedListsFormatError as {@link parseCachedLists}
 */
export function decodeCachedLists(text: string): CachedLists {
  const f = parseCachedLists(text);
  return { all: objects(f.all, f.sources), discovery: objects(f.discovery, f.sources), fallback: f.fallback };
}
