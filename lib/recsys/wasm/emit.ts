/**
 * A minimal WebAssembly binary emitter: LEB128 numbers, sections, locals, the integer and
 * 128-bit SIMD opcodes the project's kernels use, and a counted loop. The project has no wasm
 * toolchain, so its kernels (als-wasm.ts) are written as byte arrays with these helpers.
 * Opcode numbers follow the WebAssembly core and SIMD specifications.
 */
export const uleb = (n: number): number[] => {
  const o: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    o.push(b);
  } while (n);
  return o;
};
export const sleb = (n: number): number[] => {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...o, b];
    o.push(b | 0x80);
  }
};
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

export const I32 = 0x7f;
export const V128 = 0x7b;
export const get = (i: number) => [0x20, i];
export const set = (i: number) => [0x21, i];
export const i32 = (v: number) => [0x41, ...sleb(v)];
export const ADD = 0x6a;
export const MUL = 0x6c;
export const SHL = 0x74;
export const GE_U = 0x4f;
export const GE_S = 0x4e;
export const SUB = 0x6b;
export const simd = (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm];
export const load = (offset: number) => simd(0x00, 3, ...uleb(offset));
export const store = (offset: number) => simd(0x0b, 3, ...uleb(offset));
export const ZERO = simd(0x0c, ...new Array<number>(16).fill(0));
export const F64X2_SPLAT = simd(0x14);
export const F64X2_ADD = simd(0xf0);
export const F64X2_MUL = simd(0xf2);
export const lane = (i: number) => simd(0x21, i);
/** for (i = 0 unless `keep`; i < limit (unsigned; signed with `signed`); i += step) { body } */
export const forLoop = (i: number, limit: number, step: number, body: number[], keep = false, signed = false) => [
  ...(keep ? [] : [...i32(0), ...set(i)]),
  0x02, 0x40, 0x03, 0x40,
  ...get(i), ...get(limit), signed ? GE_S : GE_U, 0x0d, 1,
  ...body,
  ...get(i), ...i32(step), ADD, ...set(i), 0x0c, 0, 0x0b, 0x0b,
];
export const I32X4_ADD = simd(0xae);
/** i32x4.dot_i16x8_s: lane i = a[2i]·b[2i] + a[2i+1]·b[2i+1] (signed 16-bit pairs). */
export const I32X4_DOT_I16X8_S = simd(0xba);

// scalar f64, calls, memory and control (for the ALS conjugate-gradient kernel, wasm/als-cg-module.ts)
export const F64 = 0x7c;
export const tee = (i: number) => [0x22, i];
export const call = (f: number) => [0x10, ...uleb(f)];
/** f64.const v (8 little-endian bytes). */
export const f64 = (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
export const F64_LOAD = (offset: number) => [0x2b, 3, ...uleb(offset)];
export const F64_STORE = (offset: number) => [0x39, 3, ...uleb(offset)];
export const I32_LOAD = (offset: number) => [0x28, 2, ...uleb(offset)];
export const I32_STORE = (offset: number) => [0x36, 2, ...uleb(offset)];
export const F64_ADD = 0xa0;
export const F64_SUB = 0xa1;
export const F64_MUL = 0xa2;
export const F64_DIV = 0xa3;
export const F64_LT = 0x63;
export const I32_EQ = 0x46;
export const I32_EQZ = 0x45;
export const IF = [0x04, 0x40];
export const ELSE = 0x05;
export const END = 0x0b;
export const RETURN = 0x0f;
/** block … end: `br depth` inside jumps to its end. */
export const block = (body: number[]) => [0x02, 0x40, ...body, END];
export const br = (depth: number) => [0x0c, depth];
export const brIf = (depth: number) => [0x0d, depth];
export const F64X2_SUB = simd(0xf1);
/** f32x4.demote / f64x2.promote_low_f32x4 (f64 ↔ f32 lanes). */
export const F32X4_DEMOTE_F64X2_ZERO = simd(0x5e);
export const F64X2_PROMOTE_LOW_F32X4 = simd(0x5f);
/** v128.load64_splat: both f64x2 lanes = the f64 at the address (+ offset). */
export const LOAD64_SPLAT = (offset: number) => simd(0x0a, 3, ...uleb(offset));
export const SELECT = 0x1b;
// f32 (for the ALS CG kernel's single-precision row products)
export const F32_LOAD = (offset: number) => [0x2a, 2, ...uleb(offset)];
export const F32_STORE = (offset: number) => [0x38, 2, ...uleb(offset)];
export const F32_ADD = 0x92;
export const F32_DEMOTE_F64 = 0xb6;
export const F64_PROMOTE_F32 = 0xbb;
export const F32X4_SPLAT = simd(0x13);
export const F32X4_ADD = simd(0xe4);
export const F32X4_MUL = simd(0xe6);
export const f32Lane = (i: number) => simd(0x1f, i);
export const AND = 0x71;
/** v128.store64_lane: stores lane `i` (64 bits) of the vector at the address (+ offset). */
export const STORE64_LANE = (offset: number, i: number) => simd(0x5b, 3, ...uleb(offset), i);
