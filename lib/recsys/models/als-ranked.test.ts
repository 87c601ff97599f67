import { describe, expect, test } from 'vitest';

import { candidateMask } from '../data/interactions';
import { PrunedTopK } from '../matrix/pruned-top-k';
import { rankScores } from '../matrix/top-k';
import { Rng } from '../random';
import { syntheticMatrix } from '../testing/synthetic';
import type { InteractionMatrix, RecommendOptions } from '../types';
import { RankedAlsScan, type BatchModel } from './als-ranked';
import { alsDot } from './als-scorer';

const f = 8;
const nM = 700;
const nU = 64;

/**
 * Merchant factors whose norms spread over two orders of magnitude (so the norm bound has
 * something to skip), users of several scales, one zero vector, some pointing away from the
 * merchants (every score negative) and some along a family of merchants, and merchant 3 seen
 * in views only (not a candidate).
 */
function fixture() {
  const rng = new Rng(11);
  const train = syntheticMatrix(nU, nM, 4000, 4);
  const w = train.weights;
  for (let p = 0; p < w.indices.length; p++) if (w.indices[p] === 3) train.orders[p] = 0;
  const y = new Float64Array(nM * f);
  const mean = new Float64Array(f);
  for (let i = 0; i < nM; i++) {
    const scale = Math.exp(1.5 * rng.normal(0, 1));
    for (let a = 0; a < f; a++) {
      y[i * f + a] = scale * (rng.normal(0, 1) + (a === 0 ? 1 : 0));
      mean[a]! += y[i * f + a]! / nM;
    }
  }
  // merchants 600..659 share one direction d with scales 0.01 .. 100: for users along d the
  // Cauchy–Schwarz bound is tight, so a stopping rule that is the least too eager loses them
  const d = Float64Array.from({ length: f }, () => rng.normal(0, 1));
  for (let i = 600; i < 660; i++) for (let a = 0; a < f; a++) y[i * f + a] = 10 ** (-2 + (4 * (i - 600)) / 59) * d[a]!;
  const xs = Array.from({ length: nU }, (_, u) => {
    if (u === 0) return new Float64Array(f);
    if (u % 7 === 3) return d.map((v) => v * (1 + u / 10));
    if (u % 7 === 0) return mean.map((v) => -v * (1 + u / 10));
    return Float64Array.from({ length: f }, () => rng.normal(0, 1) * (1 + (u % 5)));
  });
  return { train, y, xs };
}

/** ‖y_i‖ per merchant, as AlsModel keeps them. */
function norms(y: Float64Array): Float64Array {
  return Float64Array.from({ length: y.length / f }, (_, i) => Math.hypot(...y.subarray(i * f, i * f + f)));
}

/** Every user warm with the given vector; exact scores by alsDot in sequential order. */
function batchModel(train: InteractionMatrix, y: Float64Array, vector: (u: number) => Float64Array): BatchModel {
  return {
    train,
    isWarm: () => true,
    recommend: () => [],
    userVector: vector,
    exactScores: (x, idx, vals, n) => {
      for (let j = 0; j < n; j++) vals[j] = alsDot(x, y, idx[j]!, f, false);
    },
  };
}

