import { expect, test } from 'vitest';

import {
  binarize,
  colCounts,
  colNorms,
  colSums,
  cooToCsr,
  getValue,
  mulVec,
  rowDot,
  rowNorms,
  rowSums,
  sortCoo,
  toDense,
  transpose,
} from './csr';

// 3 × 4, entries given out of order with one duplicate (1,2) = 2 + 3
const m = cooToCsr(
  3,
  4,
  Int32Array.from([2, 0, 1, 0, 1, 1]),
  Int32Array.from([1, 3, 2, 0, 0, 2]),
  Float64Array.from([7, 4, 2, 1, 5, 3]),
);

test('cooToCsr sorts rows and columns and sums duplicates', () => {
  expect(Array.from(m.indptr)).toEqual([0, 2, 4, 5]);
  expect(Array.from(m.indices)).toEqual([0, 3, 0, 2, 1]);
  expect(Array.from(m.data)).toEqual([1, 4, 5, 5, 7]);
  expect(toDense(m).map((r) => Array.from(r))).toEqual([
    [1, 0, 0, 4],
    [5, 0, 5, 0],
    [0, 7, 0, 0],
  ]);
});

test('sortCoo returns a row-then-column permutation; out-of-range indices throw', () => {
  const { perm } = sortCoo(Int32Array.from([1, 0, 1]), Int32Array.from([0, 2, 0]), 2, 3);
  expect(Array.from(perm)).toEqual([1, 0, 2]);
  expect(() => sortCoo(Int32Array.from([0]), Int32Array.from([3]), 1, 3)).toThrow(RangeError);
});

test('transpose twice is the identity; columns stay sorted', () => {
  const t = transpose(m);
  expect(toDense(t).map((r) => Array.from(r))).toEqual([
    [1, 5, 0],
    [0, 0, 7],
    [0, 5, 0],
    [4, 0, 0],
  ]);
  expect(transpose(t)).toEqual(m);
});

test('norms, sums, counts, dot, lookup', () => {
  expect(Array.from(rowNorms(m))).toEqual([Math.sqrt(17), Math.sqrt(50), 7]);
  expect(Array.from(colNorms(m))).toEqual([Math.sqrt(26), 7, 5, 4]);
  expect(Array.from(rowSums(m))).toEqual([5, 10, 7]);
  expect(Array.from(colSums(m))).toEqual([6, 7, 5, 4]);
  expect(Array.from(colCounts(m))).toEqual([2, 1, 1, 1]);
  expect(rowDot(m, 0, m, 1)).toBe(5);
  expect(rowDot(m, 1, m, 1)).toBe(50);
  expect(getValue(m, 1, 2)).toBe(5);
  expect(getValue(m, 1, 1)).toBe(0);
  expect(Array.from(mulVec(m, Float64Array.from([1, 1, 1, 1])))).toEqual([5, 10, 7]);
  expect(Array.from(binarize(m).data)).toEqual([1, 1, 1, 1, 1]);
});
