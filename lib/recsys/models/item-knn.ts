import { merchantUserCounts } from '../data/interactions';
import { entryIndex } from '../matrix/csr';
import { rankScores, topK } from '../matrix/top-k';
import type { Contribution, InteractionMatrix, Recommender, RecommendOptions, Scored } from '../types';
import { knnSimilarity, type KnnWeighting, type Neighbours, weightMatrix } from './item-knn-similarity';

/** A fitted ItemKnnModel as plain data. */
export interface ItemKnnSnapshot {
  params: Required<ItemKnnParams>;
  nb: Neighbours;
}

/** Hyper-parameters of {@link ItemKnnModel}. */
export interface ItemKnnParams {
  /** Neighbours kept per merchant (default 100). */
  neighbours?: number;
  /** Shrinkage added to the cosine denominator (default 0). */
  shrink?: number;
  /** Weighting of the user × merchant matrix before similarities (default 'binary'). */
  weighting?: KnnWeighting;
  /** BM25 K1 (default 100, as benfred/implicit). */
  k1?: number;
  /** BM25 B (default 0.8). */
  b?: number;
  /** Cosine normalisation (default true); false = raw dot products (implicit's BM25Recommender). */
  normalize?: boolean;
  /** Let a merchant vote for itself with sim(i, i) (default true: re-orders score high, as implicit). */
  includeSelf?: boolean;
}

const DEFAULTS: Required<ItemKnnParams> = {
  neighbours: 100,
  shrink: 0,
  weighting: 'binary',
  k1: 100,
  b: 0.8,
  normalize: true,
  includeSelf: true,
};

/**
 * Item-based k-nearest-neighbours (Sarwar et al. 2001; Deshpande & Karypis 2004):
 * score(u, i) = Σ_{j ∈ history(u)} w(u, j) · sim(j, i), with w(u, j) the training weight and
 * sim the shrunk cosine of `knnSimilarity` restricted to j's N nearest neighbours (plus
 * sim(j, j) when `includeSelf`). Every score decomposes exactly into per-history-merchant
 * contributions, which `explain` returns. Cold users get distinct-buyer popularity.
 * fit O(Σ_u nnz(u)² + merchants²); scoreAll O(merchants + nnz(u)·N); explain O(nnz(u)·log N).
 */
export class ItemKnnModel implements Recommender {
  readonly kind = 'item-knn' as const;
  readonly params: Record<string, number | string | boolean>;
  private readonly p: Required<ItemKnnParams>;
  private train: InteractionMatrix | undefined;
  private nb: Neighbours | undefined;
  private popularity = new Float64Array(0);
  private scratch = new Float64Array(0);

  /** @param p - see {@link ItemKnnParams} */
  constructor(p: ItemKnnParams = {}) {
    this.p = { ...DEFAULTS, ...p };
    if (!(this.p.neighbours >= 1)) throw new RangeError('neighbours must be ≥ 1');
    if (!(this.p.shrink >= 0)) throw new RangeError('shrink must be ≥ 0');
    if (!(this.p.b >= 0 && this.p.b <= 1)) throw new RangeError('b must be in [0, 1]');
    if (!(this.p.k1 > 0)) throw new RangeError('k1 must be > 0');
    this.params = { ...this.p };
  }

  /** Weights the matrix and computes the top-N similarity lists. O(Σ_u nnz(u)² + merchants²). */
  fit(train: InteractionMatrix): void {
    const w = weightMatrix(train.weights, this.p);
    this.nb = knnSimilarity(w, this.p);
    this.popularity = Float64Array.from(merchantUserCounts(train));
    this.scratch = new Float64Array(train.merchants.size);
    this.train = train;
  }

  /** The fitted similarity lists and params as plain data (see {@link ItemKnnModel.fromSnapshot}). */
  snapshot(): ItemKnnSnapshot {
    return { params: { ...this.p }, nb: this.fitted().nb };
  }

  /**
   * A fitted model equal to the one `s` was taken from, on the same matrix `train`.
   * @param train - the matrix the original was fitted on (e.g. rebuilt by AlsModel.fromSnapshot)
   * @param s - from {@link ItemKnnModel.snapshot}
   */
  static fromSnapshot(train: InteractionMatrix, s: ItemKnnSnapshot): ItemKnnModel {
    const m = new ItemKnnModel(s.params);
    m.nb = s.nb;
    m.popularity = Float64Array.from(merchantUserCounts(train));
    m.scratch = new Float64Array(train.merchants.size);
    m.train = train;
    return m;
  }

  /** The matrix of the last fit (undefined before fit), for reuse checks such as the hybrid's. */
  get fittedOn(): InteractionMatrix | undefined {
    return this.train;
  }

  private fitted(): { train: InteractionMatrix; nb: Neighbours } {
    if (!this.train || !this.nb) throw new TypeError('ItemKnnModel: call fit() first');
    return { train: this.train, nb: this.nb };
  }

