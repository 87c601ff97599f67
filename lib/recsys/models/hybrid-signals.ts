import { candidateMask, DAY_MS } from '../data/interactions';
import { entryIndex } from '../matrix/csr';
import type { Contribution, InteractionMatrix, Recommender } from '../types';
import { AlsModel, type AlsParams } from './als';
import type { AlsKernels } from './als-kernels';
import { ItemKnnModel, type ItemKnnParams } from './item-knn';
import { PopularityModel } from './popularity';

/** The signals blended by the hybrid, in weight-vector order. */
export const SIGNALS = ['item-knn', 'als', 'popularity', 'recency', 'repeat'] as const;
export type SignalName = (typeof SIGNALS)[number];
/** Number of signals (length of a weight vector). */
export const N_SIGNALS = SIGNALS.length;

/** Hyper-parameters of the signals. */
export interface SignalParams {
  itemKnn?: ItemKnnParams;
  als?: AlsParams;
  /** "Popular right now": window of the trending popularity, in days (default 30). */
  recencyDays?: number;
  /** Time constant τ of the repeat signal orders(u,i)·exp(−Δdays/τ), in days (default 60). */
  repeatDecayDays?: number;
  /** Where the ALS sweeps run (default this thread; lib/engine/als-threads.ts for workers). */
  alsKernels?: AlsKernels;
}

/**
 * The five signals of the hybrid for one training matrix, each normalised per user to [0, 1]
 * by its maximum over the recommendation candidates (negative raw scores count as 0):
 * - item-knn, als: the collaborative models (0 for cold users);
 * - popularity: training orders per merchant; recency: distinct recent buyers (trending);
 * - repeat: orders(u,i)·exp(−Δdays/τ) on the user's own merchants (Ding & Li 2005 decay).
 * fit O(item-kNN + ALS fits); compute O(merchants·(f + 1) + nnz(u)·N) per user.
 */
export class HybridSignals {
  private knnModel: ItemKnnModel;
  private alsModel: AlsModel;
  private readonly popularity = new PopularityModel();
  private readonly trending: PopularityModel;
  private readonly tau: number;
  private train: InteractionMatrix | undefined;
  private cand = new Uint8Array(0);
  /** Popularity and recency, normalised (the same for every user). */
  private normalised: { values: Float64Array; scale: number }[] = [];

  /** @param p - see {@link SignalParams} */
  constructor(p: SignalParams = {}) {
    this.knnModel = new ItemKnnModel(p.itemKnn);
    // exact user vectors: ALS explanations then sum to the ALS score (see AlsModel.explain)
    this.alsModel = new AlsModel({ ...p.als, exactUsers: true }, p.alsKernels);
    this.trending = new PopularityModel({ windowDays: p.recencyDays ?? 30 });
    this.tau = p.repeatDecayDays ?? 60;
    if (!(this.tau > 0)) throw new RangeError('repeatDecayDays must be > 0');
  }

  /** The item-kNN signal (its own model, or the adopted standalone one). */
  get knn(): ItemKnnModel {
    return this.knnModel;
  }

  /** The ALS signal (its own model, or the adopted standalone one). */
  get als(): AlsModel {
    return this.alsModel;
  }

  /**
   * Fits every signal on `train`. An item-kNN or ALS model in `fitted` that was fitted on this
   * same matrix (and, for ALS, seed) with the same params is adopted instead of refitted: the
   * refit would give the same model, so this only saves its fit time.
   * @param train - the training matrix
   * @param seed - seed of ALS
   * @param fitted - already-fitted models to adopt (FitOptions.fitted)
   * @param precomputeUsers - FitOptions.precomputeUsers of the ALS fit (false for a validation window)
   */
  fit(train: InteractionMatrix, seed: number, fitted: readonly Recommender[] = [], precomputeUsers = true): void {
    const knn = fitted.find(
      (m): m is ItemKnnModel =>
        m instanceof ItemKnnModel && m.fittedOn === train && sameParams(m.params, this.knnModel.params),
    );
    const als = fitted.find(
      (m): m is AlsModel =>
        m instanceof AlsModel &&
        m.fittedOn?.train === train &&
        m.fittedOn.seed === seed &&
        sameParams(m.params, this.alsModel.params),
    );
    if (knn) this.knnModel = knn;
    else this.knnModel.fit(train);
    if (als) this.alsModel = als;
    else this.alsModel.fit(train, { seed, precomputeUsers });
    this.adopt(train, this.knnModel, this.alsModel);
  }

