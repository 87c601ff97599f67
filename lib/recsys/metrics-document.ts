import type { TemporalSplit } from './data/split';
import type { Diagnostics } from './diagnostics';
import type { EvaluationResult, Protocol } from './evaluate';
import type { Difference } from './metrics/report';
import {
  bestByNdcg10,
  DOCUMENT_K_MAX,
  jsonNumber,
  modelMetricsJson,
} from './pipeline/document-parts';
import type { ModelKind } from './types';

export {
  bestByNdcg10,
  DOCUMENT_K_MAX,
  jsonNumber,
  keyOf,
  modelMetricsJson,
} from './pipeline/document-parts';

/**
 * The metrics document: one JSON object per (run, protocol), written by the CLI as
 * `DIR/metrics.json` and stored by the dashboard's training job. Plain JSON only: no typed
 * arrays, no NaN or ±Infinity (non-finite values, none expected, are written as 0).
 *
 * The CLI contract's fields are `protocol`, `split`, `evaluatedUsers`, `coldUsers`,
 * `catalogSize`, `diagnostics`, `models` (per model: the six ranking metrics at K = 1..20,
 * `coverage@10`, `diversity@10`, `novelty@10`, `fitSeconds`, `recommendSeconds`, `params`)
 * and `best`. Every other key is an addition for the dashboard that scripts may ignore.
 */

/** Metric names as they appear in keys (`hitRate` is written `hitrate`). */
export type CurveMetric = 'precision' | 'recall' | 'hitrate' | 'ndcg' | 'map' | 'mrr';

/** A ranking metric at a cut-off, e.g. `ndcg@10`. */
export type CurveKey = `${CurveMetric}@${number}`;

/** A headline value with its 95 % percentile bootstrap interval over users. */
export interface IntervalJson {
  /** The statistic on all evaluated users. */
  value: number;
  /** 2.5 % and 97.5 % bootstrap quantiles (equal to value when the bootstrap is off). */
  lo: number;
  hi: number;
}

/** Paired differences (model − baseline) of the headline metrics, each with its interval. */
export interface VsBaselineJson {
  /** The best baseline (random, popularity or repeat with the highest NDCG@10). */
  baseline: ModelKind;
  [key: CurveKey]: IntervalJson;
}

/** One seed target: met when value > threshold. */
export interface TargetJson {
  /** Metric key, e.g. `precision@5`, `hitrate@5`, `coverage@10`. */
  name: string;
  threshold: number;
  value: number;
  met: boolean;
}

/** Users whose first test order fell on `date` (UTC day, YYYY-MM-DD) and their metrics@10. */
export interface TrendPointJson {
  date: string;
  users: number;
  hitRate: number;
  ndcg: number;
}

/** Cold users (no training checkout), all served by the fallback model. */
export interface ColdJson {
  /** Cold users evaluated. */
  users: number;
  /** The fallback model that served them ('popularity'). */
  model: ModelKind;
  [key: CurveKey]: number;
}

/** Tuning outcome of one model, when a tuner ran (on the validation window, never the test). */
export interface TuningJson {
  /** What the tuner reports: e.g. validation NDCG@10, trials, window days. */
  [key: string]: number | string | boolean;
}

/** The ranking curves: precision@K, recall@K, hitrate@K, ndcg@K, map@K, mrr@K for K = 1..20. */
export interface CurveValues {
  /** Macro averages over the evaluated users. */
  [key: CurveKey]: number;
  /** The headline metrics (also covered by the pattern above), declared for typed access. */
  'precision@5': number;
  'recall@10': number;
  'hitrate@5': number;
  'ndcg@10': number;
  'map@10': number;
  'mrr@10': number;
}

/** One model's entry under `models`: the curves plus the fields below. */
export interface ModelMetricsJson extends CurveValues {
  /** Share of the candidate catalogue appearing in some top-10 list. */
  'coverage@10': number;
  /** Mean intra-list diversity of the top 10 (1 − mean pairwise cosine of co-buyers). */
  'diversity@10': number;
  /** Mean self-information −log2(buyers share) of the top-10 merchants. */
  'novelty@10': number;
  /** Wall time of fit (including the hybrid's weight learning and any tuning), seconds. */
  fitSeconds: number;
  /** Wall time of the evaluated users' recommend calls, seconds. */
  recommendSeconds: number;
  /** Hyper-parameters in effect (chosen by tuning or learned, when that happened). */
  params: Record<string, number | string | boolean>;
  /** Headline metrics (precision@5, recall@10, hitrate@5, ndcg@10, map@10, mrr@10) with 95 % intervals. */
  intervals: Record<string, IntervalJson>;
  /** Paired difference to the best baseline; absent for that baseline itself or without baselines. */
  vsBaseline?: VsBaselineJson;
  /** The seed targets with value and met flag. */
  targets: TargetJson[];
  /** Per-day trend of hitrate@10 and ndcg@10 by the users' first test order day. */
  trend: TrendPointJson[];
  /** Metrics of the cold users (fallback model). */
  cold: ColdJson;
  /** Evaluated users ÷ recommendSeconds (0 when unmeasurable). */
  usersPerSecond: number;
  /** Present when a tuner chose the params. */
  tuning?: TuningJson;
}

