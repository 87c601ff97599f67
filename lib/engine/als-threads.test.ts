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
  // the Gram partial sums are added in another order, and a last-bit change there can move an
  // f32 rounding of the CG row products (wasm/als-cg-module.ts): measured ≤ 1.5e-7 on these
  // factors of ~0.1 after 4 sweeps, bounded by 5e-6 (f64 products agreed to 5e-8)
  const local = fit();
  const threaded = fit(kernels);
  expect(threaded.users.buffer).toBeInstanceOf(SharedArrayBuffer);
  for (let q = 0; q < local.merchants.length; q++) expect(threaded.merchants[q]).toBeCloseTo(local.merchants[q]!, 5);
  for (let q = 0; q < local.users.length; q++) expect(threaded.users[q]).toBeCloseTo(local.users[q]!, 5);
  // chunks go to whichever thread claims them first, yet a fixed seed gives the very same bits
  const again = fit(kernels);
  expect([...again.users]).toEqual([...threaded.users]);
  expect([...again.merchants]).toEqual([...threaded.merchants]);
});

test('every chunk is run exactly once, whichever thread claims it', () => {
  const f = 4;
  const x = kernels.float64(40 * f);
  for (let q = 0; q < x.length; q++) x[q] = (q % 7) - 3.5;
  // R = −I negates each row once (a row rotated twice would come back, one skipped would not
  // change); a Gram sum counts each row once: Σ_r x_r[0]² over the 40 rows
  const minusI = Float64Array.from({ length: f * f }, (_, q) => (q % (f + 1) === 0 ? -1 : 0));
  const before = x.slice();
  kernels.rotate(x, f, minusI, 40);
  expect([...x]).toEqual([...before].map((v) => -v));
  const g = new Float64Array(f * f);
  kernels.gram(x, f, 40, g);
  let want = 0;
  for (let r = 0; r < 40; r++) want += x[r * f]! ** 2;
  expect(g[0]).toBe(want);
});
