/**
 * Discovery affinity: the documented 0–1 scale of segments and merchant audiences.
 *
 * The hybrid's score for a never-ordered merchant is a weighted sum of signals each scaled to
 * 0–1 per user, so it reaches 1 only when one merchant is the user's best on every signal at
 * once — and the best merchant a user never ordered from usually scores 0.25–0.45 (its
 * history merchants take the top of each signal). On that scale a threshold of 0.7 selects
 * almost no one with a history. Affinity restates a user's discovery scores relative to that
 * user's strongest new-merchant match:
 *
 *   affinity(u, m) = score(u, m) / max over never-ordered m' of score(u, m')
 *
 * so 1 = the user's best merchant they never ordered from, 0.7 = a merchant that scores 70 %
 * of it. It keeps the order of each user's list and makes thresholds mean the same for users
 * with strong and weak signals.
 */

/**
 * A discovery score as affinity (0–1): `score ÷ best`, clamped to [0, 1]; 0 when `best` ≤ 0
 * (nothing to compare with). O(1).
 * @param score - the hybrid's discovery score of one merchant for the user
 * @param best - the user's highest discovery score (the first of their discovery list)
 */
export function discoveryAffinity(score: number, best: number): number {
  if (!(best > 0) || !(score > 0)) return 0;
  return Math.min(1, score / best);
}
