/**
 * The whole conjugate-gradient row solve of implicit ALS (models/als-cg.ts, Takács et al. 2011)
 * as one WebAssembly function with 128-bit SIMD, so that JavaScript only hands over blocks of
 * rows. For each row u of the block it forms r = b − A·x and runs `steps` CG steps, each
 * product A·p = G·p + Σ_q (c_q − 1)(y_q·p) y_q in ONE pass over the row's fixed-side vectors
 * y_q, read in place (each y_q's dot product and its weighted add are back to back, so the add
 * finds it in cache; gathering the rows first measured no faster).
 *
 * Precision: the fixed side y is stored in f32 and the row products Σ_q w_q (y_q·v) y_q run in
 * f32x4 (twice the lanes and half the bytes of f64; as implicit, whose factors are float32);
 * x, r, p, G·p, the step sizes and the weights stay f64. The fitted model's NDCG on
 * online_retail is the same to three decimals as with f64 products (ALS 0.210 / 0.081, hybrid
 * 0.360 / 0.111, all / discovery).
 *
 *   cgRows(indptr, indices, conf, x, nRows, y, gram, diag, f, steps, work)
 *
 * All pointers are byte offsets into the imported memory e.m: `indptr` (nRows + 1 int32, from
 * 0) with `indices` (int32 row numbers of y) and `conf` (f64, c − 1) is the CSR of the block;
 * `x` the block's rows (nRows × f f64, updated in place); `y` the fixed side (f32 rows of
 * fp = f rounded up to a multiple of 8, zero-padded); `gram` G as f64 diagonal (diag ≠ 0) or
 * dense f × f; `work` room for 3·f f64 (r, p, A·p) and 2·fp f32. f must be a multiple of 4.
 */

import {
  uleb,
  vec,
  section,
  name,
  I32,
  F64,
  V128,
  get,
  set,
  tee,
  call,
  i32,
  f64,
  ADD,
  AND,
  MUL,
  SHL,
  SUB,
  load,
  store,
  ZERO,
  F64X2_SPLAT,
  F64X2_PROMOTE_LOW_F32X4,
  F32X4_SPLAT,
  F32X4_ADD,
  F32X4_MUL,
  F32_ADD,
  F32X4_DEMOTE_F64X2_ZERO,
  F32_DEMOTE_F64,
  STORE64_LANE,
  F64_PROMOTE_F32,
  f32Lane,
  LOAD64_SPLAT,
  I32_STORE,
  F64X2_ADD,
  F64X2_SUB,
  F64X2_MUL,
  F64_LOAD,
  F64_STORE,
  I32_LOAD,
  F64_ADD,
  F64_MUL,
  F64_DIV,
  F64_LT,
  I32_EQZ,
  IF,
  END,
  ELSE,
  block,
  brIf,
  br,
  lane,
  forLoop,
} from './emit';

/** Residual norms below this end a row's CG (as the JavaScript loop of als-cg.ts). */
export const CG_EPS = 1e-20;

/** Function indices in the module. */
const CG_ROWS = 0;
const FUSED = 1;
const GRAM_TIMES = 2;
const DOT = 3;

const plus = (base: number, off: number) => [...get(base), ...get(off), ADD];
/** Horizontal sum of the f64x2 locals a + b, left on the stack as an f64. */
const hsum = (a: number, b: number) => [...get(a), ...get(b), ...F64X2_ADD, ...tee(a), ...lane(0), ...get(a), ...lane(1), F64_ADD];
const locals = (groups: [number, number][]) => vec(groups.map(([n, t]) => [...uleb(n), t]));

/** dot(a, b, f) → f64: a·b over f doubles. */
function dotBody(): number[] {
  const [a, b, f, k, fb, s0, s1] = [0, 1, 2, 3, 4, 5, 6];
  return [
    ...locals([[2, I32], [2, V128]]),
    ...get(f), ...i32(3), SHL, ...set(fb),
    ...ZERO, ...set(s0), ...ZERO, ...set(s1),
    ...forLoop(k, fb, 32, [
      ...get(s0), ...plus(a, k), ...load(0), ...plus(b, k), ...load(0), ...F64X2_MUL, ...F64X2_ADD, ...set(s0),
      ...get(s1), ...plus(a, k), ...load(16), ...plus(b, k), ...load(16), ...F64X2_MUL, ...F64X2_ADD, ...set(s1),
    ]),
    ...hsum(s0, s1),
    END,
  ];
}

