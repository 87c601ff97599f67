import type { Rescore } from '../matrix/pruned-top-k';

/** A Rescore (PrunedTopK's batch of exact scores) from the exact score of one index, for tests. */
export function rescoreEach(exact: (i: number) => number): Rescore {
  return (idx, vals, n) => {
    for (let j = 0; j < n; j++) vals[j] = exact(idx[j]!);
  };
}
