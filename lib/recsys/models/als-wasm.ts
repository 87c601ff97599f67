/**
 * Two dense row products as a WebAssembly module with 128-bit SIMD (f64x2: the arithmetic
 * stays double precision), emitted as bytes here because the project has no wasm toolchain.
 * About 3× the scalar JavaScript loops on the project's machine. Used by the ALS scoring and
 * exact solves (als.ts, als-exact.ts); the CG sweep has its own kernels (wasm/als-cg-module.ts,
 * wasm/gemm-tiles.ts). The module owns one linear memory; callers pass byte offsets into it.
 *
 *   rowDots(g, n, f, v, t):   t[q] = g_q · v            for q < n   (g row-major n × f)
 *   addRows(g, n, f, w, out): out += Σ_q w[q] · g_q
 *   dotsAt(g, idx, n, f, v, t): t[j] = g_{idx[j]} · v   for j < n   (idx int32), with rowDots'
 *                             order of operations, so each value equals rowDots' bit for bit
 *
 * Both need f to be a multiple of 4 (two f64x2 lanes pairs per step); callers use JavaScript
 * loops otherwise, and wherever WebAssembly SIMD is unavailable.
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
  SHL,
  SUB,
  load,
  store,
  ZERO,
  F64X2_SPLAT,
  F64X2_ADD,
  F64X2_MUL,
  lane,
  forLoop,
} from '../wasm/emit';

/** The compiled kernels over their own memory. */
export interface WasmRows {
  memory: WebAssembly.Memory;
  rowDots(g: number, n: number, f: number, v: number, t: number): void;
  addRows(g: number, n: number, f: number, w: number, out: number): void;
  dotsAt(g: number, idx: number, n: number, f: number, v: number, t: number): void;
}

/** Local indices of one kernel's parameters and locals. */
interface Slots {
  n: number;
  f: number;
  v: number;
  t: number;
  q: number;
  k: number;
  rowBytes: number;
  row: number;
  q8: number;
  row1: number;
  nm1: number;
  acc: [number, number, number, number];
  /** Code leaving the byte address of row q + off (off 0 or 1) on the stack. */
  rowAddr: (off: number) => number[];
}

const slots = (first: number, rowAddr: (s: Omit<Slots, 'rowAddr'>, off: number) => number[]): Slots => {
  const p = first;
  const s = {
    n: p, f: p + 1, v: p + 2, t: p + 3,
    q: p + 4, k: p + 5, rowBytes: p + 6, row: p + 7, q8: p + 8, row1: p + 9, nm1: p + 10,
    acc: [p + 11, p + 12, p + 13, p + 14] as [number, number, number, number],
  };
  return { ...s, rowAddr: (off) => rowAddr(s, off) };
};
/** rows given as a block (g, n, f, v, t): row q at g + q·f·8. */
const DENSE = slots(1, (s, off) => [...get(0), ...get(s.q), ...(off ? [...i32(off), ADD] : []), ...get(s.rowBytes), MUL, ADD]);

const at = (base: number, k: number) => [...get(base), ...get(k), ADD];
const madd = (acc: number, row: number, s: Slots, off: number) => [
  ...get(acc), ...at(row, s.k), ...load(off), ...at(s.v, s.k), ...load(off), ...F64X2_MUL, ...F64X2_ADD, ...set(acc),
];
/** t[q + off] = horizontal sum of accumulators a + b. */
const storeSum = (s: Slots, a: number, b: number, off: number) => [
  ...at(s.t, s.q8),
  ...get(a), ...get(b), ...F64X2_ADD, ...set(a),
  ...get(a), ...lane(0), ...get(a), ...lane(1), 0xa0,
  0x39, 3, ...uleb(8 * off),
];
const prologue = (s: Slots) => [
  ...get(s.f), ...i32(3), SHL, ...set(s.rowBytes),
  ...get(s.n), ...i32(1), SUB, ...set(s.nm1),
];

