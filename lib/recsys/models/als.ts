import { candidateMask, merchantUserCounts } from '../data/interactions';
import { rankScores, topK } from '../matrix/top-k';
import { matrixFromSnapshot, matrixSnapshot, type MatrixSnapshot } from '../data/matrix-snapshot';
import type { Contribution, FitOptions, InteractionMatrix, Recommender, RecommendOptions, Scored } from '../types';
import { explainShares } from './als-exact';
import { AlsExactUsers } from './als-exact-users';
import { type AlsKernels, localAlsKernels } from './als-kernels';
import { fitAlsFactors } from './als-fit';
import { AlsBatch } from './als-batch';
import { alsDot } from './als-scorer';
import { createRowScorer, rowScorerDots, type RowScorer } from './als-wasm';
import { sortContributions } from './item-knn';

/** A fitted AlsModel as plain data (see AlsModel.snapshot / fromSnapshot). */
export interface AlsSnapshot {
  params: Required<AlsParams>;
  seed: number;
  x: Float64Array;
  y: Float64Array;
  gramY: Float64Array;
  /** Exact user vectors solved so far, and which (1 = solved). */
  exactX: Float64Array;
  exactDone: Uint8Array;
  train: MatrixSnapshot;
}

/** Hyper-parameters of {@link AlsModel}. */
export interface AlsParams {
  /** Latent factors f (default 64). */
  factors?: number;
  /** L2 regularisation λ (default 0.05). */
  regularization?: number;
  /** Confidence slope α: c = 1 + α·r (default 10). */
  alpha?: number;
  /** ALS sweeps (default 15). */
  iterations?: number;
  /** CG steps per row and sweep (default 3, as implicit). */
  cgSteps?: number;
  /** Score with user vectors re-solved exactly from the final merchant factors (default true). */
  exactUsers?: boolean;
}

const DEFAULTS: Required<AlsParams> = {
  factors: 64,
  regularization: 0.05,
  alpha: 10,
  iterations: 15,
  cgSteps: 3,
  exactUsers: true,
};

/**
 * Implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008): minimises
 * Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ(‖X‖² + ‖Y‖²) with c = 1 + α·r, p = [r > 0], by
 * alternating least squares where each row is improved by a few warm-started conjugate-gradient
 * steps (Takács et al. 2011; implicit's `cg`). The Gram matrix of the larger side is diagonalised
 * every sweep (see als-basis.ts), so such a row costs O(n_u·f) per CG step instead of O(f² + n_u·f). With `exactUsers`, scores use
 * x_u re-solved exactly (implicit's recalculate_user), which makes `explain` sum to the score;
 * fit ends by solving them for every warm user (Woodbury, als-woodbury.ts). recommendMany
 * scores many users at once in 16-bit integers with a certified bound (als-scorer.ts).
 * fit O(iterations · (cgSteps·nnz·f + (users + merchants)·f²)); scoreAll O(merchants·f).
 */
export class AlsModel implements Recommender {
  readonly kind = 'als' as const;
  readonly params: Record<string, number | string | boolean>;
  private readonly p: Required<AlsParams>;
  private train: InteractionMatrix | undefined;
  private x: Float64Array = new Float64Array(0);
  private y: Float64Array = new Float64Array(0);
  private gramY: Float64Array = new Float64Array(0);
  /** Exact user vectors and explanation directions (als-exact-users.ts). */
  private exact: AlsExactUsers | undefined;
  private popularity: Float64Array = new Float64Array(0);
  private itemNorms: Float64Array = new Float64Array(0);
  private scratch: Float64Array = new Float64Array(0);
  private seed = 0;
  /** The batch scorer of recommendMany (built on first use; null where WebAssembly SIMD is absent). */
  private batch: AlsBatch | null | undefined;
  /** Merchant factors copied into a WebAssembly module for scoreAll (when available, f % 4 = 0). */
  private scorer: RowScorer | undefined;