/**
 * gramTimes(gram, diag, f, v, out, sign): out = sign·G·v, G diagonal (diag ≠ 0) or dense
 * (then four rows of G per pass over v: 8 independent sums, each load of v serves 4 rows).
 */
function gramTimesBody(): number[] {
  const [gram, diag, f, v, out, sign, k, fb, a] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const rows = [9, 10, 11, 12];
  const acc = [13, 14, 15, 16, 17, 18, 19, 20];
  const [vk0, vk1] = [21, 22];
  return [
    ...locals([[7, I32], [10, V128]]),
    ...get(f), ...i32(3), SHL, ...set(fb),
    ...get(diag), ...IF,
    ...forLoop(k, fb, 16, [
      ...plus(out, k),
      ...get(sign), ...F64X2_SPLAT, ...plus(gram, k), ...load(0), ...F64X2_MUL, ...plus(v, k), ...load(0), ...F64X2_MUL,
      ...store(0),
    ]),
    ELSE,
    // a: byte offset of output entry a0 (rows a0 .. a0 + 3 of G)
    ...forLoop(a, fb, 32, [
      ...get(gram), ...get(a), ...get(f), MUL, ADD, ...set(rows[0]!),
      ...rows.slice(1).flatMap((r, j) => [...get(rows[j]!), ...get(fb), ADD, ...set(r)]),
      ...acc.flatMap((r) => [...ZERO, ...set(r)]),
      ...forLoop(k, fb, 32, [
        ...plus(v, k), ...load(0), ...set(vk0), ...plus(v, k), ...load(16), ...set(vk1),
        ...rows.flatMap((r, j) => [
          ...get(acc[2 * j]!), ...plus(r, k), ...load(0), ...get(vk0), ...F64X2_MUL, ...F64X2_ADD, ...set(acc[2 * j]!),
          ...get(acc[2 * j + 1]!), ...plus(r, k), ...load(16), ...get(vk1), ...F64X2_MUL, ...F64X2_ADD, ...set(acc[2 * j + 1]!),
        ]),
      ]),
      ...rows.flatMap((_, j) => [
        ...plus(out, a), ...get(sign), ...hsum(acc[2 * j]!, acc[2 * j + 1]!), F64_MUL, ...F64_STORE(8 * j),
      ]),
    ]),
    END,
    END,
  ];
}

/**
 * fused(y, idx, n, f, v, out, conf, s1, s2, tmp): for the n rows y_q = row idx[q] of the f32
 * matrix y (rows of fp = f rounded up to 8 floats, zero-padded), d_q = y_q·v and
 * out += Σ_q w_q·y_q with w_q = s1·(c_q + 1) + (s2·c_q)·d_q (c_q = conf[q], f64).
 * v (f64) is rounded to f32 in tmp, the dots and the sum Σ w_q·y_q run in f32x4 (4 lanes per
 * instruction, half the bytes of f64), and the sum is added to out in f64; `tmp` has room for
 * 2·fp floats. Four rows per pass (8 independent sums; one load and store of the sum serves
 * 4 rows), each row's dot and add back to back (the add finds the row in cache).
 * (s1, s2) = (1, −1) gives the residual's weights c + 1 − c·d, (0, 1) the CG product's c·d.
 */