/** t[q] = row q · v, two rows per pass (each load of v serves both). */
const rowDotsBody = (s: Slots) => {
  const [a0, a1, a2, a3] = s.acc;
  return [
    ...prologue(s),
    ...forLoop(s.q, s.nm1, 2, [
      ...ZERO, ...set(a0), ...ZERO, ...set(a1), ...ZERO, ...set(a2), ...ZERO, ...set(a3),
      ...s.rowAddr(0), ...set(s.row), ...s.rowAddr(1), ...set(s.row1),
      ...forLoop(s.k, s.rowBytes, 32, [
        ...madd(a0, s.row, s, 0), ...madd(a1, s.row, s, 16), ...madd(a2, s.row1, s, 0), ...madd(a3, s.row1, s, 16),
      ]),
      ...get(s.q), ...i32(3), SHL, ...set(s.q8),
      ...storeSum(s, a0, a1, 0), ...storeSum(s, a2, a3, 1),
    ], false, true),
    ...forLoop(s.q, s.n, 1, [
      ...ZERO, ...set(a0), ...ZERO, ...set(a1), ...s.rowAddr(0), ...set(s.row),
      ...forLoop(s.k, s.rowBytes, 32, [...madd(a0, s.row, s, 0), ...madd(a1, s.row, s, 16)]),
      ...get(s.q), ...i32(3), SHL, ...set(s.q8),
      ...storeSum(s, a0, a1, 0),
    ], true),
    0x0b,
  ];
};

/** out += Σ_q w[q] · row q (w in the v slot, out in the t slot), two rows per pass over out. */
const addRowsBody = (s: Slots) => {
  const [w0, w1] = s.acc;
  const weight = (w: number, off: number) => [...at(s.v, s.q8), 0x2b, 3, ...uleb(8 * off), ...F64X2_SPLAT, ...set(w)];
  const term = (w: number, row: number, off: number) => [...get(w), ...at(row, s.k), ...load(off), ...F64X2_MUL, ...F64X2_ADD];
  const update = (off: number, two: boolean) => [
    ...at(s.t, s.k), ...at(s.t, s.k), ...load(off),
    ...term(w0, s.row, off), ...(two ? term(w1, s.row1, off) : []),
    ...store(off),
  ];
  return [
    ...prologue(s),
    ...forLoop(s.q, s.nm1, 2, [
      ...s.rowAddr(0), ...set(s.row), ...s.rowAddr(1), ...set(s.row1),
      ...get(s.q), ...i32(3), SHL, ...set(s.q8),
      ...weight(w0, 0), ...weight(w1, 1),
      ...forLoop(s.k, s.rowBytes, 32, [...update(0, true), ...update(16, true)]),
    ], false, true),
    ...forLoop(s.q, s.n, 1, [
      ...s.rowAddr(0), ...set(s.row),
      ...get(s.q), ...i32(3), SHL, ...set(s.q8),
      ...weight(w0, 0),
      ...forLoop(s.k, s.rowBytes, 32, [...update(0, false), ...update(16, false)]),
    ], true),
    0x0b,
  ];
};

/**
 * t[j] = row idx[j] · v for j < n: per row the accumulators (s0, s1) and (s2, s3) of rowDots'
 * first row, summed as (s0 + s2) + (s1 + s3) as its storeSum does.
 */
const dotsAtBody = () => {
  const G = 0, IDX = 1, N = 2, F = 3, V = 4, T = 5, J = 6, ROW_BYTES = 7, ROW = 8, K = 9, A0 = 10, A1 = 11;
  const term = (acc: number, off: number) => [
    ...get(acc), ...at(ROW, K), ...load(off), ...at(V, K), ...load(off), ...F64X2_MUL, ...F64X2_ADD, ...set(acc),
  ];
  return [
    ...get(F), ...i32(3), SHL, ...set(ROW_BYTES),
    ...forLoop(J, N, 1, [
      ...get(G), ...get(IDX), ...get(J), ...i32(2), SHL, ADD, 0x28, 2, 0, ...get(ROW_BYTES), MUL, ADD, ...set(ROW),
      ...ZERO, ...set(A0), ...ZERO, ...set(A1),
      ...forLoop(K, ROW_BYTES, 32, [...term(A0, 0), ...term(A1, 16)]),
      ...get(T), ...get(J), ...i32(3), SHL, ADD,
      ...get(A0), ...get(A1), ...F64X2_ADD, ...set(A0),
      ...get(A0), ...lane(0), ...get(A0), ...lane(1), 0xa0,
      0x39, 3, 0,
    ]),
    0x0b,
  ];
};

