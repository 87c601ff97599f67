import type { WeightingOptions } from '../data/interactions';
import { rankScores } from '../matrix/top-k';
import { coldListOnce } from '../recommend-many';
import { Rng } from '../random';
import type {
  Contribution,
  FitOptions,
  InteractionMatrix,
  Recommender,
  RecommendOptions,
  Scored,
} from '../types';
import { AlsModel, type AlsSnapshot } from './als';
import { HybridBatch } from './hybrid-batch';
import { HybridSignals, N_SIGNALS, SIGNALS, type SignalParams } from './hybrid-signals';
import { carveOut } from './hybrid-validation';
import { collectValidationBoth, learnWeights, type LearnedWeights, type ValidationUser } from './hybrid-weights';
import { ItemKnnModel, type ItemKnnSnapshot, sortContributions } from './item-knn';

/** Hyper-parameters of {@link HybridModel}. */
export interface HybridParams extends SignalParams {
  /** Validation window carved from the end of training, in days (default 14). */
  validationDays?: number;
  /** Weighting the training matrix was built with, to rebuild the carve-out from events. */
  weighting?: WeightingOptions;
  /** Random simplex samples of the weight search (default 150). */
  searchSamples?: number;
  /**
   * Validation users the weights are learned on: a seeded sample when the window has more
   * (default 5,000). The search costs O(samples · users · pool); beyond a few thousand users the
   * chosen weights stop changing while the time keeps growing (8 min at 46,000 users).
   */
  maxValidationUsers?: number;
  /** Fixed weights (SIGNALS order) for both protocols: skips learning. */
  weights?: readonly number[];
}

/** A fitted HybridModel as plain data (see HybridModel.snapshot / fromSnapshot). */
export interface HybridSnapshot {
  params: Omit<HybridParams, 'alsKernels'>;
  weightsAll: Float64Array;
  weightsDiscovery: Float64Array;
  report: HybridValidationReport | undefined;
  als: AlsSnapshot;
  knn: ItemKnnSnapshot;
}

/** What weight learning saw, reported in metrics.json. */
export interface HybridValidationReport {
  validationDays: number;
  /** 'events' (exact carve-out) or 'matrix' (approximate, see carveOutFromMatrix). */
  source: 'events' | 'matrix' | 'fixed';
  all: LearnedWeights | undefined;
  discovery: LearnedWeights | undefined;
}

/**
 * The default model: Final(u, i) = Σ_s w_s · signal_s(u, i) over SIGNALS (item-knn, als,
 * popularity, recency, repeat), each normalised per user to [0, 1] (see HybridSignals), with
 * weights LEARNED on a validation window carved from the end of training:
 *
 *   model.fit(train, { seed, events })   // events = the raw training events (FitOptions.events)
 *
 * fit (1) splits the events at train.now − validationDays (`validationSplit`; without events,
 * `carveOutFromMatrix`), (2) fits the signals on the early part, (3) learns one weight vector
 * per protocol by random search + coordinate ascent on NDCG@10 of the validation users
 * (`learnWeights`; one-hot vectors included, so never worse there than the best single
 * signal), (4) refits the signals on the whole training matrix (adopting item-kNN / ALS models
 * of `FitOptions.fitted` already fitted there with the same params instead). `recommend` uses the
 * discovery weights when `excludeOrdered`, else the "all" weights (also used by scoreAll and
 * explain). Cold users: popularity and recency only.
 * fit ≈ 2 × (item-kNN + ALS fits) + O(validation users · merchants); scoreAll O(signals).
 */
export class HybridModel implements Recommender {
  readonly kind = 'hybrid' as const;
  readonly params: Record<string, number | string | boolean> = {};
  private readonly signals: HybridSignals;
  private weightsAll: Float64Array = new Float64Array(N_SIGNALS);
  private weightsDiscovery: Float64Array = new Float64Array(N_SIGNALS);
  private bufs: Float64Array[] = [];
  private scale = new Float64Array(N_SIGNALS);
  private combined = new Float64Array(0);
  private fittedOn: InteractionMatrix | undefined;
  private batch: HybridBatch | undefined;
  /** Validation results of the last fit. */
  report: HybridValidationReport | undefined;

  /** @param p - see {@link HybridParams} */
  constructor(private readonly p: HybridParams = {}) {
    if (p.weights && p.weights.length !== N_SIGNALS) throw new RangeError(`weights must have ${N_SIGNALS} entries`);
    if (p.validationDays !== undefined && !(p.validationDays > 0)) throw new RangeError('validationDays must be > 0');
    this.signals = new HybridSignals(p);
  }

