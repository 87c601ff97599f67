import { DAY_MS, type WeightingOptions } from '../data/interactions';
import { validationSplit } from '../data/split';
import type { InteractionMatrix, OrderEvent } from '../types';

/** A validation carve-out: the matrix before the window and what warm users ordered in it. */
export interface CarveOut {
  /** Training matrix of the part before the window (now = window start). */
  train: InteractionMatrix;
  /** Validation users (indices into `train`), with ≥ 1 checkout before and in the window. */
  userIdx: Int32Array;
  /** Per user, merchants ordered in the window (indices into `train.merchants`). */
  relevant: ReadonlySet<number>[];
}

/**
 * Approximate validation carve-out from a training matrix alone, for when the raw events are
 * not at hand (prefer `validationSplit` over events). A pair whose last checkout falls in the
 * last `days` days is a validation target; it leaves the early matrix when it has one
 * checkout, else it stays with (orders − 1)/orders of its weight, spend and orders, dated just
 * before the window (its earlier times are unknown). Pairs seen only in the window (views)
 * are dropped.
 *
 * @param train - the full training matrix
 * @param days - window length in days
 * Complexity: O(nnz + users).
 */
export function carveOutFromMatrix(train: InteractionMatrix, days: number): CarveOut {
  if (!(days > 0)) throw new RangeError('days must be > 0');
  const cut = train.now - days * DAY_MS;
  const w = train.weights;
  const nU = w.nRows;
  const indptr = new Int32Array(nU + 1);
  const keep: number[] = [];
  const scale: number[] = [];
  const rel = Array.from({ length: nU }, () => new Set<number>());
  const before = new Uint8Array(nU);
  for (let u = 0; u < nU; u++) {
    for (let q = w.indptr[u]!; q < w.indptr[u + 1]!; q++) {
      const o = train.orders[q]!;
      const inWindow = train.lastTime[q]! >= cut;
      if (inWindow && o > 0) rel[u]!.add(w.indices[q]!);
      if (inWindow && o <= 1) continue;
      keep.push(q);
      scale.push(inWindow ? (o - 1) / o : 1);
      if (o > 0) before[u] = 1;
    }
    indptr[u + 1] = keep.length;
  }
  const pick = (a: Float64Array, f: (v: number, j: number) => number) => Float64Array.from(keep, (q, j) => f(a[q]!, j));
  const early: InteractionMatrix = {
    ...train,
    now: cut,
    weights: {
      nRows: nU,
      nCols: w.nCols,
      indptr,
      indices: Int32Array.from(keep, (q) => w.indices[q]!),
      data: pick(w.data, (v, j) => v * scale[j]!),
    },
    orders: pick(train.orders, (v, j) => (scale[j]! < 1 ? v - 1 : v)),
    spend: pick(train.spend, (v, j) => v * scale[j]!),
    lastTime: pick(train.lastTime, (v) => Math.min(v, cut - 1)),
  };
  const users: number[] = [];
  for (let u = 0; u < nU; u++) if (before[u] === 1 && rel[u]!.size > 0) users.push(u);
  return { train: early, userIdx: Int32Array.from(users), relevant: users.map((u) => rel[u]!) };
}

/**
 * The validation carve-out of the last `days` days of training: exact from the raw events
 * (`validationSplit`, rebuilt with `weighting`) when given, else `carveOutFromMatrix`.
 *
 * @param train - the full training matrix (its `now` is the end of the window)
 * @param days - window length in days
 * @param events - raw training events, optional
 * @param weighting - the weighting `train` was built with
 * Complexity: O(events + users + merchants) or O(nnz + users).
 */
export function carveOut(
  train: InteractionMatrix,
  days: number,
  events?: readonly OrderEvent[],
  weighting?: WeightingOptions,
): CarveOut & { source: 'events' | 'matrix' } {
  if (!events) return { ...carveOutFromMatrix(train, days), source: 'matrix' };
  const split = validationSplit(events, { cutoff: train.now, days, weighting });
  return { train: split.train, userIdx: split.warm.userIdx, relevant: split.warm.relevant, source: 'events' };
}
