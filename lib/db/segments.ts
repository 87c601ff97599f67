import { ValidationError } from '@/lib/errors';
import { backtestSegment, MerchantBaseRates } from '@/lib/recsys/segment-backtest';
import { buildSegment, DEFAULT_THRESHOLD, SEGMENT_FIELDS, type FieldValue, type SegmentFilters, type SegmentKind } from '@/lib/recsys/segments';
import type { SegmentDefinition } from '@/lib/validation/segment';

import type { RunSummary } from './run-types';
import { getSegmentStore, type SegmentStore } from './segment-store';
import { openSqlite } from './sqlite';

const DAY_MS = 86_400_000;
/** Length of the backtest's test window after the cutoff. */
export const BACKTEST_WINDOW_DAYS = 14;
/** Rows shown in the live preview. */
export const PREVIEW_ROWS = 500;
/** Merchants offered in the builder's merchant list (most ordered first); any other id can be typed. */
const OPTION_MERCHANTS = 400;

/** A filter that names something the data does not have (400), with the form field it belongs to. */
export class SegmentFilterError extends ValidationError {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message, [message]);
  }
}

/** Maps external merchant ids to Merchant.id and checks categories; throws SegmentFilterError. */
export function resolveSegmentFilters(def: SegmentDefinition, store: SegmentStore): SegmentFilters {
  const { merchant, recommendedMerchant, ...rest } = def.filters;
  const id = (ext: string | undefined, field: string) => {
    if (ext === undefined) return undefined;
    const m = store.merchantByExternalId.get(ext);
    if (m === undefined) throw new SegmentFilterError(`Unknown merchant "${ext}": pick one from the list (merchant ids look like ${[...store.merchantByExternalId.keys()][0] ?? 'm_00001'}).`, field);
    return m;
  };
  if (rest.category !== undefined && !store.categories.includes(rest.category)) {
    const some = store.categories.slice(0, 12).join(', ');
    const more = store.categories.length > 12 ? ` (${store.categories.length} in all)` : '';
    throw new SegmentFilterError(`Unknown category "${rest.category}": choose one of ${some}${more}.`, 'category');
  }
  return { ...rest, merchant: id(merchant, 'merchant'), recommendedMerchant: id(recommendedMerchant, 'recommendedMerchant') } as SegmentFilters;
}

export interface SegmentOptions {
  merchants: Array<{ id: string; name: string; category: string }>;
  categories: string[];
  /**
   * New merchants per user with orders whose affinity is above the default threshold (0.7):
   * 10th, 50th and 90th percentile (null: no such user).
   */
  aboveDefault: { p10: number; p50: number; p90: number } | null;
}

const aboveDefaultCache = new WeakMap<SegmentStore, SegmentOptions['aboveDefault']>();

/** How many merchants the default threshold keeps per user, so a marketer can judge it. O(users · recommendations) once per run. */
function aboveDefault(store: SegmentStore): SegmentOptions['aboveDefault'] {
  if (aboveDefaultCache.has(store)) return aboveDefaultCache.get(store)!;
  const counts: number[] = [];
  for (const u of store.users()) if (u.orders > 0) counts.push(u.recs.filter((r) => r.score > DEFAULT_THRESHOLD).length);
  counts.sort((a, b) => a - b);
  const q = (p: number) => counts[Math.floor(p * (counts.length - 1))]!;
  const r = counts.length ? { p10: q(0.1), p50: q(0.5), p90: q(0.9) } : null;
  aboveDefaultCache.set(store, r);
  return r;
}

/** Merchants (most ordered first) and categories for the builder form. */
export async function getSegmentOptions(run: RunSummary): Promise<SegmentOptions> {
  const store = await getSegmentStore(run);
  const merchants = [...store.merchants.values()]
    .sort((a, b) => (store.merchantOrders.get(b.id) ?? 0) - (store.merchantOrders.get(a.id) ?? 0) || a.id - b.id)
    .slice(0, OPTION_MERCHANTS)
    .map((m) => ({ id: m.externalId, name: m.name, category: m.category }));
  return { merchants, categories: store.categories, aboveDefault: aboveDefault(store) };
}

export interface SegmentPreview {
  kind: SegmentKind;
  runId: number;
  referenceTime: number;
  columns: readonly string[];
  /** The first rows of the segment's own CSV. */
  rows: Array<Record<string, FieldValue>>;
  /** Distinct users, rows of the fields format, rows of the seed format. */
  users: number;
  totalRows: number;
  seedRows: number;
  /** Names of the merchants the preview rows mention, by external id. */
  merchantNames: Record<string, string>;
}

