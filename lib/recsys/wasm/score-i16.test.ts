import { expect, test } from 'vitest';

import { createScoreI16 } from './score-i16';

const k = createScoreI16(1 << 16)!;
const buf = k.memory.buffer;
const ints = new Int32Array(buf, 0, 16);
const hits = new Int32Array(buf, 64, 16);
const f64 = (at: number, n: number) => new Float64Array(buf, at, n);

test('gatherAtLeast: ascending positions of the entries ≥ thr, and rowMax', () => {
  ints.set([5, -3, 7, 7, -2147483648, 0, 9, 1, 2, 3, 4, 5, -1, -1, -1, 8]);
  const c = k.gatherAtLeast(0, 64, 5, 64);
  expect(Array.from(hits.subarray(0, c))).toEqual([0, 2, 3, 6, 11, 15]);
  expect(k.rowMax(0, 64)).toBe(9);
  expect(k.rowMax(16, 32)).toBe(9); // entries 4..7: −2³¹, 0, 9, 1
  expect(k.gatherAtLeast(0, 64, 10, 64)).toBe(0);
});

test('blendF64: base + cKnn·max(knn, 0) + cAls·max(q, 0), then gatherF64AtLeast', () => {
  ints.set([10, -10, 0, 4]);
  const knn = f64(256, 4);
  const base = f64(512, 4);
  const out = f64(1024, 4);
  knn.set([1, 2, -5, 0.5]);
  base.set([0.25, 0.5, 1, 0]);
  k.blendF64(1024, 0, 256, 512, 1024 + 32, 2, 0.1);
  // 0.25 + 2 + 1; 0.5 + 4 + 0; 1 + 0 + 0; 0 + 1 + 0.4
  expect(Array.from(out)).toEqual([3.25, 4.5, 1, 1.4]);
  const c = k.gatherF64AtLeast(1024, 1024 + 32, 1.4, 64);
  expect(Array.from(hits.subarray(0, c))).toEqual([0, 1, 3]);
});

test('blockMaxI32 / blockMaxF64: the largest of every 8 entries', () => {
  ints.set([5, -3, 7, 7, -2147483648, 0, 9, 1, -2147483648, -2147483648, -4, -2147483648, -2147483648, -2147483648, -2147483648, -2147483648]);
  const maxI = new Int32Array(buf, 1024, 2);
  k.blockMaxI32(0, 64, 1024);
  expect(Array.from(maxI)).toEqual([9, -4]);
  const row = f64(2048, 16);
  row.set([0.5, -1, 3.25, -Infinity, 2, 3.5, 0, 1, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -7]);
  const maxF = f64(4096, 2);
  k.blockMaxF64(2048, 2048 + 128, 4096);
  expect(Array.from(maxF)).toEqual([3.5, -7]);
  row.fill(-Infinity, 8);
  k.blockMaxF64(2048, 2048 + 128, 4096);
  expect(Array.from(maxF)).toEqual([3.5, -Infinity]);
});
