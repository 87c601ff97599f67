/**
 * Hand-made metrics documents for the Performance tab's tests (small: kMax = 3). Each curve is
 * given explicitly so expected DTO values can be read off directly.
 */
import type { Diagnostics } from '@/lib/recsys/diagnostics';
import type { MetricsDocument, ModelMetricsJson } from '@/lib/recsys/metrics-document';

type Curves = Partial<Record<'precision' | 'recall' | 'hitrate' | 'ndcg' | 'map' | 'mrr', number[]>>;

export const DIAGNOSTICS: Diagnostics = {
  users: 1200,
  orderingUsers: 1000,
  merchants: 80,
  candidateMerchants: 75,
  events: 9000,
  checkouts: 8000,
  oneTimeUserShare: 0.25,
  singleMerchantUserShare: 0.4,
  repeatShare: 0.625,
  sparsity: 0.95,
  warmTestUsers: 300,
  coldTestUsers: 60,
  warnings: [{ code: 'repeat-dominated', message: '62.5 % of orders repeat an earlier user–merchant pair.' }],
};

/** One model's entry; `extra` overrides anything. */
export function modelEntry(curves: Curves, extra: Partial<ModelMetricsJson> = {}): ModelMetricsJson {
  const keys: Record<string, number> = {};
  for (const [m, values] of Object.entries(curves)) values.forEach((v, i) => (keys[`${m}@${i + 1}`] = v));
  return {
    ...keys,
    'coverage@10': 0.4,
    'diversity@10': 0.7,
    'novelty@10': 6.25,
    fitSeconds: 1.5,
    recommendSeconds: 0.25,
    params: {},
    intervals: {},
    targets: [],
    trend: [],
    cold: { users: 60, model: 'popularity', 'precision@5': 0.02, 'ndcg@10': 0.05 },
    usersPerSecond: 1000,
    ...extra,
  } as ModelMetricsJson;
}

/** A document of three models: popularity and repeat (baselines) and ALS (best). */
export function sampleDocument(protocol: 'all' | 'discovery' = 'all', scale = 1): MetricsDocument {
  const s = (xs: number[]) => xs.map((x) => x * scale);
  const targets = (p5: number, n10: number) => [
    { name: 'precision@5', threshold: 0.15, value: p5, met: p5 > 0.15 },
    { name: 'ndcg@10', threshold: 0.3, value: n10, met: n10 > 0.3 },
    { name: 'coverage@10', threshold: 0.5, value: 0.4, met: false },
  ];
  return {
    protocol,
    split: '2026-10-15T00:00:00.000Z',
    evaluatedUsers: 300,
    coldUsers: 60,
    catalogSize: 75,
    diagnostics: DIAGNOSTICS,
    models: {
      popularity: modelEntry(
        { precision: s([0.1, 0.1, 0.1]), recall: s([0.05, 0.1, 0.15]), ndcg: s([0.1, 0.12, 0.14]), hitrate: s([0.1, 0.2, 0.3]) },
        { 'ndcg@10': 0.2 * scale, intervals: { 'precision@5': { value: 0.1, lo: 0.08, hi: 0.12 }, 'ndcg@10': { value: 0.2, lo: 0.18, hi: 0.22 } }, targets: targets(0.1, 0.2) },
      ),
      repeat: modelEntry(
        { precision: s([0.2, 0.15, 0.1]), recall: s([0.1, 0.15, 0.2]), ndcg: s([0.2, 0.22, 0.24]), hitrate: s([0.2, 0.3, 0.4]) },
        { 'ndcg@10': 0.3 * scale, intervals: { 'precision@5': { value: 0.12, lo: 0.1, hi: 0.14 }, 'ndcg@10': { value: 0.3, lo: 0.27, hi: 0.33 } }, targets: targets(0.12, 0.3) },
      ),
      als: modelEntry(
        { precision: s([0.3, 0.25, 0.2]), recall: s([0.2, 0.3, 0.4]), ndcg: s([0.3, 0.32, 0.34]), hitrate: s([0.3, 0.45, 0.6]), map: [0.3, 0.28, 0.27], mrr: [0.3, 0.35, 0.37] },
        {
          'ndcg@10': 0.4 * scale,
          params: { factors: 64, regularization: 0.0123456, cg: true },
          intervals: { 'precision@5': { value: 0.2, lo: 0.17, hi: 0.23 }, 'ndcg@10': { value: 0.4, lo: 0.36, hi: 0.44 } },
          vsBaseline: { baseline: 'repeat', 'precision@5': { value: 0.08, lo: 0.05, hi: 0.11 }, 'ndcg@10': { value: 0.1, lo: -0.01, hi: 0.2 } },
          targets: targets(0.2, 0.4),
          trend: [
            { date: '2026-10-16', users: 20, hitRate: 0.5, ndcg: 0.3 },
            { date: '2026-10-15', users: 10, hitRate: 0.4, ndcg: 0.2 },
          ],
        },
      ),
    },
    best: 'als',
    cutoff: '2026-10-15T00:00:00.000Z',
    testEnd: '2026-11-01T00:00:00.000Z',
    seed: 42,
    kMax: 3,
    splitStats: { trainEvents: 7000, testCheckouts: 1000, ignoredEvents: 0, testUsers: 360, testMerchants: 60, warmUsers: 300, coldUsers: 60, coldMerchants: 2, coldMerchantCheckouts: 5 },
  };
}
