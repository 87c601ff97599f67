import { buildInteractions, type WeightingOptions } from './data/interactions';
import type { TemporalSplit } from './data/split';
import { diagnose, type Diagnostics } from './diagnostics';
import type { EvaluationResult, Protocol } from './evaluate';
import type { MetricsDocument } from './metrics-document';
import type { BootstrapOptions } from './metrics/bootstrap';
import { PopularityModel } from './models/popularity';
import {
  FIT_WEIGHT,
  resolve,
  splitOrThrow,
  timeSpan,
  totalWeight,
  TUNE_WEIGHT,
  type Resolved,
} from './pipeline/inputs';
import {
  fitModel,
  tunedKinds,
  type AlsKernelsFactory,
  type FittedModel,
  type ModelParams,
  type Tuner,
} from './pipeline/models';
import { evaluateProtocol, sampleTestUsers } from './pipeline/protocol';
import type { RecommendationLists } from './pipeline/recording';
import { StageRunner, type ProgressCallback, type StageTiming } from './pipeline/stages';
import { tuningModuleTuner } from './pipeline/tuning-adapter';
import type { InteractionMatrix, ModelKind, OrderEvent, Recommender } from './types';

export { PipelineInputError, PROTOCOLS } from './pipeline/inputs';
export { BASELINE_KINDS, createModel, MODEL_KINDS } from './pipeline/models';
export type {
  AlsKernelsFactory,
  ModelParams,
  Tuner,
  TuneRequest,
  TuneResult,
} from './pipeline/models';
export { tuningModuleTuner } from './pipeline/tuning-adapter';
export type { RecommendationLists } from './pipeline/recording';
export type { ProgressCallback, StageTiming } from './pipeline/stages';

/** Options of {@link runPipeline}. */
export interface PipelineOptions {
  /** 'evaluate': split at `cutoff`, fit on train, evaluate; 'production': fit on all events. */
  mode: 'evaluate' | 'production';
  /** Global cutoff, epoch ms (evaluate mode): first event < cutoff ≤ last event. */
  cutoff?: number;
  /** Exclusive end of the test window (default: all events after the cutoff). */
  end?: number;
  /** Models to fit, in any order (reported in MODEL_KINDS order); default all six. */
  models?: readonly ModelKind[];
  /** Protocols to evaluate; default ['all', 'discovery']. */
  protocols?: readonly Protocol[];
  /** Seed of the models, the bootstrap and the user sample (integer, default 42). */
  seed?: number;
  /** Weighting of the interaction matrix (see WeightingOptions); default counts, views ignored. */
  weighting?: WeightingOptions;
  /** Constructor parameters per model. */
  params?: ModelParams;
  /**
   * Hyper-parameter search on a validation window carved from the end of the training events
   * (never the test window): true = the tuning module (tuning.ts grid for item-knn, als and the
   * hybrid's signals), or a custom {@link Tuner}; default none (the models' defaults). The
   * chosen parameters are the models' `params`; the search's report is their `tuning` entry.
   */
  tune?: Tuner | boolean;
  /** Where ALS sweeps run, per factor count (e.g. lib/engine's worker threads); default this thread. */
  alsKernels?: AlsKernelsFactory;
  /** Bootstrap of intervals and paired differences (default 1000 resamples, seed = seed); false = none. */
  bootstrap?: BootstrapOptions | false;
  /** Evaluate at most this many warm (and cold) test users, a seeded sample (default: all). */
  maxTestUsers?: number;
  /** Keep every evaluated user's top-20 list per protocol and model (RecommendationLists). */
  keepRecommendations?: boolean;
  /** Readable stage text and the fraction of the whole run, non-decreasing, ending with ('done', 1). */
  onProgress?: ProgressCallback;
}

/** Everything a run produced. */
export interface PipelineResult {
  mode: 'evaluate' | 'production';
  /** The split (evaluate mode). */
  split?: TemporalSplit;
  /** The matrix the models were fitted on (split.train, or all events in production). */
  train: InteractionMatrix;
  /** The fitted models, in MODEL_KINDS order. */
  models: Map<ModelKind, Recommender>;
  /** One plain-JSON metrics document per requested protocol (empty in production mode). */
  documents: MetricsDocument[];
  /** The raw evaluations per protocol (typed arrays inside: not for JSON). */
  evaluations: Map<Protocol, EvaluationResult[]>;
  /** Evaluated users' top-20 lists per protocol and model, when `keepRecommendations`. */
  recommendations: Map<Protocol, Map<ModelKind, RecommendationLists>>;
  diagnostics: Diagnostics;
  timings: { stages: StageTiming[]; totalSeconds: number };
}

type Fitted = FittedModel & { fitSeconds: number };

function tunerOf(opts: PipelineOptions): Tuner | undefined {
  if (opts.tune !== true) return opts.tune || undefined;
  return tuningModuleTuner({}, { itemKnn: opts.params?.['item-knn'], als: opts.params?.als });
}