/** Counts of the split (see SplitStats): nothing is dropped silently. */
export interface SplitStatsJson {
  trainEvents: number;
  testCheckouts: number;
  ignoredEvents: number;
  testUsers: number;
  testMerchants: number;
  warmUsers: number;
  coldUsers: number;
  coldMerchants: number;
  coldMerchantCheckouts: number;
}

/** The whole document. */
export interface MetricsDocument {
  /** 'all' (re-orders count) or 'discovery' (ordered merchants excluded from lists and R). */
  protocol: Protocol;
  /** The split time (global cutoff), ISO 8601 UTC with milliseconds. */
  split: string;
  /** Warm users evaluated under this protocol (discovery skips users with only re-orders). */
  evaluatedUsers: number;
  /** Cold test users evaluated with the fallback. */
  coldUsers: number;
  /** Recommendation candidates: merchants with ≥ 1 training checkout. */
  catalogSize: number;
  /** Facts about the training data and warnings (see diagnostics.ts). */
  diagnostics: Diagnostics;
  models: Partial<Record<ModelKind, ModelMetricsJson>>;
  /** The model with the highest ndcg@10 (first in model order on ties). */
  best: ModelKind;
  /** Same instant as `split` (for the dashboard). */
  cutoff: string;
  /** Exclusive end of the test window, ISO: the given end, else the last event time + 1 ms. */
  testEnd: string;
  /** The run's seed (models, bootstrap). */
  seed: number;
  /** Largest K of the curves: 20. */
  kMax: number;
  /** Split counts. */
  splitStats: SplitStatsJson;
  /** Present when the evaluated users were a seeded sample of the warm (and cold) test users. */
  sample?: { warmUsers: number; coldUsers: number; ofWarmUsers: number; ofColdUsers: number };
}

/** One evaluated model as handed to {@link buildMetricsDocument}. */
export interface DocumentModelInput {
  result: EvaluationResult;
  fitSeconds: number;
  /** Paired differences to the best baseline, when there is one and it is not this model. */
  vsBaseline?: { baseline: ModelKind; differences: readonly Difference[] };
  tuning?: Record<string, number | string | boolean>;
}

/** What {@link buildMetricsDocument} needs. */
export interface DocumentInput {
  protocol: Protocol;
  split: TemporalSplit;
  /** Exclusive end of the test window (epoch ms). */
  testEnd: number;
  seed: number;
  catalogSize: number;
  diagnostics: Diagnostics;
  /** Evaluations of one protocol, in model order. */
  models: readonly DocumentModelInput[];
  sample?: MetricsDocument['sample'];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function safeObject<T extends object>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? jsonNumber(v) : v]),
  ) as T;
}

/**
 * Assembles the metrics document of one protocol: the contract's fields, then the dashboard's
 * additions. `best` is the model with the highest NDCG@10. O(models · (kMax · 6 + trend)).
 * @param input - split, protocol, diagnostics and the evaluations in model order
 * @throws RangeError when `input.models` is empty
 */
export function buildMetricsDocument(input: DocumentInput): MetricsDocument {
  if (input.models.length === 0) throw new RangeError('models must not be empty');
  const results = input.models.map((m) => m.result);
  const first = results[0]!;
  const { split } = input;
  const doc: MetricsDocument = {
    protocol: input.protocol,
    split: iso(split.cutoff),
    evaluatedUsers: first.users,
    coldUsers: first.cold.users,
    catalogSize: input.catalogSize,
    diagnostics: {
      ...safeObject(input.diagnostics),
      warnings: input.diagnostics.warnings.map((w) => ({ ...w })),
    },
    models: Object.fromEntries(input.models.map((m) => [m.result.model, modelMetricsJson(m)])),
    best: results[bestByNdcg10(results)]!.model,
    cutoff: iso(split.cutoff),
    testEnd: iso(input.testEnd),
    seed: input.seed,
    kMax: DOCUMENT_K_MAX,
    splitStats: { ...split.stats },
  };
  if (input.sample) doc.sample = { ...input.sample };
  return doc;
}
