import { kthLargestStrided, type PrunedTopK } from '../matrix/pruned-top-k';
import type { Scored } from '../types';
import { createScoreI16, SCORE_USERS, type ScoreI16 } from '../wasm/score-i16';

/** f64 scratch rows in the scorer's memory (approximate blend, item-kNN, two base rows). */
export const F64_ROWS = 4;

/** Excluded entry of the integer score rows (no real score reaches it: |q| ≤ f·Q² < 2³¹). */
export const EXCLUDED = -2147483648;

/**
 * Approximate ALS scores x_uᵀy_i for SCORE_USERS users at a time in 16-bit integers (the
 * WebAssembly kernel of wasm/score-i16.ts), each with a certified bound on its error.
 *
 * Quantisation: ỹ_i = s_y·round(y_i/s_y) with one step s_y = max|Y|/Q for all merchants, and
 * x̃_u = s_x·round(x_u/s_x) with s_x = max|x_u|/Q per user, Q = ⌊√((2³¹ − 1)/f)⌋ (at most
 * 32,767) so that an int32 sum of f products cannot overflow. The kernel returns q_i = the exact
 * integer dot product, and x̃ᵀỹ_i = s_x·s_y·q_i. Since xᵀy − x̃ᵀỹ = (x − x̃)ᵀy + x̃ᵀ(y − ỹ),
 *   |s_x·s_y·q_i − x_uᵀy_i| ≤ ε_u = ‖x − x̃‖·max_i‖y_i‖ + ‖x̃‖·max_i‖y_i − ỹ_i‖,
 * plus a slack of 1e-10·(‖x‖ + ‖x̃‖)·max_i‖y_i‖ that covers every floating-point rounding
 * (of the exact f64 score, of s_x·s_y·q, of the norms). Relative to the scores ε_u is about
 * 1e-3, so only a few merchants per user need the exact f64 score.
 */
export class QuantisedAlsScorer {
  private readonly k: ScoreI16;
  private readonly pairs: number;
  private readonly blockBytes: number;
  private readonly yBytes: number;
  private readonly stride: number;
  private readonly xs: Int16Array;
  private readonly out: Int32Array;
  private readonly hits: Int32Array;
  private readonly vals: Float64Array;
  /** The maximum of every 8 entries of a row (int32 or f64 view of the same bytes), for thresholds. */
  private readonly blockMaxI: Int32Array;
  private readonly blockMaxF: Float64Array;
  /** f64 rows of paddedLength in the module's memory, for the hybrid's blend (see `f64Row`). */
  private readonly f64Rows: Float64Array[];
  private readonly q: number;
  private readonly sy: number;
  private readonly yNormMax: number;
  private readonly dyNormMax: number;
  /** Per user of the last `run`: s_x·s_y (0 for a zero vector). */
  readonly scale = new Float64Array(SCORE_USERS);
  /** Per user of the last `run`: the error bound ε_u. */
  readonly eps = new Float64Array(SCORE_USERS);

  private constructor(k: ScoreI16, y: Float64Array, private readonly f: number, readonly nM: number) {
    this.k = k;
    this.pairs = (f + 1) >> 1;
    this.blockBytes = this.pairs * 16;
    const nB = 2 * Math.ceil(nM / 8);
    this.yBytes = nB * this.blockBytes;
    this.stride = nB * 16;
    this.q = Math.min(32767, Math.floor(Math.sqrt(2147483647 / (2 * this.pairs))));
    const buf = k.memory.buffer;
    const yq = new Int16Array(buf, 0, this.yBytes / 2);
    this.xs = new Int16Array(buf, this.yBytes, (SCORE_USERS * this.blockBytes) / 2);
    this.out = new Int32Array(buf, this.yBytes + SCORE_USERS * this.blockBytes, SCORE_USERS * nB * 4);
    this.hits = new Int32Array(buf, this.out.byteOffset + this.out.byteLength, nB * 4);
    this.vals = new Float64Array(nB * 4);
    const f64At = this.hits.byteOffset + this.hits.byteLength;
    this.f64Rows = Array.from({ length: F64_ROWS }, (_, r) => new Float64Array(buf, f64At + r * nB * 32, nB * 4));
    this.blockMaxF = new Float64Array(buf, f64At + F64_ROWS * nB * 32, nB / 2);
    this.blockMaxI = new Int32Array(buf, this.blockMaxF.byteOffset, nB / 2);
    let maxAbs = 0;
    for (const v of y) maxAbs = Math.max(maxAbs, Math.abs(v));
    this.sy = maxAbs > 0 ? maxAbs / this.q : 1;
    let yNormMax = 0;
    let dyNormMax = 0;
    for (let i = 0; i < nM; i++) {
      let ny = 0;
      let nd = 0;
      for (let a = 0; a < f; a++) {
        const v = y[i * f + a]!;
        const qv = Math.round(v / this.sy);
        const d = v - qv * this.sy;
        ny += v * v;
        nd += d * d;
        yq[((i >> 2) * this.pairs + (a >> 1)) * 8 + (i & 3) * 2 + (a & 1)] = qv;
      }
      yNormMax = Math.max(yNormMax, Math.sqrt(ny));
      dyNormMax = Math.max(dyNormMax, Math.sqrt(nd));
    }
    this.yNormMax = yNormMax;
    this.dyNormMax = dyNormMax;
  }