function fitAll(
  train: InteractionMatrix,
  events: readonly OrderEvent[],
  opts: PipelineOptions,
  r: Resolved,
  run: StageRunner,
  tuner: Tuner | undefined,
): Fitted[] {
  const toTune = new Set(tunedKinds(tuner, r.models));
  let tuneWeight = TUNE_WEIGHT; // the first tuned kind pays for the search (the module tuner caches it)
  const done: Recommender[] = [];
  return r.models.map((kind) => {
    const params = opts.params?.[kind];
    const weight = toTune.has(kind) ? tuneWeight : 0;
    if (toTune.has(kind)) tuneWeight = 0;
    const tuned =
      tuner && toTune.has(kind)
        ? run.run(`tuning ${kind}`, weight, (onProgress) =>
            tuner({
              kind,
              train,
              events,
              weighting: opts.weighting,
              seed: r.seed,
              params: { ...params },
              onProgress,
            }),
          )
        : undefined;
    const fitted = run.run(`fitting ${kind}`, FIT_WEIGHT[kind], (onProgress) =>
      fitModel(kind, {
        train,
        events,
        seed: r.seed,
        weighting: opts.weighting,
        params,
        tuned,
        alsKernels: opts.alsKernels,
        fitted: done,
        onProgress,
      }),
    );
    done.push(fitted.model);
    return { ...fitted, fitSeconds: run.timings.at(-1)!.seconds };
  });
}

/**
 * The one orchestration of training and evaluation, shared by the CLI and the dashboard's
 * training job. Pure and deterministic for a seed (only the timing fields vary).
 *
 * - 'evaluate': temporalSplit at one global cutoff → fit each model on train (the hybrid learns
 *   its weights, and an optional tuner its parameters, on a validation window carved from the
 *   END OF TRAINING, never the test window) → evaluate each model in each protocol
 *   (evaluate.ts: curves K = 1..20, bootstrap intervals, per-day trend, cold users with the
 *   popularity fallback, targets) → paired differences to the best baseline → diagnostics →
 *   one metrics document per protocol.
 * - 'production': fit on all events with now = last event time + 1 ms; diagnostics only.
 *
 * Cost: Σ model fits + protocols · Σ (recommend for each evaluated user) + bootstrap
 * O(B · users · 6) per model and protocol.
 * @param events - order events and page views, any order
 * @param opts - see {@link PipelineOptions}
 * @throws PipelineInputError on bad options, an empty event list, a cutoff outside the data's
 * time span or one leaving no evaluated users under a requested protocol
 */
export function runPipeline(events: readonly OrderEvent[], opts: PipelineOptions): PipelineResult {
  const r = resolve(opts);
  const tuner = tunerOf(opts);
  const run = new StageRunner(
    totalWeight(opts, r, tunedKinds(tuner, r.models).length > 0),
    opts.onProgress,
  );
  const evaluations = new Map<Protocol, EvaluationResult[]>();
  const recommendations = new Map<Protocol, Map<ModelKind, RecommendationLists>>();
  const documents: MetricsDocument[] = [];
  if (opts.mode === 'production') {
    const { last } = timeSpan(events);
    const train = run.run('building matrix', 1.5, () =>
      buildInteractions(events, { now: last + 1, weighting: opts.weighting }),
    );
    const fitted = fitAll(train, events, opts, r, run, tuner);
    const diagnostics = run.run('diagnostics', 0.1, () => diagnose(train));
    run.finish();
    const models = new Map(fitted.map((f) => [f.model.kind, f.model]));
    return {
      mode: 'production',
      train,
      models,
      documents,
      evaluations,
      recommendations,
      diagnostics,
      timings: { stages: run.timings, totalSeconds: run.totalSeconds },
    };
  }
  const full = splitOrThrow(events, opts, r, run);
  const diagnostics = run.run('diagnostics', 0.1, () => diagnose(full.train, full));
  const { split, sample } =
    opts.maxTestUsers === undefined
      ? { split: full, sample: undefined }
      : sampleTestUsers(full, opts.maxTestUsers, r.seed);
  const trainEvents = events.filter((e) => e.eventTime < full.cutoff);
  const fitted = fitAll(split.train, trainEvents, opts, r, run, tuner);
  const cold =
    fitted.find((f) => f.model.kind === 'popularity')?.model ??
    run.run('fitting popularity (cold-user fallback)', FIT_WEIGHT.popularity, () => {
      const m = new PopularityModel(opts.params?.popularity);
      m.fit(split.train);
      return m;
    });
  const bootstrap = opts.bootstrap === undefined ? { seed: r.seed } : opts.bootstrap;
  const testEnd = opts.end ?? timeSpan(events).last + 1;
  for (const protocol of r.protocols) {
    const out = evaluateProtocol({
      protocol,
      split,
      models: fitted,
      cold,
      seed: r.seed,
      bootstrap,
      record: opts.keepRecommendations === true,
      runner: run,
      testEnd,
      diagnostics,
      catalogSize: diagnostics.candidateMerchants,
      sample,
    });
    documents.push(out.document);
    evaluations.set(protocol, out.results);
    if (out.recommendations) recommendations.set(protocol, out.recommendations);
  }
  run.finish();
  return {
    mode: 'evaluate',
    split,
    train: split.train,
    models: new Map(fitted.map((f) => [f.model.kind, f.model])),
    documents,
    evaluations,
    recommendations,
    diagnostics,
    timings: { stages: run.timings, totalSeconds: run.totalSeconds },
  };
}