  /**
   * @param p - see {@link AlsParams}
   * @param kernels - where the sweeps run (default: this thread; lib/engine has a threaded one)
   */
  constructor(p: AlsParams = {}, private readonly kernels?: AlsKernels) {
    this.p = { ...DEFAULTS, ...p };
    const { factors, regularization, alpha, iterations, cgSteps } = this.p;
    if (!(Number.isInteger(factors) && factors >= 1)) throw new RangeError('factors must be an integer ≥ 1');
    if (!(regularization > 0)) throw new RangeError('regularization must be > 0');
    if (!(alpha >= 0)) throw new RangeError('alpha must be ≥ 0');
    if (!(iterations >= 0)) throw new RangeError('iterations must be ≥ 0');
    if (!(cgSteps >= 1)) throw new RangeError('cgSteps must be ≥ 1');
    this.params = { ...this.p };
  }

  /** Seeded uniform [0, 0.01) init (as implicit), then `iterations` user/merchant sweeps (als-fit.ts). */
  fit(train: InteractionMatrix, opts: FitOptions = {}): void {
    this.seed = opts.seed ?? 42;
    const { x, y, gramY } = fitAlsFactors(train.weights, this.p, this.kernels ?? localAlsKernels(this.p.factors), this.seed, (done, total) =>
      opts.onProgress?.(`als iteration ${done}/${total}`, done / total),
    );
    this.adopt(train, x, y, gramY);
    const nU = train.weights.nRows;
    if (this.p.exactUsers && opts.precomputeUsers !== false) {
      // the exact vectors of every warm user once (Woodbury: O(n_u·f + m²·f) each), so that
      // scoring, explanations and copies of the model (snapshot) start from them
      for (let u = 0; u < nU; u++) if (this.isWarm(u)) this.userVector(u);
    }
  }

  /** The fitted state from the factors on: what fit leaves and fromSnapshot restores. O(merchants·f²). */
  private adopt(train: InteractionMatrix, x: Float64Array, y: Float64Array, gramY: Float64Array): void {
    const f = this.p.factors;
    const nM = train.weights.nCols;
    this.x = x;
    this.y = y;
    this.gramY = gramY;
    this.exact = new AlsExactUsers(train.weights, y, gramY, f, this.p.alpha);
    this.itemNorms = new Float64Array(nM);
    for (let i = 0; i < nM; i++) this.itemNorms[i] = Math.hypot(...this.y.subarray(i * f, i * f + f));
    this.popularity = Float64Array.from(merchantUserCounts(train));
    this.scratch = new Float64Array(nM);
    this.scorer = createRowScorer(this.y, f, nM);
    this.batch = undefined;
    this.train = train;
  }

  /**
   * Everything a copy of this fitted model needs, as plain data (typed arrays and strings),
   * e.g. for a worker thread (lib/engine/score-pool.ts). See {@link AlsModel.fromSnapshot}.
   */
  snapshot(): AlsSnapshot {
    const t = this.fitted();
    return {
      params: { ...this.p },
      seed: this.seed,
      x: this.x,
      y: this.y,
      gramY: this.gramY,
      exactX: this.exact!.vectors,
      exactDone: this.exact!.done,
      train: matrixSnapshot(t),
    };
  }

  /**
   * A fitted model equal to the one `s` was taken from: the same factors, Gram matrix and
   * matrix, so recommend / recommendMany / explain give the same values bit for bit.
   * @param s - from {@link AlsModel.snapshot} (possibly structured-cloned)
   */
  static fromSnapshot(s: AlsSnapshot): AlsModel {
    const m = new AlsModel(s.params);
    const train = matrixFromSnapshot(s.train);
    m.seed = s.seed;
    m.adopt(train, s.x, s.y, s.gramY);
    m.exact!.vectors = s.exactX;
    m.exact!.done = Uint8Array.from(s.exactDone);
    return m;
  }

  /** The matrix and seed of the last fit (undefined before fit), for reuse checks such as the hybrid's. */
  get fittedOn(): { train: InteractionMatrix; seed: number } | undefined {
    return this.train ? { train: this.train, seed: this.seed } : undefined;
  }

  private fitted(): InteractionMatrix {
    if (!this.train) throw new TypeError('AlsModel: call fit() first');
    return this.train;
  }

