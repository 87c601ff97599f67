import type { WeightingOptions } from '../data/interactions';
import { AlsModel, type AlsParams } from '../models/als';
import type { AlsKernels } from '../models/als-kernels';
import { HybridModel, type HybridParams } from '../models/hybrid';
import { ItemKnnModel, type ItemKnnParams } from '../models/item-knn';
import { PopularityModel, type PopularityParams } from '../models/popularity';
import { RandomModel } from '../models/random';
import { RepeatModel, type RepeatParams } from '../models/repeat';
import {
  MODEL_KINDS as ALL_MODEL_KINDS,
  type InteractionMatrix,
  type ModelKind,
  type OrderEvent,
  type Recommender,
} from '../types';
import type { ProgressCallback } from './stages';

/** Every model the pipeline knows, in report order (baselines first); defined in types.ts. */
export const MODEL_KINDS: readonly ModelKind[] = ALL_MODEL_KINDS;

/** The baselines a model is compared with (the best of them by NDCG@10 per protocol). */
export const BASELINE_KINDS: readonly ModelKind[] = ['random', 'popularity', 'repeat'];

/** Constructor parameters per model kind. */
export interface ModelParams {
  random?: Record<string, never>;
  popularity?: PopularityParams;
  repeat?: RepeatParams;
  'item-knn'?: ItemKnnParams;
  als?: AlsParams;
  hybrid?: HybridParams;
}

/** What a tuner sees: training data only, so the test window can never leak into the choice. */
export interface TuneRequest {
  kind: ModelKind;
  /** The training matrix (events before the cutoff; in production, all events). */
  train: InteractionMatrix;
  /** The raw training events, to carve a validation window from their end (validationSplit). */
  events: readonly OrderEvent[];
  weighting: WeightingOptions | undefined;
  seed: number;
  /** Parameters the caller fixed; the tuner searches the rest. */
  params: Record<string, unknown>;
  onProgress: ProgressCallback;
}

/** A tuner's choice and what it measured on the validation window. */
export interface TuneResult {
  /** Constructor parameters of the chosen configuration (merged over the caller's). */
  params: Record<string, unknown>;
  /** Reported as the model's `tuning` entry, e.g. { validationNdcg10: 0.31, trials: 12 }. */
  report?: Record<string, number | string | boolean>;
}

/**
 * Hyper-parameter search for one model on a validation window carved from the END OF TRAINING
 * (never the test window). Returns undefined for kinds it does not tune. `kinds`, when set,
 * lists the kinds it tunes (the pipeline asks only for those; default every kind but random).
 */
export type Tuner = ((req: TuneRequest) => TuneResult | undefined) & {
  readonly kinds?: readonly ModelKind[];
};

/**
 * The kinds among `models` a tuner is asked about.
 * @param tuner - the tuner
 * @param models - the run's models
 */
export function tunedKinds(tuner: Tuner | undefined, models: readonly ModelKind[]): ModelKind[] {
  if (!tuner) return [];
  return models.filter((m) => m !== 'random' && (tuner.kinds ?? models).includes(m));
}

/** Where ALS sweeps run, per factor count (e.g. lib/engine's worker threads); default this thread. */
export type AlsKernelsFactory = (factors: number) => AlsKernels;

/**
 * A new, unfitted model of one kind.
 * @param kind - which model
 * @param params - constructor parameters of that kind (see {@link ModelParams})
 * @param weighting - the training matrix's weighting, so the hybrid rebuilds its carve-out alike
 * @param alsKernels - where the ALS sweeps of als and the hybrid run (default this thread)
 */
export function createModel(
  kind: ModelKind,
  params: object = {},
  weighting?: WeightingOptions,
  alsKernels?: AlsKernelsFactory,
): Recommender {
  switch (kind) {
    case 'random':
      return new RandomModel();
    case 'popularity':
      return new PopularityModel(params as PopularityParams);
    case 'repeat':
      return new RepeatModel(params as RepeatParams);
    case 'item-knn':
      return new ItemKnnModel(params as ItemKnnParams);
    case 'als': {
      const p = params as AlsParams;
      return new AlsModel(p, alsKernels?.(p.factors ?? 64));
    }
    case 'hybrid': {
      const p = params as HybridParams;
      return new HybridModel({ weighting, alsKernels: alsKernels?.(p.als?.factors ?? 64), ...p });
    }
    default:
      throw new RangeError(
        `unknown model "${String(kind)}"; expected one of ${MODEL_KINDS.join(', ')}`,
      );
  }
}

/** Options of {@link fitModel}. */
export interface FitModelOptions {
  train: InteractionMatrix;
  /** Raw training events (FitOptions.events: the hybrid's exact validation carve-out). */
  events: readonly OrderEvent[];
  seed: number;
  weighting?: WeightingOptions;
  /** Constructor parameters of the kind (see {@link ModelParams}). */
  params?: object;
  /** A tuner's choice for this kind, merged over `params` and reported. */
  tuned?: TuneResult;
  alsKernels?: AlsKernelsFactory;
  /** Models already fitted on `train` with `seed` (the hybrid adopts equal item-knn / als ones). */
  fitted?: readonly Recommender[];
  onProgress: ProgressCallback;
}

/** A fitted model with what the pipeline reports about its fit. */
export interface FittedModel {
  model: Recommender;
  /** Present when a tuner chose the parameters: `tuned: true` plus the tuner's report. */
  tuning?: Record<string, number | string | boolean>;
}

/**
 * Fits one model (the tuner's parameters, when given, over the caller's). The hybrid learns its
 * blend weights inside fit on its own validation carve-out of `events`. Cost: the model's fit.
 * @param kind - which model
 * @param o - training data, seed, parameters, tuning outcome, progress
 */
export function fitModel(kind: ModelKind, o: FitModelOptions): FittedModel {
  const params = { ...o.params, ...o.tuned?.params };
  const model = createModel(kind, params, o.weighting, o.alsKernels);
  model.fit(o.train, { seed: o.seed, events: o.events, fitted: o.fitted, onProgress: o.onProgress });
  return o.tuned ? { model, tuning: { tuned: true, ...o.tuned.report } } : { model };
}
