/**
 * The row scans of the quantised scorer's module (wasm/score-i16.ts), as WebAssembly function
 * bodies: gathering the entries at or above a threshold (int32 and f64 rows), a row's maximum,
 * the maximum of every 8 entries, and the hybrid's f64 blend. Each scans 16 bytes per SIMD step.
 */
import {
  uleb,
  get,
  set,
  i32,
  ADD,
  SHL,
  SUB,
  GE_U,
  GE_S,
  simd,
  load,
  store,
  ZERO,
  F64X2_SPLAT,
  F64X2_ADD,
  F64X2_MUL,
} from './emit';

// opcodes beyond emit.ts (WebAssembly SIMD specification)
const I32X4_SPLAT = simd(0x11);
const I32X4_GE_S = simd(0x3f);
const V128_ANY_TRUE = simd(0x53);
const I32X4_MAX_S = simd(0xb8);
const I32X4_LANE = (l: number) => simd(0x1b, l);
const SELECT = 0x1b;
const I32_LOAD = (offset: number) => [0x28, 2, ...uleb(offset)];
const I32_STORE = [0x36, 2, 0];
const IF = [0x04, 0x40];
const END = 0x0b;

/**
 * A gather loop: for every 16 bytes of the row, one SIMD `vector ≥ splat(thr)` test, and on a
 * hit a scalar test of each lane that writes the indices of the entries ≥ thr to out.
 * Returns the count. Shared by the int32 and f64 gathers, which differ only in these parts.
 */
function gatherLoop(p: { lanes: number; shift: number; splat: number[]; vectorGe: number[]; laneGe: (lane: number) => number[] }): number[] {
  const ROW = 0, ROW_END = 1, OUT_ = 3, P = 4, C = 5, S = 6;
  const lanes = Array.from({ length: p.lanes }, (_, l) => [
    ...p.laneGe(l),
    ...IF,
    ...get(OUT_), ...get(C), ...i32(2), SHL, ADD,
    ...get(P), ...get(ROW), SUB, ...i32(p.shift), 0x76, ...(l ? [...i32(l), ADD] : []),
    ...I32_STORE,
    ...get(C), ...i32(1), ADD, ...set(C),
    END,
  ]).flat();
  return [
    ...p.splat, ...set(S),
    ...get(ROW), ...set(P), ...i32(0), ...set(C),
    0x02, 0x40, 0x03, 0x40,
    ...get(P), ...get(ROW_END), GE_U, 0x0d, 1,
    ...get(P), ...load(0), ...get(S), ...p.vectorGe, ...V128_ANY_TRUE,
    ...IF, ...lanes, END,
    ...get(P), ...i32(16), ADD, ...set(P),
    0x0c, 0, END, END,
    ...get(C),
    END,
  ];
}

/** Local index of `thr` in both gathers' signatures (row, end, thr, out). */
const THR = 2;

/** gatherAtLeast(row, end, thr, out) → count: SIMD compare of 4 int32 entries, then lane checks on a hit. */
export function gatherBody(): number[] {
  const P = 4;
  return gatherLoop({
    lanes: 4,
    shift: 2,
    splat: [...get(THR), ...I32X4_SPLAT],
    vectorGe: I32X4_GE_S,
    laneGe: (l) => [...get(P), ...I32_LOAD(4 * l), ...get(THR), GE_S],
  });
}

export const F64 = 0x7c;
const F64X2_GE = simd(0x4c);
const F64X2_PMAX = simd(0xf7);
const F64X2_CONVERT_LOW_I32X4_S = simd(0xfe);
const LOAD64_ZERO = (offset: number) => simd(0x5d, 3, ...uleb(offset));
const F64_LANE = (l: number) => simd(0x21, l);

/** blendF64(out, q, knn, base, end, cKnn, cAls): two entries per step in f64x2. */
export function blendBody(): number[] {
  const OUTP = 0, Q = 1, KNN = 2, BASE = 3, END_ = 4, CK = 5, CA = 6, OFF = 7, VK = 8, VA = 9;
  const at = (base: number) => [...get(base), ...get(OFF), ADD];
  return [
    ...get(CK), ...F64X2_SPLAT, ...set(VK), ...get(CA), ...F64X2_SPLAT, ...set(VA),
    ...get(END_), ...get(OUTP), SUB, ...set(END_),
    ...i32(0), ...set(OFF),
    0x02, 0x40, 0x03, 0x40,
    ...get(OFF), ...get(END_), GE_U, 0x0d, 1,
    ...at(OUTP),
    ...at(BASE), ...load(0),
    ...get(VK), ...at(KNN), ...load(0), ...ZERO, ...F64X2_PMAX, ...F64X2_MUL, ...F64X2_ADD,
    ...get(VA), ...get(Q), ...get(OFF), ...i32(1), 0x76, ADD, ...LOAD64_ZERO(0), ...F64X2_CONVERT_LOW_I32X4_S,
    ...ZERO, ...F64X2_PMAX, ...F64X2_MUL, ...F64X2_ADD,
    ...store(0),
    ...get(OFF), ...i32(16), ADD, ...set(OFF),
    0x0c, 0, END, END,
    END,
  ];
}