  /**
   * Takes item-kNN and ALS models already fitted on `train` as the collaborative signals and
   * fits the cheap ones (popularity, recency) here: the end of fit, and how a copy is rebuilt
   * from snapshots (HybridModel.fromSnapshot). O(nnz + merchants).
   * @param train - the training matrix
   * @param knn - item-kNN fitted on train
   * @param als - ALS fitted on train
   */
  adopt(train: InteractionMatrix, knn: ItemKnnModel, als: AlsModel): void {
    this.knnModel = knn;
    this.alsModel = als;
    this.popularity.fit(train);
    this.trending.fit(train);
    this.cand = candidateMask(train);
    this.normalised = [this.popularity.scores, this.trending.scores].map((v) => {
      const values = Float64Array.from(v);
      return { values, scale: normaliseInPlace(values, this.cand) };
    });
    this.train = train;
  }

  /** The matrix the signals were fitted on. */
  get matrix(): InteractionMatrix {
    if (!this.train) throw new TypeError('HybridSignals: call fit() first');
    return this.train;
  }

  /** Whether `u` has training interactions (else only popularity/recency apply). */
  isWarm(u: number): boolean {
    const w = this.matrix.weights;
    return u >= 0 && u < w.nRows && w.indptr[u + 1]! > w.indptr[u]!;
  }

  /**
   * Raw (un-normalised) scores of every signal for user u into out[s] (length merchants each).
   * @param u - user index (cold users get zeros for item-knn, als and repeat)
   * @param out - one buffer per signal
   * @param userIndependent - also write popularity and recency (default true; compute skips them)
   */
  raw(u: number, out: Float64Array[], userIndependent = true): void {
    const train = this.matrix;
    const warm = this.isWarm(u);
    if (warm) this.knn.scoreAll(u, out[0]!);
    else out[0]!.fill(0);
    if (warm) this.als.scoreAll(u, out[1]!);
    else out[1]!.fill(0);
    if (userIndependent) {
      out[2]!.set(this.popularity.scores);
      out[3]!.set(this.trending.scores);
    }
    const rep = out[4]!;
    rep.fill(0);
    if (!warm) return;
    const { indptr, indices } = train.weights;
    for (let q = indptr[u]!; q < indptr[u + 1]!; q++) {
      if (train.orders[q]! > 0) rep[indices[q]!] = this.repeatAt(q);
    }
  }

  /**
   * The raw repeat signal of the pair at position q of the training matrix (one with orders > 0):
   * orders·exp(−Δdays/τ). O(1).
   */
  repeatAt(q: number): number {
    const train = this.matrix;
    const days = (train.now - train.lastTime[q]!) / DAY_MS;
    return train.orders[q]! * Math.exp(-days / this.tau);
  }

  /** Popularity (s = 2) or recency (s = 3), normalised once per fit: the same for every user. */
  fixedSignal(s: 2 | 3): Float64Array {
    return this.normalised[s - 2]!.values;
  }

  /**
   * Normalised signals: out[s][i] = max(raw, 0) / max over candidates (0 when that max ≤ 0).
   * @param u - user index
   * @param out - one buffer per signal, overwritten
   * @param scale - receives the factor 1/max applied to each signal (0 when absent)
   */
  compute(u: number, out: Float64Array[], scale: Float64Array): void {
    this.raw(u, out, false);
    for (let s = 0; s < N_SIGNALS; s++) {
      if (s === 2 || s === 3) {
        // popularity and recency do not depend on the user: normalised once per fit
        const fixed = this.normalised[s - 2]!;
        out[s]!.set(fixed.values);
        scale[s] = fixed.scale;
      } else scale[s] = normaliseInPlace(out[s]!, this.cand);
    }
  }

