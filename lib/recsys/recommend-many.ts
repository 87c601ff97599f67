import type { Recommender, RecommendOptions, Scored } from './types';

/**
 * Top-k lists for many users: the model's own batch path (`Recommender.recommendMany`) when
 * it has one, else one recommend() call per user. Either way list j is exactly
 * `model.recommend(users[j], k, opts)`.
 * @param model - a fitted recommender
 * @param users - user indices
 * @param k - list length
 * @param opts - excludeOrdered / exclude
 */
export function recommendMany(
  model: Recommender,
  users: Int32Array,
  k: number,
  opts: RecommendOptions = {},
): Scored[][] {
  if (model.recommendMany) return model.recommendMany(users, k, opts);
  return Array.from(users, (u) => model.recommend(u, k, opts));
}

/**
 * A copy of a list with fresh entries: for batch paths that give many users the same list
 * (e.g. every cold user the same fallback), so that no two users' lists share objects.
 * @param list - a ranked list
 */
export function copyList(list: readonly Scored[]): Scored[] {
  return list.map((s) => ({ idx: s.idx, score: s.score }));
}