/** gatherF64AtLeast(row, end, thr, out) → count: SIMD compare of 2 f64 entries, then lane checks on a hit. */
export function gatherF64Body(): number[] {
  const P = 4;
  return gatherLoop({
    lanes: 2,
    shift: 3,
    splat: [...get(THR), ...F64X2_SPLAT],
    vectorGe: F64X2_GE,
    laneGe: (l) => [...get(P), 0x2b, 3, ...uleb(8 * l), ...get(THR), 0x66 /* f64.ge */],
  });
}

/** rowMax(row, end) → max: i32x4.max_s over the row, then the largest of the four lanes. */
export function maxBody(): number[] {
  const ROW = 0, ROW_END = 1, P = 2, T = 3, V = 4, M = 5;
  const lane = (l: number) => [
    ...get(M), ...I32X4_LANE(l), ...set(V),
    ...get(V), ...get(T), ...get(V), ...get(T), 0x4a /* i32.gt_s */, SELECT, ...set(T),
  ];
  return [
    ...get(ROW), ...load(0), ...set(M),
    ...get(ROW), ...i32(16), ADD, ...set(P),
    0x02, 0x40, 0x03, 0x40,
    ...get(P), ...get(ROW_END), GE_U, 0x0d, 1,
    ...get(M), ...get(P), ...load(0), ...I32X4_MAX_S, ...set(M),
    ...get(P), ...i32(16), ADD, ...set(P),
    0x0c, 0, END, END,
    ...get(M), ...I32X4_LANE(0), ...set(T),
    ...lane(1), ...lane(2), ...lane(3),
    ...get(T),
    END,
  ];
}

const SHUFFLE = (...lanes: number[]) => simd(0x0d, ...lanes);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
/** Lanes 8..15, 0..7 / 4..7, 0..3, … of a vector (the halves, the quarters swapped). */
const SWAP_HALVES = SHUFFLE(...range(8, 8), ...range(0, 8));
const SWAP_QUARTERS = SHUFFLE(...range(4, 4), ...range(0, 4), ...range(12, 4), ...range(8, 4));

/** blockMaxI32(row, end, out): two loads, i32x4.max_s, then the lanes folded by shuffles. */
export function blockMaxI32Body(): number[] {
  const ROW = 0, ROW_END = 1, OUT_ = 2, M = 3;
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(ROW), ...get(ROW_END), GE_U, 0x0d, 1,
    ...get(ROW), ...load(0), ...get(ROW), ...load(16), ...I32X4_MAX_S, ...set(M),
    ...get(M), ...get(M), ...get(M), ...SWAP_HALVES, ...I32X4_MAX_S, ...set(M),
    ...get(OUT_),
    ...get(M), ...get(M), ...get(M), ...SWAP_QUARTERS, ...I32X4_MAX_S, ...I32X4_LANE(0),
    ...I32_STORE,
    ...get(ROW), ...i32(32), ADD, ...set(ROW),
    ...get(OUT_), ...i32(4), ADD, ...set(OUT_),
    0x0c, 0, END, END,
    END,
  ];
}

/** blockMaxF64(row, end, out): f64x2.pmax of four loads, then the larger lane. */
export function blockMaxF64Body(): number[] {
  const ROW = 0, ROW_END = 1, OUT_ = 2, M = 3;
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(ROW), ...get(ROW_END), GE_U, 0x0d, 1,
    ...get(ROW), ...load(0), ...get(ROW), ...load(16), ...F64X2_PMAX,
    ...get(ROW), ...load(32), ...get(ROW), ...load(48), ...F64X2_PMAX,
    ...F64X2_PMAX, ...set(M),
    ...get(OUT_),
    ...get(M), ...get(M), ...get(M), ...SWAP_HALVES, ...F64X2_PMAX, ...F64_LANE(0),
    0x39, 3, 0, // f64.store
    ...get(ROW), ...i32(64), ADD, ...set(ROW),
    ...get(OUT_), ...i32(8), ADD, ...set(OUT_),
    0x0c, 0, END, END,
    END,
  ];
}
