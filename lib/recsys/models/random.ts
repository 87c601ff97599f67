import { candidateMask } from '../data/interactions';
import { applyExclusions, rankScores, TopK, topK } from '../matrix/top-k';
import { splitmix32 } from '../random';
import type { Contribution, InteractionMatrix, Recommender, RecommendOptions, Scored } from '../types';

/**
 * Random baseline: every (user, merchant) gets a uniform score in [0, 1) from a splitmix32
 * hash of (seed, userIdx, merchantIdx), so scores are reproducible and consistent between scoreAll,
 * recommend and explain. Gives the chance level of every metric. recommend O(merchants · log k).
 */
export class RandomModel implements Recommender {
  readonly kind = 'random' as const;
  readonly params: Record<string, number | string | boolean> = {};
  private train: InteractionMatrix | undefined;
  private seed = 0;
  private scratch = new Float64Array(0);
  private hits = new Int32Array(0);
  private hitScores = new Float64Array(0);
  private readonly selector = new TopK();

  /** Remember the matrix and the seed (default 0). O(1). */
  fit(train: InteractionMatrix, opts: { seed?: number } = {}): void {
    this.train = train;
    this.seed = opts.seed ?? 0;
    this.params.seed = this.seed;
    this.scratch = new Float64Array(train.merchants.size);
    this.hits = new Int32Array(train.merchants.size);
    this.hitScores = new Float64Array(train.merchants.size);
  }

  private fitted(): InteractionMatrix {
    if (!this.train) throw new TypeError('RandomModel: call fit() first');
    return this.train;
  }

  // Stateless hash of (seed, key, merchant): cheaper than a PRNG stream, same for every call.
  private fill(key: number, out: Float64Array): void {
    const base = splitmix32(splitmix32(this.seed ^ 0x5bd1e995) ^ key);
    for (let i = 0; i < out.length; i++) out[i] = splitmix32(base + Math.imul(i, 0x27d4eb2d)) / 4294967296;
  }

  /** Uniform pseudo-random scores keyed by (seed, userIdx). O(merchants). */
  scoreAll(userIdx: number, out: Float64Array): void {
    this.fitted();
    this.fill(userIdx + 1, out);
  }

  /**
   * The k best of scoreAll's scores after exclusions (rankScores' list). The scores are uniform
   * on [0, 1), so the top k are almost always above 1 − 4k/merchants: the eligible entries above
   * that are gathered in index order and the k best taken among them (the same list, ties by
   * index included, whenever at least k are gathered), else from all. O(merchants + k log k).
   */
  recommend(userIdx: number, k: number, opts: RecommendOptions = {}): Scored[] {
    const train = this.fitted();
    const s = this.scratch;
    this.fill(userIdx + 1, s);
    const bar = 1 - (4 * k) / s.length;
    if (!(k >= 1 && bar > 0)) return rankScores(s, train, userIdx, k, opts);
    applyExclusions(s, train.weights, userIdx, { ...opts, orders: train.orders });
    const cand = candidateMask(train);
    let c = 0;
    for (let i = 0; i < s.length; i++) {
      if (s[i]! >= bar && cand[i] === 1) {
        this.hits[c] = i;
        this.hitScores[c++] = s[i]!;
      }
    }
    if (c < k) return this.selector.select(s, k, cand);
    const top = this.selector.select(this.hitScores.subarray(0, c), k);
    for (const r of top) r.idx = this.hits[r.idx]!;
    return top;
  }

  /** k random candidates other than the merchant (seeded by the merchant). O(merchants · log k). */
  similarMerchants(merchantIdx: number, k: number): Scored[] {
    const train = this.fitted();
    this.fill(-(merchantIdx + 2), this.scratch);
    this.scratch[merchantIdx] = -Infinity;
    return topK(this.scratch, k, candidateMask(train));
  }

  /** One non-history reason: {merchantIdx: −1, value: score, source: 'random'}. O(merchants). */
  explain(userIdx: number, merchantIdx: number, n = 1): Contribution[] {
    this.fitted();
    if (n < 1) return [];
    this.fill(userIdx + 1, this.scratch);
    return [{ merchantIdx: -1, value: this.scratch[merchantIdx] ?? 0, source: 'random' }];
  }
}
