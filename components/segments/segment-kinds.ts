import type { SegmentKind } from '@/lib/recsys/segments';
import type { FilterKey } from '@/lib/validation/segment';

/** How each segment is named and explained to a marketer. */
export const KIND_INFO: Readonly<Record<SegmentKind, { title: string; description: string }>> = {
  high_affinity_prospect: {
    title: 'High-affinity prospects',
    description: "Users who never ordered at a merchant and whose affinity for it is above the threshold (default 0.7: at least 70% of the user's strongest new-merchant match). One row per user and merchant.",
  },
  lapsed_personalized: {
    title: 'Lapsed customers, personalised',
    description: 'Users who ordered before but not in the last N days (default 14), with their top 3 recommendations.',
  },
  category_explorer: {
    title: 'Category explorers',
    description: 'Users likely to enjoy a category (recommended merchants in it) who never ordered in it, with its top merchants for them.',
  },
  merchant_superfan: {
    title: 'Merchant superfans',
    description: "A merchant's top N users by number of orders (default 100), with what they spent there.",
  },
  cross_sell_target: {
    title: 'Cross-sell targets',
    description: 'Users who ordered at merchant A and have a high affinity for merchant B they never tried: B among their top 3 recommendations, or above the score threshold when one is set.',
  },
  new_user_onboarding: {
    title: 'New-user onboarding',
    description: 'Users with fewer than 2 orders, with their top 3 recommendations.',
  },
};

/** The label, hint and placeholder of a filter field, which depend on the kind. */
export function filterLabel(kind: SegmentKind, key: FilterKey, scoreHint?: string): { label: string; hint?: string; placeholder?: string } {
  switch (key) {
    case 'merchant':
      if (kind === 'high_affinity_prospect') return { label: 'Merchant', hint: 'Empty: every merchant.', placeholder: 'any merchant' };
      if (kind === 'merchant_superfan') return { label: 'Merchant', hint: 'Required.', placeholder: 'merchant id' };
      if (kind === 'cross_sell_target') return { label: 'Ordered merchant (A)', hint: 'Empty: the merchant behind each recommendation.', placeholder: 'any merchant' };
      return { label: 'Has ordered at merchant', placeholder: 'any merchant' };
    case 'recommendedMerchant':
      return { label: 'Recommended merchant (B)', placeholder: 'any merchant' };
    case 'minScore':
      return {
        label: 'Score above (0–1)',
        placeholder: kind === 'high_affinity_prospect' ? '0.7' : kind === 'cross_sell_target' ? 'top 3' : 'none',
        hint: scoreHint ?? "Recommendations with an affinity strictly above this (1 = the user's best new merchant).",
      };
    case 'category':
      return { label: kind === 'category_explorer' ? 'Category to explore' : "Recommended merchants' category" };
    case 'minDaysSinceOrder':
      return { label: 'Days since last order: at least', placeholder: kind === 'lapsed_personalized' ? '14' : 'any' };
    case 'maxDaysSinceOrder':
      return { label: 'Days since last order: at most', placeholder: 'any' };
    case 'minOrders':
      return { label: 'Orders: at least', placeholder: 'any' };
    case 'maxOrders':
      return { label: 'Orders: at most', placeholder: kind === 'new_user_onboarding' ? '1' : 'any' };
    case 'platform':
      return { label: 'Platform', hint: "The user's most used." };
    case 'spending':
      return { label: 'Spending segment', hint: 'Thirds of total spend.' };
    case 'limit':
      return { label: 'Top N users', placeholder: '100' };
  }
}

/** Columns that hold merchant ids (shown with the merchant's name). */
export const MERCHANT_COLUMNS = new Set(['merchant_id', 'rec_1', 'rec_2', 'rec_3', 'ordered_merchant', 'recommended_merchant', 'top_merchants']);
/** Columns with numbers (right-aligned, numeric sort). */
export const NUMERIC_COLUMNS = new Set(['affinity_score', 'score', 'days_since_order', 'order_count', 'total_spent']);
