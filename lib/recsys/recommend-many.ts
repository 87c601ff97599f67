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
 * The list of a batch call's cold users: every cold user gets the same list (there is nothing
 * of theirs to exclude), so `rank` runs for the first one only and each later one gets a copy
 * with fresh entries, so that no two users' lists share objects.
 * @param rank - the model's recommend for one cold user, with the call's k and options
 * @returns a function from a cold user to their list
 */
export function coldListOnce(rank: (u: number) => Scored[]): (u: number) => Scored[] {
  let first: Scored[] | undefined;
  return (u) => (first ? first.map((s) => ({ idx: s.idx, score: s.score })) : (first = rank(u)));
}
