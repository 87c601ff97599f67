import { candidateMask } from '../data/interactions';
import type { PrunedTopK, Rescore } from '../matrix/pruned-top-k';
import { coldListOnce } from '../recommend-many';
import type { InteractionMatrix, RecommendOptions, Scored } from '../types';
import { SCORE_USERS } from '../wasm/score-i16';
import { EXCLUDED, QuantisedAlsScorer } from './als-scorer';

/** What the batch path needs of its fitted model (AlsModel). */
export interface BatchModel {
  readonly train: InteractionMatrix;
  isWarm(u: number): boolean;
  /** The model's own list for u (k and options as in the batch call): cold users' fallback. */
  recommend(u: number): Scored[];
  /** The exact user vector the model scores with. */
  userVector(u: number): Float64Array;
  /** vals[j] = x·y_{idx[j]} for j < n, bit-identical to the model's scoreAll entries. */
  exactScores(x: Float64Array, idx: Int32Array, vals: Float64Array, n: number): void;
}

/** Local copy: an imported binding read in a hot loop costs a getter call under CommonJS transpilation. */
const EXCL = EXCLUDED;
/** Share of the candidates scored before any user's threshold is taken. */
const FIRST_PASS = 0.2;

/**
 * ALS lists for many users that skip the merchants which certainly cannot reach them.
 *
 * The candidates (merchants with a training checkout) are laid out by descending ‖y_i‖. A
 * group of SCORE_USERS users is scored in 16-bit integers (als-scorer.ts) against the first
 * FIRST_PASS of them; for each user the k-th largest of the maxima of every 8 entries so
 * far, t0, is a lower bound of the k-th largest approximate score T over all candidates. By
 * Cauchy–Schwarz and the scorer's bound ε, merchant i's approximate score is at most
 * ‖x‖·‖y_i‖ + ε; once that is below t0 − margin (margin ≥ 2ε), merchant i and every later
 * one (smaller norm) is below the gathering threshold of QuantisedAlsScorer.topKPrefix and
 * cannot be in the exact top k nor within the margin of it. The group is scored up to the
 * furthest user's stopping point, and each list is selected from that prefix exactly as from
 * the whole row, so it equals the model's recommend. On generated data of the production
 * size 44 % of the candidates are skipped (`npm run bench:engine -- --only production`), on
 * the 5,000,000-order set 80 %.
 */
export class RankedAlsScan {
  /** Row entries scored so far, over all users (the rest were skipped). */
  scored = 0;

  private constructor(
    private readonly scorer: QuantisedAlsScorer,
    /** The merchant at each position: the candidates by descending ‖y_i‖ (ties: smaller index). */
    private readonly order: Int32Array,
    /** The position of each merchant (−1: not a candidate). */
    private readonly posOf: Int32Array,
    /** ‖y‖ of the merchant at each position (non-increasing). */
    private readonly norm: Float64Array,
    /** Positions scored before the thresholds are taken (a multiple of 64). */
    private readonly first: number,
  ) {}

  /**
   * The scan over merchant factors y (row-major, f per merchant) with their norms ‖y_i‖
   * (AlsModel keeps them) of a model fitted on `train`, or undefined without WebAssembly SIMD.
   * O(merchants·(f + log merchants)).
   */
  static create(y: Float64Array, f: number, train: InteractionMatrix, norms: Float64Array): RankedAlsScan | undefined {
    const nM = train.weights.nCols;
    const cand = candidateMask(train);
    const order = Int32Array.from({ length: nM }, (_, i) => i)
      .filter((i) => cand[i] === 1)
      .sort((a, b) => norms[b]! - norms[a]! || a - b);
    const nC = order.length;
    const yr = new Float64Array(nC * f);
    for (let p = 0; p < nC; p++) yr.set(y.subarray(order[p]! * f, order[p]! * f + f), p * f);
    const positions = 64 * Math.max(1, Math.ceil(nC / 64));
    const scorer = QuantisedAlsScorer.create(yr, f, nC, positions);
    if (!scorer) return undefined;
    const posOf = new Int32Array(nM).fill(-1);
    order.forEach((m, p) => (posOf[m] = p));
    const first = Math.min(positions, 64 * Math.max(1, Math.ceil((FIRST_PASS * nC) / 64)));
    return new RankedAlsScan(scorer, order, posOf, Float64Array.from(order, (m) => norms[m]!), first);
  }