/** Size and first rows of a segment over the run's cache. O(users · recommendations). */
export async function getSegmentPreview(def: SegmentDefinition, run: RunSummary, limit = PREVIEW_ROWS): Promise<SegmentPreview> {
  const store = await getSegmentStore(run);
  const filters = resolveSegmentFilters(def, store);
  const ctx = { now: store.now, merchants: store.merchants };
  const rows: Array<Record<string, FieldValue>> = [];
  const merchantNames: Record<string, string> = {};
  const seen = new Set<number>();
  let totalRows = 0;
  let seedRows = 0;
  for (const m of buildSegment(def.kind, store.users(), filters, ctx)) {
    seen.add(m.userId);
    totalRows++;
    seedRows += m.targets.length;
    if (rows.length < limit) {
      rows.push(m.row);
      for (const t of m.targets) {
        const mm = store.merchants.get(t.merchantId);
        if (mm) merchantNames[mm.externalId] = mm.name;
      }
      for (const k of ['ordered_merchant', 'merchant_id']) {
        const ext = m.row[k];
        const mid = typeof ext === 'string' ? store.merchantByExternalId.get(ext) : undefined;
        if (mid !== undefined) merchantNames[ext as string] = store.merchants.get(mid)!.name;
      }
    }
  }
  return { kind: def.kind, runId: run.id, referenceTime: store.now, columns: SEGMENT_FIELDS[def.kind], rows, users: seen.size, totalRows, seedRows, merchantNames };
}

export interface SegmentBacktest {
  runId: number;
  cutoff: number;
  windowEnd: number;
  users: number;
  hits: number;
  hitRate: number;
  baseRate: number;
  lift: number | null;
  /** Warm users the base rate is computed over. */
  populationUsers: number;
  /** 'discovery': base = random warm users who never ordered there; 'repeat' (superfans): who had. */
  baseline: 'discovery' | 'repeat';
}

/** User.id → merchants ordered in [start, end). */
export function loadWindowOrders(start: number, end: number): Map<number, Set<number>> {
  const db = openSqlite();
  try {
    const out = new Map<number, Set<number>>();
    const rows = db
      .prepare("SELECT DISTINCT userId, merchantId FROM Event WHERE eventType = 'checkout_completed' AND eventTime >= ? AND eventTime < ?")
      .raw()
      .iterate(start, end) as Iterable<[number, number]>;
    for (const [u, m] of rows) out.set(u, (out.get(u) ?? new Set()).add(m));
    return out;
  } finally {
    db.close();
  }
}

/**
 * The segment as it would have been built at an evaluate run's cutoff, scored on what users
 * then did in [cutoff, min(cutoff + 14 days, data end)] against the base rate of random warm
 * users and the same merchants (see lib/recsys/segment-backtest.ts). Null when the run has no
 * cutoff or no test window.
 */
export async function getSegmentBacktest(def: SegmentDefinition, run: RunSummary): Promise<SegmentBacktest | null> {
  const cutoff = run.snapshot?.cutoff;
  const last = run.snapshot?.lastEvent;
  if (run.mode !== 'evaluate' || cutoff == null || last == null || last < cutoff) return null;
  const store = await getSegmentStore(run);
  const filters = resolveSegmentFilters(def, store);
  const { windowEnd, windowOrders, rates } = backtestBase(store, cutoff, Math.min(cutoff + BACKTEST_WINDOW_DAYS * DAY_MS, last + 1));
  const baseline = def.kind === 'merchant_superfan' ? 'repeat' : 'discovery';
  const rate = (m: number) => (baseline === 'repeat' ? rates.repeat(m) : rates.discovery(m));
  const result = backtestSegment(buildSegment(def.kind, store.users(), filters, { now: store.now, merchants: store.merchants }), windowOrders, rate);
  return { runId: run.id, cutoff, windowEnd, ...result, populationUsers: rates.populationSize, baseline };
}

type BacktestBase = { windowEnd: number; windowOrders: Map<number, Set<number>>; rates: MerchantBaseRates };
const backtestBases = new WeakMap<SegmentStore, BacktestBase>();

/** The test window's orders and the warm population's base rates: one scan of the events per run and process. */
function backtestBase(store: SegmentStore, cutoff: number, windowEnd: number): BacktestBase {
  const cached = backtestBases.get(store);
  if (cached) return cached;
  const windowOrders = loadWindowOrders(cutoff, windowEnd);
  const empty = new Set<number>();
  const population: Array<{ ordered: Iterable<number>; window: ReadonlySet<number> }> = [];
  for (const u of store.users()) if (u.orders > 0) population.push({ ordered: [...u.ordered.keys()], window: windowOrders.get(u.id) ?? empty });
  const base = { windowEnd, windowOrders, rates: new MerchantBaseRates(population) };
  backtestBases.set(store, base);
  return base;
}

/** Throws SegmentFilterError when the definition names a merchant or category the run does not know. */
export async function checkSegmentDefinition(def: SegmentDefinition, run: RunSummary): Promise<void> {
  resolveSegmentFilters(def, await getSegmentStore(run));
}
