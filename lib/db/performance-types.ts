/**
 * Chart- and table-ready shapes of the Performance tab (built from a run's metrics documents
 * by lib/db/performance-view.ts). Client components receive only these.
 */
import type { Protocol, RunMode, RunStatus } from './run-types';

/** A value with its 95 % bootstrap interval (lo/hi null when the document has none). */
export interface IntervalValue {
  value: number;
  lo: number | null;
  hi: number | null;
}

/** A column of the metrics table: `key` as in the document ('precision@5'), label, target. */
export interface MetricColumn {
  key: string;
  label: string;
  /** The seed's target (value must be strictly greater), or null. */
  target: number | null;
}

export interface ModelMetricsRow {
  model: string;
  baseline: boolean;
  /** The best model or the best baseline of the protocol. */
  best: boolean;
  bestBaseline: boolean;
  /** Per column key. */
  values: Record<string, IntervalValue | null>;
  /** Per column key with a target: met or not. */
  targetsMet: Record<string, boolean>;
  novelty: number | null;
  fitSeconds: number | null;
  recommendSeconds: number | null;
}

/** model − best baseline on one headline metric, with the paired bootstrap interval. */
export interface BaselineDifference extends IntervalValue {
  key: string;
  /** 'better' | 'worse' when the interval excludes 0, else 'same'. */
  verdict: 'better' | 'worse' | 'same';
}

export interface BaselineComparison {
  baseline: string;
  columns: MetricColumn[];
  rows: Array<{ model: string; differences: Record<string, BaselineDifference | null> }>;
}

export type ChartRow = Record<string, number | string | null>;
export interface SeriesDto {
  key: string;
  label: string;
  baseline: boolean;
}

export interface CurveDto {
  metric: string;
  label: string;
  /** `{ k, [model]: value }` for K = 1..kMax. */
  rows: ChartRow[];
}

export interface PrSeriesDto {
  model: string;
  baseline: boolean;
  points: Array<{ k: number; recall: number; precision: number }>;
}

export interface TrendDto {
  k: number;
  hitRate: ChartRow[];
  ndcg: ChartRow[];
}

export interface ColdUsersDto {
  users: number;
  /** The model(s) cold users were served by, e.g. 'popularity'. */
  fallback: string;
  columns: MetricColumn[];
  rows: Array<{ model: string; fallback: string; values: Record<string, number | null> }>;
}

export interface DiagnosticsDto {
  facts: Array<{ label: string; value: string }>;
  warnings: Array<{ code: string; message: string }>;
}

/** Everything one protocol of one run shows. */
export interface ProtocolView {
  protocol: Protocol;
  kMax: number;
  k: number;
  evaluatedUsers: number | null;
  coldUsers: number | null;
  catalogSize: number | null;
  bestModel: string | null;
  bestBaseline: string | null;
  columns: MetricColumn[];
  rows: ModelMetricsRow[];
  /** Values of the six ranking metrics at the page's K, per model (keys of atKColumns). */
  atKColumns: MetricColumn[];
  atK: Array<{ model: string; values: Record<string, number | null> }>;
  series: SeriesDto[];
  curves: CurveDto[];
  pr: PrSeriesDto[];
  beyond: Array<{ model: string; coverage: number | null; diversity: number | null }>;
  beyondK: number;
  trend: TrendDto | null;
  vsBaseline: BaselineComparison | null;
  cold: ColdUsersDto | null;
  params: Array<{ model: string; params: Array<[string, string]> }>;
}

/** A run's header facts (snapshot, config, timing). Times epoch ms. */
export interface RunFacts {
  id: number;
  mode: RunMode;
  status: RunStatus;
  stage: string;
  progress: number;
  isActive: boolean;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  elapsedSeconds: number | null;
  models: string[];
  protocols: string[];
  seed: number | null;
  topN: number | null;
  split: string | null;
  snapshot: {
    events: number;
    checkouts: number;
    users: number;
    merchants: number;
    firstEvent: number | null;
    lastEvent: number | null;
    cutoff: number | null;
  } | null;
}

export interface PerformanceView {
  run: RunFacts;
  /** Protocols the run has metrics for (empty for production and failed runs). */
  protocols: Protocol[];
  /** The shown protocol's metrics, or null when the run has none. */
  view: ProtocolView | null;
  diagnostics: DiagnosticsDto | null;
  /** Wall time of each pipeline stage, in order, when recorded. */
  timings: Array<{ stage: string; seconds: number }>;
}

/** One line of the run history. */
export interface RunHistoryRow {
  id: number;
  mode: RunMode;
  status: RunStatus;
  stage: string;
  isActive: boolean;
  error: string | null;
  createdAt: number;
  elapsedSeconds: number | null;
  cutoff: number | null;
  models: string[];
  /** NDCG@10 of the best model (all protocol), for a glance. */
  bestNdcg: { model: string; value: number } | null;
}

/** Defaults of the train form. */
export interface TrainDefaults {
  /** Suggested evaluation cutoff, YYYY-MM-DD (UTC), or null without checkouts. */
  split: string | null;
  firstEvent: number | null;
  lastEvent: number | null;
  checkouts: number;
  seed: number;
}

/** Two runs side by side for one protocol. */
export interface RunComparison {
  protocol: Protocol;
  a: RunFacts;
  b: RunFacts;
  columns: MetricColumn[];
  /** Every model of either run; null where a run has no value. */
  rows: Array<{ model: string; a: Record<string, number | null> | null; b: Record<string, number | null> | null }>;
  notes: string[];
}