function fusedBody(): number[] {
  const [y, idx, n, f, v, out, conf, s1, s2, tmp] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [q, k, f4, fp4, nm, cq, ip, v32, o32] = [10, 11, 12, 13, 14, 15, 16, 17, 18];
  const rows = [19, 20, 21, 22];
  const acc = [23, 24, 25, 26, 27, 28, 29, 30];
  const wv = [31, 32, 33, 34];
  const [vk0, vk1] = [35, 36];
  const hsum32 = (a: number, b: number) => [
    ...get(a), ...get(b), ...F32X4_ADD, ...tee(a), ...f32Lane(0),
    ...get(a), ...f32Lane(1), F32_ADD, ...get(a), ...f32Lane(2), F32_ADD, ...get(a), ...f32Lane(3), F32_ADD,
    F64_PROMOTE_F32,
  ];
  /** the pass over `m` rows starting at ip / cq (m = 4 in the main loop, 1 in the tail). */
  const pass = (m: number) => {
    const rs = rows.slice(0, m);
    const madd = (j: number, off: number) => {
      const a = acc[2 * j + (off ? 1 : 0)]!;
      return [...get(a), ...plus(rs[j]!, k), ...load(off), ...get(off ? vk1 : vk0), ...F32X4_MUL, ...F32X4_ADD, ...set(a)];
    };
    const weight = (j: number) => [
      ...get(s1), ...get(cq), ...F64_LOAD(8 * j), ...f64(1), F64_ADD, F64_MUL,
      ...get(s2), ...get(cq), ...F64_LOAD(8 * j), F64_MUL, ...hsum32(acc[2 * j]!, acc[2 * j + 1]!), F64_MUL,
      F64_ADD, F32_DEMOTE_F64, ...F32X4_SPLAT, ...set(wv[j]!),
    ];
    const update = (off: number) => [
      ...plus(o32, k), ...plus(o32, k), ...load(off),
      ...rs.flatMap((r, j) => [...get(wv[j]!), ...plus(r, k), ...load(off), ...F32X4_MUL, ...F32X4_ADD]),
      ...store(off),
    ];
    return [
      ...rs.flatMap((r, j) => [...get(y), ...get(ip), ...I32_LOAD(4 * j), ...get(fp4), MUL, ADD, ...set(r)]),
      ...acc.slice(0, 2 * m).flatMap((a) => [...ZERO, ...set(a)]),
      ...forLoop(k, fp4, 32, [
        ...plus(v32, k), ...load(0), ...set(vk0), ...plus(v32, k), ...load(16), ...set(vk1),
        ...rs.flatMap((_, j) => [...madd(j, 0), ...madd(j, 16)]),
      ]),
      ...rs.flatMap((_, j) => weight(j)),
      ...forLoop(k, fp4, 32, [...update(0), ...update(16)]),
      ...get(ip), ...i32(4 * m), ADD, ...set(ip),
      ...get(cq), ...i32(8 * m), ADD, ...set(cq),
    ];
  };
  return [
    ...locals([[13, I32], [14, V128]]),
    ...get(f), ...i32(2), SHL, ...set(f4),
    ...get(f), ...i32(7), ADD, ...i32(-8), AND, ...i32(2), SHL, ...set(fp4),
    ...get(tmp), ...set(v32),
    ...get(tmp), ...get(fp4), ADD, ...set(o32),
    // v32 = f32(v) zero-padded (two entries per step), o32 = 0
    ...forLoop(k, f4, 8, [
      ...plus(v32, k), ...get(v), ...get(k), ...i32(1), SHL, ADD, ...load(0), ...F32X4_DEMOTE_F64X2_ZERO, ...STORE64_LANE(0, 0),
    ]),
    ...forLoop(k, fp4, 4, [...plus(v32, k), ...i32(0), ...I32_STORE(0)], true),
    ...forLoop(k, fp4, 16, [...plus(o32, k), ...ZERO, ...store(0)]),
    ...get(n), ...i32(3), SUB, ...set(nm),
    ...get(idx), ...set(ip),
    ...get(conf), ...set(cq),
    ...forLoop(q, nm, 4, pass(4), false, true),
    // the last n mod 4 rows
    ...forLoop(q, n, 1, pass(1), true),
    // out += f64(o32), two entries per step
    ...forLoop(k, f4, 8, [
      ...get(out), ...get(k), ...i32(1), SHL, ADD, ...tee(ip),
      ...get(ip), ...load(0), ...plus(o32, k), ...LOAD64_SPLAT(0), ...F64X2_PROMOTE_LOW_F32X4, ...F64X2_ADD, ...store(0),
    ]),
    END,
  ];
}

