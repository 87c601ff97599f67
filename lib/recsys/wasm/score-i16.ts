/**
 * A WebAssembly kernel scoring four users against every merchant in 16-bit integers, with the
 * 128-bit SIMD instruction i32x4.dot_i16x8_s (8 multiply-adds per instruction, exact int32
 * sums). It is the cheap first pass of the ALS batch scorer (models/als-scorer.ts), whose
 * results are then certified and re-scored in f64.
 *
 * Layouts (all in the module's own memory; callers pass byte offsets):
 * - merchants in blocks of 4 (an even number of blocks: two are scored per pass), factors in
 *   pairs: the 16 bytes of (block b, pair p) hold y_{4b+m}[2p], y_{4b+m}[2p+1] for m = 0..3 (int16);
 * - users: 4 consecutive runs of `blockBytes` = pairs·16 bytes; the 16 bytes of (user u, pair p)
 *   hold x_u[2p], x_u[2p+1] repeated 4 times;
 * - out: int32, user u's merchant i at out + u·outStride + 4·i.
 * Then lane m of dot(y block, x pair splat) is y_{4b+m}·x over that pair, so one accumulator
 * holds 4 merchants and no horizontal sum is needed.
 *
 *   scoreI16(y, yEnd, blockBytes, xs, out, outStride)
 *   gatherAtLeast(row, end, thr, out) → count;  rowMax(row, end) → max   (on int32 rows)
 *   blockMaxI32 / blockMaxF64(row, end, out): the maximum of every 8 entries (selection thresholds)
 * The row scans' bodies are in row-scans.ts; this file holds the scoring kernel and the module.
 */

import {
  uleb,
  vec,
  section,
  name,
  I32,
  V128,
  get,
  set,
  i32,
  ADD,
  MUL,
  GE_U,
  load,
  store,
  ZERO,
  I32X4_ADD,
  I32X4_DOT_I16X8_S,
} from './emit';

/** The compiled kernels over their own memory. */
export interface ScoreI16 {
  memory: WebAssembly.Memory;
  scoreI16(y: number, yEnd: number, blockBytes: number, xs: number, out: number, outStride: number): void;
  /**
   * Writes the positions i (ascending, int32 at out) of the int32 entries row[i] ≥ thr, for
   * row .. end (byte offsets, end − row a multiple of 16), and returns how many there are.
   */
  gatherAtLeast(row: number, end: number, thr: number, out: number): number;
  /** The largest int32 entry of row .. end (byte offsets, end − row a multiple of 16, > 0). */
  rowMax(row: number, end: number): number;
  /**
   * out[i] = base[i] + cKnn·max(knn[i], 0) + cAls·max(q[i], 0) for the f64 arrays out, knn,
   * base and the int32 array q (byte offsets; out .. end, an even number of entries).
   */
  blendF64(out: number, q: number, knn: number, base: number, end: number, cKnn: number, cAls: number): void;
  /** gatherAtLeast for f64 entries (end − row a multiple of 16). */
  gatherF64AtLeast(row: number, end: number, thr: number, out: number): number;
  /**
   * out[b] = the largest of the int32 entries 8b .. 8b + 7 of row .. end (byte offsets, end − row
   * a multiple of 32); out is int32.
   */
  blockMaxI32(row: number, end: number, out: number): void;
  /**
   * out[b] = the largest of the f64 entries 8b .. 8b + 7 of row .. end (end − row a multiple of
   * 64; f64x2.pmax, so a NaN entry may be skipped); out is f64.
   */
  blockMaxF64(row: number, end: number, out: number): void;
}

import {
  blendBody,
  blockMaxF64Body,
  blockMaxI32Body,
  F64,
  gatherBody,
  gatherF64Body,
  maxBody,
} from './row-scans';

/** Users scored per call (accumulators held in registers). */
export const SCORE_USERS = 4;
// parameters 0..5, then i32 locals 6..12, v128 locals 13..23
const Y = 0, Y_END = 1, BLOCK = 2, XS = 3, OUT = 4, STRIDE = 5;
const MB = 6, K = 7, O = 8, MB1 = 9;
/** x pointers of users 1..SCORE_USERS − 1 (user 0's is XS). */
const XU = [XS, ...Array.from({ length: SCORE_USERS - 1 }, (_, u) => 10 + u)];
const N_I32 = 4 + SCORE_USERS - 1;
const YV0 = 6 + N_I32, YV1 = YV0 + 1, XV = YV0 + 2;
/** Accumulators: user u's for the first merchant block, then for the second. */
const ACC = Array.from({ length: 2 * SCORE_USERS }, (_, a) => XV + 1 + a);
const N_V128 = 3 + 2 * SCORE_USERS;

const add = (a: number, b: number) => [...get(a), ...get(b), ADD];
const madd = (acc: number, yv: number) => [
  ...get(acc), ...get(yv), ...get(XV), ...I32X4_DOT_I16X8_S, ...I32X4_ADD, ...set(acc),
];

