import { candidateMask } from '../data/interactions';
import { PrunedTopK } from '../matrix/pruned-top-k';
import { coldListOnce } from '../recommend-many';
import type { InteractionMatrix, RecommendOptions, Scored } from '../types';
import { SCORE_USERS } from '../wasm/score-i16';
import { EXCLUDED, QuantisedAlsScorer } from './als-scorer';

/** What AlsBatch.recommendMany needs of its fitted model. */
export interface BatchModel {
  readonly train: InteractionMatrix;
  isWarm(u: number): boolean;
  /** The model's own list for u (k and options as in the batch call): cold users' fallback. */
  recommend(u: number): Scored[];
  /** The exact user vector the model scores with. */
  userVector(u: number): Float64Array;
  /** x·y_i bit-identical to the model's scoreAll entry i. */
  exactScore(x: Float64Array, i: number): number;
}

/** Local copy: an imported binding read in a hot loop costs a getter call under CommonJS transpilation. */
const EXCL = EXCLUDED;

/**
 * The batch scoring state of a fitted AlsModel (its recommendMany, and the hybrid's): the
 * quantised scorer over the merchant factors (als-scorer.ts), the selector that re-scores the
 * near-ties exactly, and the entries no list may contain (merchants without a checkout, and the
 * scorer's padding). Built once per fit; undefined where WebAssembly SIMD is unavailable.
 */
export class AlsBatch {
  readonly pruned = new PrunedTopK();

  private constructor(
    readonly scorer: QuantisedAlsScorer,
    /** Row entries that are never recommended: non-candidates and padding (ascending). */
    readonly nonCand: Int32Array,
  ) {}

  /**
   * The batch state for merchant factors y (row-major, f per merchant) of a model fitted on
   * `train`, or undefined without WebAssembly SIMD. O(merchants·f).
   */
  static create(y: Float64Array, f: number, train: InteractionMatrix): AlsBatch | undefined {
    const nM = train.weights.nCols;
    const scorer = QuantisedAlsScorer.create(y, f, nM);
    if (!scorer) return undefined;
    const cand = candidateMask(train);
    const nonCand = Int32Array.from({ length: scorer.paddedLength }, (_, i) => i).filter((i) => i >= nM || cand[i] !== 1);
    return new AlsBatch(scorer, nonCand);
  }

  /**
   * The model's lists for many users: SCORE_USERS warm users at a time scored in 16-bit
   * integers, each list selected with the certified bound and the near-ties re-scored exactly
   * (QuantisedAlsScorer.topK), so it equals the model's recommend. Cold users get the model's
   * fallback, the same for all of them (nothing of theirs to exclude), computed once per call.
   * @param m - the fitted model
   * @param users - user indices
   * @param k - list length
   * @param opts - excludeOrdered / exclude
   */
  recommendMany(m: BatchModel, users: Int32Array, k: number, opts: RecommendOptions): Scored[][] {
    const out: Scored[][] = new Array<Scored[]>(users.length);
    const block: number[] = [];
    const flush = () => {
      const vecs = block.map((j) => m.userVector(users[j]!));
      this.score(vecs);
      for (let j = 0; j < block.length; j++) {
        excludeInt(this.scorer.row(j), m.train, users[block[j]!]!, opts);
        const x = vecs[j]!;
        out[block[j]!] = this.scorer.topK(j, k, this.pruned, (i) => m.exactScore(x, i));
      }
      block.length = 0;
    };
    const cold = coldListOnce((u) => m.recommend(u));
    for (let j = 0; j < users.length; j++) {
      const u = users[j]!;
      if (!m.isWarm(u)) {
        out[j] = cold(u);
        continue;
      }
      block.push(j);
      if (block.length === SCORE_USERS) flush();
    }
    if (block.length) flush();
    return out;
  }

  /**
   * Scores up to SCORE_USERS users' exact vectors: afterwards `scorer.row(j)` holds user j's
   * integer scores with every non-candidate (and padding) entry set to EXCLUDED.
   */
  score(vecs: readonly Float64Array[]): void {
    const { scorer, nonCand } = this;
    scorer.run(vecs);
    for (let j = 0; j < vecs.length; j++) {
      const q = scorer.row(j);
      for (let p = 0; p < nonCand.length; p++) q[nonCand[p]!] = EXCL;
    }
  }
}

/**
 * applyExclusions (top-k.ts) for an integer score row: EXCLUDED for the user's ordered merchants
 * (orders > 0) when `excludeOrdered`, and for the caller's `exclude` set. O(nnz(u) + |exclude|).
 * @param q - the user's integer score row
 * @param train - the training matrix
 * @param u - the user
 * @param opts - excludeOrdered / exclude
 */
export function excludeInt(q: Int32Array, train: InteractionMatrix, u: number, opts: RecommendOptions): void {
  const w = train.weights;
  if (opts.excludeOrdered && u >= 0 && u < w.nRows) {
    for (let p = w.indptr[u]!; p < w.indptr[u + 1]!; p++) if (train.orders[p]! > 0) q[w.indices[p]!] = EXCL;
  }
  if (opts.exclude) for (const m of opts.exclude) if (m >= 0 && m < q.length) q[m] = EXCL;
}