/** The module's bytes: imports memory e.m, exports rowDots, addRows, dotsAt. */
export function alsWasmBytes(): Uint8Array<ArrayBuffer> {
  /** A function's code: its locals (i32 count, v128 count), then its body. */
  const fn = (body: number[], i32s = 7, v128s = 4) => {
    const code = [...vec([[...uleb(i32s), I32], [...uleb(v128s), V128]]), ...body];
    return [...uleb(code.length), ...code];
  };
  const type = (nParams: number) => [0x60, ...vec(Array.from({ length: nParams }, () => [I32])), ...vec([])];
  const exp = (label: string, i: number) => [...name(label), 0x00, i];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([type(5), type(6)])),
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [0], [1]])),
    ...section(7, vec([exp('rowDots', 0), exp('addRows', 1), exp('dotsAt', 2)])),
    ...section(10, vec([
      fn(rowDotsBody(DENSE)),
      fn(addRowsBody(DENSE)),
      fn(dotsAtBody(), 4, 2),
    ])),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * A fresh instance with its own memory of `pages` × 64 KiB, or undefined where WebAssembly
 * SIMD is unavailable (the callers then use their JavaScript loops).
 * @param pages - initial memory size in 64 KiB pages
 */
export function createWasmRows(pages = 16): WasmRows | undefined {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(alsWasmBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return undefined;
  const memory = new WebAssembly.Memory({ initial: pages });
  const ex = new WebAssembly.Instance(compiled, { e: { m: memory } }).exports;
  return {
    memory,
    rowDots: ex.rowDots as WasmRows['rowDots'],
    addRows: ex.addRows as WasmRows['addRows'],
    dotsAt: ex.dotsAt as WasmRows['dotsAt'],
  };
}

/** Merchant factors in their own WebAssembly memory, laid out [v (f) | scores (nM) | Y (nM·f) | idx (nM)]. */
export interface RowScorer {
  rows: WasmRows;
  /** The copy of Y the kernel reads. */
  y: Float64Array;
  /** Where the caller puts the user vector. */
  v: Float64Array;
  /** Where rowDots writes the scores. */
  t: Float64Array;
  /** Where the caller puts dotsAt's rows. */
  idx: Int32Array;
}

/**
 * Y (row-major, f per merchant) copied into a fresh module for AlsModel.scoreAll, or undefined
 * without SIMD or when f % 4 ≠ 0 (the caller then uses its JavaScript loop). O(merchants·f).
 * @param y - merchant factors
 * @param f - factors per merchant
 * @param nM - merchants
 */
export function createRowScorer(y: Float64Array, f: number, nM: number): RowScorer | undefined {
  if (f % 4 !== 0) return undefined;
  const bytes = (f + nM + nM * f) * 8 + nM * 4;
  const rows = createWasmRows(Math.max(1, Math.ceil(bytes / 65536)));
  if (!rows) return undefined;
  const buf = rows.memory.buffer;
  const copy = new Float64Array(buf, (f + nM) * 8, nM * f);
  copy.set(y);
  return {
    rows,
    v: new Float64Array(buf, 0, f),
    t: new Float64Array(buf, f * 8, nM),
    y: copy,
    idx: new Int32Array(buf, (f + nM + nM * f) * 8, nM),
  };
}

/**
 * vals[j] = y_{idx[j]} · x for j < n through the scorer's dotsAt (bit for bit its rowDots
 * values, hence AlsModel.scoreAll's). O(n·f).
 */
export function rowScorerDots(sc: RowScorer, x: Float64Array, idx: Int32Array, vals: Float64Array, n: number): void {
  sc.v.set(x);
  for (let j = 0; j < n; j++) sc.idx[j] = idx[j]!;
  sc.rows.dotsAt(sc.y.byteOffset, sc.idx.byteOffset, n, sc.v.length, sc.v.byteOffset, sc.t.byteOffset);
  for (let j = 0; j < n; j++) vals[j] = sc.t[j]!;
}
