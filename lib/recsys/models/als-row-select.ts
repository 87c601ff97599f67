import { kthLargestStrided, type PrunedTopK, type Rescore } from '../matrix/pruned-top-k';
import type { Scored } from '../types';
import type { ScoreI16 } from '../wasm/score-i16';

/** Excluded entry of the integer score rows (no real score reaches it: |q| ≤ f·Q² < 2³¹). */
export const EXCLUDED = -2147483648;
/** Local copy: an imported binding read in a hot loop costs a getter call under CommonJS transpilation. */
const EXCL = EXCLUDED;

/** Bytes of a RowSelector's arrays for rows of 8·`blocks` entries (`blocks` a multiple of 8). */
export function selectBytes(blocks: number): number {
  return 4 * blocks + 16 * Math.ceil(blocks / 32) + 8 * blocks + blocks + 4 * blocks;
}

/**
 * The exact top k of a score row in the quantised scorer's memory (als-scorer.ts), from
 * approximate scores with a certified margin (≥ 2ε):
 * 1. the maximum of every 8 entries, then of every 64 (SIMD, in the module);
 * 2. t0 = the k-th largest of the 64-entry maxima, then t = the k-th largest of the 8-entry
 *    maxima reaching t0 (k distinct entries reach each, so t0 ≤ t ≤ T, the row's k-th
 *    largest approximate score; the first bound lets the second skip almost every entry;
 *    with fewer than k 64-entry maxima, t is the k-th largest of the 8-entry maxima alone);
 * 3. every merchant of the exact top k has approx ≥ T − margin ≥ t − margin (PrunedTopK), so
 *    the entries ≥ t − margin are gathered, from the blocks whose maximum reaches it only;
 * 4. PrunedTopK.selectAmong re-scores those within the margin of T exactly.
 * O(merchants/8 SIMD + merchants/64·log k + gathered·log k + re-scored·f).
 */
export class RowSelector {
  private readonly hits: Int32Array;
  private readonly vals: Float64Array;
  /** The maximum of every 8 entries of an integer row, then of every 8 of those (padding EXCLUDED). */
  private readonly blockMaxI: Int32Array;
  private readonly superMaxI: Int32Array;
  /** The same two levels for an f64 row (padding −∞). */
  private readonly blockMaxF: Float64Array;
  private readonly superMaxF: Float64Array;
  /** Blocks whose maximum reaches the gathering threshold (written by the module). */
  private readonly blockHits: Int32Array;

  /**
   * @param k - the scorer's module
   * @param l - where the arrays go: `select` (byte offset of selectBytes(blocks)), `hits`
   *   (int32, one per row entry: `stride` bytes) and `blocks` (8-entry maxima per row, a
   *   multiple of 8)
   * @param nM - merchants (k is capped to it)
   */
  constructor(
    private readonly k: ScoreI16,
    l: { select: number; hits: number; stride: number; blocks: number },
    private readonly nM: number,
  ) {
    const buf = k.memory.buffer;
    const { blocks } = l;
    this.hits = new Int32Array(buf, l.hits, l.stride / 4);
    this.vals = new Float64Array(l.stride / 4);
    this.blockMaxI = new Int32Array(buf, l.select, blocks).fill(EXCL);
    this.superMaxI = new Int32Array(buf, this.blockMaxI.byteOffset + 4 * blocks, blocks / 8);
    this.blockMaxF = new Float64Array(buf, this.superMaxI.byteOffset + 16 * Math.ceil(blocks / 32), blocks).fill(-Infinity);
    this.superMaxF = new Float64Array(buf, this.blockMaxF.byteOffset + 8 * blocks, blocks / 8);
    this.blockHits = new Int32Array(buf, this.superMaxF.byteOffset + blocks, blocks);
  }

  /**
   * The exact top k among rows[from .. from + len) (len a multiple of 64, or the whole padded
   * row), excluded entries EXCLUDED. With `order`, entry i is merchant order[i]: the gathered
   * entries are put in merchant order (so that ties still go to the smaller merchant) and the
   * list holds merchants. `floor`: a known lower bound of the k-th largest entry, or EXCLUDED.
   */
  topKInt(
    rows: Int32Array,
    from: number,
    len: number,
    k: number,
    margin: number,
    pruned: PrunedTopK,
    rescore: Rescore,
    order?: Int32Array,
    floor = EXCL,
  ): Scored[] {
    const at = rows.byteOffset + 4 * from;
    const bm = this.blockMaxI;
    this.k.blockMaxI32(at, at + 4 * len, bm.byteOffset);
    // block maxima of the first len entries; beyond a full row's, the padding (EXCLUDED)
    const n = 8 * Math.ceil(len / 64);
    const kk = Math.max(1, Math.min(k, this.nM));
    this.k.blockMaxI32(bm.byteOffset, bm.byteOffset + 4 * n, this.superMaxI.byteOffset);
    const ts = Math.max(kthLargestStrided(this.superMaxI, n / 8, 1, kk, EXCL), floor);
    // without a bound from the 64-entry maxima (fewer than k of them: a catalogue under 64·k,
    // or most of it excluded), the 8-entry maxima alone
    const t = kthLargestStrided(bm, n, 1, kk, ts === EXCL ? EXCL : ts - 1);
    const thr = Math.max(EXCL + 1, t - margin);
    const nb = this.k.gatherAtLeast(bm.byteOffset, bm.byteOffset + 4 * n, thr, this.blockHits.byteOffset);
    const c = this.gather(rows, from, nb, thr);
    if (order) inMerchantOrder(this.hits, this.vals, c, order);
    pruned.scanned += this.nM;
    return pruned.selectAmong(this.vals, this.hits, c, k, margin, rescore);
  }

