import { IndexMap } from '../data/index-map';
import { Rng } from '../random';
import type { InteractionMatrix } from '../types';

/**
 * A random implicit matrix: `nnz` distinct (user, merchant) pairs, users' counts ≈ geometric,
 * merchants by a Zipf(1) popularity, 1–3 orders each. O(nnz · log merchants).
 */
export function syntheticMatrix(
  users: number,
  merchants: number,
  nnz: number,
  seed: number,
): InteractionMatrix {
  const rng = new Rng(seed);
  const cum = new Float64Array(merchants);
  for (let i = 0, s = 0; i < merchants; i++) cum[i] = s += 1 / (i + 1);
  const pick = () => {
    const x = rng.next() * cum[merchants - 1]!;
    let lo = 0;
    let hi = merchants - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const perUser = new Int32Array(users).fill(1);
  for (let left = nnz - users; left > 0; left--) perUser[rng.int(users)]!++;
  const indptr = new Int32Array(users + 1);
  const indices = new Int32Array(nnz);
  const seen = new Set<number>();
  for (let u = 0, p = 0; u < users; u++) {
    seen.clear();
    const want = Math.min(perUser[u]!, merchants);
    while (seen.size < want) seen.add(seen.size < want / 2 ? pick() : rng.int(merchants));
    const row = [...seen].sort((a, b) => a - b);
    indices.set(row, p);
    p += row.length;
    indptr[u + 1] = p;
  }
  const total = indptr[users]!;
  const orders = Float64Array.from({ length: total }, () => 1 + rng.int(3));
  const t = Date.UTC(2026, 0, 1);
  return {
    users: new IndexMap(Array.from({ length: users }, (_, i) => `u${i}`)),
    merchants: new IndexMap(Array.from({ length: merchants }, (_, i) => `m${i}`)),
    weights: {
      nRows: users,
      nCols: merchants,
      indptr,
      indices: indices.subarray(0, total),
      data: orders.slice(),
    },
    orders,
    spend: orders.map((o) => o * 20),
    lastTime: Float64Array.from({ length: total }, () => t - rng.int(60) * 86_400_000),
    now: t,
    merchantCategory: Array.from({ length: merchants }, () => ''),
    merchantName: Array.from({ length: merchants }, (_, i) => `Merchant ${i}`),
  };
}
