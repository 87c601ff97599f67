/**
 * A register-tiled matrix product in WebAssembly with 128-bit SIMD (f64x2, double precision),
 * for the dense steps of an ALS sweep: the change of basis X·R and the Gram matrix XᵀX
 * (models/als-basis-kernels.ts). Each 4 × 4 tile of the result keeps its 16 sums in eight
 * f64x2 registers while t runs, so one step t costs 2 vector loads of Q and 4 scalar splats of
 * P for 16 multiply-adds (a dot-product loop needs 2 loads per 2).
 *
 *   gemm(p, pT, pI, q, qT, c, cI, m, T, f, upper):
 *     C[i][j] += Σ_{t < T} P(t, i) · Q(t, j)   for i < m, j < f   (m, f multiples of 4)
 *     P(t, i) at p + t·pT + i·pI,  Q(t, j) at q + t·qT + 8j,  C[i][j] at c + i·cI + 8j
 *     upper ≠ 0: only the tiles with j0 ≥ i0 (the upper triangle, for a symmetric C)
 *
 * All addresses and strides are in bytes, in the imported memory e.m.
 * X·R (rows x_i of X, R row-major f × f): p = X, pT = 8, pI = 8f, q = R, qT = 8f, T = f.
 * XᵀX over n rows of X: p = q = X, pT = qT = 8f, pI = 8, m = f, T = n.
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
  load,
  store,
  ZERO,
  F64X2_ADD,
  F64X2_MUL,
  LOAD64_SPLAT,
  SELECT,
  END,
  forLoop,
} from './emit';

function gemmBody(): number[] {
  const [p, pT, pI, q, qT, c, cI, m, T, f, upper] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [i0, j0, t, qq, cc] = [11, 12, 13, 14, 15];
  const a = [16, 17, 18, 19];
  const acc = [20, 21, 22, 23, 24, 25, 26, 27];
  const [b0, b1, sv] = [28, 29, 30];
  const step = [
    ...get(qq), ...load(0), ...set(b0),
    ...get(qq), ...load(16), ...set(b1),
    ...a.flatMap((ai, i) => [
      ...get(ai), ...LOAD64_SPLAT(0), ...set(sv),
      ...get(acc[2 * i]!), ...get(sv), ...get(b0), ...F64X2_MUL, ...F64X2_ADD, ...set(acc[2 * i]!),
      ...get(acc[2 * i + 1]!), ...get(sv), ...get(b1), ...F64X2_MUL, ...F64X2_ADD, ...set(acc[2 * i + 1]!),
      ...get(ai), ...get(pT), ADD, ...set(ai),
    ]),
    ...get(qq), ...get(qT), ADD, ...set(qq),
  ];
  const flush = a.flatMap((_, i) => [
    ...get(cc), ...get(cc), ...load(0), ...get(acc[2 * i]!), ...F64X2_ADD, ...store(0),
    ...get(cc), ...get(cc), ...load(16), ...get(acc[2 * i + 1]!), ...F64X2_ADD, ...store(16),
    ...get(cc), ...get(cI), ADD, ...set(cc),
  ]);
  return [
    ...vec([[...uleb(9), I32], [...uleb(11), V128]]),
    ...forLoop(i0, m, 4, [
      // j0 = upper ? i0 : 0
      ...get(i0), ...i32(0), ...get(upper), SELECT, ...set(j0),
      ...forLoop(j0, f, 4, [
        ...acc.flatMap((r) => [...ZERO, ...set(r)]),
        ...get(p), ...get(i0), ...get(pI), MUL, ADD, ...set(a[0]!),
        ...a.slice(1).flatMap((ai, i) => [...get(a[i]!), ...get(pI), ADD, ...set(ai)]),
        ...get(q), ...get(j0), ...i32(3), SHL, ADD, ...set(qq),
        ...forLoop(t, T, 1, step),
        ...get(c), ...get(i0), ...get(cI), MUL, ADD, ...get(j0), ...i32(3), SHL, ADD, ...set(cc),
        ...flush,
      ], true),
    ]),
    END,
  ];
}

/** The module's bytes: imports memory e.m, exports gemm. */
export function gemmBytes(): Uint8Array<ArrayBuffer> {
  const body = gemmBody();
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([[0x60, ...vec(new Array(11).fill([I32])), ...vec([])]])),
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('gemm'), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

/** gemm of one instance (see the file comment). */
export type Gemm = (
  p: number, pT: number, pI: number, q: number, qT: number, c: number, cI: number,
  m: number, T: number, f: number, upper: number,
) => void;

let compiled: WebAssembly.Module | null | undefined;

/**
 * gemm over `memory`, or undefined where WebAssembly SIMD is unavailable.
 * @param memory - the memory the addresses refer to
 */
export function createGemm(memory: WebAssembly.Memory): Gemm | undefined {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(gemmBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return undefined;
  return new WebAssembly.Instance(compiled, { e: { m: memory } }).exports.gemm as Gemm;
}
