import { candidateMask, DAY_MS } from '../data/interactions';
import { markExclusions, Marks, sortedOrder, takeFromOrder, topK } from '../matrix/top-k';
import type { Contribution, InteractionMatrix, Recommender, RecommendOptions, Scored } from '../types';

/** Hyper-parameters of {@link PopularityModel}. */
export interface PopularityParams {
  /** "Trending" window in days: recent popularity counts users whose last order is this recent. */
  windowDays?: number;
  /** Weight of the trending share in [0, 1] when windowDays is set (default 1 = trending only). */
  trendWeight?: number;
}

/**
 * Most-popular baseline. Without a window, score(i) = number of training orders of merchant i
 * (identical for every user). With `windowDays` = W and trendWeight = w:
 * score(i) = (1 − w) · orders(i)/Σ orders + w · recent(i)/Σ recent, where recent(i) = users
 * whose last order of i lies in [now − W days, now). similarMerchants = the most popular
 * merchants of the same category (all merchants when the category is empty or alone).
 * fit O(nnz + M log M); recommend O(k + excluded) from a presorted ranking.
 */
export class PopularityModel implements Recommender {
  readonly kind = 'popularity' as const;
  readonly params: Record<string, number | string | boolean>;
  private train: InteractionMatrix | undefined;
  private pop: Float64Array = new Float64Array(0);
  private order: Int32Array = new Int32Array(0);
  private marks = new Marks(0);
  private scratch = new Float64Array(0);

  /** @param p - see {@link PopularityParams} */
  constructor(private readonly p: PopularityParams = {}) {
    const w = p.trendWeight ?? 1;
    if (p.windowDays !== undefined && !(p.windowDays > 0)) throw new RangeError('windowDays must be > 0');
    if (!(w >= 0 && w <= 1)) throw new RangeError('trendWeight must be in [0, 1]');
    this.params = p.windowDays === undefined ? {} : { windowDays: p.windowDays, trendWeight: w };
  }

  /** Count orders (and recent buyers) per merchant, sort candidates. O(nnz + M log M). */
  fit(train: InteractionMatrix): void {
    const nM = train.merchants.size;
    const orders = new Float64Array(nM);
    const recent = new Float64Array(nM);
    const since = train.now - (this.p.windowDays ?? 0) * DAY_MS;
    const { indices } = train.weights;
    let sumO = 0;
    let sumR = 0;
    for (let q = 0; q < indices.length; q++) {
      const o = train.orders[q]!;
      if (o <= 0) continue;
      orders[indices[q]!]! += o;
      sumO += o;
      if (train.lastTime[q]! >= since) {
        recent[indices[q]!]! += 1;
        sumR += 1;
      }
    }
    if (this.p.windowDays === undefined) this.pop = orders;
    else {
      const w = this.p.trendWeight ?? 1;
      this.pop = new Float64Array(nM);
      for (let i = 0; i < nM; i++) {
        this.pop[i] = (1 - w) * (sumO ? orders[i]! / sumO : 0) + w * (sumR ? recent[i]! / sumR : 0);
      }
    }
    this.scratch = new Float64Array(nM);
    this.order = sortedOrder(this.pop, candidateMask(train));
    this.marks = new Marks(nM);
    this.train = train;
  }

  /** The popularity vector (read-only view), e.g. for other models' cold-start fallback. */
  get scores(): Float64Array {
    return this.pop;
  }

  /** Candidates by popularity, best first, ties by index (read-only view). */
  get ranking(): Int32Array {
    return this.order;
  }

  private fitted(): InteractionMatrix {
    if (!this.train) throw new TypeError('PopularityModel: call fit() first');
    return this.train;
  }

  /** Same scores for every user. O(merchants). */
  scoreAll(_userIdx: number, out: Float64Array): void {
    this.fitted();
    out.set(this.pop);
  }

  /** Most popular candidates after exclusions, from the presorted ranking: O(k + excluded). */
  recommend(userIdx: number, k: number, opts: RecommendOptions = {}): Scored[] {
    const train = this.fitted();
    markExclusions(this.marks, train, userIdx, opts);
    return takeFromOrder(this.order, this.pop, 1, k, this.marks, []);
  }

  /** Most popular merchants of the same category, itself excluded. O(merchants · log k). */
  similarMerchants(merchantIdx: number, k: number): Scored[] {
    const train = this.fitted();
    const cat = train.merchantCategory[merchantIdx] ?? '';
    const s = this.scratch;
    let same = 0;
    for (let i = 0; i < s.length; i++) {
      const inCat = cat !== '' && train.merchantCategory[i] === cat && i !== merchantIdx;
      s[i] = inCat && this.pop[i]! > 0 ? this.pop[i]! : -Infinity;
      if (s[i]! > -Infinity) same++;
    }
    if (same === 0) for (let i = 0; i < s.length; i++) s[i] = this.pop[i]! > 0 ? this.pop[i]! : -Infinity;
    s[merchantIdx] = -Infinity;
    return topK(s, k);
  }

  /** One non-history reason: {merchantIdx: −1, value: score, source: 'popularity'}. O(1). */
  explain(_userIdx: number, merchantIdx: number, n = 1): Contribution[] {
    this.fitted();
    if (n < 1) return [];
    return [{ merchantIdx: -1, value: this.pop[merchantIdx] ?? 0, source: 'popularity' }];
  }
}
