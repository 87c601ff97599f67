/**
 * Spending segments: where a user's spend over the data window sits among all ordering users.
 *
 * Rule (terciles of spend among users with at least one order): sort the spends of the n
 * ordering users ascending, s[0] ≤ … ≤ s[n−1], and take the bounds
 *   medium = s[⌊n/3⌋],  high = s[⌊2n/3⌋].
 * A user with no orders is `none`; otherwise spend < medium is `low`, spend ≥ high is `high`,
 * and anything between is `medium`. With distinct spends this puts ⌊n/3⌋ users in `low` and
 * n − ⌊2n/3⌋ in `high` (n = 6: two each); ties at a bound go to the upper segment.
 */

/** A user's spending segment (see the module comment for the rule). */
export type SpendingSegment = 'none' | 'low' | 'medium' | 'high';

/** Bounds of the tercile rule, computed once per data window. */
export interface SpendingThresholds {
  /** Lowest spend of the `medium` segment: s[⌊n/3⌋]. */
  medium: number;
  /** Lowest spend of the `high` segment: s[⌊2n/3⌋]. */
  high: number;
  /** Number of ordering users the bounds were computed from. */
  users: number;
}

/**
 * Tercile bounds of spend among ordering users.
 *
 * @param spends - total spend of each user with ≥ 1 order over the window (any order)
 * @returns the bounds, or null when there are no ordering users
 * @throws RangeError when a spend is negative or not finite
 * Complexity: O(n log n) (one sort of a copy).
 */
export function spendingThresholds(spends: ArrayLike<number>): SpendingThresholds | null {
  const n = spends.length;
  if (n === 0) return null;
  const s = Float64Array.from(spends);
  for (const x of s) if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`spends must be finite and ≥ 0 (got ${x})`);
  s.sort();
  return { medium: s[Math.floor(n / 3)]!, high: s[Math.floor((2 * n) / 3)]!, users: n };
}

/**
 * The segment of one user.
 *
 * @param spend - the user's total spend over the window
 * @param orders - the user's number of orders over the window
 * @param t - bounds from {@link spendingThresholds} (null: nobody ordered)
 * Complexity: O(1).
 */
export function spendingSegment(spend: number, orders: number, t: SpendingThresholds | null): SpendingSegment {
  if (!(orders > 0) || t === null) return 'none';
  if (spend >= t.high) return 'high';
  return spend < t.medium ? 'low' : 'medium';
}

/** Human label of a segment, e.g. "High spender (top third)". */
export function spendingSegmentLabel(segment: SpendingSegment): string {
  switch (segment) {
    case 'high':
      return 'High spender (top third)';
    case 'medium':
      return 'Medium spender (middle third)';
    case 'low':
      return 'Low spender (bottom third)';
    default:
      return 'No orders';
  }
}