  private isWarm(u: number): boolean {
    const w = this.fitted().weights;
    return u >= 0 && u < w.nRows && w.indptr[u + 1]! > w.indptr[u]!;
  }

  /**
   * The user vector used for scoring: exact (solved once, see als-exact-users.ts) or the trained one.
   * @param u - a warm user index
   */
  userVector(u: number): Float64Array {
    const f = this.p.factors;
    if (!this.p.exactUsers) return this.x.subarray(u * f, u * f + f);
    this.fitted();
    return this.exact!.vector(u);
  }

  /** Trained factors (row-major, f per row), in the model's internal orthogonal basis. */
  get factors(): { users: Float64Array; merchants: Float64Array; f: number } {
    return { users: this.x, merchants: this.y, f: this.p.factors };
  }

  /** x_uᵀy_i for every merchant; popularity for cold users. O(merchants·f). */
  scoreAll(userIdx: number, out: Float64Array): void {
    this.fitted();
    if (!this.isWarm(userIdx)) {
      out.set(this.popularity);
      return;
    }
    const f = this.p.factors;
    const xu = this.userVector(userIdx);
    const sc = this.scorer;
    if (sc) {
      sc.v.set(xu);
      sc.rows.rowDots(sc.y.byteOffset, sc.t.length, f, sc.v.byteOffset, sc.t.byteOffset);
      out.set(sc.t);
      return;
    }
    const y = this.y;
    for (let i = 0; i < out.length; i++) {
      let d = 0;
      const o = i * f;
      for (let a = 0; a < f; a++) d += xu[a]! * y[o + a]!;
      out[i] = d;
    }
  }

  /** Top k after the caller's exclusions. O(merchants·(f + log k)). */
  recommend(userIdx: number, k: number, opts: RecommendOptions = {}): Scored[] {
    const train = this.fitted();
    this.scoreAll(userIdx, this.scratch);
    return rankScores(this.scratch, train, userIdx, k, opts);
  }

  /**
   * recommend() for many users at once, with identical lists (AlsBatch.recommendMany: 16-bit
   * scoring with a certified bound, near-ties re-scored exactly with scoreAll's operations;
   * one popularity fallback for all cold users). Without WebAssembly SIMD, recommend per user.
   * O(users·(merchants·f/8 + merchants·log k + pruned·f)).
   * @param users - user indices
   * @param k - list length
   * @param opts - excludeOrdered / exclude, as recommend
   */
  recommendMany(users: Int32Array, k: number, opts: RecommendOptions = {}): Scored[][] {
    const train = this.fitted();
    const b = this.batchScorer();
    if (!b) return Array.from(users, (u) => this.recommend(u, k, opts));
    const model = {
      train,
      isWarm: (u: number) => this.isWarm(u),
      recommend: (u: number) => this.recommend(u, k, opts),
      userVector: (u: number) => this.userVector(u),
      exactScores: (x: Float64Array, idx: Int32Array, vals: Float64Array, n: number) => this.exactScores(x, idx, vals, n),
    };
    return b.recommendMany(model, users, k, opts);
  }

  /**
   * Scores up to SCORE_USERS warm users against every merchant with the quantised scorer (for
   * HybridModel's recommendMany; this model's lists use the ranked scan): afterwards `batch.scorer.row(j)` holds user j's integer scores with every
   * non-candidate (and padding) entry set to EXCLUDED.
   * @param users - warm user indices (at most SCORE_USERS)
   * @returns the users' exact vectors, or undefined where WebAssembly SIMD is unavailable
   */
  scoreBatch(users: readonly number[]): Float64Array[] | undefined {
    const b = this.batchScorer();
    if (!b) return undefined;
    const vecs = users.map((u) => this.userVector(u));
    b.score(vecs);
    return vecs;
  }

  /** The batch scorer and selector behind scoreBatch (undefined without WebAssembly SIMD). */
  get batchState(): AlsBatch | undefined {
    return this.batchScorer();
  }

