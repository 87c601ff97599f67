import { expect, test } from 'vitest';

import { Rng } from '../random';
import { applyExclusions, TopK, topK } from './top-k';
import { cooToCsr } from './csr';

test('top-k is sorted, breaks ties by index, skips −∞ and NaN', () => {
  const s = Float64Array.from([1, 5, 3, 5, -Infinity, NaN, 9]);
  expect(topK(s, 4)).toEqual([
    { idx: 6, score: 9 },
    { idx: 1, score: 5 },
    { idx: 3, score: 5 },
    { idx: 2, score: 3 },
  ]);
  expect(topK(s, 100)).toHaveLength(5);
  expect(topK(s, 0)).toEqual([]);
  expect(topK(s, 2, Uint8Array.from([1, 0, 1, 1, 1, 1, 0]))).toEqual([
    { idx: 3, score: 5 },
    { idx: 2, score: 3 },
  ]);
});

test('matches a full sort on random vectors with ties', () => {
  const rng = new Rng(3);
  const sel = new TopK(2);
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + rng.int(300);
    const s = Float64Array.from({ length: n }, () => rng.int(20));
    const k = 1 + rng.int(80); // both the sorted-insertion (k ≤ 32) and the heap path
    const want = Array.from(s, (score, idx) => ({ idx, score }))
      .sort((a, b) => b.score - a.score || a.idx - b.idx)
      .slice(0, k);
    expect(sel.select(s, k)).toEqual(want);
  }
});

test('applyExclusions marks ordered merchants and the exclude set', () => {
  const train = cooToCsr(2, 4, Int32Array.from([0, 0, 1]), Int32Array.from([1, 3, 2]));
  const s = new Float64Array(4).fill(1);
  applyExclusions(s, train, 0, {
    excludeOrdered: true,
    exclude: new Set([0]),
    orders: Float64Array.from([1, 0, 1]),
  });
  expect(Array.from(s)).toEqual([-Infinity, -Infinity, 1, 1]);
});