  /**
   * A scorer over merchant factors y (row-major, f per merchant), or undefined where
   * WebAssembly SIMD is unavailable. O(merchants·f).
   */
  static create(y: Float64Array, f: number, nM: number): QuantisedAlsScorer | undefined {
    const pairs = (f + 1) >> 1;
    const nB = 2 * Math.ceil(nM / 8);
    const bytes = (nB + SCORE_USERS) * pairs * 16 + (SCORE_USERS + 1) * nB * 16 + F64_ROWS * nB * 32 + nB * 4;
    const k = createScoreI16(bytes);
    return k ? new QuantisedAlsScorer(k, y, f, nM) : undefined;
  }

  /**
   * Quantises up to SCORE_USERS user vectors and scores them against every merchant; then
   * `row(j)`, `scale[j]` and `eps[j]` describe user j. Missing users score 0.
   * O(merchants·f / 8) SIMD steps per user.
   * @param xs - the users' exact vectors (length f each)
   */
  run(xs: readonly (Float64Array | undefined)[]): void {
    const { f, q, pairs, xs: qx } = this;
    for (let u = 0; u < SCORE_USERS; u++) {
      const x = xs[u];
      const base = (u * this.blockBytes) / 2;
      let maxAbs = 0;
      if (x) for (let a = 0; a < f; a++) maxAbs = Math.max(maxAbs, Math.abs(x[a]!));
      const sx = maxAbs > 0 ? maxAbs / q : 0;
      let nx = 0;
      let nt = 0;
      let nd = 0;
      for (let p = 0; p < pairs; p++) {
        for (let h = 0; h < 2; h++) {
          const a = 2 * p + h;
          const v = x && a < f ? x[a]! : 0;
          const qv = sx > 0 ? Math.round(v / sx) : 0;
          const tv = qv * sx;
          nx += v * v;
          nt += tv * tv;
          nd += (v - tv) * (v - tv);
          for (let m = 0; m < 4; m++) qx[base + p * 8 + m * 2 + h] = qv;
        }
      }
      const sNx = Math.sqrt(nx);
      const sNt = Math.sqrt(nt);
      this.scale[u] = sx * this.sy;
      this.eps[u] =
        (Math.sqrt(nd) * this.yNormMax + sNt * this.dyNormMax) * (1 + 1e-9) + 1e-10 * (sNx + sNt) * this.yNormMax;
    }
    this.k.scoreI16(0, this.yBytes, this.blockBytes, this.xs.byteOffset, this.out.byteOffset, this.stride);
  }

  /**
   * Exact top k of user j after the caller has set excluded entries of row(j) to EXCLUDED
   * (including the padding entries nM .. paddedLength): the k-th largest of the maxima of
   * every 8 entries as threshold (k distinct entries reach it, so it is a lower bound of the
   * row's k-th largest, and a tight one), a SIMD gather of the entries reaching it, then
   * PrunedTopK.selectAmong with this user's margin. O(merchants/8·log k + gathered·log k + pruned·f).
   * @param j - user slot of the last run
   * @param k - list length
   * @param pruned - the selector
   * @param exact - exact score of merchant i (bit-identical to the model's scoreAll)
   */
  topK(j: number, k: number, pruned: PrunedTopK, exact: (i: number) => number): Scored[] {
    const o = (j * this.stride) / 4;
    const row = this.out.subarray(o, o + this.stride / 4);
    const bm = this.blockMaxI;
    this.k.blockMaxI32(row.byteOffset, row.byteOffset + this.stride, bm.byteOffset);
    const t = kthLargestStrided(bm, bm.length, 1, Math.max(1, Math.min(k, this.nM)), EXCLUDED);
    const c = this.k.gatherAtLeast(row.byteOffset, row.byteOffset + this.stride, t === EXCLUDED ? t + 1 : t, this.hits.byteOffset);
    const { hits, vals } = this;
    for (let m = 0; m < c; m++) vals[m] = row[hits[m]!]!;
    pruned.scanned += this.nM;
    return pruned.selectAmong(vals, hits, c, k, this.margin(j), exact);
  }

