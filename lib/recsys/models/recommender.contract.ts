import { describe, expect, test } from 'vitest';

import { candidateMask } from '../data/interactions';
import { checkerboard, type CheckerboardOptions } from '../testing/fixtures';
import type { FitOptions, Recommender } from '../types';

/** What a model claims, selecting which checks of {@link recommenderContract} apply. */
export interface ContractOptions {
  /** Collaborative model: withheld merchant = top-1 with excludeOrdered (default true). */
  personalised?: boolean;
  /** explain() contributions sum to scoreAll()'s score within 1e-9 (default true). */
  faithfulExplain?: boolean;
  /** similarMerchants' top-1 lies in the merchant's own checkerboard group (default true). */
  similarInGroup?: boolean;
  /** Options passed to fit (default { seed: 1 }). */
  fitOptions?: FitOptions;
  /** Fixture shape (default 3 groups × 5). */
  fixture?: CheckerboardOptions;
}

const TOL = 1e-9;

/**
 * The shared contract every `Recommender` passes (benfred/implicit style), registered as a
 * Vitest `describe` block. Checks on the checkerboard fixture (see `testing/fixtures.ts`):
 * scoreAll fills finite scores; recommend is sorted, distinct, candidates only (never a
 * view-only merchant), scores equal scoreAll's; asking for more than exist returns every
 * candidate; excludeOrdered and exclude are respected; cold users (idx −1 or ≥ rows) get a
 * fallback list; similarMerchants excludes the merchant itself; two fits with one seed give
 * identical lists; optionally the withheld merchant is each user's top recommendation,
 * similar merchants stay in their group, and explanations are faithful.
 * @param name - label of the describe block
 * @param factory - returns a fresh, unfitted model
 * @param opts - which optional claims to check
 */
export function recommenderContract(
  name: string,
  factory: () => Recommender,
  opts: ContractOptions = {},
): void {
  const fb = checkerboard(opts.fixture);
  const { train, withheld, merchantGroup } = fb;
  const nU = train.users.size;
  const nM = train.merchants.size;
  const cand = candidateMask(train);
  const nCand = cand.reduce((a, b) => a + b, 0);
  const fitOpts = opts.fitOptions ?? { seed: 1 };
  const fitted = (): Recommender => {
    const m = factory();
    m.fit(train, fitOpts);
    return m;
  };
  const ordered = (u: number): Set<number> => {
    const s = new Set<number>();
    for (let p = train.weights.indptr[u]!; p < train.weights.indptr[u + 1]!; p++) {
      if (train.orders[p]! > 0) s.add(train.weights.indices[p]!);
    }
    return s;
  };

  describe(`${name} (recommender contract)`, () => {
    const model = fitted();

    test('scoreAll fills one finite score per merchant', () => {
      const out = new Float64Array(nM).fill(NaN);
      for (let u = 0; u < nU; u++) {
        model.scoreAll(u, out);
        expect(out.every((v) => Number.isFinite(v))).toBe(true);
      }
    });

    test('recommend: sorted, distinct, candidates only, scores equal scoreAll', () => {
      const out = new Float64Array(nM);
      for (let u = 0; u < nU; u++) {
        const recs = model.recommend(u, 5);
        expect(recs).toHaveLength(5);
        model.scoreAll(u, out);
        expect(new Set(recs.map((r) => r.idx)).size).toBe(recs.length);
        for (let i = 0; i < recs.length; i++) {
          const r = recs[i]!;
          expect(cand[r.idx]).toBe(1);
          expect(r.score).toBeCloseTo(out[r.idx]!, 9);
          if (i > 0) expect(r.score).toBeLessThanOrEqual(recs[i - 1]!.score);
        }
      }
    });

    test('asking for more merchants than exist returns every candidate', () => {
      expect(model.recommend(0, nM + 100)).toHaveLength(nCand);
      expect(model.recommend(0, 0)).toHaveLength(0);
    });

    test('excludeOrdered drops exactly the merchants ordered in training', () => {
      for (let u = 0; u < nU; u++) {
        const own = ordered(u);
        const recs = model.recommend(u, nM, { excludeOrdered: true });
        expect(recs).toHaveLength(nCand - own.size);
        for (const r of recs) expect(own.has(r.idx)).toBe(false);
      }
    });

    test('exclude drops the given merchants', () => {
      const top = model.recommend(1, 3).map((r) => r.idx);
      const recs = model.recommend(1, nM, { exclude: new Set(top) });
      expect(recs).toHaveLength(nCand - 3);
      for (const r of recs) expect(top).not.toContain(r.idx);
    });

    test('cold users (idx -1 or beyond the matrix) get a fallback list', () => {
      expect(model.recommend(-1, 4)).toHaveLength(4);
      expect(model.recommend(nU, 4)).toHaveLength(4);
    });

    test('similarMerchants excludes the merchant itself and is sorted', () => {
      for (let m = 0; m < nM; m++) {
        if (!cand[m]) continue;
        const sim = model.similarMerchants(m, 4);
        expect(sim.length).toBeGreaterThan(0);
        expect(sim.length).toBeLessThanOrEqual(4);
        expect(sim.map((s) => s.idx)).not.toContain(m);
        for (let i = 1; i < sim.length; i++) expect(sim[i]!.score).toBeLessThanOrEqual(sim[i - 1]!.score);
        if (opts.similarInGroup ?? true) expect(merchantGroup[sim[0]!.idx]).toBe(merchantGroup[m]);
      }
    });

    test('a fixed seed gives identical recommendations', () => {
      const again = fitted();
      for (let u = 0; u < nU; u++) {
        expect(again.recommend(u, nM)).toEqual(model.recommend(u, nM));
      }
    });

    if (opts.personalised ?? true) {
      test('the withheld merchant is each user’s top recommendation (excludeOrdered)', () => {
        for (let u = 0; u < nU; u++) {
          expect(model.recommend(u, 1, { excludeOrdered: true })[0]?.idx).toBe(withheld[u]);
        }
      });
    }

    if (opts.faithfulExplain ?? true) {
      test('explain contributions sum to the score of scoreAll', () => {
        const out = new Float64Array(nM);
        for (let u = 0; u < nU; u++) {
          model.scoreAll(u, out);
          const targets = [withheld[u]!, ...model.recommend(u, 3).map((r) => r.idx)];
          for (const m of targets) {
            const parts = model.explain(u, m, nM + 10);
            const sum = parts.reduce((a, c) => a + c.value, 0);
            expect(Math.abs(sum - out[m]!)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(out[m]!)));
            expect(model.explain(u, m, 1).length).toBeLessThanOrEqual(1);
          }
        }
      });
    }
  });
}
