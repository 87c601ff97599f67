/**
 * CRM segments: kinds, columns, defaults and the plain data the predicates work on (no I/O).
 *
 * Scores are discovery affinity (0–1, see segment-affinity.ts): the hybrid model's cached
 * discovery score of a merchant the user never ordered at ÷ the user's best such score, so 1 =
 * the user's strongest new-merchant match and 0.7 (the default threshold) = 70 % of it.
 * Facts (orders, spend, last order, platform) count checkouts before the reference time.
 */
import type { SpendingSegment } from './spending';

/** The six CRM segments, by the names used in URLs, files and the export route. */
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
  /** Keep recommendations with affinity strictly above this (0..1). */
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

/** A merchant as segments show it (id = Merchant.id, externalId shown to people). */
export interface SegmentMerchant {
  id: number;
  externalId: string;
  name: string;
  category: string;
}

/** One cached discovery recommendation, `score` as affinity; `via` = the history merchant contributing most (or null). */
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

/** What every rule needs besides the user: the reference time and the merchants. */
export interface SegmentContext {
  /** Reference time (epoch ms): the run's cutoff, or the data's last event in production. */
  now: number;
  merchants: ReadonlyMap<number, SegmentMerchant>;
}

/** A cell of a segment row. */
export type FieldValue = string | number;

/** One row of a segment: its own fields, and the (merchant, score) pairs it recommends. */
export interface SegmentMatch {
  userId: number;
  externalId: string;
  row: Record<string, FieldValue>;
  targets: Array<{ merchantId: number; score: number }>;
}
