/**
 * The rule of each segment kind over one user's facts (see segment-types.ts for the data and
 * segments.ts for building a whole segment). Pure; no I/O.
 */
import { DAY_MS } from './data/interactions';
import {
  DEFAULT_LAPSED_DAYS,
  DEFAULT_SUPERFANS,
  DEFAULT_THRESHOLD,
  RECS_PER_USER,
  type FieldValue,
  type SegmentContext,
  type SegmentFilters,
  type SegmentKind,
  type SegmentMatch,
  type SegmentRec,
  type SegmentUser,
} from './segment-types';

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
export function superfans(users: Iterable<SegmentUser>, f: SegmentFilters, ctx: SegmentContext): SegmentMatch[] {
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
