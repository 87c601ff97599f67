/**
 * The demo merchant catalogue: ids, unique names, categories, areas, a long-tailed
 * popularity, a price level, and the cumulative tables the simulation samples merchants from.
 */
import { allocate } from './allocate';
import { AREAS, CATEGORIES, type CategorySpec } from './categories';
import { resolveDemoOptions, type DemoOptions } from './options';
import { deriveSeed, normalQuantile, Rng, searchCumulative } from './random';

/** One merchant of the demo catalogue. */
export interface DemoMerchant {
  /** `m_00001`, `m_00002`, … */
  merchantId: string;
  /** Unique display name, e.g. "Napoli Slice Marina". */
  name: string;
  category: string;
  /** Delivery area (neighbourhood), also the last words of the name. */
  area: string;
}

/** Catalogue plus the typed arrays the simulation reads. */
export interface Catalogue {
  readonly merchants: readonly DemoMerchant[];
  readonly nAreas: number;
  /** Category index (into `CATEGORIES`) per merchant. */
  readonly category: Uint8Array;
  /** Area index per merchant. */
  readonly area: Uint16Array;
  /** Price multiplier per merchant (lognormal, σ = 0.15). */
  readonly price: Float32Array;
  /** Sampling weight per merchant: stratified lognormal(0, 1.5) within each category. */
  readonly popularity: Float64Array;
  /**
   * Picks a merchant of `category` for a user living in `home`: P(m) ∝ popularity(m) ×
   * affinity, affinity = 1 + nAreas in the home area, 1 + nAreas/4 next door, 1 elsewhere
   * (so about 40 % of picks are local, 20 % next door, whatever the number of areas).
   */
  pick(home: number, category: number, rng: Rng): number;
}

/** Salt of the catalogue's PRNG stream. */
const SALT = 1;
const POPULARITY_SIGMA = 1.5;

/** Number of areas for a catalogue size: about 0.7·√merchants, between 1 and `AREAS.length`. */
export function areaCount(merchants: number): number {
  return Math.min(AREAS.length, Math.max(1, Math.round(0.7 * Math.sqrt(merchants))));
}

function pickWord(words: readonly string[], rng: Rng): string {
  return words[rng.below(words.length)] ?? '';
}

function makeName(spec: CategorySpec, area: string, taken: Set<string>, rng: Rng): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const base =
      spec.brands.length > 0 && rng.next() < 0.05
        ? (spec.brands[rng.below(spec.brands.length)] ?? '')
        : `${pickWord(spec.prefixes, rng)} ${pickWord(spec.nouns, rng)}`;
    const name = `${base} ${area}`;
    if (!taken.has(name)) return name;
  }
  const stem = `${pickWord(spec.prefixes, rng)} ${spec.nouns[0] ?? ''} ${area}`;
  for (let branch = 2; ; branch++) {
    const name = `${stem} ${branch}`;
    if (!taken.has(name)) return name;
  }
}

/**
 * Groups merchant indices by key and builds per-group cumulative popularity, so that
 * `members[start[k] .. start[k+1])` are group k's merchants and `cum` restarts in each group.
 */
function groupTable(keys: ArrayLike<number>, nKeys: number, popularity: Float64Array) {
  const start = new Int32Array(nKeys + 1);
  for (let m = 0; m < keys.length; m++) {
    const k = (keys[m] ?? 0) + 1;
    start[k] = (start[k] ?? 0) + 1;
  }
  for (let k = 0; k < nKeys; k++) start[k + 1] = (start[k + 1] ?? 0) + (start[k] ?? 0);
  const fill = start.slice(0, nKeys);
  const members = new Int32Array(keys.length);
  for (let m = 0; m < keys.length; m++) {
    const k = keys[m] ?? 0;
    const at = fill[k] ?? 0;
    members[at] = m;
    fill[k] = at + 1;
  }
  const cum = new Float64Array(keys.length);
  for (let k = 0; k < nKeys; k++) {
    let acc = 0;
    for (let j = start[k] ?? 0; j < (start[k + 1] ?? 0); j++) {
      acc += popularity[members[j] ?? 0] ?? 0;
      cum[j] = acc;
    }
  }
  return { start, members, cum };
}

type Table = ReturnType<typeof groupTable>;

/** Popularity draw within group k of a table, or -1 when the group is empty. */
function pickIn(t: Table, k: number, rng: Rng): number {
  const lo = t.start[k] ?? 0;
  const hi = t.start[k + 1] ?? 0;
  if (hi <= lo) return -1;
  const j = searchCumulative(t.cum, lo, hi, rng.next() * (t.cum[hi - 1] ?? 0));
  return t.members[j] ?? -1;
}

