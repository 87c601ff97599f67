import { temporalSplit, type TemporalSplit } from '../data/split';
import type { Protocol } from '../evaluate';
import type { PipelineOptions } from '../pipeline';
import type { ModelKind, OrderEvent } from '../types';
import { MODEL_KINDS } from './models';
import { EVAL_WEIGHT, evaluableUsers } from './protocol';
import type { StageRunner } from './stages';

/** The protocols, in report order. */
export const PROTOCOLS: readonly Protocol[] = ['all', 'discovery'];

/** Bad input to {@link runPipeline} (a RangeError naming the option), e.g. a cutoff outside the data. */
export class PipelineInputError extends RangeError {
  /**
   * @param option - the offending option ('cutoff', 'models', 'protocols', 'seed', 'events')
   * @param message - readable reason
   */
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = 'PipelineInputError';
  }
}

/** Relative fit cost per model (progress weights). */
export const FIT_WEIGHT: Record<ModelKind, number> = {
  random: 0.05,
  popularity: 0.1,
  repeat: 0.1,
  'item-knn': 2,
  als: 10,
  hybrid: 25,
};

/** Progress weight of a hyper-parameter search (≈ 10 fits of item-kNN and ALS). */
export const TUNE_WEIGHT = 20;

/** Options after defaults and validation. */
export interface Resolved {
  models: ModelKind[];
  protocols: Protocol[];
  seed: number;
}

/** Defaults and validation of the options. @throws PipelineInputError */
export function resolve(opts: PipelineOptions): Resolved {
  const asked = opts.models ?? MODEL_KINDS;
  const bad = asked.filter((m) => !MODEL_KINDS.includes(m));
  if (bad.length)
    throw new PipelineInputError(
      'models',
      `unknown model ${bad.join(', ')}; expected ${MODEL_KINDS.join(', ')}`,
    );
  const models = MODEL_KINDS.filter((m) => asked.includes(m));
  if (!models.length) throw new PipelineInputError('models', 'models must not be empty');
  const pAsked = opts.protocols ?? PROTOCOLS;
  const badP = pAsked.filter((p) => !PROTOCOLS.includes(p));
  if (badP.length)
    throw new PipelineInputError(
      'protocols',
      `unknown protocol ${badP.join(', ')}; expected all or discovery`,
    );
  const protocols = PROTOCOLS.filter((p) => pAsked.includes(p));
  if (opts.mode === 'evaluate' && !protocols.length)
    throw new PipelineInputError('protocols', 'protocols must not be empty');
  const seed = opts.seed ?? 42;
  if (!Number.isSafeInteger(seed))
    throw new PipelineInputError('seed', `seed must be an integer, got ${seed}`);
  return { models, protocols, seed };
}

/** First and last event time. O(events). @throws PipelineInputError without events */
export function timeSpan(events: readonly OrderEvent[]): { first: number; last: number } {
  if (!events.length) throw new PipelineInputError('events', 'there are no events');
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    if (e.eventTime < first) first = e.eventTime;
    if (e.eventTime > last) last = e.eventTime;
  }
  return { first, last };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The split at opts.cutoff, after checking that the cutoff lies in the data's time span and
 * leaves evaluated users under every requested protocol.
 * @throws PipelineInputError naming 'cutoff' or 'end'
 */
export function splitOrThrow(
  events: readonly OrderEvent[],
  opts: PipelineOptions,
  r: Resolved,
  run: StageRunner,
): TemporalSplit {
  const { cutoff, end } = opts;
  const { first, last } = timeSpan(events);
  if (cutoff === undefined || !Number.isFinite(cutoff))
    throw new PipelineInputError('cutoff', 'evaluate mode needs a finite cutoff (epoch ms)');
  if (!(cutoff > first && cutoff <= last)) {
    throw new PipelineInputError(
      'cutoff',
      `split ${iso(cutoff)} is outside the data's time span (${iso(first)} .. ${iso(last)}): no ${cutoff <= first ? 'training' : 'test'} events`,
    );
  }
  if (end !== undefined && !(end > cutoff))
    throw new PipelineInputError('end', 'end must be after the cutoff');
  const split = run.run('building matrix', 1.5, () =>
    temporalSplit(events, { cutoff, end, weighting: opts.weighting }),
  );
  for (const p of r.protocols) {
    if (evaluableUsers(split, p) === 0) {
      throw new PipelineInputError(
        'cutoff',
        `split ${iso(cutoff)} leaves no evaluated users under protocol "${p}" ` +
          `(${split.stats.warmUsers} test users ordered before it; ${split.stats.coldUsers} are new)`,
      );
    }
  }
  return split;
}

/** Sum of the progress weights of the stages a run will have. */
export function totalWeight(opts: PipelineOptions, r: Resolved, tuning: boolean): number {
  const fit = r.models.reduce((s, m) => s + FIT_WEIGHT[m], 0) + (tuning ? TUNE_WEIGHT : 0);
  if (opts.mode === 'production') return 1.5 + fit + 0.1;
  const evalW = r.models.reduce((s, m) => s + EVAL_WEIGHT[m], 0) + 0.2;
  const fallback = r.models.includes('popularity') ? 0 : FIT_WEIGHT.popularity;
  return 1.5 + 0.1 + fit + fallback + r.protocols.length * evalW;
}
