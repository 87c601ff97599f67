import { Float64Buffer, Int32Buffer } from '../data/buffers';
import type {
  Contribution,
  FitOptions,
  InteractionMatrix,
  ModelKind,
  Recommender,
  RecommendOptions,
  Scored,
} from '../types';
import { recommendMany } from '../recommend-many';

/**
 * Top-k lists of many users in flat typed arrays: user t's list is
 * `merchantIdx[offsets[t] .. offsets[t+1])` (best first), with `scores` aligned.
 */
export interface RecommendationLists {
  /** Train userIdx of each user, in the order the lists were produced. */
  userIdx: Int32Array;
  offsets: Int32Array;
  merchantIdx: Int32Array;
  scores: Float64Array;
}

/**
 * A Recommender that delegates to another and records every `recommend` result, so the lists
 * an evaluation produced (evaluated users, the protocol's exclusions) can be written out
 * without recommending twice. Costs 12 bytes per recorded item.
 */
export class RecordingRecommender implements Recommender {
  private readonly users = new Int32Buffer();
  private readonly offsets = new Int32Buffer();
  private readonly items = new Int32Buffer();
  private readonly scores = new Float64Buffer();

  /** @param inner - the fitted model */
  constructor(readonly inner: Recommender) {
    this.offsets.push(0);
  }

  /** The inner model's kind. */
  get kind(): ModelKind {
    return this.inner.kind;
  }

  /** The inner model's parameters. */
  get params(): Record<string, number | string | boolean> {
    return this.inner.params;
  }

  /** Fits the inner model. */
  fit(train: InteractionMatrix, opts?: FitOptions): void {
    this.inner.fit(train, opts);
  }

  /** The inner model's scores (not recorded). */
  scoreAll(userIdx: number, out: Float64Array): void {
    this.inner.scoreAll(userIdx, out);
  }

  /** Delegates, then appends the list to the recording. */
  recommend(userIdx: number, k: number, opts?: RecommendOptions): Scored[] {
    const recs = this.inner.recommend(userIdx, k, opts);
    this.record(userIdx, recs);
    return recs;
  }

  /**
   * The inner model's batch path (or one recommend per user), every list recorded in order:
   * an evaluation through a recording costs what it costs without one.
   */
  recommendMany(users: Int32Array, k: number, opts?: RecommendOptions): Scored[][] {
    const lists = recommendMany(this.inner, users, k, opts);
    lists.forEach((recs, j) => this.record(users[j]!, recs));
    return lists;
  }

  private record(userIdx: number, recs: readonly Scored[]): void {
    this.users.push(userIdx);
    for (const r of recs) {
      this.items.push(r.idx);
      this.scores.push(r.score);
    }
    this.offsets.push(this.items.length);
  }

  /** The inner model's similar merchants (not recorded). */
  similarMerchants(merchantIdx: number, k: number): Scored[] {
    return this.inner.similarMerchants(merchantIdx, k);
  }

  /** The inner model's explanation. */
  explain(userIdx: number, merchantIdx: number, n?: number): Contribution[] {
    return this.inner.explain(userIdx, merchantIdx, n);
  }

  /** Copies of everything recorded so far. */
  lists(): RecommendationLists {
    return {
      userIdx: this.users.toArray(),
      offsets: this.offsets.toArray(),
      merchantIdx: this.items.toArray(),
      scores: this.scores.toArray(),
    };
  }
}