/** Total popularity of group k. */
function massOf(t: Table, k: number): number {
  const lo = t.start[k] ?? 0;
  const hi = t.start[k + 1] ?? 0;
  return hi > lo ? (t.cum[hi - 1] ?? 0) : 0;
}

/** See `Catalogue.pick`: a mixture over own area, the two neighbours and the whole category. */
function pickNear(
  byBucket: Table,
  byCategory: Table,
  nAreas: number,
  home: number,
  ci: number,
  rng: Rng,
): number {
  const C = CATEGORIES.length;
  const left = ((home + nAreas - 1) % nAreas) * C + ci;
  const right = ((home + 1) % nAreas) * C + ci;
  const own = massOf(byBucket, home * C + ci) * nAreas;
  const near = nAreas > 2 ? (massOf(byBucket, left) + massOf(byBucket, right)) * (nAreas / 4) : 0;
  const all = massOf(byCategory, ci);
  let x = rng.next() * (own + near + all);
  if (x < own) return pickIn(byBucket, home * C + ci, rng);
  x -= own;
  if (x < near) {
    return pickIn(byBucket, x < massOf(byBucket, left) * (nAreas / 4) ? left : right, rng);
  }
  if (all > 0) return pickIn(byCategory, ci, rng);
  return rng.below(byCategory.members.length);
}

/**
 * Stratified lognormal popularity: within each category the n merchants get the quantiles
 * exp(σ · Φ⁻¹((i + 0.5) / n)) in random order, so the long tail has the same shape at every
 * scale (top 10 % ≈ 59 % of the weight for σ = 1.5) instead of depending on a few draws.
 */
function assignPopularity(category: Uint8Array, popularity: Float64Array, rng: Rng): void {
  for (let ci = 0; ci < CATEGORIES.length; ci++) {
    const members: number[] = [];
    category.forEach((c, m) => {
      if (c === ci) members.push(m);
    });
    const n = members.length;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      const tmp = members[i] ?? 0;
      members[i] = members[j] ?? 0;
      members[j] = tmp;
    }
    members.forEach((m, i) => {
      popularity[m] = Math.exp(POPULARITY_SIGMA * normalQuantile((i + 0.5) / n));
    });
  }
}

/**
 * Builds the catalogue for resolved counts. Category sizes follow `merchantShare` exactly
 * (every category present once there are ≥ 16 merchants), categories and areas are shuffled
 * over ids, names are unique. O(merchants · log merchants).
 * @param merchants - catalogue size
 * @param seed - base seed (the catalogue uses its own derived stream)
 */
export function buildCatalogue(merchants: number, seed: number): Catalogue {
  const rng = new Rng(deriveSeed(seed, SALT));
  const nAreas = areaCount(merchants);
  const C = CATEGORIES.length;
  const counts = allocate(merchants, CATEGORIES.map((s) => s.merchantShare));
  const category = new Uint8Array(merchants);
  let next = 0;
  counts.forEach((n, ci) => category.fill(ci, next, (next += n)));
  for (let i = merchants - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    const tmp = category[i] ?? 0;
    category[i] = category[j] ?? 0;
    category[j] = tmp;
  }
  const area = new Uint16Array(merchants);
  const price = new Float32Array(merchants);
  const popularity = new Float64Array(merchants);
  const taken = new Set<string>();
  const list: DemoMerchant[] = [];
  for (let m = 0; m < merchants; m++) {
    const spec = CATEGORIES[category[m] ?? 0] as CategorySpec;
    const a = rng.below(nAreas);
    area[m] = a;
    price[m] = Math.exp(0.15 * rng.normal());
    const name = makeName(spec, AREAS[a] ?? '', taken, rng);
    taken.add(name);
    const merchantId = `m_${String(m + 1).padStart(5, '0')}`;
    list.push({ merchantId, name, category: spec.id, area: AREAS[a] ?? '' });
  }
  assignPopularity(category, popularity, rng);
  const bucketKey = new Int32Array(merchants);
  for (let m = 0; m < merchants; m++) bucketKey[m] = (area[m] ?? 0) * C + (category[m] ?? 0);
  const byBucket = groupTable(bucketKey, nAreas * C, popularity);
  const byCategory = groupTable(category, C, popularity);
  return {
    merchants: list,
    nAreas,
    category,
    area,
    price,
    popularity,
    pick(home: number, ci: number, r: Rng): number {
      return pickNear(byBucket, byCategory, nAreas, home, ci, r);
    },
  };
}

/**
 * The demo merchant catalogue for the given options (the same merchants the events of
 * `generateDemoEvents` with these options refer to), in id order.
 * @param opts - partial {@link DemoOptions}; only `seed`, `merchants` and `scale` matter
 */
export function demoMerchants(opts: Partial<DemoOptions> = {}): DemoMerchant[] {
  const o = resolveDemoOptions(opts);
  return [...buildCatalogue(o.merchants, o.seed).merchants];
}