  /**
   * The model's lists for many users (identical to its recommend): warm users SCORE_USERS at
   * a time as described above; cold users get the model's fallback, the same for all of them,
   * computed once per call.
   * @param m - the fitted model
   * @param users - user indices
   * @param k - list length
   * @param opts - excludeOrdered / exclude
   * @param pruned - the selector (its statistics count re-scored and scanned merchants)
   */
  recommendMany(m: BatchModel, users: Int32Array, k: number, opts: RecommendOptions, pruned: PrunedTopK): Scored[][] {
    const out: Scored[][] = new Array<Scored[]>(users.length);
    const block: number[] = [];
    const vecs: Float64Array[] = [];
    const floors = new Float64Array(SCORE_USERS);
    // one closure per call (not per user) over the vector of the user being selected
    let x: Float64Array = new Float64Array(0);
    const rescore: Rescore = (idx, vals, n) => m.exactScores(x, idx, vals, n);
    const { scorer, order } = this;
    const kk = Math.max(1, Math.min(k, order.length));
    const flush = () => {
      vecs.length = 0;
      for (const j of block) vecs.push(m.userVector(users[j]!));
      scorer.quantise(vecs);
      scorer.scoreRange(0, this.first);
      let end = this.first;
      for (let j = 0; j < block.length; j++) {
        this.exclude(j, m.train, users[block[j]!]!, opts, 0, this.first);
        floors[j] = scorer.lowerBound(j, this.first, kk);
        end = Math.max(end, this.stop(j, floors[j]!));
      }
      if (end > this.first) {
        scorer.scoreRange(this.first, end);
        for (let j = 0; j < block.length; j++) this.exclude(j, m.train, users[block[j]!]!, opts, this.first, end);
      }
      for (let j = 0; j < block.length; j++) {
        x = vecs[j]!;
        out[block[j]!] = scorer.topKPrefix(j, end, k, pruned, rescore, order, floors[j]);
      }
      this.scored += end * block.length;
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
   * The exact maximum of x·y_i over the candidates (−∞ when there are none), as the model
   * scores them (rescore: exact scores of the merchants given): the first pass, then as far
   * as ‖x‖·‖y_i‖ + ε can still reach its largest 8-entry maximum (the lists' rule with k = 1),
   * then exact scores for the entries within the margin of the approximate maximum.
   * Uses the scorer's slot 0. O(scanned·f / 8 + near-top·f).
   */
  maxScore(x: Float64Array, train: InteractionMatrix, pruned: PrunedTopK, rescore: Rescore): number {
    const s = this.scorer;
    s.quantise([x]);
    s.scoreRange(0, this.first);
    this.exclude(0, train, -1, {}, 0, this.first);
    const end = this.stop(0, s.lowerBound(0, this.first, 1));
    if (end > this.first) {
      s.scoreRange(this.first, end);
      this.exclude(0, train, -1, {}, this.first, end);
    }
    return s.exactMax(0, pruned, rescore, end, this.order);
  }

  /**
   * Where user j's scan may stop, given t0 (a lower bound of the k-th largest integer score):
   * the first position from `first` on whose bound ‖x‖·‖y‖ + ε is below scale·(t0 − margin),
   * rounded up to a multiple of 64 (all positions when the bound never falls that low).
   */
  private stop(j: number, t0: number): number {
    const s = this.scorer;
    const positions = s.paddedLength;
    const scale = s.scale[j]!;
    const margin = s.margin(j);
    if (!(scale > 0) || t0 === EXCL || margin === Infinity) return positions;
    const raw = scale * (t0 - margin);
    const lim = raw - Math.abs(raw) * 1e-12;
    const xn = s.xNorm[j]! * (1 + 1e-9);
    const eps = s.eps[j]!;
    const { norm } = this;
    let lo = this.first;
    let hi = norm.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xn * norm[mid]! + eps < lim) hi = mid;
      else lo = mid + 1;
    }
    return Math.min(positions, 64 * Math.ceil(lo / 64));
  }

  /**
   * EXCLUDED for user j's entries from .. to that no list may hold: the padding positions,
   * and (as applyExclusions in top-k.ts) the user's ordered merchants when `excludeOrdered`
   * and the caller's `exclude` set.
   */
  private exclude(j: number, train: InteractionMatrix, u: number, opts: RecommendOptions, from: number, to: number): void {
    const rows = this.scorer.rows;
    const o = j * this.scorer.paddedLength;
    const nC = this.order.length;
    if (to > nC) rows.fill(EXCL, o + Math.max(from, nC), o + to);
    const { posOf } = this;
    const w = train.weights;
    if (opts.excludeOrdered && u >= 0 && u < w.nRows) {
      for (let p = w.indptr[u]!; p < w.indptr[u + 1]!; p++) {
        const at = train.orders[p]! > 0 ? posOf[w.indices[p]!]! : -1;
        if (at >= from && at < to) rows[o + at] = EXCL;
      }
    }
    if (opts.exclude) {
      for (const m of opts.exclude) {
        const at = m >= 0 && m < posOf.length ? posOf[m]! : -1;
        if (at >= from && at < to) rows[o + at] = EXCL;
      }
    }
  }
}
