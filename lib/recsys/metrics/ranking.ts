import { Int32Buffer } from '../data/buffers';

/**
 * Top-K ranking metrics with binary relevance (Järvelin & Kekäläinen 2002 for NDCG; Manning
 * et al., "Introduction to IR" ch. 8 for P/R/MAP/MRR). For one user with list L (best first)
 * and relevant set R, hit(r) = L[r] ∈ R for ranks r = 1..min(K, |L|):
 * - Precision@K = hits/K (a list shorter than K still divides by K)
 * - Recall@K = hits/|R|;  HitRate@K = 1 if hits > 0
 * - NDCG@K = Σ_hit 1/log2(r+1) ÷ Σ_{r=1}^{min(|R|,K)} 1/log2(r+1)
 * - MAP@K = Σ_hit (hits within 1..r)/r ÷ min(|R|,K);  MRR@K = 1/(rank of the first hit)
 * Every metric is 0 when |R| = 0. Aggregates are macro averages over evaluated users.
 */

/** A ranked list of merchant indices, best first. */
export type RankedList = ArrayLike<number>;

/** Names of the ranking metrics, in report order. */
export const RANKING_METRICS = ['precision', 'recall', 'hitRate', 'ndcg', 'map', 'mrr'] as const;
export type RankingMetric = (typeof RANKING_METRICS)[number];

function checkK(k: number): void {
  if (!(k >= 1) || !Number.isInteger(k)) throw new RangeError('k must be an integer ≥ 1');
}

function hitRanks(list: RankedList, relevant: ReadonlySet<number>, k: number): number[] {
  checkK(k);
  const ranks: number[] = [];
  const n = Math.min(k, list.length);
  for (let i = 0; i < n; i++) if (relevant.has(list[i]!)) ranks.push(i + 1);
  return ranks;
}

/** Precision@K = hits/K. O(K). */
export function precisionAtK(list: RankedList, relevant: ReadonlySet<number>, k: number): number {
  return hitRanks(list, relevant, k).length / k;
}

/** Recall@K = hits/|R| (0 when R is empty). O(K). */
export function recallAtK(list: RankedList, relevant: ReadonlySet<number>, k: number): number {
  const h = hitRanks(list, relevant, k).length;
  return relevant.size ? h / relevant.size : 0;
}

/** HitRate@K = 1 when any of the first K is relevant. O(K). */
export function hitRateAtK(list: RankedList, relevant: ReadonlySet<number>, k: number): number {
  return hitRanks(list, relevant, k).length > 0 ? 1 : 0;
}

/** Binary NDCG@K with discount 1/log2(rank+1), ideal over min(|R|,K) positions. O(K). */
export function ndcgAtK(list: RankedList, relevant: ReadonlySet<number>, k: number): number {
  const ranks = hitRanks(list, relevant, k);
  const idealN = Math.min(relevant.size, k);
  if (idealN === 0) return 0;
  let dcg = 0;
  for (const r of ranks) dcg += 1 / Math.log2(r + 1);
  let idcg = 0;
  for (let r = 1; r <= idealN; r++) idcg += 1 / Math.log2(r + 1);
  return dcg / idcg;
}

/** MAP@K: Σ over hits of precision at the hit's rank, ÷ min(|R|,K). O(K). */
export function mapAtK(list: RankedList, relevant: ReadonlySet<number>, k: number): number {
  const ranks = hitRanks(list, relevant, k);
  const denom = Math.min(relevant.size, k);
  if (denom === 0) return 0;
  let s = 0;
  ranks.forEach((r, i) => (s += (i + 1) / r));
  return s / denom;
}

/** MRR@K = 1/rank of the first hit within K, else 0. O(K). */
export function mrrAtK(list: RankedList, relevant: ReadonlySet<number>, k: number): number {
  const ranks = hitRanks(list, relevant, k);
  return ranks.length ? 1 / ranks[0]! : 0;
}

/** Largest kMax a {@link RankingAccumulator} supports (hit patterns are 31-bit masks). */
export const MAX_K = 31;

/**
 * Hit pattern of a list: bit r−1 set when rank r (≤ kMax) is relevant. O(kMax).
 * @param list - ranked merchant indices
 * @param relevant - relevant set R
 * @param kMax - ranks to look at (≤ 31)
 */
export function hitMask(list: RankedList, relevant: ReadonlySet<number>, kMax: number): number {
  let mask = 0;
  const n = Math.min(kMax, list.length);
  for (let i = 0; i < n; i++) if (relevant.has(list[i]!)) mask |= 1 << i;
  return mask;
}

