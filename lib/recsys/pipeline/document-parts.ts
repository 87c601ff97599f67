import type { EvaluationResult, GroupMetrics } from '../evaluate';
import type {
  ColdJson,
  CurveKey,
  CurveValues,
  DocumentModelInput,
  IntervalJson,
  ModelMetricsJson,
} from '../metrics-document';
import type { Difference, HeadlineValue } from '../metrics/report';
import { RANKING_METRICS, type RankingMetric } from '../metrics/ranking';

/** Parts of the metrics document builder (see metrics-document.ts). */

/** Largest K of the ranking curves in a document. */
export const DOCUMENT_K_MAX = 20;

/** Finite number rounded to 1e-9 (stable, compact text); non-finite ⇒ 0. */
export function jsonNumber(x: number, digits = 9): number {
  if (!Number.isFinite(x)) return 0;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `hitRate` → `hitrate`, the key spelling of the contract. */
export function keyOf(metric: RankingMetric | string, k: number): string {
  return `${metric.toLowerCase()}@${k}`;
}

function intervalJson(v: { value: number; lo: number; hi: number }): IntervalJson {
  return { value: jsonNumber(v.value), lo: jsonNumber(v.lo), hi: jsonNumber(v.hi) };
}

function curveKeys(g: GroupMetrics, kMax: number): CurveValues {
  const out: Record<string, number> = {};
  for (const m of RANKING_METRICS) {
    for (let k = 1; k <= kMax; k++) out[keyOf(m, k)] = jsonNumber(g.curves[m][k - 1] ?? 0);
  }
  return out as unknown as CurveValues;
}

function headlineJson(
  h: readonly HeadlineValue[] | readonly Difference[],
): Record<CurveKey, IntervalJson> {
  return Object.fromEntries(h.map((v) => [keyOf(v.metric, v.k), intervalJson(v)]));
}

function coldJson(r: EvaluationResult): ColdJson {
  const c = r.cold;
  const pick = (m: RankingMetric, k: number) => jsonNumber(c.curves[m][k - 1] ?? 0);
  return {
    users: c.users,
    model: c.model,
    'precision@5': pick('precision', 5),
    'recall@10': pick('recall', 10),
    'hitrate@5': pick('hitRate', 5),
    'hitrate@10': pick('hitRate', 10),
    'ndcg@10': pick('ndcg', 10),
    'map@10': pick('map', 10),
    'mrr@10': pick('mrr', 10),
  };
}

/**
 * One model's document entry from its evaluation. O(kMax · 6 + trend days).
 * @param m - evaluation, fit time, optional baseline comparison and tuning report
 */
export function modelMetricsJson(m: DocumentModelInput): ModelMetricsJson {
  const r = m.result;
  const kMax = Math.min(r.kMax, DOCUMENT_K_MAX);
  const entry: ModelMetricsJson = {
    ...curveKeys(r, kMax),
    'coverage@10': jsonNumber(r.coverage),
    'diversity@10': jsonNumber(r.diversity),
    'novelty@10': jsonNumber(r.novelty),
    fitSeconds: jsonNumber(m.fitSeconds, 3),
    recommendSeconds: jsonNumber(r.recommendMs / 1000, 3),
    params: { ...r.params },
    intervals: headlineJson(r.headline),
    targets: r.targets.map((t) => ({
      name: t.name.replace('hitRate', 'hitrate'),
      threshold: t.threshold,
      value: jsonNumber(t.value),
      met: t.met,
    })),
    trend: r.trend.map((p) => ({ ...p, hitRate: jsonNumber(p.hitRate), ndcg: jsonNumber(p.ndcg) })),
    cold: coldJson(r),
    usersPerSecond: jsonNumber(r.usersPerSecond, 0),
  };
  for (const [k, v] of Object.entries(entry.params))
    if (typeof v === 'number') entry.params[k] = jsonNumber(v);
  if (m.vsBaseline)
    entry.vsBaseline = {
      baseline: m.vsBaseline.baseline,
      ...headlineJson(m.vsBaseline.differences),
    };
  if (m.tuning) entry.tuning = { ...m.tuning };
  return entry;
}

/**
 * The index of the best model by NDCG@10 (first on ties), or −1 for an empty list.
 * @param results - evaluations of one protocol
 */
export function bestByNdcg10(results: readonly EvaluationResult[]): number {
  let best = -1;
  let value = -Infinity;
  results.forEach((r, i) => {
    const v = r.curves.ndcg[9] ?? r.curves.ndcg[r.curves.ndcg.length - 1] ?? 0;
    if (v > value) {
      value = v;
      best = i;
    }
  });
  return best;
}
