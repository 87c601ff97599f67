import { transpose } from '../matrix/csr';
import type { Csr, InteractionMatrix } from '../types';

/**
 * Beyond-accuracy metrics of recommendation lists (Kaminskas & Bridge 2016 survey), all on the
 * binary training matrix B (B[u,i] = 1 when user u ordered merchant i before the cutoff).
 */

/**
 * Catalog coverage@K = |∪_u topK(u) ∩ C| ÷ |C|, C = merchants with ≥ 1 training checkout
 * (Ge et al. 2010). 0 when C is empty. O(Σ K + merchants).
 * @param lists - the evaluated users' ranked lists
 * @param k - list cut-off
 * @param candidates - mask of C (see candidateMask)
 */
export function catalogCoverage(
  lists: Iterable<ArrayLike<number>>,
  k: number,
  candidates: Uint8Array,
): number {
  if (!(k >= 1)) throw new RangeError('k must be ≥ 1');
  const seen = new Uint8Array(candidates.length);
  let covered = 0;
  let total = 0;
  for (let i = 0; i < candidates.length; i++) total += candidates[i]! ? 1 : 0;
  for (const list of lists) {
    const n = Math.min(k, list.length);
    for (let r = 0; r < n; r++) {
      const m = list[r]!;
      if (candidates[m] === 1 && seen[m] === 0) {
        seen[m] = 1;
        covered++;
      }
    }
  }
  return total ? covered / total : 0;
}

/**
 * Binary cosine between merchants on training orders: cos(a,b) = co-users ÷ √(users(a) ·
 * users(b)), 0 when there are no co-users. Keeps merchant → users lists (CSR of Bᵀ) and caches
 * pairs, since the same popular pairs recur in many lists. cosine O(users(a) + users(b)).
 */
export class MerchantCosine {
  /** Users per merchant with ≥ 1 training order. */
  readonly users: Int32Array;
  private readonly byMerchant: Csr;
  private readonly cache = new Map<number, number>();
  private readonly nM: number;

  /** @param train - the training matrix (pairs with orders > 0 count) */
  constructor(train: InteractionMatrix) {
    const w = train.weights;
    const data = new Float64Array(w.indices.length);
    for (let p = 0; p < data.length; p++) data[p] = train.orders[p]! > 0 ? 1 : 0;
    this.byMerchant = transpose({ ...w, data });
    this.nM = w.nCols;
    this.users = new Int32Array(this.nM);
    const t = this.byMerchant;
    for (let m = 0; m < this.nM; m++) {
      let c = 0;
      for (let p = t.indptr[m]!; p < t.indptr[m + 1]!; p++) c += t.data[p]!;
      this.users[m] = c;
    }
  }

  /** cos(a, b) as defined above; merchants outside the matrix have no users (cos 0). */
  cosine(a: number, b: number): number {
    if (a === b) return 1;
    if (a > b) [a, b] = [b, a];
    if (a < 0 || b >= this.nM) return 0;
    const na = this.users[a]!;
    const nb = this.users[b]!;
    if (na === 0 || nb === 0) return 0;
    const key = a * this.nM + b;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const cos = this.coUsers(a, b) / Math.sqrt(na * nb);
    if (this.cache.size > 4_000_000) this.cache.clear();
    this.cache.set(key, cos);
    return cos;
  }

  /**
   * Users who ordered both (Σ over common users of the 0/1 order flags). A merge of the two
   * sorted user lists, or, when one is over 16 times longer, a binary search of each entry of
   * the shorter in the rest of the longer: O(min(n_a + n_b, n_short · log n_long)).
   */
  private coUsers(a: number, b: number): number {
    const t = this.byMerchant;
    let [p, pe, q, qe] = [t.indptr[a]!, t.indptr[a + 1]!, t.indptr[b]!, t.indptr[b + 1]!];
    if (pe - p > qe - q) [p, pe, q, qe] = [q, qe, p, pe];
    let co = 0;
    if ((qe - q) > 16 * (pe - p)) {
      for (; p < pe; p++) {
        const u = t.indices[p]!;
        let lo = q;
        let hi = qe;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (t.indices[mid]! < u) lo = mid + 1;
          else hi = mid;
        }
        if (lo < qe && t.indices[lo] === u) co += t.data[p]! * t.data[lo]!;
        q = lo;
      }
      return co;
    }
    while (p < pe && q < qe) {
      const ua = t.indices[p]!;
      const ub = t.indices[q]!;
      if (ua === ub) co += t.data[p++]! * t.data[q++]!;
      else if (ua < ub) p++;
      else q++;
    }
    return co;
  }
}

/**
 * Intra-list diversity of one list (Ziegler et al. 2005): mean over the pairs of its first K
 * merchants of (1 − cos). `undefined` for lists with fewer than 2 merchants. O(K² · cosine).
 * @param list - ranked merchants
 * @param k - cut-off
 * @param cos - the merchant cosine of the training matrix
 */
export function intraListDiversity(
  list: ArrayLike<number>,
  k: number,
  cos: MerchantCosine,
): number | undefined {
  const n = Math.min(k, list.length);
  if (n < 2) return undefined;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += 1 - cos.cosine(list[i]!, list[j]!);
  return s / ((n * (n - 1)) / 2);
}

/**
 * Diversity@K: mean of {@link intraListDiversity} over the lists with ≥ 2 merchants.
 * @returns value (0 when no list qualifies) and the number of lists averaged
 */
export function meanIntraListDiversity(
  lists: Iterable<ArrayLike<number>>,
  k: number,
  cos: MerchantCosine,
): { value: number; users: number } {
  let s = 0;
  let n = 0;
  for (const l of lists) {
    const d = intraListDiversity(l, k, cos);
    if (d !== undefined) {
      s += d;
      n++;
    }
  }
  return { value: n ? s / n : 0, users: n };
}

/**
 * Novelty@K = mean over all recommended slots (u, i ∈ topK(u)) of the self-information
 * −log2 p(i), p(i) = users(i)/N, N = users with a training order (Zhou et al. 2010, PNAS).
 * Merchants with no training users count with p = 1/N. 0 when there are no slots.
 * O(Σ K).
 * @param lists - ranked lists
 * @param k - cut-off
 * @param merchantUsers - users per merchant (MerchantCosine.users or merchantUserCounts)
 * @param nUsers - N
 */
export function novelty(
  lists: Iterable<ArrayLike<number>>,
  k: number,
  merchantUsers: Int32Array,
  nUsers: number,
): { value: number; items: number } {
  if (!(nUsers >= 1)) return { value: 0, items: 0 };
  let s = 0;
  let n = 0;
  for (const l of lists) {
    const len = Math.min(k, l.length);
    for (let r = 0; r < len; r++) {
      const users = Math.max(1, merchantUsers[l[r]!] ?? 0);
      s -= Math.log2(users / nUsers);
      n++;
    }
  }
  return { value: n ? s / n : 0, items: n };
}