const IDCG = new Float64Array(MAX_K + 1);
for (let r = 1; r <= MAX_K; r++) IDCG[r] = IDCG[r - 1]! + 1 / Math.log2(r + 1);

/**
 * All six metrics for every K = 1..kMax from a hit mask in one pass, written into `out`
 * (layout out[m·kMax + K−1] for metric m in {@link RANKING_METRICS} order). O(kMax).
 * @param mask - hit pattern from {@link hitMask}
 * @param nRel - |R|
 * @param kMax - largest K
 * @param out - buffer of length 6·kMax
 */
export function metricsFromMask(mask: number, nRel: number, kMax: number, out: Float64Array): void {
  let hits = 0;
  let dcg = 0;
  let ap = 0;
  let rr = 0;
  for (let k = 1; k <= kMax; k++) {
    if (mask & (1 << (k - 1))) {
      hits++;
      dcg += 1 / Math.log2(k + 1);
      ap += hits / k;
      if (rr === 0) rr = 1 / k;
    }
    const denom = Math.min(nRel, k);
    const i = k - 1;
    out[i] = hits / k;
    out[kMax + i] = nRel ? hits / nRel : 0;
    out[2 * kMax + i] = hits > 0 ? 1 : 0;
    out[3 * kMax + i] = denom ? dcg / IDCG[denom]! : 0;
    out[4 * kMax + i] = denom ? ap / denom : 0;
    out[5 * kMax + i] = rr;
  }
}

/**
 * Accumulates users' ranked lists and reports macro-averaged curves K = 1..kMax of all six
 * metrics, keeping each user's hit mask and |R| (8 bytes per user) so that per-user vectors
 * — for bootstrap intervals and paired comparisons — can be derived afterwards. add is
 * O(kMax); curves O(1) after adds.
 */
export class RankingAccumulator {
  readonly kMax: number;
  private readonly sums: Float64Array;
  private readonly tmp: Float64Array;
  private readonly masks = new Int32Buffer();
  private readonly nRels = new Int32Buffer();

  /** @param kMax - largest K, 1..31 (default 20) */
  constructor(kMax = 20) {
    if (!(kMax >= 1 && kMax <= MAX_K) || !Number.isInteger(kMax)) {
      throw new RangeError(`kMax must be an integer in 1..${MAX_K}`);
    }
    this.kMax = kMax;
    this.sums = new Float64Array(6 * kMax);
    this.tmp = new Float64Array(6 * kMax);
  }

  /** Number of users added. */
  get users(): number {
    return this.masks.length;
  }

  /**
   * Add one user's list. Users with empty R should not be added (they are not evaluable).
   * @returns the user's position in the per-user vectors
   */
  add(list: RankedList, relevant: ReadonlySet<number>): number {
    return this.addMask(hitMask(list, relevant, this.kMax), relevant.size);
  }

  /** Add a precomputed hit mask and |R|. O(kMax). */
  addMask(mask: number, nRel: number): number {
    metricsFromMask(mask, nRel, this.kMax, this.tmp);
    for (let i = 0; i < this.sums.length; i++) this.sums[i]! += this.tmp[i]!;
    this.masks.push(mask);
    this.nRels.push(nRel);
    return this.masks.length - 1;
  }

  /** Macro average of one metric at K (0 when no users). O(1). */
  mean(metric: RankingMetric, k: number): number {
    checkK(k);
    if (k > this.kMax) throw new RangeError(`k must be ≤ kMax = ${this.kMax}`);
    const n = this.users;
    return n ? this.sums[RANKING_METRICS.indexOf(metric) * this.kMax + k - 1]! / n : 0;
  }

  /** The curve K = 1..kMax of one metric (index K−1). O(kMax). */
  curve(metric: RankingMetric): number[] {
    return Array.from({ length: this.kMax }, (_, i) => this.mean(metric, i + 1));
  }

  /** Per-user values of one metric at K, in add order. O(users · kMax). */
  perUser(metric: RankingMetric, k: number): Float64Array {
    checkK(k);
    const m = RANKING_METRICS.indexOf(metric);
    const out = new Float64Array(this.users);
    for (let u = 0; u < out.length; u++) {
      metricsFromMask(this.masks.buf[u]!, this.nRels.buf[u]!, k, this.tmp);
      out[u] = this.tmp[m * k + k - 1]!;
    }
    return out;
  }

  /** Copies of the raw per-user hit masks and |R| (in add order). */
  raw(): { masks: Int32Array; nRel: Int32Array } {
    return { masks: this.masks.toArray(), nRel: this.nRels.toArray() };
  }
}
