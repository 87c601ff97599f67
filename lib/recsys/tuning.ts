import type { WeightingOptions } from './data/interactions';
import { ndcgAtK } from './metrics/ranking';
import { AlsModel, type AlsParams } from './models/als';
import { carveOut, type CarveOut } from './models/hybrid-validation';
import { ItemKnnModel, type ItemKnnParams } from './models/item-knn';
import type { InteractionMatrix, OrderEvent, Recommender } from './types';

/** Candidate values per hyper-parameter; the grid is their Cartesian product. */
export interface TuningGrid {
  itemKnn?: { neighbours?: number[]; shrink?: number[] };
  als?: { factors?: number[]; alpha?: number[]; regularization?: number[] };
}

/** The default grid: 6 item-kNN and 4 ALS configurations. */
export const DEFAULT_GRID: Required<TuningGrid> = {
  itemKnn: { neighbours: [50, 100, 200], shrink: [0, 10] },
  als: { factors: [32, 64], alpha: [5, 20], regularization: [0.05] },
};

/** One evaluated configuration. */
export interface GridScore {
  params: Record<string, number>;
  /** Mean NDCG@K on the validation users. */
  ndcg: number;
}

/** Outcome of {@link tune}. */
export interface TuningResult {
  itemKnn: { chosen: ItemKnnParams; scores: GridScore[] };
  als: { chosen: AlsParams; scores: GridScore[] };
  protocol: 'all' | 'discovery';
  validationDays: number;
  validationUsers: number;
  source: 'events' | 'matrix';
}

/** Options of {@link tune}. */
export interface TuningOptions {
  grid?: TuningGrid;
  /** Protocol of the validation NDCG (default 'discovery', where the collaborative signal matters). */
  protocol?: 'all' | 'discovery';
  k?: number;
  /** Validation window carved from the end of training, in days (default 14). */
  validationDays?: number;
  /** Raw training events for an exact carve-out (else approximate, from the matrix). */
  events?: readonly OrderEvent[];
  weighting?: WeightingOptions;
  /** Fixed parameters merged into every configuration (e.g. ALS iterations, BM25 weighting). */
  baseItemKnn?: ItemKnnParams;
  baseAls?: AlsParams;
  seed?: number;
  onProgress?: (stage: string, fraction: number) => void;
}

/**
 * Grid search of item-kNN (neighbours × shrink) and ALS (factors × α × λ) hyper-parameters on
 * a validation window carved from the END OF TRAINING only (never the test window): each
 * configuration is fitted on the part before the window and scored by mean NDCG@K of the
 * validation users under the protocol; the best (first on ties) is chosen.
 *
 * @param train - the training matrix (its `now` ends the validation window)
 * @param opts - grid, protocol, window, events
 * Complexity: one fit + one evaluation per grid point.
 */
export function tune(train: InteractionMatrix, opts: TuningOptions = {}): TuningResult {
  const days = opts.validationDays ?? 14;
  const carve = carveOut(train, days, opts.events, opts.weighting);
  const grid = opts.grid ?? DEFAULT_GRID;
  const knnGrid = product({ ...DEFAULT_GRID.itemKnn, ...grid.itemKnn });
  const alsGrid = product({ ...DEFAULT_GRID.als, ...grid.als });
  const total = knnGrid.length + alsGrid.length;
  const protocol = opts.protocol ?? 'discovery';
  const score = (model: Recommender, step: number): number => {
    model.fit(carve.train, { seed: opts.seed ?? 42, precomputeUsers: false });
    opts.onProgress?.(`tuning ${step + 1}/${total}`, (step + 1) / total);
    return validationNdcg(model, carve, protocol, opts.k ?? 10);
  };
  const knnScores = knnGrid.map((p, i) => ({ params: p, ndcg: score(new ItemKnnModel({ ...opts.baseItemKnn, ...p }), i) }));
  const alsScores = alsGrid.map((p, i) => ({
    params: p,
    ndcg: score(new AlsModel({ ...opts.baseAls, ...p }), knnGrid.length + i),
  }));
  return {
    itemKnn: { chosen: { ...opts.baseItemKnn, ...best(knnScores) }, scores: knnScores },
    als: { chosen: { ...opts.baseAls, ...best(alsScores) }, scores: alsScores },
    protocol,
    validationDays: days,
    validationUsers: carve.userIdx.length,
    source: carve.source,
  };
}

/**
 * Mean NDCG@K of a fitted model over the carve-out's validation users. In 'discovery', the
 * user's ordered merchants leave both the list and R; users with empty R are skipped.
 *
 * @param model - fitted on carve.train
 * @param carve - validation users and their window merchants
 * @param protocol - 'all' or 'discovery'
 * @param k - cut-off
 * Complexity: O(users · recommend).
 */
export function validationNdcg(model: Recommender, carve: CarveOut, protocol: 'all' | 'discovery', k: number): number {
  const w = carve.train.weights;
  let sum = 0;
  let n = 0;
  carve.userIdx.forEach((u, t) => {
    let rel = carve.relevant[t]!;
    if (protocol === 'discovery') {
      const own = new Set<number>();
      for (let q = w.indptr[u]!; q < w.indptr[u + 1]!; q++) if (carve.train.orders[q]! > 0) own.add(w.indices[q]!);
      rel = new Set([...rel].filter((m) => !own.has(m)));
      if (rel.size === 0) return;
    }
    const list = model.recommend(u, k, { excludeOrdered: protocol === 'discovery' }).map((s) => s.idx);
    sum += ndcgAtK(list, rel, k);
    n++;
  });
  return n > 0 ? sum / n : 0;
}

/**
 * Flattens a tuning result for metrics.json `params`: the chosen values and every grid
 * point's validation NDCG, e.g. `tuning.als.factors=64,alpha=5` → 0.081.
 * @param r - the tuning result
 */
export function tuningParams(r: TuningResult): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {
    'tuning.protocol': r.protocol,
    'tuning.validationDays': r.validationDays,
    'tuning.validationUsers': r.validationUsers,
    'tuning.source': r.source,
  };
  for (const [name, part] of [['itemKnn', r.itemKnn], ['als', r.als]] as const) {
    for (const [k, v] of Object.entries(part.chosen)) out[`tuning.${name}.chosen.${k}`] = v as number | string | boolean;
    for (const s of part.scores) out[`tuning.${name}.${label(s.params)}`] = Math.round(s.ndcg * 1e6) / 1e6;
  }
  return out;
}

function label(p: Record<string, number>): string {
  return Object.entries(p).map(([k, v]) => `${k}=${v}`).join(',');
}

function best(scores: GridScore[]): Record<string, number> {
  let top = scores[0]!;
  for (const s of scores) if (s.ndcg > top.ndcg) top = s;
  return top.params;
}

/** Cartesian product of candidate lists, first key varying slowest. */
function product(spec: Record<string, number[] | undefined>): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const [key, values] of Object.entries(spec)) {
    if (!values || values.length === 0) continue;
    out = out.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return out;
}