/** Two merchant blocks per pass, so that each x pair splat loaded serves 8 dot products. */
function body(): number[] {
  const inner = [
    ...get(MB), ...get(K), ADD, ...load(0), ...set(YV0),
    ...get(MB1), ...get(K), ADD, ...load(0), ...set(YV1),
    ...XU.flatMap((x, u) => [
      ...add(x, K), ...load(0), ...set(XV),
      ...madd(ACC[u]!, YV0), ...madd(ACC[SCORE_USERS + u]!, YV1),
    ]),
  ];
  const stores = XU.flatMap((_, u) => [
    ...get(O), ...(u ? [...get(STRIDE), ...i32(u), MUL, ADD] : []), ...get(ACC[u]!), ...store(0),
    ...get(O), ...(u ? [...get(STRIDE), ...i32(u), MUL, ADD] : []), ...get(ACC[SCORE_USERS + u]!), ...store(16),
  ]);
  return [
    ...XU.slice(1).flatMap((x, u) => [...add(XU[u]!, BLOCK), ...set(x)]),
    ...get(OUT), ...set(O), ...get(Y), ...set(MB),
    // for (mb = y; mb < yEnd; mb += 2·blockBytes, o += 32)
    0x02, 0x40, 0x03, 0x40,
    ...get(MB), ...get(Y_END), GE_U, 0x0d, 1,
    ...add(MB, BLOCK), ...set(MB1),
    ...ACC.flatMap((acc) => [...ZERO, ...set(acc)]),
    // for (k = 0; k < blockBytes; k += 16)
    ...i32(0), ...set(K),
    0x02, 0x40, 0x03, 0x40,
    ...get(K), ...get(BLOCK), GE_U, 0x0d, 1,
    ...inner,
    ...get(K), ...i32(16), ADD, ...set(K), 0x0c, 0, 0x0b, 0x0b,
    ...stores,
    ...add(MB1, BLOCK), ...set(MB), ...get(O), ...i32(32), ADD, ...set(O),
    0x0c, 0, 0x0b, 0x0b,
    0x0b,
  ];
}

/** The module's bytes: imports memory e.m, exports the kernels of {@link ScoreI16}. */
export function scoreI16Bytes(): Uint8Array<ArrayBuffer> {
  const fn = (locals: number[], body: number[]) => {
    const code = [...locals, ...body];
    return [...uleb(code.length), ...code];
  };
  const params = (n: number) => vec(Array.from({ length: n }, () => [I32]));
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([
      [0x60, ...params(6), ...vec([])],
      [0x60, ...params(4), ...vec([[I32]])],
      [0x60, ...params(2), ...vec([[I32]])],
      [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [F64], [F64]]), ...vec([])],
      [0x60, ...vec([[I32], [I32], [F64], [I32]]), ...vec([[I32]])],
      [0x60, ...params(3), ...vec([])],
    ])),
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [1], [2], [3], [4], [5], [5]])),
    ...section(7, vec([[...name('scoreI16'), 0x00, 0], [...name('gatherAtLeast'), 0x00, 1], [...name('rowMax'), 0x00, 2],
      [...name('blendF64'), 0x00, 3], [...name('gatherF64AtLeast'), 0x00, 4],
      [...name('blockMaxI32'), 0x00, 5], [...name('blockMaxF64'), 0x00, 6],
    ])),
    ...section(10, vec([
      fn(vec([[...uleb(N_I32), I32], [...uleb(N_V128), V128]]), body()),
      fn(vec([[...uleb(2), I32], [...uleb(1), V128]]), gatherBody()),
      fn(vec([[...uleb(3), I32], [...uleb(1), V128]]), maxBody()),
      fn(vec([[...uleb(1), I32], [...uleb(2), V128]]), blendBody()),
      fn(vec([[...uleb(2), I32], [...uleb(1), V128]]), gatherF64Body()),
      fn(vec([[...uleb(1), V128]]), blockMaxI32Body()),
      fn(vec([[...uleb(1), V128]]), blockMaxF64Body()),
    ])),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * A fresh instance with its own memory of `bytes` (rounded up to 64 KiB pages), or undefined
 * where WebAssembly SIMD is unavailable (callers then score in f64 only).
 * @param bytes - memory the caller needs
 */
export function createScoreI16(bytes: number): ScoreI16 | undefined {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(scoreI16Bytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return undefined;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const ex = new WebAssembly.Instance(compiled, { e: { m: memory } }).exports;
  return {
    memory,
    scoreI16: ex.scoreI16 as ScoreI16['scoreI16'],
    gatherAtLeast: ex.gatherAtLeast as ScoreI16['gatherAtLeast'],
    rowMax: ex.rowMax as ScoreI16['rowMax'],
    blendF64: ex.blendF64 as ScoreI16['blendF64'],
    gatherF64AtLeast: ex.gatherF64AtLeast as ScoreI16['gatherF64AtLeast'],
    blockMaxI32: ex.blockMaxI32 as ScoreI16['blockMaxI32'],
    blockMaxF64: ex.blockMaxF64 as ScoreI16['blockMaxF64'],
  };
}
