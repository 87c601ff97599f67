import { DAY_MS } from '../data/interactions';
import { bootstrapMeans, type BootstrapOptions, type Interval } from './bootstrap';
import { metricsFromMask, RANKING_METRICS, type RankingMetric } from './ranking';

/** The six headline (metric, K) pairs reported with bootstrap intervals. */
export const HEADLINE: ReadonlyArray<readonly [RankingMetric, number]> = [
  ['precision', 5],
  ['recall', 10],
  ['hitRate', 5],
  ['ndcg', 10],
  ['map', 10],
  ['mrr', 10],
];

/** The seed issue's targets (strictly greater than the threshold counts as met). */
export const TARGETS = [
  { name: 'precision@5', threshold: 0.15 },
  { name: 'recall@10', threshold: 0.25 },
  { name: 'hitRate@5', threshold: 0.4 },
  { name: 'ndcg@10', threshold: 0.3 },
  { name: 'coverage@10', threshold: 0.5 },
  { name: 'diversity@10', threshold: 0.6 },
] as const;

/** A headline metric with its bootstrap interval. */
export interface HeadlineValue extends Interval {
  metric: RankingMetric;
  k: number;
}

/** Per-user raw outcomes kept for bootstrap and paired comparisons (8 bytes + 4 per user). */
export interface PerUserOutcomes {
  /** Train userIdx (−1 for unknown cold users), aligned with masks / nRel. */
  userIdx: Int32Array;
  /** Hit pattern of the first kMax ranks (bit r−1 = rank r relevant). */
  masks: Int32Array;
  /** |R| per user. */
  nRel: Int32Array;
  kMax: number;
}

/** One point of the per-day trend: users whose first test order fell on `date` (UTC). */
export interface TrendPoint {
  date: string;
  users: number;
  hitRate: number;
  ndcg: number;
}

/**
 * Per-user values of one metric at K from the kept hit masks. O(users · K).
 * @param o - outcomes of an evaluation group
 * @param metric - which metric
 * @param k - cut-off, 1..o.kMax
 */
export function perUserValues(o: PerUserOutcomes, metric: RankingMetric, k: number): Float64Array {
  if (!(k >= 1 && k <= o.kMax)) throw new RangeError(`k must be in 1..${o.kMax}`);
  const m = RANKING_METRICS.indexOf(metric);
  const tmp = new Float64Array(6 * k);
  const out = new Float64Array(o.masks.length);
  for (let u = 0; u < out.length; u++) {
    metricsFromMask(o.masks[u]!, o.nRel[u]!, k, tmp);
    out[u] = tmp[m * k + k - 1]!;
  }
  return out;
}

/**
 * Headline metrics with percentile bootstrap intervals over users (one shared resampling).
 * O(B · (users + groups · 6)), groups = distinct value tuples.
 */
export function headlineIntervals(o: PerUserOutcomes, opts: BootstrapOptions | false): HeadlineValue[] {
  const pairs = HEADLINE.filter(([, k]) => k <= o.kMax);
  const vectors = pairs.map(([m, k]) => perUserValues(o, m, k));
  const intervals = opts === false
    ? vectors.map((v) => {
        const value = v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
        return { value, lo: value, hi: value, n: v.length };
      })
    : bootstrapMeans(vectors, opts);
  return pairs.map(([metric, k], i) => ({ metric, k, ...intervals[i]! }));
}

/**
 * HitRate@K and NDCG@K (K = min(10, kMax)) of users grouped by the UTC day of their first
 * test order. O(users · K).
 * @param o - outcomes
 * @param firstTime - first test order time per user, aligned with o
 */
export function dailyTrend(o: PerUserOutcomes, firstTime: Float64Array): TrendPoint[] {
  const k = Math.min(10, o.kMax);
  const hr = perUserValues(o, 'hitRate', k);
  const nd = perUserValues(o, 'ndcg', k);
  const byDay = new Map<number, { users: number; hitRate: number; ndcg: number }>();
  for (let u = 0; u < hr.length; u++) {
    const d = Math.floor(firstTime[u]! / DAY_MS);
    const cur = byDay.get(d) ?? { users: 0, hitRate: 0, ndcg: 0 };
    cur.users++;
    cur.hitRate += hr[u]!;
    cur.ndcg += nd[u]!;
    byDay.set(d, cur);
  }
  return [...byDay.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([d, v]) => ({
      date: new Date(d * DAY_MS).toISOString().slice(0, 10),
      users: v.users,
      hitRate: v.hitRate / v.users,
      ndcg: v.ndcg / v.users,
    }));
}

/** A headline metric's paired difference (model − baseline) with its bootstrap interval. */
export interface Difference extends Interval {
  metric: RankingMetric;
  k: number;
}

/**
 * Paired bootstrap of each headline metric's difference between two evaluations of the same
 * split and protocol, over the users both evaluated (matched by userIdx). An interval that
 * excludes 0 means a difference at the 95 % level. O(B · (users + groups · 6)).
 * @param model - outcomes of the model
 * @param baseline - outcomes of the baseline (e.g. the best baseline)
 * @param opts - resamples, seed, alpha
 */
export function compareOutcomes(
  model: PerUserOutcomes,
  baseline: PerUserOutcomes,
  opts: BootstrapOptions = {},
): Difference[] {
  const pos = new Map<number, number>();
  baseline.userIdx.forEach((u, i) => pos.set(u, i));
  const a: number[] = [];
  const b: number[] = [];
  model.userIdx.forEach((u, i) => {
    const j = pos.get(u);
    if (j !== undefined && u >= 0) {
      a.push(i);
      b.push(j);
    }
  });
  const kMax = Math.min(model.kMax, baseline.kMax);
  const sub = (o: PerUserOutcomes, idx: number[]): PerUserOutcomes => ({
    userIdx: Int32Array.from(idx, (i) => o.userIdx[i]!),
    masks: Int32Array.from(idx, (i) => o.masks[i]!),
    nRel: Int32Array.from(idx, (i) => o.nRel[i]!),
    kMax,
  });
  const A = sub(model, a);
  const B = sub(baseline, b);
  const pairs = HEADLINE.filter(([, k]) => k <= kMax);
  // every metric's difference in one resampling: the same seed gives every pairedBootstrap
  // call the same drawn users, so this is the same result for a sixth of the draws
  const diffs = pairs.map(([metric, k]) => {
    const d = perUserValues(A, metric, k);
    const base = perUserValues(B, metric, k);
    for (let i = 0; i < d.length; i++) d[i] = d[i]! - base[i]!;
    return d;
  });
  const intervals = bootstrapMeans(diffs, opts);
  return pairs.map(([metric, k], i) => ({ metric, k, ...intervals[i]! }));
}
