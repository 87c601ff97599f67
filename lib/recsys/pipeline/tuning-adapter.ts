import type { InteractionMatrix } from '../types';
import type { AlsParams } from '../models/als';
import type { ItemKnnParams } from '../models/item-knn';
import { tune, tuningParams, type TuningOptions, type TuningResult } from '../tuning';
import type { Tuner } from './models';

/**
 * A {@link Tuner} backed by the tuning module (tuning.ts `tune`): one grid search of item-kNN and
 * ALS on the validation window carved from the end of the training events (never the test
 * window), shared by the kinds it serves — item-knn and als get their chosen parameters, the
 * hybrid gets both as its signals' parameters. The search runs once per training matrix.
 * The report is tuning.ts's `tuningParams` for the model's part (chosen values and every
 * grid point's validation NDCG). Cost: one fit + one validation per grid point (10 by default).
 * @param opts - grid, protocol, window (events, weighting and seed come from the pipeline)
 * @param base - fixed parameters of item-knn and als, merged into every configuration
 */
export function tuningModuleTuner(
  opts: Omit<TuningOptions, 'events' | 'weighting' | 'seed' | 'onProgress'> = {},
  base: { itemKnn?: ItemKnnParams; als?: AlsParams } = {},
): Tuner {
  let cache: { train: InteractionMatrix; result: TuningResult } | undefined;
  const tuner: Tuner = (req) => {
    if (req.kind !== 'item-knn' && req.kind !== 'als' && req.kind !== 'hybrid') return undefined;
    if (cache?.train !== req.train) {
      const result = tune(req.train, {
        ...opts,
        baseItemKnn: { ...opts.baseItemKnn, ...base.itemKnn },
        baseAls: { ...opts.baseAls, ...base.als },
        events: req.events,
        weighting: req.weighting,
        seed: req.seed,
        onProgress: req.onProgress,
      });
      cache = { train: req.train, result };
    }
    const r = cache.result;
    const all = tuningParams(r);
    const part = (prefix: string) =>
      Object.fromEntries(
        Object.entries(all).filter(
          ([k]) =>
            (!k.startsWith('tuning.itemKnn.') && !k.startsWith('tuning.als.')) ||
            k.startsWith(prefix),
        ),
      );
    if (req.kind === 'item-knn')
      return { params: { ...r.itemKnn.chosen }, report: part('tuning.itemKnn.') };
    if (req.kind === 'als') return { params: { ...r.als.chosen }, report: part('tuning.als.') };
    const own = req.params as { itemKnn?: ItemKnnParams; als?: AlsParams };
    const params = {
      itemKnn: { ...own.itemKnn, ...r.itemKnn.chosen },
      als: { ...own.als, ...r.als.chosen },
    };
    return { params, report: all };
  };
  return Object.assign(tuner, { kinds: ['item-knn', 'als', 'hybrid'] as const });
}