  /**
   * Learns the blend weights on a validation carve-out, then fits the signals on `train`.
   * @param train - the training matrix
   * @param opts - seed; `events` = raw training events for an exact carve-out
   */
  fit(train: InteractionMatrix, opts: FitOptions = {}): void {
    const seed = opts.seed ?? 42;
    const days = this.p.validationDays ?? 14;
    if (this.p.weights) {
      this.weightsAll = Float64Array.from(this.p.weights);
      this.weightsDiscovery = this.weightsAll.slice();
      this.report = { validationDays: days, source: 'fixed', all: undefined, discovery: undefined };
    } else {
      opts.onProgress?.('hybrid: validation carve-out', 0);
      const carve = carveOut(train, days, opts.events, this.p.weighting);
      const early = new HybridSignals(this.p);
      // only the sampled validation users are scored: no per-user precomputation for all
      early.fit(carve.train, seed, [], false);
      opts.onProgress?.('hybrid: learning weights', 0.4);
      const picked = sampleValidationUsers(carve.userIdx.length, this.p.maxValidationUsers ?? 5000, seed);
      const users = picked.map((t) => carve.userIdx[t]!);
      const relevant = picked.map((t) => carve.relevant[t]!);
      const data = collectValidationBoth(early, users, relevant);
      const learn = (d: ValidationUser[]): LearnedWeights =>
        learnWeights(d, { seed, samples: this.p.searchSamples });
      const all = learn(data.all);
      const discovery = learn(data.discovery);
      this.weightsAll = all.weights;
      this.weightsDiscovery = discovery.weights;
      this.report = { validationDays: days, source: carve.source, all, discovery };
    }
    opts.onProgress?.('hybrid: fitting signals', 0.6);
    this.signals.fit(train, seed, opts.fitted);
    this.ready(train, days);
    opts.onProgress?.('hybrid: done', 1);
  }

  /** Scratch buffers and reported params once the signals and weights are in place. */
  private ready(train: InteractionMatrix, days: number): void {
    const nM = train.merchants.size;
    this.bufs = Array.from({ length: N_SIGNALS }, () => new Float64Array(nM));
    this.combined = new Float64Array(nM);
    this.knnRaw = new Float64Array(nM);
    this.fittedOn = train;
    this.batch = undefined;
    this.computedFor = undefined;
    this.explainedFor = undefined;
    this.setParams(days);
  }

  private setParams(days: number): void {
    const p = this.params;
    SIGNALS.forEach((s, i) => {
      p[`w.${s}`] = round(this.weightsAll[i]!);
      p[`wDiscovery.${s}`] = round(this.weightsDiscovery[i]!);
    });
    p.validationDays = days;
    for (const [k, v] of Object.entries(this.signals.knn.params)) p[`itemKnn.${k}`] = v;
    for (const [k, v] of Object.entries(this.signals.als.params)) p[`als.${k}`] = v;
    if (this.report?.all) p.validationNdcgAll = round(this.report.all.ndcg);
    if (this.report?.discovery) p.validationNdcgDiscovery = round(this.report.discovery.ndcg);
  }

  /**
   * The fitted model as plain data (typed arrays, strings, numbers), e.g. for a worker thread
   * (lib/engine/score-pool.ts); `alsKernels` is not carried (copies do not fit).
   */
  snapshot(): HybridSnapshot {
    this.fitted();
    const { alsKernels: _k, ...p } = this.p;
    return {
      params: p,
      weightsAll: this.weightsAll,
      weightsDiscovery: this.weightsDiscovery,
      report: this.report,
      als: this.signals.als.snapshot(),
      knn: this.signals.knn.snapshot(),
    };
  }

  /**
   * A fitted model equal to the one `s` was taken from: recommend, recommendMany and explain
   * give the same values bit for bit.
   * @param s - from {@link HybridModel.snapshot} (possibly structured-cloned)
   */
  static fromSnapshot(s: HybridSnapshot): HybridModel {
    const m = new HybridModel(s.params);
    const als = AlsModel.fromSnapshot(s.als);
    const train = als.fittedOn!.train;
    m.signals.adopt(train, ItemKnnModel.fromSnapshot(train, s.knn), als);
    m.weightsAll = s.weightsAll;
    m.weightsDiscovery = s.weightsDiscovery;
    m.report = s.report;
    m.ready(train, s.params.validationDays ?? 14);
    return m;
  }

  /** The item-kNN and ALS models the blend uses (the run's own when adopted, see HybridSignals.fit). */
  get collaborative(): { knn: ItemKnnModel; als: AlsModel } {
    return { knn: this.signals.knn, als: this.signals.als };
  }

  /** The learned weights per protocol (SIGNALS order). */
  get weights(): { all: Float64Array; discovery: Float64Array } {
    return { all: this.weightsAll, discovery: this.weightsDiscovery };
  }

  private fitted(): InteractionMatrix {
    if (!this.fittedOn) throw new TypeError('HybridModel: call fit() first');
    return this.fittedOn;
  }

  /** Cold users blend only popularity and recency (renormalised; popularity when both are 0). */
  private effectiveWeights(u: number, discovery: boolean): Float64Array {
    const w = discovery ? this.weightsDiscovery : this.weightsAll;
    if (this.signals.isWarm(u)) return w;
    const out = new Float64Array(N_SIGNALS);
    const total = w[2]! + w[3]!;
    if (total > 0) {
      out[2] = w[2]! / total;
      out[3] = w[3]! / total;
    } else out[2] = 1;
    return out;
  }

