import { candidateMask } from '../data/interactions';
import { PrunedTopK } from '../matrix/pruned-top-k';
import type { InteractionMatrix, RecommendOptions, Scored } from '../types';
import { RankedAlsScan, type BatchModel } from './als-ranked';
import { EXCLUDED, QuantisedAlsScorer } from './als-scorer';

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
  /** The ranked scan (its own scorer, over the candidates by descending norm), built on first use. */
  private scan: RankedAlsScan | undefined;

  private constructor(
    readonly scorer: QuantisedAlsScorer,
    /** Row entries that are never recommended: non-candidates and padding (ascending). */
    readonly nonCand: Int32Array,
    private readonly fitted: { y: Float64Array; f: number; train: InteractionMatrix; norms: Float64Array },
  ) {}

  /**
   * The batch state for merchant factors y (row-major, f per merchant, norms ‖y_i‖) of a model
   * fitted on `train`, or undefined without WebAssembly SIMD. O(merchants·f).
   */
  static create(y: Float64Array, f: number, train: InteractionMatrix, norms: Float64Array): AlsBatch | undefined {
    const nM = train.weights.nCols;
    const scorer = QuantisedAlsScorer.create(y, f, nM);
    if (!scorer) return undefined;
    const cand = candidateMask(train);
    const nonCand = Int32Array.from({ length: scorer.paddedLength }, (_, i) => i).filter((i) => i >= nM || cand[i] !== 1);
    return new AlsBatch(scorer, nonCand, { y, f, train, norms });
  }

  /** Row entries recommendMany scored so far (the rest were skipped by the norm bound). */
  get scored(): number {
    return this.scan?.scored ?? 0;
  }

  /**
   * The model's lists for many users, identical to its recommend (RankedAlsScan: merchants in
   * descending order of ‖y_i‖, the tail that cannot reach a list skipped).
   * @param m - the fitted model
   * @param users - user indices
   * @param k - list length
   * @param opts - excludeOrdered / exclude
   */
  recommendMany(m: BatchModel, users: Int32Array, k: number, opts: RecommendOptions): Scored[][] {
    return this.ranked.recommendMany(m, users, k, opts, this.pruned);
  }

  /** The scan over the candidates by descending ‖y_i‖ (recommendMany's, and the ALS maximum's), built on first use. */
  get ranked(): RankedAlsScan {
    const { y, f, train, norms } = this.fitted;
    // SIMD is present: the scorer above was built
    this.scan ??= RankedAlsScan.create(y, f, train, norms)!;
    return this.scan;
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
