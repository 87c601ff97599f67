import type { PrunedTopK, Rescore } from '../matrix/pruned-top-k';
import type { Scored } from '../types';
import { createScoreI16, SCORE_USERS, type ScoreI16 } from '../wasm/score-i16';
import { EXCLUDED, RowSelector, selectBytes } from './als-row-select';

/** f64 scratch rows in the scorer's memory (approximate blend, item-kNN, two base rows). */
export const F64_ROWS = 4;

export { EXCLUDED };

/**
 * Byte offsets of the scorer's arrays in the module's memory, for f factors and `positions` row entries:
 * merchants in nB (even) blocks of 4, rows of `stride` bytes (nB·4 int32 or nB·4 f64 entries
 * for f64 rows, which take 2·stride), and `blocks` = the row's maxima of every 8 entries,
 * rounded up to a multiple of 8 so that the maxima of every 64 entries are the maxima of
 * every 8 of them (the selection's arrays, als-row-select.ts).
 */
function layout(f: number, positions: number) {
  const blockBytes = ((f + 1) >> 1) * 16;
  const nB = 2 * Math.ceil(positions / 8);
  const stride = nB * 16;
  const blocks = 8 * Math.ceil(nB / 16);
  const yBytes = nB * blockBytes;
  const xs = yBytes;
  const out = xs + SCORE_USERS * blockBytes;
  const hits = out + SCORE_USERS * stride;
  const f64Rows = hits + stride;
  const select = f64Rows + F64_ROWS * 2 * stride;
  return { yBytes, stride, blocks, xs, out, hits, f64Rows, select, bytes: select + selectBytes(blocks) };
}

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
  /** The quantised users' pairs (x[2p], x[2p+1] as int16) repeated 4 times, as int32. */
  private readonly xPairs: Int32Array;
  private readonly out: Int32Array;
  /** The exact top k and maximum of a row (als-row-select.ts). */
  private readonly selector: RowSelector;
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
  /** Per user of the last `run`: ‖x_u‖. */
  readonly xNorm = new Float64Array(SCORE_USERS);

  private constructor(k: ScoreI16, y: Float64Array, private readonly f: number, readonly nM: number, positions: number) {
    this.k = k;
    this.pairs = (f + 1) >> 1;
    this.blockBytes = this.pairs * 16;
    const l = layout(f, positions);
    this.yBytes = l.yBytes;
    this.stride = l.stride;
    this.q = Math.min(32767, Math.floor(Math.sqrt(2147483647 / (2 * this.pairs))));
    const buf = k.memory.buffer;
    const yq = new Int16Array(buf, 0, this.yBytes / 2);
    this.xPairs = new Int32Array(buf, l.xs, (SCORE_USERS * this.blockBytes) / 4);
    this.out = new Int32Array(buf, l.out, (SCORE_USERS * l.stride) / 4);
    this.f64Rows = Array.from({ length: F64_ROWS }, (_, r) => new Float64Array(buf, l.f64Rows + r * l.stride * 2, l.stride / 4));
    this.selector = new RowSelector(k, l, nM);
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
   * @param positions - row entries to allocate (≥ nM; default nM rounded up to 8); the
   *   entries from nM on score 0 and callers exclude them
   */
  static create(y: Float64Array, f: number, nM: number, positions = nM): QuantisedAlsScorer | undefined {
    const k = createScoreI16(layout(f, Math.max(nM, positions)).bytes);
    return k ? new QuantisedAlsScorer(k, y, f, nM, Math.max(nM, positions)) : undefined;
  }

  /**
   * Quantises up to SCORE_USERS user vectors and scores them against every merchant; then
   * `row(j)`, `scale[j]` and `eps[j]` describe user j. Missing users score 0.
   * O(merchants·f / 8) SIMD steps per user.
   * @param xs - the users' exact vectors (length f each)
   */
  run(xs: readonly (Float64Array | undefined)[]): void {
    this.quantise(xs);
    this.scoreRange(0, this.paddedLength);
  }

  /**
   * The first half of `run`: quantises up to SCORE_USERS user vectors and sets `scale`, `eps`
   * and `xNorm`; `scoreRange` then scores them.
   */
  quantise(xs: readonly (Float64Array | undefined)[]): void {
    const { f, q, pairs } = this;
    const qx = this.xPairs;
    for (let u = 0; u < SCORE_USERS; u++) {
      const x = xs[u];
      let maxAbs = 0;
      if (x) for (let a = 0; a < f; a++) maxAbs = Math.max(maxAbs, Math.abs(x[a]!));
      const sx = maxAbs > 0 ? maxAbs / q : 0;
      let nx = 0;
      let nt = 0;
      let nd = 0;
      for (let p = 0, o = u * pairs * 4; p < pairs; p++, o += 4) {
        const v0 = sx > 0 ? x![2 * p]! : 0;
        const v1 = sx > 0 && 2 * p + 1 < f ? x![2 * p + 1]! : 0;
        const q0 = sx > 0 ? Math.round(v0 / sx) : 0;
        const q1 = sx > 0 ? Math.round(v1 / sx) : 0;
        const t0 = q0 * sx;
        const t1 = q1 * sx;
        nx += v0 * v0 + v1 * v1;
        nt += t0 * t0 + t1 * t1;
        nd += (v0 - t0) * (v0 - t0) + (v1 - t1) * (v1 - t1);
        // the pair as two int16 (little-endian), once for each of the 4 merchants of a block
        const w = (q0 & 0xffff) | (q1 << 16);
        qx[o] = w;
        qx[o + 1] = w;
        qx[o + 2] = w;
        qx[o + 3] = w;
      }
      const sNx = Math.sqrt(nx);
      const sNt = Math.sqrt(nt);
      this.scale[u] = sx * this.sy;
      this.xNorm[u] = sNx;
      this.eps[u] =
        (Math.sqrt(nd) * this.yNormMax + sNt * this.dyNormMax) * (1 + 1e-9) + 1e-10 * (sNx + sNt) * this.yNormMax;
    }
  }

  /**
   * Scores the quantised users against row entries from .. to (multiples of 8): afterwards
   * row(j)[from .. to) are user j's integer scores. O((to − from)·f / 8) SIMD steps per user.
   */
  scoreRange(from: number, to: number): void {
    const b = this.blockBytes / 4;
    this.k.scoreI16(from * b, to * b, this.blockBytes, this.xPairs.byteOffset, this.out.byteOffset + 4 * from, this.stride);
  }

  /**
   * Exact top k of user j after the caller has set excluded entries of row(j) to EXCLUDED
   * (including the padding entries nM .. paddedLength), over its first `len` entries (len a
   * multiple of 64, or paddedLength; the rest certainly below the gathering threshold, see
   * als-ranked.ts): RowSelector.topKInt. With `order`, entry i is merchant order[i]: the
   * gathered entries are put in merchant order (so that ties still go to the smaller
   * merchant) and the list holds merchants. `floor`: a known lower bound of the k-th largest
   * entry (e.g. `lowerBound` of a shorter prefix), or EXCLUDED.
   */
  topKPrefix(
    j: number,
    len: number,
    k: number,
    pruned: PrunedTopK,
    rescore: Rescore,
    order?: Int32Array,
    floor = EXCLUDED,
  ): Scored[] {
    return this.selector.topKInt(this.out, (j * this.stride) / 4, len, k, this.margin(j), pruned, rescore, order, floor);
  }

  /**
   * A lower bound of the k-th largest of the first `len` entries of row(j) (len a multiple of
   * 8): the k-th largest of the maxima of every 8 entries (EXCLUDED when fewer than k).
   */
  lowerBound(j: number, len: number, k: number): number {
    return this.selector.lowerBound(this.out, (j * this.stride) / 4, len, k);
  }

  /**
   * The exact maximum of user j's scores over the entries of row(j) not EXCLUDED (−∞ when all
   * are): the SIMD row maximum, then exact scores for the entries within the margin of it.
   * @param j - user slot of the last run
   * @param pruned - selector whose statistics count the re-scored entries
   * @param rescore - exact scores of the gathered merchants
   * @param len - entries of the row to look at (a multiple of 8; the rest certainly lower)
   * @param order - entry i is merchant order[i] (rescore is given merchants)
   */
  exactMax(j: number, pruned: PrunedTopK, rescore: Rescore, len = this.paddedLength, order?: Int32Array): number {
    return this.selector.maxInt(this.out, (j * this.stride) / 4, len, this.margin(j), pruned, rescore, order);
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
   * Exact top k from approximate f64 scores in an f64Row (excluded entries −∞, no NaN):
   * RowSelector.topKF64.
   * @param approx - approximate scores (an f64Row)
   * @param k - list length
   * @param margin - ≥ 2·(error bound of approx)
   * @param pruned - the selector
   * @param rescore - exact scores of the merchants it gathers
   */
  topKF64(approx: Float64Array, k: number, margin: number, pruned: PrunedTopK, rescore: Rescore): Scored[] {
    return this.selector.topKF64(approx, k, margin, pruned, rescore);
  }

  /** Length of a score row including the padding entries (a multiple of 4 ≥ nM). */
  get paddedLength(): number {
    return this.stride / 4;
  }

  /** Every user slot's row in one array: row(j) is rows[j·paddedLength .. (j + 1)·paddedLength). */
  get rows(): Int32Array {
    return this.out;
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
