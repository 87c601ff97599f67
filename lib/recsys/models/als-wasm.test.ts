import { describe, expect, test } from 'vitest';

import { Rng } from '../random';
import { addGramUpper, eigenBasis, rotateRows, symmetrizeGram } from './als-basis';
import { addGramUpperWith, rotateRowsWith } from './als-basis-kernels';
import { type CgProblem, createCgScratch, solveRowsCg } from './als-cg';
import { createWasmRows } from './als-wasm';

describe('WebAssembly row kernels', () => {
  test('rowDots and addRows on hand-checked rows', () => {
    const w = createWasmRows(1)!;
    expect(w).toBeDefined();
    const mem = new Float64Array(w.memory.buffer);
    // rows g0 = (1, 2, 3, 4), g1 = (0, 1, 0, 1) at byte 0; v = (1, 1, 1, 2) at byte 64
    mem.set([1, 2, 3, 4, 0, 1, 0, 1, 1, 1, 1, 2], 0);
    w.rowDots(0, 2, 4, 64, 96);
    expect([mem[12], mem[13]]).toEqual([14, 3]);
    // out (byte 128) = (1, 1, 1, 1) + 14·g0 + 3·g1
    mem.set([1, 1, 1, 1], 16);
    w.addRows(0, 2, 4, 96, 128);
    expect([...mem.subarray(16, 20)]).toEqual([15, 32, 43, 60]);
  });

  test('dotsAt equals rowDots bit for bit on the rows it is given (random rows, f 4 and 64)', () => {
    const r = new Rng(8);
    for (const fa of [4, 64]) {
      const n = 301;
      const w = createWasmRows(Math.ceil(((n + 2) * fa * 8 + n * 12) / 65536))!;
      const mem = new Float64Array(w.memory.buffer);
      for (let i = 0; i < (n + 1) * fa; i++) mem[i] = r.normal(0, 1) * 10 ** r.int(6);
      const v = n * fa * 8; // the user vector after the n rows
      const all = (n + 1) * fa * 8;
      w.rowDots(0, n, fa, v, all);
      const ref = mem.slice(all / 8, all / 8 + n);
      const idx = Int32Array.from([300, 0, 7, 7, 150, 299, 1]);
      const at = all + n * 8;
      new Int32Array(w.memory.buffer, at, idx.length).set(idx);
      const out = at + idx.length * 4 + 4;
      w.dotsAt(0, at, idx.length, fa, v, out);
      const got = new Float64Array(w.memory.buffer, out, idx.length);
      expect([...got]).toEqual([...idx].map((i) => ref[i]));
    }
  });

  const f = 8;
  const rng = new Rng(3);
  const nOther = 700;
  const y = Float64Array.from({ length: nOther * f }, () => rng.normal(0, 0.3));
  // row 0 is long (600 entries: 150 passes of four rows), row 1 odd (the one-row tail), row 2 empty
  const rows = [Array.from({ length: 600 }, (_, i) => i), [3, 9, 650], [], [5]];
  const indptr = Int32Array.from([0, ...rows.map((_, u) => rows.slice(0, u + 1).flat().length)]);
  const indices = Int32Array.from(rows.flat());
  const conf = Float64Array.from(indices, () => 1 + rng.int(20));
  const gram = new Float64Array(f * f);
  addGramUpper(y, f, 0, nOther, gram);
  symmetrizeGram(gram, f, 0.1);

  const solve = (g: Float64Array, wasm: boolean) => {
    const x = Float64Array.from({ length: rows.length * f }, (_, i) => 0.01 * Math.sin(i));
    const pb: CgProblem = { x, y, gram: g, indptr, indices, conf, factors: f, cgSteps: 3 };
    const s = createCgScratch(f, wasm);
    expect(s.wasm !== undefined).toBe(wasm);
    solveRowsCg(pb, 0, rows.length, s);
    return x;
  };

  test('CG steps agree with the JavaScript loops (dense and diagonal G) to f32 rounding', () => {
    // The kernel rounds y and v to f32 (unit 2⁻²⁴ ≈ 6e-8) and sums up to 600 products in f32,
    // through 1 + 3 CG passes: measured ≤ 6.4e-7 relative to the row's largest |x|; 1e-5 bounds
    // it with margin, and an f64-only error (a wrong weight, a missed row) is far larger.
    for (const g of [gram, eigenBasis(gram, f).eigenvalues]) {
      const js = solve(g, false);
      const wa = solve(g, true);
      for (let u = 0; u < rows.length; u++) {
        const row = js.subarray(u * f, u * f + f);
        const scale = Math.max(...row.map(Math.abs));
        for (let k = 0; k < f; k++) expect(Math.abs(wa[u * f + k]! - row[k]!)).toBeLessThanOrEqual(1e-5 * scale);
      }
      expect(Math.max(...js.subarray(0, f).map(Math.abs))).toBeGreaterThan(0.1);
      expect([...wa.subarray(2 * f, 3 * f)]).toEqual(new Array(f).fill(0));
    }
  });

  test('f = 4 (rows padded to 8 floats) agrees with the JavaScript loops to f32 rounding', () => {
    const f4 = 4;
    const y4 = y.subarray(0, nOther * f4);
    const g4 = new Float64Array(f4 * f4);
    addGramUpper(y4, f4, 0, nOther, g4);
    symmetrizeGram(g4, f4, 0.1);
    const run = (wasm: boolean) => {
      const x = Float64Array.from({ length: rows.length * f4 }, (_, i) => 0.01 * Math.cos(i));
      const s = createCgScratch(f4, wasm);
      expect(s.wasm !== undefined).toBe(wasm);
      // a call with garbage left in the memory first: the padding must not read it
      if (s.wasm) new Float64Array(s.wasm.memory.buffer).fill(NaN);
      solveRowsCg({ x, y: y4, gram: g4, indptr, indices, conf, factors: f4, cgSteps: 3 }, 0, rows.length, s);
      return x;
    };
    const js = run(false);
    const wa = run(true);
    for (let i = 0; i < js.length; i++) expect(Math.abs(wa[i]! - js[i]!)).toBeLessThanOrEqual(1e-5 * 0.3);
    expect(Math.max(...js.map(Math.abs))).toBeGreaterThan(0.1);
  });

  test('addGramUpperWith agrees with addGramUpper to 1e-12 (blocks of 128 rows, last one partial)', () => {
    const a = new Float64Array(f * f);
    const b = new Float64Array(f * f).fill(1);
    addGramUpper(y, f, 5, 305, a);
    addGramUpperWith(createCgScratch(f), y, 5, 305, b);
    for (let r = 0; r < f; r++) {
      for (let c = 0; c < f; c++) {
        if (c >= r) expect(Math.abs(b[r * f + c]! - 1 - a[r * f + c]!)).toBeLessThan(1e-12);
        else expect(b[r * f + c]).toBe(1);
      }
    }
  });

  test('rotateRowsWith agrees with rotateRows to 1e-12', () => {
    const { rotation } = eigenBasis(gram, f);
    const a = y.slice(0, 13 * f);
    const b = a.slice();
    rotateRows(a, f, rotation, 1, 12, new Float64Array(f));
    rotateRowsWith(createCgScratch(f), b, rotation, 1, 12);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-12);
    expect(b[0]).toBe(y[0]);
  });
});
