/**
 * CRM segments: pure predicates and row builders over plain per-user facts (no I/O).
 *
 * Scores are the hybrid model's cached discovery scores, on a 0–1 scale: a weighted sum
 * (weights ≥ 0 summing to 1) of signals (item-kNN, ALS, popularity, recency, repeat) each
 * scaled to 0–1 per user, so 1 means "the best merchant on every signal for this user".
 * Facts (orders, spend, last order, platform) count checkouts before the reference time.
 */
import { DAY_MS } from './data/interactions';
import type { SpendingSegment } from './spending';

export const SEGMENT_KINDS = [
  'high_affinity_prospect',
  'lapsed_personalized',
  'category_explorer',
  'merchant_superfan',
  'cross_sell_target',
  'new_user_onboarding',
] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** Columns of each segment's own CSV ("fields" format), in order. */
export const SEGMENT_FIELDS: Readonly<Record<SegmentKind, readonly string[]>> = {
  high_affinity_prospect: ['user_id', 'merchant_id', 'merchant_name', 'affinity_score'],
  lapsed_personalized: ['user_id', 'days_since_order', 'rec_1', 'rec_2', 'rec_3'],
  category_explorer: ['user_id', 'category', 'top_merchants', 'score'],
  merchant_superfan: ['user_id', 'merchant_id', 'order_count', 'total_spent'],
  cross_sell_target: ['user_id', 'ordered_merchant', 'recommended_merchant', 'score'],
  new_user_onboarding: ['user_id', 'order_count', 'rec_1', 'rec_2', 'rec_3'],
};

/** Header of the flat ("seed") format: one row per user and recommended merchant. */
export const SEED_HEADER = ['amplitude_id', 'segment', 'recommended_merchant_id', 'recommended_merchant_name', 'score', 'export_date'] as const;

/** Spending segments a filter can ask for (see ./spending: terciles of spend among ordering users). */
export const SPENDING_FILTERS = ['low', 'medium', 'high'] as const;

/** Defaults: high-affinity score threshold, lapsed days, superfans kept. */
export const DEFAULT_THRESHOLD = 0.7;
export const DEFAULT_LAPSED_DAYS = 14;
export const DEFAULT_SUPERFANS = 100;
/** Recommendations per user in rec_1..rec_3 and top_merchants. */
export const RECS_PER_USER = 3;

/** Filters with merchants resolved to Merchant.id. Absent = no constraint (or the kind's default). */
export interface SegmentFilters {
  /** Keep recommendations with score strictly above this (0..1). */
  minScore?: number;
  /** The segment's merchant: target (high affinity, superfan), A (cross-sell), or "has ordered at". */
  merchant?: number;
  /** Cross-sell only: the recommended merchant B. */
  recommendedMerchant?: number;
  /** Target category (category explorer) or the recommended merchants' category. */
  category?: string;
  minDaysSinceOrder?: number;
  maxDaysSinceOrder?: number;
  minOrders?: number;
  maxOrders?: number;
  platform?: string;
  spending?: (typeof SPENDING_FILTERS)[number];
  /** Superfan only: top N users (default 100). */
  limit?: number;
}

export interface SegmentMerchant {
  id: number;
  externalId: string;
  name: string;
  category: string;
}

/** One cached discovery recommendation; `via` = the history merchant contributing most (or null). */
export interface SegmentRec {
  merchantId: number;
  score: number;
  via: number | null;
}

/** What a segment needs to know about one user at the reference time. */
export interface SegmentUser {
  id: number;
  externalId: string;
  orders: number;
  spent: number;
  lastOrder: number | null;
  /** Most frequent checkout platform ('' unknown). */
  platform: string;
  /** Spending tercile among users with orders at the reference time ('none' without orders). */
  spending: SpendingSegment;
  /** Merchants ordered at (Merchant.id → checkouts and spend). */
  ordered: ReadonlyMap<number, { orders: number; spent: number }>;
  /** Hybrid discovery list, best first (never-ordered merchants). */
  recs: readonly SegmentRec[];
}

export interface SegmentContext {
  /** Reference time (epoch ms): the run's cutoff, or the data's last event in production. */
  now: number;
  merchants: ReadonlyMap<number, SegmentMerchant>;
}

export type FieldValue = string | number;