  /** x·y_i bit-identical to scoreAll's entry i for the user whose vector is x. O(f). */
  exactScore(x: Float64Array, i: number): number {
    return alsDot(x, this.y, i, this.p.factors, this.scorer !== undefined);
  }

  /**
   * vals[j] = exactScore(x, idx[j]) for j < n, in one WebAssembly call where scoreAll uses the
   * kernel (its dotsAt has rowDots' order of operations). O(n·f).
   */
  exactScores(x: Float64Array, idx: Int32Array, vals: Float64Array, n: number): void {
    if (this.scorer) rowScorerDots(this.scorer, x, idx, vals, n);
    else for (let j = 0; j < n; j++) vals[j] = alsDot(x, this.y, idx[j]!, this.p.factors, false);
  }

  /**
   * max over candidates (merchants with a training order) of scoreAll's values for warm user u:
   * the hybrid's ALS normaliser. With the quantised scorer RankedAlsScan.maxScore (by ‖y_i‖ until
   * none can reach the top); else a dense pass. O(scanned·f/8 + near-top·f), or O(merchants·f).
   */
  maxCandidateScore(u: number): number {
    const b = this.batchScorer();
    if (b) {
      const x = this.userVector(u);
      return b.ranked.maxScore(x, this.fitted(), b.pruned, (idx, vals, n) => this.exactScores(x, idx, vals, n));
    }
    this.scoreAll(u, this.scratch);
    const cand = candidateMask(this.fitted());
    let max = -Infinity;
    for (let i = 0; i < this.scratch.length; i++) if (cand[i] === 1 && this.scratch[i]! > max) max = this.scratch[i]!;
    return max;
  }

  /**
   * What recommendMany (and the hybrid's batch) pruned so far: merchants re-scored exactly and
   * merchants scanned (candidates per list), and row entries recommendMany scored in 16-bit
   * integers (the rest were skipped by RankedAlsScan's norm bound).
   */
  get pruningStats(): { rescored: number; scanned: number; scored: number } {
    const p = this.batch?.pruned;
    return { rescored: p?.rescored ?? 0, scanned: p?.scanned ?? 0, scored: this.batch?.scored ?? 0 };
  }

  private batchScorer(): AlsBatch | undefined {
    if (this.batch === undefined) this.batch = AlsBatch.create(this.y, this.p.factors, this.fitted(), this.itemNorms) ?? null;
    return this.batch ?? undefined;
  }

  /** Candidates by cosine of merchant factors, itself excluded. O(merchants·f). */
  similarMerchants(merchantIdx: number, k: number): Scored[] {
    const train = this.fitted();
    const f = this.p.factors;
    const y = this.y;
    const s = this.scratch;
    const norms = this.itemNorms;
    for (let i = 0; i < s.length; i++) {
      let d = 0;
      for (let a = 0; a < f; a++) d += y[merchantIdx * f + a]! * y[i * f + a]!;
      const den = norms[merchantIdx]! * norms[i]!;
      s[i] = den > 0 ? d / den : 0;
    }
    s[merchantIdx] = -Infinity;
    return topK(s, k, candidateMask(train));
  }

  /**
   * History shares c_uj · y_iᵀW_u y_j (source 'als'), largest first, as implicit's `explain`.
   * They sum to y_iᵀx_u with x_u solved exactly, i.e. to scoreAll's score when `exactUsers`.
   * Cold users get one popularity reason. O(n_u·f² + f³) per user (cached), then O(n_u·f).
   */
  explain(userIdx: number, merchantIdx: number, n = 10): Contribution[] {
    this.fitted();
    if (n < 1) return [];
    if (!this.isWarm(userIdx)) {
      return [{ merchantIdx: -1, value: this.popularity[merchantIdx] ?? 0, source: 'popularity' }];
    }
    const { h, dirs } = this.exact!.explainer(userIdx);
    const shares = explainShares(dirs, this.y, this.p.factors, merchantIdx);
    const parts: Contribution[] = [];
    shares.forEach((value, q) => parts.push({ merchantIdx: h.merchants[q]!, value, source: 'als' }));
    return sortContributions(parts).slice(0, n);
  }
}
