import { DAY_MS } from './data/interactions';
import type { Contribution, InteractionMatrix } from './types';

/** The kinds of reason a sentence can state, in the order they are considered. */
export type ReasonKind = 'similar' | 'own' | 'trending' | 'popular';

/** One reason with its share of the positive score mass. */
export interface Reason {
  kind: ReasonKind;
  /** Sum of the positive contributions of this kind. */
  value: number;
  /** For 'similar': history merchants, largest summed contribution first. */
  merchants: number[];
}

/** Options of {@link explanationSentence}. */
export interface SentenceOptions {
  /** History merchants named at most (default 2). */
  maxNames?: number;
  /** A secondary reason is stated when its share of the positive mass is at least this (default 0.25). */
  secondaryShare?: number;
}

/**
 * Groups contributions into reasons: history merchants other than the recommended one
 * ('similar', from item-knn / als shares), the merchant itself ('own': repeat, or item-knn's
 * self-similarity), recent popularity ('trending': source 'recency') and overall popularity
 * ('popular'). Only positive values count. Sorted by value, ties in ReasonKind order.
 *
 * @param parts - contributions of one (user, merchant), e.g. from `Recommender.explain`
 * @param merchantIdx - the recommended merchant
 * Complexity: O(n log n) in the number of contributions.
 */
export function groupReasons(parts: readonly Contribution[], merchantIdx: number): Reason[] {
  const value: Record<ReasonKind, number> = { similar: 0, own: 0, trending: 0, popular: 0 };
  const perMerchant = new Map<number, number>();
  for (const c of parts) {
    if (!(c.value > 0)) continue;
    if (c.merchantIdx === merchantIdx || c.source === 'repeat') value.own += c.value;
    else if (c.merchantIdx >= 0) {
      value.similar += c.value;
      perMerchant.set(c.merchantIdx, (perMerchant.get(c.merchantIdx) ?? 0) + c.value);
    } else if (c.source === 'recency') value.trending += c.value;
    else value.popular += c.value;
  }
  const merchants = [...perMerchant.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map((e) => e[0]);
  const kinds: ReasonKind[] = ['similar', 'own', 'trending', 'popular'];
  return kinds
    .filter((k) => value[k] > 0)
    .map((kind) => ({ kind, value: value[kind], merchants: kind === 'similar' ? merchants : [] }))
    .sort((a, b) => b.value - a.value || kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
}

/**
 * A plain-language explanation of why `merchantIdx` is recommended to `userIdx`, built from
 * the model's additive contributions and the training matrix (names, order counts, recency):
 * - similar: "Because you ordered from Burger Hub and Shawarma Corner; people who order there
 *   also order here."
 * - own: "You order here often (5 orders, last 3 days ago)." / "You ordered here before (…)."
 * - trending: "Popular right now with customers."; popular: "Popular with customers overall."
 * The strongest reason comes first; the second is added when it carries at least
 * `secondaryShare` of the positive mass. Deterministic.
 *
 * @param train - the training matrix (names, orders, last order times, now)
 * @param userIdx - the user
 * @param merchantIdx - the recommended merchant
 * @param parts - its contributions (any model's `explain`)
 * @param opts - how many names, threshold of the secondary reason
 * Complexity: O(n log n + nnz(u)).
 */
export function explanationSentence(
  train: InteractionMatrix,
  userIdx: number,
  merchantIdx: number,
  parts: readonly Contribution[],
  opts: SentenceOptions = {},
): string {
  const reasons = groupReasons(parts, merchantIdx);
  if (reasons.length === 0) return 'Recommended for you.';
  const total = reasons.reduce((a, r) => a + r.value, 0);
  const shown = reasons.filter((r, i) => i === 0 || (i === 1 && r.value / total >= (opts.secondaryShare ?? 0.25)));
  return shown.map((r) => sentenceOf(r, train, userIdx, merchantIdx, opts.maxNames ?? 2)).join(' ');
}

function sentenceOf(r: Reason, train: InteractionMatrix, u: number, i: number, maxNames: number): string {
  switch (r.kind) {
    case 'similar': {
      const names = r.merchants.slice(0, Math.max(1, maxNames)).map((m) => train.merchantName[m] ?? `#${m}`);
      return `Because you ordered from ${joinNames(names)}; people who order there also order here.`;
    }
    case 'own':
      return ownSentence(train, u, i);
    case 'trending':
      return 'Popular right now with customers.';
    default:
      return 'Popular with customers overall.';
  }
}

/** "You order here often (5 orders, last 3 days ago)." from the user's training pair. */
function ownSentence(train: InteractionMatrix, u: number, i: number): string {
  const w = train.weights;
  if (u >= 0 && u < w.nRows) {
    for (let q = w.indptr[u]!; q < w.indptr[u + 1]!; q++) {
      if (w.indices[q] !== i || !(train.orders[q]! > 0)) continue;
      const n = train.orders[q]!;
      const ago = daysAgo(Math.floor((train.now - train.lastTime[q]!) / DAY_MS));
      return n >= 2 ? `You order here often (${n} orders, last ${ago}).` : `You ordered here before (${ago}).`;
    }
  }
  return 'You ordered here before.';
}

function daysAgo(d: number): string {
  if (d <= 0) return 'today';
  return d === 1 ? '1 day ago' : `${d} days ago`;
}

/** "A", "A and B", "A, B and C". */
function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