  /**
   * The exact maximum over rows[from .. from + len) not EXCLUDED (−∞ when all are): the SIMD
   * maximum, then exact scores for the entries within the margin of it (with `order`, entry i
   * is merchant order[i], and rescore is given merchants).
   */
  maxInt(
    rows: Int32Array,
    from: number,
    len: number,
    margin: number,
    pruned: PrunedTopK,
    rescore: Rescore,
    order?: Int32Array,
  ): number {
    const at = rows.byteOffset + 4 * from;
    const top = this.k.rowMax(at, at + 4 * len);
    if (top === EXCL) return -Infinity;
    const c = this.k.gatherAtLeast(at, at + 4 * len, Math.max(EXCL + 1, top - margin), this.hits.byteOffset);
    if (order) for (let a = 0; a < c; a++) this.hits[a] = order[this.hits[a]!]!;
    rescore(this.hits, this.vals, c);
    let best = -Infinity;
    for (let m = 0; m < c; m++) best = Math.max(best, this.vals[m]!);
    pruned.rescored += c;
    pruned.scanned += this.nM;
    return best;
  }

  /**
   * A lower bound of the k-th largest of rows[from .. from + len) (len a multiple of 8): the
   * k-th largest of the maxima of every 8 entries (EXCLUDED when fewer than k).
   */
  lowerBound(rows: Int32Array, from: number, len: number, k: number): number {
    const at = rows.byteOffset + 4 * from;
    this.k.blockMaxI32(at, at + 4 * len, this.blockMaxI.byteOffset);
    return kthLargestStrided(this.blockMaxI, len / 8, 1, Math.max(1, Math.min(k, this.nM)), EXCL);
  }

  /**
   * The exact top k of approximate f64 scores (a whole padded row in the module's memory;
   * excluded entries −∞, no NaN).
   */
  topKF64(approx: Float64Array, k: number, margin: number, pruned: PrunedTopK, rescore: Rescore): Scored[] {
    const bm = this.blockMaxF;
    this.k.blockMaxF64(approx.byteOffset, approx.byteOffset + approx.byteLength, bm.byteOffset);
    const n = 8 * Math.ceil(approx.length / 64);
    this.k.blockMaxF64(bm.byteOffset, bm.byteOffset + 8 * n, this.superMaxF.byteOffset);
    const kk = Math.max(1, Math.min(k, this.nM));
    // as topKInt: the 64-entry bound, then the 8-entry one above it (when fewer than k block
    // maxima exceed ts, the k-th largest is ts itself, which kthLargest then returns)
    const ts = pruned.kthLargest(this.superMaxF, n / 8, kk, -Infinity);
    const t = pruned.kthLargest(bm, n, kk, ts);
    const thr = t - margin > -Infinity ? t - margin : -Number.MAX_VALUE;
    const nb = this.k.gatherF64AtLeast(bm.byteOffset, bm.byteOffset + 8 * n, thr, this.blockHits.byteOffset);
    const c = this.gather(approx, 0, nb, thr);
    pruned.scanned += this.nM;
    return pruned.selectAmong(this.vals, this.hits, c, k, margin, rescore);
  }

  /**
   * The entries ≥ thr of the nb blocks the module listed in blockHits (8 entries each, from
   * row[from]) into vals, their positions into hits, ascending; returns how many.
   */
  private gather(row: Int32Array | Float64Array, from: number, nb: number, thr: number): number {
    const { hits, vals, blockHits } = this;
    let c = 0;
    for (let h = 0; h < nb; h++) {
      const i0 = blockHits[h]! * 8;
      for (let i = i0; i < i0 + 8; i++) {
        const v = row[from + i]!;
        if (v >= thr) {
          vals[c] = v;
          hits[c++] = i;
        }
      }
    }
    return c;
  }
}

/**
 * Replaces the positions hits[0 .. c) by their merchants order[hits[a]] and sorts them (with
 * their vals) by merchant: insertion sort, for the few dozen gathered entries.
 */
function inMerchantOrder(hits: Int32Array, vals: Float64Array, c: number, order: Int32Array): void {
  for (let a = 0; a < c; a++) {
    const m = order[hits[a]!]!;
    const v = vals[a]!;
    let b = a;
    for (; b > 0 && hits[b - 1]! > m; b--) {
      hits[b] = hits[b - 1]!;
      vals[b] = vals[b - 1]!;
    }
    hits[b] = m;
    vals[b] = v;
  }
}
