/**
 * Public API of the numeric core (pure TypeScript: no Next, React, Prisma or node: imports).
 * Data → split → fit → evaluate:
 *
 * ```ts
 * const split = temporalSplit(events, { cutoff });
 * const model = new RepeatModel();
 * model.fit(split.train, { seed: 1 });
 * const result = evaluate(model, split, { protocol: 'all' });
 * ```
 */
export * from './types';
export { createRng, hashString, Rng, splitmix32 } from './random';
export { IndexMap } from './data/index-map';
export {
  buildInteractions,
  candidateMask,
  countOrderingUsers,
  DAY_MS,
  InteractionBuilder,
  merchantUserCounts,
  type BuildInteractionsOptions,
  type WeightingOptions,
} from './data/interactions';
export {
  temporalSplit,
  validationSplit,
  type SplitOptions,
  type SplitStats,
  type TemporalSplit,
  type TestUsers,
  type ValidationOptions,
} from './data/split';
export * as csr from './matrix/csr';
export { markExclusions, Marks, rankScores, sortedOrder, takeFromOrder, TopK, topK } from './matrix/top-k';
export {
  hitMask,
  hitRateAtK,
  mapAtK,
  MAX_K,
  metricsFromMask,
  mrrAtK,
  ndcgAtK,
  precisionAtK,
  RANKING_METRICS,
  RankingAccumulator,
  recallAtK,
  type RankedList,
  type RankingMetric,
} from './metrics/ranking';
export {
  catalogCoverage,
  intraListDiversity,
  meanIntraListDiversity,
  MerchantCosine,
  novelty,
} from './metrics/beyond-accuracy';
export {
  bootstrapMean,
  bootstrapMeans,
  pairedBootstrap,
  type BootstrapOptions,
  type Interval,
} from './metrics/bootstrap';
export {
  compareOutcomes,
  dailyTrend,
  HEADLINE,
  headlineIntervals,
  perUserValues,
  TARGETS,
  type Difference,
  type HeadlineValue,
  type PerUserOutcomes,
  type TrendPoint,
} from './metrics/report';
export {
  compareToBaseline,
  evaluate,
  evaluationSummary,
  type EvaluateOptions,
  type EvaluationSummary,
  type EvaluationResult,
  type GroupMetrics,
  type Protocol,
} from './evaluate';
export {
  diagnose,
  DIAGNOSTIC_THRESHOLDS,
  type DiagnosticWarning,
  type Diagnostics,
} from './diagnostics';
export { RandomModel } from './models/random';
export { PopularityModel, type PopularityParams } from './models/popularity';
export { RepeatModel, type RepeatParams } from './models/repeat';
export { ItemKnnModel, type ItemKnnParams } from './models/item-knn';
export { AlsModel, type AlsParams } from './models/als';
export { HybridModel, type HybridParams } from './models/hybrid';
// the one orchestration (split, fit, evaluate, metrics documents); MODEL_KINDS comes from ./types
export {
  BASELINE_KINDS,
  createModel,
  PipelineInputError,
  PROTOCOLS,
  runPipeline,
  tuningModuleTuner,
  type AlsKernelsFactory,
  type ModelParams,
  type PipelineOptions,
  type PipelineResult,
  type ProgressCallback,
  type RecommendationLists,
  type StageTiming,
  type Tuner,
  type TuneRequest,
  type TuneResult,
} from './pipeline';