describe('RankedAlsScan', () => {
  test('every list equals the exact top k over all candidates, and the tail is skipped', () => {
    const { train, y, xs } = fixture();
    const scan = RankedAlsScan.create(y, f, train, norms(y))!;
    const model = batchModel(train, y, (u) => xs[u]!);
    const users = Int32Array.from({ length: nU }, (_, u) => u);
    const optionSets: RecommendOptions[] = [{}, { excludeOrdered: true }, { excludeOrdered: true, exclude: new Set([0, 5, 7, 699]) }];
    for (const k of [1, 5, 20, 1000]) {
      for (const opts of optionSets) {
        const lists = scan.recommendMany(model, users, k, opts, new PrunedTopK());
        for (let u = 0; u < nU; u++) {
          const all = Float64Array.from({ length: nM }, (_, i) => alsDot(xs[u]!, y, i, f, false));
          expect(lists[u], `user ${u}, k ${k}, ${JSON.stringify({ ...opts, exclude: [...(opts.exclude ?? [])] })}`).toEqual(
            rankScores(all, train, u, k, opts),
          );
        }
      }
    }
    expect(scan.recommendMany(model, users, 1000, {}, new PrunedTopK())[1]!.map((s) => s.idx)).not.toContain(3);
    // the norm bound skips part of the catalogue for short lists (fails if every row is scanned)
    const before = scan.scored;
    scan.recommendMany(model, users, 5, {}, new PrunedTopK());
    const positions = 64 * Math.ceil(candidateMask(train).reduce((a, c) => a + c, 0) / 64);
    expect(scan.scored - before).toBeLessThan(0.7 * nU * positions);
  });

  test('maxScore: the exact maximum over candidates for every user, scoring a fraction of the catalogue', () => {
    const { train, y, xs } = fixture();
    const scan = RankedAlsScan.create(y, f, train, norms(y))!;
    const cand = candidateMask(train);
    const rows = (scan as unknown as { scorer: { scoreRange(a: number, b: number): void } }).scorer;
    let scanned = 0;
    const scoreRange = rows.scoreRange.bind(rows);
    rows.scoreRange = (a, b) => {
      scanned += b - a;
      scoreRange(a, b);
    };
    const pruned = new PrunedTopK();
    for (let u = 0; u < nU; u++) {
      const x = xs[u]!;
      let best = -Infinity;
      for (let i = 0; i < nM; i++) if (cand[i] === 1) best = Math.max(best, alsDot(x, y, i, f, false));
      const got = scan.maxScore(x, train, pruned, (idx, vals, n) => {
        for (let j = 0; j < n; j++) vals[j] = alsDot(x, y, idx[j]!, f, false);
      });
      expect(got, `user ${u}`).toBe(best);
    }
    // the zero vector and the users pointing away scan everything; the others stop early
    const positions = 64 * Math.ceil(cand.reduce((a, c) => a + c, 0) / 64);
    expect(scanned).toBeLessThan(0.6 * nU * positions);
  });

  test('a merchant past the first pass whose score is just above its k-th best is kept (the bound is tight along y)', () => {
    // merchants 0..199: norms 5..10 at cosine 0.2 with the unit vector d (they fill the first
    // pass); merchant 650: norm just above the 5th best first-pass score, along d. For x = d its
    // score equals its bound ‖x‖·‖y‖, 0.5 % above the first pass's 5th best score: a stopping
    // rule 1 % too eager drops it from the top 5.
    const rng = new Rng(5);
    const train = syntheticMatrix(8, nM, 4000, 9);
    const d = Float64Array.from({ length: f }, () => rng.normal(0, 1));
    const dn = Math.hypot(...d);
    d.forEach((v, a) => (d[a] = v / dn));
    const y = new Float64Array(nM * f);
    for (let i = 0; i < nM; i++) {
      const o = Float64Array.from({ length: f }, () => rng.normal(0, 1));
      const od = o.reduce((acc, v, a) => acc + v * d[a]!, 0);
      o.forEach((v, a) => (o[a] = v - od * d[a]!)); // orthogonal to d
      const on = Math.hypot(...o);
      const s = i < 200 ? 5 + (5 * i) / 199 : 0.5 + rng.next();
      const c = i < 200 ? 0.2 : 0.1 * rng.normal(0, 1);
      for (let a = 0; a < f; a++) y[i * f + a] = s * (c * d[a]! + Math.sqrt(1 - c * c) * (o[a]! / on));
    }
    const dots = (x: Float64Array) => Float64Array.from({ length: nM }, (_, i) => alsDot(x, y, i, f, false));
    const fifth = [...dots(d).subarray(0, 200)].sort((a, b) => b - a)[4]!;
    for (let a = 0; a < f; a++) y[650 * f + a] = 1.005 * fifth * d[a]!;
    const scan = RankedAlsScan.create(y, f, train, norms(y))!;
    const model = batchModel(train, y, () => d);
    const [list] = scan.recommendMany(model, Int32Array.of(0), 5, {}, new PrunedTopK());
    expect(list).toEqual(rankScores(dots(d), train, 0, 5, {}));
    expect(list!.map((e) => e.idx)).toContain(650);
    // k = 1: merchant 660 along d, 0.5 % above the first pass's best, is the maximum
    const best = Math.max(...dots(d).subarray(0, 200));
    for (let a = 0; a < f; a++) y[660 * f + a] = 1.005 * best * d[a]!;
    const max = RankedAlsScan.create(y, f, train, norms(y))!.maxScore(d, train, new PrunedTopK(), (idx, vals, n) => {
      for (let j = 0; j < n; j++) vals[j] = alsDot(d, y, idx[j]!, f, false);
    });
    expect(max).toBe(alsDot(d, y, 660, f, false));
    expect(max).toBe(Math.max(...dots(d)));
  });
});
