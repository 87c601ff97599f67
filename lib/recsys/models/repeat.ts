import { DAY_MS } from '../data/interactions';
import { entryIndex } from '../matrix/csr';
import { markExclusions, Marks, takeFromOrder, TopK } from '../matrix/top-k';
import type { Contribution, InteractionMatrix, Recommender, RecommendOptions, Scored } from '../types';
import { PopularityModel, type PopularityParams } from './popularity';

/** Hyper-parameters of {@link RepeatModel}. */
export interface RepeatParams extends PopularityParams {
  /** Recency time constant τ in days of the repeat score (default 60). */
  decayDays?: number;
}

/**
 * "Buy it again" baseline: the user's own merchants first, ranked by frequency × recency,
 * score = 1 + orders(u,i) · exp(−Δdays/τ) with Δ = now − last order of (u,i); the rest of the
 * list is filled with popularity scaled into [0, 0.5], so own merchants always rank first.
 * Cold users get popularity only. similarMerchants delegates to popularity (same category).
 * fit O(nnz + M log M); scoreAll O(merchants + nnz(u)); recommend O(nnz(u) log k + k).
 */
export class RepeatModel implements Recommender {
  readonly kind = 'repeat' as const;
  readonly params: Record<string, number | string | boolean>;
  private readonly tau: number;
  private readonly pop: PopularityModel;
  private train: InteractionMatrix | undefined;
  private fillScale = 0;
  private marks = new Marks(0);
  private own = new Float64Array(64);
  private readonly ownTop = new TopK();

  /** @param p - see {@link RepeatParams} */
  constructor(p: RepeatParams = {}) {
    this.tau = p.decayDays ?? 60;
    if (!(this.tau > 0)) throw new RangeError('decayDays must be > 0');
    this.pop = new PopularityModel(p);
    this.params = { decayDays: this.tau, ...this.pop.params };
  }

  /** Fit the popularity fill. O(nnz + merchants). */
  fit(train: InteractionMatrix): void {
    this.pop.fit(train);
    let max = 0;
    for (const v of this.pop.scores) if (v > max) max = v;
    this.fillScale = max > 0 ? 0.5 / max : 0;
    this.train = train;
    this.marks = new Marks(train.merchants.size);
  }

  private fitted(): InteractionMatrix {
    if (!this.train) throw new TypeError('RepeatModel: call fit() first');
    return this.train;
  }

  /** Repeat score of own merchants, scaled popularity elsewhere. O(merchants + nnz(u)). */
  scoreAll(userIdx: number, out: Float64Array): void {
    const train = this.fitted();
    const pop = this.pop.scores;
    for (let i = 0; i < out.length; i++) out[i] = pop[i]! * this.fillScale;
    if (userIdx < 0 || userIdx >= train.weights.nRows) return;
    const { indptr, indices } = train.weights;
    for (let q = indptr[userIdx]!; q < indptr[userIdx + 1]!; q++) {
      const o = train.orders[q]!;
      if (o <= 0) continue;
      const days = (train.now - train.lastTime[q]!) / DAY_MS;
      out[indices[q]!] = 1 + o * Math.exp(-days / this.tau);
    }
  }

  /**
   * Own merchants by frequency × recency, then the popularity ranking without them.
   * O(nnz(u) log k + k + excluded), no pass over all merchants.
   */
  recommend(userIdx: number, k: number, opts: RecommendOptions = {}): Scored[] {
    const train = this.fitted();
    if (!(k >= 0)) throw new RangeError('k must be ≥ 0');
    markExclusions(this.marks, train, userIdx, opts);
    let own: Scored[] = [];
    if (userIdx >= 0 && userIdx < train.weights.nRows) {
      const { indptr, indices } = train.weights;
      const start = indptr[userIdx]!;
      const n = indptr[userIdx + 1]! - start;
      if (this.own.length < n) this.own = new Float64Array(2 * n);
      // scores by row position; positions follow merchantIdx order, so ties break by index
      for (let j = 0; j < n; j++) {
        const q = start + j;
        const skip = train.orders[q]! <= 0 || this.marks.has(indices[q]!);
        const days = (train.now - train.lastTime[q]!) / DAY_MS;
        this.own[j] = skip ? -Infinity : 1 + train.orders[q]! * Math.exp(-days / this.tau);
      }
      own = this.ownTop.select(this.own.subarray(0, n), k);
      for (const s of own) {
        s.idx = indices[start + s.idx]!;
        this.marks.add(s.idx);
      }
    }
    if (own.length >= k) return own;
    return takeFromOrder(this.pop.ranking, this.pop.scores, this.fillScale, k, this.marks, own);
  }

  /** Popular merchants of the same category. O(merchants · log k). */
  similarMerchants(merchantIdx: number, k: number): Scored[] {
    this.fitted();
    return this.pop.similarMerchants(merchantIdx, k);
  }

  /**
   * Score of one pair, equal to scoreAll's entry: the repeat score when u ordered i, else the
   * scaled popularity. O(log nnz(u)) (binary search in u's row; its merchants are sorted).
   */
  scoreOf(userIdx: number, merchantIdx: number): number {
    const train = this.fitted();
    const q = userIdx >= 0 && userIdx < train.weights.nRows ? entryIndex(train.weights, userIdx, merchantIdx) : -1;
    if (q >= 0 && train.orders[q]! > 0) {
      const days = (train.now - train.lastTime[q]!) / DAY_MS;
      return 1 + train.orders[q]! * Math.exp(-days / this.tau);
    }
    return (this.pop.scores[merchantIdx] ?? 0) * this.fillScale;
  }

  /**
   * One plain reason: {−1, score, 'repeat'} for an own merchant, {−1, score, 'popularity'}
   * otherwise. O(log nnz(u)).
   */
  explain(userIdx: number, merchantIdx: number, n = 1): Contribution[] {
    const train = this.fitted();
    if (n < 1) return [];
    const value = this.scoreOf(userIdx, merchantIdx);
    const own = userIdx >= 0 && userIdx < train.weights.nRows && value >= 1;
    return [{ merchantIdx: -1, value, source: own ? 'repeat' : 'popularity' }];
  }
}