  /**
   * The exact maximum of user j's scores over the entries of row(j) not EXCLUDED (−∞ when all
   * are): the SIMD row maximum, then exact scores for the entries within the margin of it.
   * @param j - user slot of the last run
   * @param pruned - selector whose statistics count the re-scored entries
   * @param exact - exact score of merchant i
   */
  exactMax(j: number, pruned: PrunedTopK, exact: (i: number) => number): number {
    const o = (j * this.stride) / 4;
    const row = this.out.subarray(o, o + this.stride / 4);
    const end = row.byteOffset + this.stride;
    const top = this.k.rowMax(row.byteOffset, end);
    if (top === EXCLUDED) return -Infinity;
    const c = this.k.gatherAtLeast(row.byteOffset, end, Math.max(EXCLUDED + 1, top - this.margin(j)), this.hits.byteOffset);
    let best = -Infinity;
    for (let m = 0; m < c; m++) best = Math.max(best, exact(this.hits[m]!));
    pruned.rescored += c;
    pruned.scanned += this.nM;
    return best;
  }

  /**
   * An f64 scratch row (r < F64_ROWS) of paddedLength entries in the module's memory, for
   * `blend` and `topKF64`.
   */
  f64Row(r: number): Float64Array {
    return this.f64Rows[r]!;
  }

  /**
   * out_i = base_i + cKnn·max(knn_i, 0) + cAls·max(q_i, 0) over the padded row, with q = row(j)
   * (SIMD, f64). out, knn and base must be f64Row rows. O(merchants).
   */
  blend(out: Float64Array, j: number, knn: Float64Array, base: Float64Array, cKnn: number, cAls: number): void {
    const o = (j * this.stride) / 4;
    const q = this.out.subarray(o, o + this.stride / 4);
    this.k.blendF64(out.byteOffset, q.byteOffset, knn.byteOffset, base.byteOffset, out.byteOffset + out.byteLength, cKnn, cAls);
  }

  /**
   * Exact top k from approximate f64 scores in an f64Row (excluded entries −∞, no NaN): the
   * k-th largest of the maxima of every 8 entries as a lower bound (as topK), a SIMD gather
   * of the entries reaching it, then PrunedTopK.selectAmong.
   * O(merchants/8·log k + merchants/2 SIMD + gathered·log k).
   * @param approx - approximate scores (an f64Row)
   * @param k - list length
   * @param margin - ≥ 2·(error bound of approx)
   * @param pruned - the selector
   * @param exact - exact score of merchant i
   */
  topKF64(approx: Float64Array, k: number, margin: number, pruned: PrunedTopK, exact: (i: number) => number): Scored[] {
    const bm = this.blockMaxF;
    this.k.blockMaxF64(approx.byteOffset, approx.byteOffset + approx.byteLength, bm.byteOffset);
    const t = pruned.kthLargest(bm, bm.length, Math.max(1, Math.min(k, this.nM)), -Infinity);
    const thr = t === -Infinity ? -Number.MAX_VALUE : t;
    const c = this.k.gatherF64AtLeast(approx.byteOffset, approx.byteOffset + approx.byteLength, thr, this.hits.byteOffset);
    const { hits, vals } = this;
    for (let m = 0; m < c; m++) vals[m] = approx[hits[m]!]!;
    pruned.scanned += this.nM;
    return pruned.selectAmong(vals, hits, c, k, margin, exact);
  }

  /** Length of a score row including the padding entries (a multiple of 4 ≥ nM). */
  get paddedLength(): number {
    return this.stride / 4;
  }

  /**
   * User j's integer scores q_i (i < nM, then padding up to paddedLength; approx score = scale[j]·q_i), a view into the module's
   * memory valid until the next run; callers may overwrite entries (e.g. with EXCLUDED).
   */
  row(j: number): Int32Array {
    const o = (j * this.stride) / 4;
    return this.out.subarray(o, o + this.stride / 4);
  }

  /**
   * A margin ≥ 2ε_j in user j's integer units (Infinity for a zero vector: every entry
   * is then re-scored, all exactly 0).
   */
  margin(j: number): number {
    const s = this.scale[j]!;
    return s > 0 ? Math.floor(((2 * this.eps[j]!) / s) * (1 + 1e-9)) + 2 : Infinity;
  }
}

/**
 * x·y_i with exactly the operations of AlsModel.scoreAll, so that re-scored values are
 * bit-identical to it: the WebAssembly rowDots order (four interleaved partial sums, combined
 * as (s0 + s2) + (s1 + s3)) when `wasmOrder`, else one sequential sum. O(f).
 * @param x - user vector
 * @param y - merchant factors
 * @param i - merchant
 * @param f - number of factors
 * @param wasmOrder - whether scoreAll uses the WebAssembly kernel (f % 4 = 0 and SIMD present)
 */
export function alsDot(x: Float64Array, y: Float64Array, i: number, f: number, wasmOrder: boolean): number {
  const o = i * f;
  if (wasmOrder) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let a = 0; a < f; a += 4) {
      s0 += y[o + a]! * x[a]!;
      s1 += y[o + a + 1]! * x[a + 1]!;
      s2 += y[o + a + 2]! * x[a + 2]!;
      s3 += y[o + a + 3]! * x[a + 3]!;
    }
    return s0 + s2 + (s1 + s3);
  }
  let d = 0;
  for (let a = 0; a < f; a++) d += x[a]! * y[o + a]!;
  return d;
}
