import { candidateMask } from '../data/interactions';
import type { Rescore } from '../matrix/pruned-top-k';
import type { RecommendOptions, Scored } from '../types';
import { SCORE_USERS } from '../wasm/score-i16';
import type { QuantisedAlsScorer } from './als-scorer';
import type { HybridSignals } from './hybrid-signals';


/**
 * HybridModel.recommend for many users with identical lists. The ALS signal, the only dense
 * O(merchants·f) one, comes from AlsModel's quantised scorer with its certified bound ε_u:
 * 1. ALS's normaliser (its max over candidates) is found exactly: only merchants whose
 *    approximate score is within 2ε of the approximate max are scored exactly;
 * 2. the blend is computed with the approximate ALS term, off by at most w_als·ε_u/max;
 * 3. PrunedTopK keeps the merchants within twice that (plus 1e-12·Σw for rounding) of the
 *    k-th best and re-scores them with exactly the operations of HybridModel.blend.
 * Item-kNN, popularity, recency and repeat are exact throughout (sparse or precomputed).
 */
export class HybridBatch {
  private readonly nM: number;
  private readonly cand: Uint8Array;
  private readonly rep: Float64Array;
  /** The exact ALS scores of the merchants a list re-scores. */
  private readonly alsVals: Float64Array;
  private readonly base = new Map<Float64Array, Float64Array>();

  /** @param signals - the fitted signals of the hybrid */
  constructor(private readonly signals: HybridSignals) {
    const train = signals.matrix;
    this.nM = train.weights.nCols;
    this.cand = candidateMask(train);
    this.rep = new Float64Array(this.nM);
    this.alsVals = new Float64Array(this.nM); // re-scored entries are candidates, fewer than nM
  }

  /** Merchants re-scored exactly / merchants scanned so far, ALS normaliser and blend together. */
  get pruningStats(): { rescored: number; scanned: number } {
    const p = this.signals.als.batchState?.pruned;
    return { rescored: p?.rescored ?? 0, scanned: p?.scanned ?? 0 };
  }

  /**
   * w_pop·pop_i + w_rec·rec_i (normalised), per weight vector (at most two: the protocols'),
   * in the scorer's f64 rows 2 and 3 (padding 0). O(merchants) once per vector.
   */
  private baseOf(w: Float64Array, scorer: QuantisedAlsScorer): Float64Array {
    let b = this.base.get(w);
    if (!b) {
      if (this.base.size === 2) throw new RangeError('HybridBatch: more than two weight vectors');
      const pop = this.signals.fixedSignal(2);
      const rec = this.signals.fixedSignal(3);
      b = scorer.f64Row(2 + this.base.size);
      b.fill(0);
      for (let i = 0; i < this.nM; i++) b[i] = w[2]! * pop[i]! + w[3]! * rec[i]!;
      this.base.set(w, b);
    }
    return b;
  }

  /**
   * The lists of warm users (callers handle cold users and a missing scorer).
   * @param users - warm user indices (scored SCORE_USERS at a time)
   * @param k - list length
   * @param opts - excludeOrdered / exclude
   * @param weights - the blend weights for the protocol (SIGNALS order)
   * @param put - receives (position in users, list)
   * @returns false when the ALS batch scorer is unavailable (nothing was put)
   */
  run(
    users: readonly number[],
    k: number,
    opts: RecommendOptions,
    weights: Float64Array,
    put: (j: number, list: Scored[]) => void,
  ): boolean {
    const als = this.signals.als;
    const state = als.batchState;
    if (!state) return false;
    for (let s = 0; s < users.length; s += SCORE_USERS) {
      const block = users.slice(s, s + SCORE_USERS);
      const vecs = als.scoreBatch(block)!;
      for (let j = 0; j < block.length; j++) {
        put(s + j, this.one(block[j]!, j, vecs[j]!, k, opts, weights));
      }
    }
    return true;
  }