/** One row of a segment: its own fields, and the (merchant, score) pairs it recommends. */
export interface SegmentMatch {
  userId: number;
  externalId: string;
  row: Record<string, FieldValue>;
  targets: Array<{ merchantId: number; score: number }>;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Whole days between the last order and `now`; null without orders. */
export function daysSinceOrder(user: Pick<SegmentUser, 'lastOrder'>, now: number): number | null {
  return user.lastOrder === null ? null : Math.floor((now - user.lastOrder) / DAY_MS);
}

/** The platform with most checkouts; ties go to the alphabetically first. '' when none. */
export function mostFrequentPlatform(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let n = 0;
  for (const [p, c] of counts) if (p && (c > n || (c === n && p < best))) [best, n] = [p, c];
  return best;
}

/** Filters every kind shares: recency, order count, platform, spending. */
export function passesUserFilters(user: SegmentUser, f: SegmentFilters, now: number): boolean {
  const days = daysSinceOrder(user, now);
  if (f.minDaysSinceOrder !== undefined && (days === null || days < f.minDaysSinceOrder)) return false;
  if (f.maxDaysSinceOrder !== undefined && (days === null || days > f.maxDaysSinceOrder)) return false;
  if (f.minOrders !== undefined && user.orders < f.minOrders) return false;
  if (f.maxOrders !== undefined && user.orders > f.maxOrders) return false;
  if (f.platform !== undefined && user.platform !== f.platform) return false;
  if (f.spending !== undefined && user.spending !== f.spending) return false;
  return true;
}

/** The kind's defaults filled in (threshold 0.7, lapsed 14 days, 100 superfans). */
export function resolveFilters(kind: SegmentKind, f: SegmentFilters): SegmentFilters {
  const r = { ...f };
  if (kind === 'high_affinity_prospect') r.minScore ??= DEFAULT_THRESHOLD;
  if (kind === 'lapsed_personalized') r.minDaysSinceOrder ??= DEFAULT_LAPSED_DAYS;
  if (kind === 'merchant_superfan') r.limit ??= DEFAULT_SUPERFANS;
  return r;
}

/** Recommendations above the threshold, in the category when set, never ordered; best first. */
function eligibleRecs(user: SegmentUser, f: SegmentFilters, ctx: SegmentContext): SegmentRec[] {
  return user.recs.filter(
    (r) =>
      (f.minScore === undefined || r.score > f.minScore) &&
      !user.ordered.has(r.merchantId) &&
      (f.category === undefined || ctx.merchants.get(r.merchantId)?.category === f.category),
  );
}

const ext = (ctx: SegmentContext, id: number) => ctx.merchants.get(id)?.externalId ?? String(id);
const target = (r: SegmentRec) => ({ merchantId: r.merchantId, score: round(r.score, 4) });

function topRecsRow(user: SegmentUser, recs: SegmentRec[], ctx: SegmentContext, first: [string, FieldValue]): SegmentMatch[] {
  const top = recs.slice(0, RECS_PER_USER);
  if (top.length === 0) return [];
  const row: Record<string, FieldValue> = { user_id: user.externalId, [first[0]]: first[1] };
  for (let i = 0; i < RECS_PER_USER; i++) row[`rec_${i + 1}`] = top[i] ? ext(ctx, top[i]!.merchantId) : '';
  return [{ userId: user.id, externalId: user.externalId, row, targets: top.map(target) }];
}

function categoryExplorer(user: SegmentUser, f: SegmentFilters, ctx: SegmentContext): SegmentMatch[] {
  const tried = new Set<string>();
  for (const m of user.ordered.keys()) tried.add(ctx.merchants.get(m)?.category ?? '');
  const byCategory = new Map<string, SegmentRec[]>();
  for (const r of eligibleRecs(user, f, ctx)) {
    const c = ctx.merchants.get(r.merchantId)?.category ?? '';
    if (c === '' || tried.has(c)) continue;
    const list = byCategory.get(c) ?? [];
    if (list.length < RECS_PER_USER) list.push(r);
    byCategory.set(c, list);
  }
  // Maps keep insertion order and recs are best first: categories come out by their best score.
  return [...byCategory].map(([category, recs]) => ({
    userId: user.id,
    externalId: user.externalId,
    row: { user_id: user.externalId, category, top_merchants: recs.map((r) => ext(ctx, r.merchantId)).join('|'), score: round(recs[0]!.score, 4) },
    targets: recs.map(target),
  }));
}

function pairRows(user: SegmentUser, f: SegmentFilters, ctx: SegmentContext, kind: 'high_affinity_prospect' | 'cross_sell_target'): SegmentMatch[] {
  const out: SegmentMatch[] = [];
  const wanted = kind === 'high_affinity_prospect' ? f.merchant : f.recommendedMerchant;
  // Cross-sell without a threshold: "high affinity" = among the user's top 3 recommendations.
  const recs = eligibleRecs(user, f, ctx);
  for (const r of kind === 'cross_sell_target' && f.minScore === undefined ? recs.slice(0, RECS_PER_USER) : recs) {
    if (wanted !== undefined && r.merchantId !== wanted) continue;
    const m = ctx.merchants.get(r.merchantId);
    const score = round(r.score, 4);
    let row: Record<string, FieldValue>;
    if (kind === 'high_affinity_prospect') {
      row = { user_id: user.externalId, merchant_id: ext(ctx, r.merchantId), merchant_name: m?.name ?? '', affinity_score: score };
    } else {
      const a = f.merchant ?? (r.via !== null && user.ordered.has(r.via) ? r.via : favouriteMerchant(user));
      if (a === null) continue;
      row = { user_id: user.externalId, ordered_merchant: ext(ctx, a), recommended_merchant: ext(ctx, r.merchantId), score };
    }
    out.push({ userId: user.id, externalId: user.externalId, row, targets: [target(r)] });
  }
  return out;
}

/** The merchant with most orders (ties: lowest id), or null without orders. */
export function favouriteMerchant(user: SegmentUser): number | null {
  let best: number | null = null;
  let n = 0;
  for (const [m, o] of user.ordered) if (o.orders > n || (o.orders === n && best !== null && m < best)) [best, n] = [m, o.orders];
  return best;
}

/**
 * The rows one user contributes to a segment (every kind but merchant_superfan, which ranks
 * users against each other: see {@link buildSegment}). `f` must be resolved ({@link resolveFilters}).
 * O(recommendations of the user).
 */
export function matchUser(kind: SegmentKind, user: SegmentUser, f: SegmentFilters, ctx: SegmentContext): SegmentMatch[] {
  if (!passesUserFilters(user, f, ctx.now)) return [];
  const orderedAtMerchant = f.merchant === undefined || user.ordered.has(f.merchant);
  switch (kind) {
    case 'high_affinity_prospect':
      return pairRows(user, f, ctx, kind);
    case 'cross_sell_target':
      return user.orders > 0 && orderedAtMerchant ? pairRows(user, f, ctx, kind) : [];
    case 'lapsed_personalized':
      if (user.orders === 0 || !orderedAtMerchant) return [];
      return topRecsRow(user, eligibleRecs(user, f, ctx), ctx, ['days_since_order', daysSinceOrder(user, ctx.now)!]);
    case 'new_user_onboarding':
      if (user.orders >= 2 || !orderedAtMerchant) return [];
      return topRecsRow(user, eligibleRecs(user, f, ctx), ctx, ['order_count', user.orders]);
    case 'category_explorer':
      return orderedAtMerchant ? categoryExplorer(user, f, ctx) : [];
    case 'merchant_superfan':
      throw new TypeError('merchant_superfan ranks users against each other: use buildSegment');
  }
}

/**
 * Top `limit` users by checkouts at `merchant` (ties: higher spend, then lower user id). The
 * seed score is the user's checkouts there ÷ the top fan's (1 for the top fan).
 * O(users + fans · log fans).
 */
function superfans(users: Iterable<SegmentUser>, f: SegmentFilters, ctx: SegmentContext): SegmentMatch[] {
  if (f.merchant === undefined) throw new TypeError('merchant_superfan needs a merchant');
  const fans: Array<{ user: SegmentUser; orders: number; spent: number }> = [];
  for (const user of users) {
    const o = user.ordered.get(f.merchant);
    if (o && o.orders > 0 && passesUserFilters(user, f, ctx.now)) fans.push({ user, orders: o.orders, spent: o.spent });
  }
  fans.sort((a, b) => b.orders - a.orders || b.spent - a.spent || a.user.id - b.user.id);
  const top = fans.slice(0, f.limit ?? DEFAULT_SUPERFANS);
  const most = top[0]?.orders ?? 1;
  const merchantId = ext(ctx, f.merchant);
  return top.map(({ user, orders, spent }) => ({
    userId: user.id,
    externalId: user.externalId,
    row: { user_id: user.externalId, merchant_id: merchantId, order_count: orders, total_spent: round(spent, 2) },
    targets: [{ merchantId: f.merchant!, score: round(orders / most, 4) }],
  }));
}

/**
 * Every row of a segment, in the order of `users` (merchant_superfan: by rank). Lazy for every
 * kind but merchant_superfan, so exports can stream with bounded memory.
 * @param filters - raw filters; the kind's defaults are applied here
 */
export function* buildSegment(kind: SegmentKind, users: Iterable<SegmentUser>, filters: SegmentFilters, ctx: SegmentContext): Generator<SegmentMatch> {
  const f = resolveFilters(kind, filters);
  if (kind === 'merchant_superfan') {
    yield* superfans(users, f, ctx);
    return;
  }
  for (const user of users) yield* matchUser(kind, user, f, ctx);
}

/** The match as a row of the segment's own CSV, in {@link SEGMENT_FIELDS} order. */
export function fieldsRow(kind: SegmentKind, match: SegmentMatch): FieldValue[] {
  return SEGMENT_FIELDS[kind].map((k) => match.row[k] ?? '');
}

/** The match as rows of the flat format ({@link SEED_HEADER}), one per recommended merchant. */
export function seedRows(kind: SegmentKind, match: SegmentMatch, ctx: SegmentContext, exportDate: string): FieldValue[][] {
  return match.targets.map((t) => {
    const m = ctx.merchants.get(t.merchantId);
    return [match.externalId, kind, m?.externalId ?? String(t.merchantId), m?.name ?? '', t.score, exportDate];
  });
}
