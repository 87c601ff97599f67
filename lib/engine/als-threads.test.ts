import { afterAll, expect, test } from 'vitest';

import { AlsModel } from '../recsys/models/als';
import { checkerboard } from '../recsys/testing/fixtures';
import { createThreadedAlsKernels, splitByWork, splitEven } from './als-threads';

const kernels = createThreadedAlsKernels(4, 2);
afterAll(() => kernels.close());

test('row ranges balance non-zeros + rows and cover every row once', () => {
  // rows with 10, 0, 0, 10 non-zeros: total work 24, half = 12 ⇒ cut after row 1 (work 11 → 12)
  expect([...splitByWork(Int32Array.from([0, 10, 10, 10, 20]), 4, 2)]).toEqual([0, 2, 4]);
  expect([...splitEven(5, 2)]).toEqual([0, 3, 5]);
  expect([...splitEven(3, 1)]).toEqual([0, 3]);
});

test('two threads give the same factors as the single-threaded solver', () => {
  const fb = checkerboard({ size: 8 });
  const fit = (k?: typeof kernels) => {
    const m = new AlsModel({ factors: 4, iterations: 4 }, k);
    m.fit(fb.train, { seed: 3 });
    return m.factors;
  };
  // the Gram partial sums are added in another order: equal up to rounding
  const local = fit();
  const threaded = fit(kernels);
  expect(threaded.users.buffer).toBeInstanceOf(SharedArrayBuffer);
  for (let q = 0; q < local.merchants.length; q++) expect(threaded.merchants[q]).toBeCloseTo(local.merchants[q]!, 7);
  for (let q = 0; q < local.users.length; q++) expect(threaded.users[q]).toBeCloseTo(local.users[q]!, 7);
});