/** cgRows: see the file comment. */
function cgRowsBody(): number[] {
  const [indptr, indices, conf, x, nRows, y, gram, diag, f, steps, work] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [u, s, n, xu, fb, k, it, r, p, ap, ys, cs, tmp] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const [rs, rsNew] = [24, 25];
  const [va] = [26];
  /** for k over the f doubles in f64x2 steps: body(k). */
  const lanes = (body: number[]) => forLoop(k, fb, 16, body);
  const at = (base: number) => plus(base, k);
  return [
    ...locals([[13, I32], [2, F64], [1, V128]]),
    ...get(f), ...i32(3), SHL, ...set(fb),
    ...get(work), ...set(r),
    ...get(r), ...get(fb), ADD, ...set(p),
    ...get(p), ...get(fb), ADD, ...set(ap),
    ...get(ap), ...get(fb), ADD, ...set(tmp),
    ...get(x), ...set(xu),
    ...forLoop(u, nRows, 1, [
      ...block([
        ...get(indptr), ...get(u), ...i32(2), SHL, ADD, ...tee(cs), ...I32_LOAD(0), ...set(s),
        ...get(cs), ...I32_LOAD(4), ...get(s), SUB, ...tee(n),
        // a row without interactions: x = 0, its exact solution (b = 0)
        I32_EQZ, ...IF, ...lanes([...at(xu), ...ZERO, ...store(0)]), ...br(1), END,
        ...get(indices), ...get(s), ...i32(2), SHL, ADD, ...set(ys),
        ...get(conf), ...get(s), ...i32(3), SHL, ADD, ...set(cs),
        // r = b − A·x = Σ_q (c_q + 1 − c_q·(y_q·x)) y_q − G·x;  p = r
        ...get(gram), ...get(diag), ...get(f), ...get(xu), ...get(r), ...f64(-1), ...call(GRAM_TIMES),
        ...get(y), ...get(ys), ...get(n), ...get(f), ...get(xu), ...get(r), ...get(cs), ...f64(1), ...f64(-1), ...get(tmp), ...call(FUSED),
        ...get(r), ...get(r), ...get(f), ...call(DOT), ...set(rs),
        ...lanes([...at(p), ...at(r), ...load(0), ...store(0)]),
        ...get(rs), ...f64(CG_EPS), F64_LT, ...brIf(0),
        ...forLoop(it, steps, 1, [
          // Ap = G·p + Σ_q c_q (y_q·p) y_q
          ...get(gram), ...get(diag), ...get(f), ...get(p), ...get(ap), ...f64(1), ...call(GRAM_TIMES),
          ...get(y), ...get(ys), ...get(n), ...get(f), ...get(p), ...get(ap), ...get(cs), ...f64(0), ...f64(1), ...get(tmp), ...call(FUSED),
          // alpha = rs / p·Ap;  x += alpha·p;  r −= alpha·Ap
          ...get(rs), ...get(p), ...get(ap), ...get(f), ...call(DOT), F64_DIV, ...F64X2_SPLAT, ...set(va),
          ...lanes([
            ...at(xu), ...at(xu), ...load(0), ...get(va), ...at(p), ...load(0), ...F64X2_MUL, ...F64X2_ADD, ...store(0),
            ...at(r), ...at(r), ...load(0), ...get(va), ...at(ap), ...load(0), ...F64X2_MUL, ...F64X2_SUB, ...store(0),
          ]),
          ...get(r), ...get(r), ...get(f), ...call(DOT), ...tee(rsNew), ...f64(CG_EPS), F64_LT, ...brIf(2),
          // p = r + (rsNew / rs)·p
          ...get(rsNew), ...get(rs), F64_DIV, ...F64X2_SPLAT, ...set(va),
          ...lanes([...at(p), ...at(r), ...load(0), ...get(va), ...at(p), ...load(0), ...F64X2_MUL, ...F64X2_ADD, ...store(0)]),
          ...get(rsNew), ...set(rs),
        ]),
      ]),
      ...get(xu), ...get(fb), ADD, ...set(xu),
    ]),
    END,
  ];
}

/** The module's bytes: imports memory e.m, exports cgRows. */
export function alsCgBytes(): Uint8Array<ArrayBuffer> {
  const fn = (body: number[]) => [...uleb(body.length), ...body];
  const type = (params: number[], results: number[]) => [0x60, ...vec(params.map((t) => [t])), ...vec(results.map((t) => [t]))];
  const i32s = (count: number) => new Array<number>(count).fill(I32);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([
      type(i32s(11), []),
      type([...i32s(7), F64, F64, I32], []),
      type([...i32s(5), F64], []),
      type(i32s(3), [F64]),
    ])),
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, ...uleb(1)]])),
    // function i has type i: cgRows, fused, gramTimes, dot
    ...section(3, vec([[0], [1], [2], [3]])),
    ...section(7, vec([[...name('cgRows'), 0x00, CG_ROWS]])),
    ...section(10, vec([fn(cgRowsBody()), fn(fusedBody()), fn(gramTimesBody()), fn(dotBody())])),
  ]);
}

/** cgRows of one instance (see the file comment). */
export type CgRows = (
  indptr: number, indices: number, conf: number, x: number, nRows: number,
  y: number, gram: number, diag: number, f: number, steps: number, work: number,
) => void;

let compiled: WebAssembly.Module | null | undefined;

/**
 * cgRows over `memory` (shared with the other kernels of a solver's scratch), or undefined
 * where WebAssembly SIMD is unavailable.
 * @param memory - the memory the pointers refer to
 */
export function createCgRows(memory: WebAssembly.Memory): CgRows | undefined {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(alsCgBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return undefined;
  return new WebAssembly.Instance(compiled, { e: { m: memory } }).exports.cgRows as CgRows;
}
