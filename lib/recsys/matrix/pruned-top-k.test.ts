import { expect, test } from 'vitest';

import { rescoreEach } from '../testing/rescore-each';
import { kthLargestStrided, PrunedTopK } from './pruned-top-k';

test('kthLargestStrided: the k-th largest of every stride-th entry, floor when too few', () => {
  const q = Int32Array.from([9, 1, 7, 8, 3, 6, -5, 4]);
  expect(kthLargestStrided(q, 8, 1, 3, -100)).toBe(7); // 9, 8, 7
  expect(kthLargestStrided(q, 8, 2, 2, -100)).toBe(7); // of 9, 7, 3, −5
  expect(kthLargestStrided(q, 8, 4, 3, -100)).toBe(-100); // only 9 and 3
  expect(kthLargestStrided(q, 8, 1, 2, 8)).toBe(8); // entries ≤ floor 8 are excluded: only 9 is left
});

test('selectAmong: re-scores only the entries within the margin of the k-th approximate score', () => {
  // approximate scores off by ≤ 0.5 (margin 1): exact = approx + (−0.5 .. 0.5)
  const approx = [10, 2, 9.6, 9.2, 3, 8.9, 1];
  const exact = [9.6, 2.1, 10, 9.1, 3.4, 9.4, 1.2];
  const p = new PrunedTopK();
  const asked: number[] = [];
  const top = p.selectAmong(Float64Array.from(approx), Int32Array.from([0, 1, 2, 3, 4, 5, 6]), 7, 2, 1, rescoreEach((i) => {
    asked.push(i);
    return exact[i]!;
  }));
  // 2nd largest approx is 9.6 ⇒ candidates ≥ 8.6: 0, 2, 3, 5; entry 5 (approx 8.9) is not in the top 2
  expect(asked).toEqual([0, 2, 3, 5]);
  expect(top).toEqual([{ idx: 2, score: 10 }, { idx: 0, score: 9.6 }]);
  expect(p.rescored).toBe(4);
});

test('selectAmong: exact ties keep the smaller index, as TopK; k beyond the subset returns it all', () => {
  const p = new PrunedTopK();
  const top = p.selectAmong(Float64Array.from([5, 5, 5]), Int32Array.from([4, 7, 9]), 3, 2, 0, rescoreEach(() => 1));
  expect(top).toEqual([{ idx: 4, score: 1 }, { idx: 7, score: 1 }]);
  expect(p.selectAmong(Float64Array.from([1, 2]), Int32Array.from([3, 8]), 2, 10, 0, rescoreEach((i) => i))).toEqual([
    { idx: 8, score: 8 },
    { idx: 3, score: 3 },
  ]);
  expect(() => p.selectAmong(new Float64Array(1), new Int32Array(1), 1, -1, 0, rescoreEach(() => 0))).toThrow(/k must be/);
});