  private isWarm(userIdx: number): boolean {
    const { train } = this.fitted();
    if (!(userIdx >= 0 && userIdx < train.weights.nRows)) return false;
    return train.weights.indptr[userIdx + 1]! > train.weights.indptr[userIdx]!;
  }

  /** Σ_j w(u,j)·sim(j,·) for a warm user, popularity for a cold one. O(merchants + nnz(u)·N). */
  scoreAll(userIdx: number, out: Float64Array): void {
    const { train, nb } = this.fitted();
    if (!this.isWarm(userIdx)) {
      out.set(this.popularity);
      return;
    }
    out.fill(0);
    const { indptr, indices, data } = train.weights;
    for (let q = indptr[userIdx]!; q < indptr[userIdx + 1]!; q++) {
      const j = indices[q]!;
      const wj = data[q]!;
      if (this.p.includeSelf) out[j]! += wj * nb.self[j]!;
      for (let r = nb.indptr[j]!; r < nb.indptr[j + 1]!; r++) out[nb.indices[r]!]! += wj * nb.sims[r]!;
    }
  }

  /**
   * max(0, max over candidates of scores) for a warm user's scoreAll output, visiting only the
   * entries scoreAll wrote (the others are 0). O(nnz(u)·N).
   * @param userIdx - a warm user
   * @param scores - this user's scoreAll output
   * @param cand - 0/1 candidate mask
   */
  maxTouched(userIdx: number, scores: Float64Array, cand: Uint8Array): number {
    const { train, nb } = this.fitted();
    const { indptr, indices } = train.weights;
    let max = 0;
    for (let q = indptr[userIdx]!; q < indptr[userIdx + 1]!; q++) {
      const j = indices[q]!;
      if (this.p.includeSelf && cand[j] === 1 && scores[j]! > max) max = scores[j]!;
      for (let r = nb.indptr[j]!; r < nb.indptr[j + 1]!; r++) {
        const i = nb.indices[r]!;
        if (cand[i] === 1 && scores[i]! > max) max = scores[i]!;
      }
    }
    return max;
  }

  /** Top k after the caller's exclusions. O(merchants · log k + nnz(u)·N). */
  recommend(userIdx: number, k: number, opts: RecommendOptions = {}): Scored[] {
    const { train } = this.fitted();
    this.scoreAll(userIdx, this.scratch);
    return rankScores(this.scratch, train, userIdx, k, opts);
  }

  /** The stored nearest neighbours of a merchant (at most N), best first. O(N log k). */
  similarMerchants(merchantIdx: number, k: number): Scored[] {
    const { nb } = this.fitted();
    if (!(merchantIdx >= 0 && merchantIdx < nb.self.length)) return [];
    const start = nb.indptr[merchantIdx]!;
    const end = nb.indptr[merchantIdx + 1]!;
    const sims = nb.sims.subarray(start, end);
    return topK(sims, k).map((s) => ({ idx: nb.indices[start + s.idx]!, score: s.score }));
  }

  /**
   * Per-history-merchant shares w(u,j)·sim(j,i) (source 'item-knn'), largest first; they sum
   * to scoreAll's score. A cold user gets one popularity reason. O(nnz(u)·log N).
   */
  explain(userIdx: number, merchantIdx: number, n = 10): Contribution[] {
    const { train, nb } = this.fitted();
    if (n < 1) return [];
    if (!this.isWarm(userIdx)) {
      return [{ merchantIdx: -1, value: this.popularity[merchantIdx] ?? 0, source: 'popularity' }];
    }
    const parts: Contribution[] = [];
    const { indptr, indices, data } = train.weights;
    for (let q = indptr[userIdx]!; q < indptr[userIdx + 1]!; q++) {
      const j = indices[q]!;
      const s = j === merchantIdx ? (this.p.includeSelf ? nb.self[j]! : 0) : this.neighbourSim(j, merchantIdx);
      if (s !== 0) parts.push({ merchantIdx: j, value: data[q]! * s, source: 'item-knn' });
    }
    return sortContributions(parts).slice(0, n);
  }

  /** sim(j, i) if i is among j's stored neighbours, else 0. Binary search, O(log N). */
  neighbourSim(j: number, i: number): number {
    const { nb } = this.fitted();
    const q = entryIndex(nb, j, i);
    return q < 0 ? 0 : nb.sims[q]!;
  }
}

/**
 * Sorts contributions by value descending, then merchantIdx ascending (deterministic).
 * @param parts - contributions, sorted in place
 * @returns the same array. O(n log n).
 */
export function sortContributions(parts: Contribution[]): Contribution[] {
  return parts.sort((a, b) => b.value - a.value || a.merchantIdx - b.merchantIdx);
}