  /**
   * Per-user factors 1/max over candidates of every signal (compute's `scale`) without compute's
   * dense ALS pass: ALS's max comes from AlsModel.maxCandidateScore. Leaves item-kNN's raw row
   * in `knnRaw` for rawAt. O(nnz(u)·N + merchants + the ALS max).
   * @param u - user index
   * @param scale - receives the five factors (SIGNALS order)
   * @param knnRaw - receives item-kNN's raw scores of u (length merchants)
   */
  scales(u: number, scale: Float64Array, knnRaw: Float64Array): void {
    scale[2] = this.normalised[0]!.scale;
    scale[3] = this.normalised[1]!.scale;
    scale[0] = scale[1] = scale[4] = 0;
    if (!this.isWarm(u)) return;
    this.knn.scoreAll(u, knnRaw);
    scale[0] = inverseMax(knnRaw, this.cand);
    const maxA = this.als.maxCandidateScore(u);
    scale[1] = maxA > 0 ? 1 / maxA : 0;
    const train = this.matrix;
    const { indptr, indices } = train.weights;
    let maxR = 0;
    for (let q = indptr[u]!; q < indptr[u + 1]!; q++) {
      if (train.orders[q]! > 0 && this.cand[indices[q]!] === 1) maxR = Math.max(maxR, this.repeatAt(q));
    }
    scale[4] = maxR > 0 ? 1 / maxR : 0;
  }

  /**
   * max(raw score, 0) of signal s for (u, i), as `raw` would write it; `knnRaw` is u's row from
   * `scales`. O(f) for ALS, O(log nnz(u)) for repeat, O(1) otherwise.
   */
  rawAt(s: number, u: number, i: number, knnRaw: Float64Array): number {
    if (s === 2) return this.popularity.scores[i]!;
    if (s === 3) return this.trending.scores[i]!;
    if (!this.isWarm(u)) return 0;
    if (s === 0) return Math.max(knnRaw[i]!, 0);
    if (s === 1) return Math.max(this.als.exactScore(this.als.userVector(u), i), 0);
    const q = entryIndex(this.matrix.weights, u, i);
    return q >= 0 && this.matrix.orders[q]! > 0 ? this.repeatAt(q) : 0;
  }

  /**
   * Additive reasons of signal s for (u, i), scaled by `factor` (= weight / max): per history
   * merchant for item-knn and als (none when the raw score ≤ 0), merchantIdx −1 for popularity
   * and recency, the merchant itself for repeat. They sum to factor·max(raw, 0).
   * @param s - signal index
   * @param u - user index
   * @param i - merchant index
   * @param factor - weight·scale of the signal
   * @param rawValue - the raw score of the signal for (u, i)
   */
  reasons(s: number, u: number, i: number, factor: number, rawValue: number): Contribution[] {
    if (factor === 0 || !(rawValue > 0)) return [];
    const source = SIGNALS[s]!;
    if (s === 0 || s === 1) {
      const model = s === 0 ? this.knn : this.als;
      const parts = model.explain(u, i, Number.MAX_SAFE_INTEGER);
      return parts.map((c) => ({ merchantIdx: c.merchantIdx, value: c.value * factor, source }));
    }
    return [{ merchantIdx: s === 4 ? i : -1, value: rawValue * factor, source }];
  }
}

function sameParams(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/**
 * v ← max(v, 0) / max over candidates of v (all 0 when that max ≤ 0), in place.
 * @returns the factor 1/max applied (0 when absent). O(len).
 */
function normaliseInPlace(v: Float64Array, cand: Uint8Array): number {
  const k = inverseMax(v, cand);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! > 0 ? v[i]! * k : 0;
  return k;
}

/** 1/max over candidates of v, or 0 when that max ≤ 0. O(len). */
function inverseMax(v: Float64Array, cand: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) if (cand[i] === 1 && v[i]! > max) max = v[i]!;
  return max > 0 ? 1 / max : 0;
}