  private one(u: number, slot: number, x: Float64Array, k: number, opts: RecommendOptions, w: Float64Array): Scored[] {
    const { nM, cand, rep, signals } = this;
    const als = signals.als;
    const { scorer, pruned, nonCand } = als.batchState!;
    const knn = scorer.f64Row(1);
    const approx = scorer.f64Row(0);
    const train = signals.matrix;
    const { indptr, indices } = train.weights;
    const h0 = indptr[u]!;
    const h1 = indptr[u + 1]!;
    // item-kNN raw and its normaliser 1/max over candidates (0 when max ≤ 0)
    signals.knn.scoreAll(u, knn);
    const maxK = signals.knn.maxTouched(u, knn, cand);
    const kK = maxK > 0 ? 1 / maxK : 0;
    // ALS normaliser, exact: the row is EXCLUDED off the candidates already
    const scale = scorer.scale[slot]!;
    const eps = scorer.eps[slot]!;
    const maxA = Math.max(0, scorer.exactMax(slot, pruned, (idx, vals, n) => als.exactScores(x, idx, vals, n)));
    const kA = maxA > 0 ? 1 / maxA : 0;
    // repeat raw on the user's ordered merchants, and its normaliser
    let maxR = 0;
    for (let p = h0; p < h1; p++) {
      if (train.orders[p]! <= 0) continue;
      const v = signals.repeatAt(p);
      rep[indices[p]!] = v;
      if (v > maxR && cand[indices[p]!] === 1) maxR = v;
    }
    const kR = maxR > 0 ? 1 / maxR : 0;
    // approximate blend (ALS term off by ≤ w_als·kA·ε), excluded entries −∞
    scorer.blend(approx, slot, knn, this.baseOf(w, scorer), w[0]! * kK, w[1]! * kA * scale);
    for (const i of nonCand) approx[i] = -Infinity;
    const cRep = w[4]! * kR;
    for (let p = h0; p < h1; p++) {
      const m = indices[p]!;
      if (train.orders[p]! > 0 && approx[m]! > -Infinity) approx[m]! += cRep * rep[m]!;
    }
    if (opts.excludeOrdered) {
      for (let p = h0; p < h1; p++) if (train.orders[p]! > 0) approx[indices[p]!] = -Infinity;
    }
    if (opts.exclude) for (const m of opts.exclude) if (m >= 0 && m < nM) approx[m] = -Infinity;
    let wSum = 0;
    for (const v of w) wSum += Math.abs(v);
    const margin = 2 * (Math.abs(w[1]!) * kA * eps * (1 + 1e-9) + 1e-12 * wSum);
    const pop = signals.fixedSignal(2);
    const rec = signals.fixedSignal(3);
    // exactly HybridModel.blend: out = 0, then out += w_s·v_s for every s with w_s ≠ 0 (the
    // ALS dot products of the re-scored merchants in one call)
    const alsVals = this.alsVals;
    const rescore: Rescore = (idx, vals, n) => {
      if (w[1] !== 0) als.exactScores(x, idx, alsVals, n);
      for (let j = 0; j < n; j++) {
        const i = idx[j]!;
        let o = 0;
        if (w[0] !== 0) o += w[0]! * (knn[i]! > 0 ? knn[i]! * kK : 0);
        if (w[1] !== 0) o += w[1]! * (alsVals[j]! > 0 ? alsVals[j]! * kA : 0);
        if (w[2] !== 0) o += w[2]! * pop[i]!;
        if (w[3] !== 0) o += w[3]! * rec[i]!;
        if (w[4] !== 0) o += w[4]! * (rep[i]! > 0 ? rep[i]! * kR : 0);
        vals[j] = o;
      }
    };
    const list = scorer.topKF64(approx, k, margin, pruned, rescore);
    for (let p = h0; p < h1; p++) rep[indices[p]!] = 0;
    return list;
  }
}