  /** User whose normalised signals `bufs`/`scale` hold (recommend); none yet: undefined (−1 is a user: cold). */
  private computedFor: number | undefined;
  /** User whose signal factors `explainScale` and item-kNN row `knnRaw` hold (explain). */
  private explainedFor: number | undefined;
  private readonly explainScale = new Float64Array(N_SIGNALS);
  private knnRaw = new Float64Array(0);

  private computeSignals(u: number): void {
    if (this.computedFor === u) return;
    this.signals.compute(u, this.bufs, this.scale);
    this.computedFor = u;
  }

  private blend(u: number, w: Float64Array, out: Float64Array): void {
    this.computeSignals(u);
    out.fill(0);
    for (let s = 0; s < N_SIGNALS; s++) {
      const ws = w[s]!;
      if (ws === 0) continue;
      const v = this.bufs[s]!;
      for (let i = 0; i < out.length; i++) out[i]! += ws * v[i]!;
    }
  }

  /** Blend with the "all" weights. O(signals' scoreAll + merchants·signals). */
  scoreAll(userIdx: number, out: Float64Array): void {
    this.fitted();
    this.blend(userIdx, this.effectiveWeights(userIdx, false), out);
  }

  /** Blend with the protocol's weights, then the caller's exclusions. O(scoreAll + merchants·log k). */
  recommend(userIdx: number, k: number, opts: RecommendOptions = {}): Scored[] {
    const train = this.fitted();
    this.blend(userIdx, this.effectiveWeights(userIdx, opts.excludeOrdered === true), this.combined);
    return rankScores(this.combined, train, userIdx, k, opts);
  }

  /**
   * recommend() for many users at once, with identical lists (see HybridBatch: the ALS signal
   * is scored in 16-bit integers with a certified bound, only near-ties are re-scored exactly).
   * Cold users, and every user where WebAssembly SIMD is unavailable, go through recommend
   * (cold users once per call: their list is the same for all of them).
   * @param users - user indices
   * @param k - list length
   * @param opts - excludeOrdered / exclude, as recommend
   */
  recommendMany(users: Int32Array, k: number, opts: RecommendOptions = {}): Scored[][] {
    this.fitted();
    const out: Scored[][] = new Array<Scored[]>(users.length);
    const warm: number[] = [];
    const at: number[] = [];
    const cold = coldListOnce((u) => this.recommend(u, k, opts));
    users.forEach((u, j) => {
      if (this.signals.isWarm(u)) {
        warm.push(u);
        at.push(j);
      } else out[j] = cold(u);
    });
    this.batch ??= new HybridBatch(this.signals);
    const w = opts.excludeOrdered === true ? this.weightsDiscovery : this.weightsAll;
    const done = this.batch.run(warm, k, opts, w, (j, list) => (out[at[j]!] = list));
    if (!done) for (let j = 0; j < warm.length; j++) out[at[j]!] = this.recommend(warm[j]!, k, opts);
    return out;
  }

  /** Merchants re-scored exactly / merchants scanned by recommendMany so far. */
  get pruningStats(): { rescored: number; scanned: number } {
    return this.batch?.pruningStats ?? { rescored: 0, scanned: 0 };
  }

  /** Item-kNN neighbours (the most interpretable notion of "similar"). O(N log k). */
  similarMerchants(merchantIdx: number, k: number): Scored[] {
    this.fitted();
    return this.signals.knn.similarMerchants(merchantIdx, k);
  }

  /**
   * Additive reasons summing to the blended score: history-merchant shares of item-knn and
   * als (each × w/max), and one share each for popularity and recency (merchantIdx −1) and
   * repeat (the merchant itself). Largest first, top n.
   * @param userIdx - the user
   * @param merchantIdx - the merchant
   * @param n - how many reasons (default 10)
   * @param opts - `excludeOrdered: true` explains the discovery blend (recommend's scores then)
   */
  explain(userIdx: number, merchantIdx: number, n = 10, opts: RecommendOptions = {}): Contribution[] {
    this.fitted();
    if (n < 1) return [];
    const w = this.effectiveWeights(userIdx, opts.excludeOrdered === true);
    if (this.explainedFor !== userIdx) {
      this.signals.scales(userIdx, this.explainScale, this.knnRaw);
      this.explainedFor = userIdx;
    }
    const parts: Contribution[] = [];
    for (let s = 0; s < N_SIGNALS; s++) {
      const sc = this.explainScale[s]!;
      if (sc === 0 || w[s] === 0) continue;
      const raw = this.signals.rawAt(s, userIdx, merchantIdx, this.knnRaw);
      parts.push(...this.signals.reasons(s, userIdx, merchantIdx, w[s]! * sc, raw));
    }
    return sortContributions(parts).slice(0, n);
  }
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * Positions 0..n−1, or a seeded sample of `max` of them in ascending order when n > max.
 * O(n).
 * @param n - number of validation users
 * @param max - how many to keep
 * @param seed - the model's seed
 */
export function sampleValidationUsers(n: number, max: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  new Rng(seed ^ 0x5eed).shuffle(all);
  return all.slice(0, max).sort((a, b) => a - b);
}
