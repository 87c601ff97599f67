import { expect, test } from 'vitest';

import { DAY_MS } from './data/interactions';
import { temporalSplit } from './data/split';
import { compareToBaseline, evaluate, evaluationSummary } from './evaluate';
import { FIXTURE_NOW, makeEvent } from './testing/fixtures';
import type { InteractionMatrix, Recommender, RecommendOptions, Scored } from './types';

const day = (d: number) => FIXTURE_NOW + d * DAY_MS;
const ev = (u: string, m: string, d: number) => makeEvent(u, m, { eventTime: day(d) });
const events = [
  ev('u1', 'a', -9), ev('u1', 'b', -8), ev('u2', 'c', -7), ev('u9', 'd', -6), ev('u9', 'e', -5),
  ev('u9', 'b', -4),
  ev('u1', 'a', 1), ev('u1', 'e', 1), ev('u2', 'd', 2), ev('u2', 'x', 3), ev('u3', 'a', 2),
];
const split = temporalSplit(events, { cutoff: FIXTURE_NOW });

/** A stub with fixed base rankings per user id; cold users get [a, b, c, d, e]. */
class FixedModel implements Recommender {
  readonly kind = 'popularity' as const;
  readonly params = {};
  private train!: InteractionMatrix;
  constructor(private readonly lists: Record<string, string[]>) {}
  fit(train: InteractionMatrix): void {
    this.train = train;
  }
  scoreAll(): void {}
  recommend(u: number, k: number, opts: RecommendOptions = {}): Scored[] {
    const id = u >= 0 ? this.train.users.idOf(u) : '';
    const base = this.lists[id] ?? ['a', 'b', 'c', 'd', 'e'];
    const w = this.train.weights;
    const own = new Set<number>();
    if (u >= 0) for (let p = w.indptr[u]!; p < w.indptr[u + 1]!; p++) own.add(w.indices[p]!);
    return base
      .map((m) => this.train.merchants.indexOf(m)!)
      .filter((m) => !(opts.excludeOrdered && own.has(m)))
      .slice(0, k)
      .map((idx, r) => ({ idx, score: -r }));
  }
  similarMerchants(): Scored[] {
    return [];
  }
  explain() {
    return [];
  }
}

const model = new FixedModel({ u1: ['b', 'e', 'a', 'c', 'd'], u2: ['d', 'c', 'a', 'b', 'e'] });
model.fit(split.train);

test('all protocol: hand-computed curves, beyond-accuracy, cold users, trend', () => {
  const r = evaluate(model, split, { protocol: 'all', kMax: 3, beyondK: 2, bootstrap: false });
  expect(r.users).toBe(2);
  // u1: R = {a, e}, list [b, e, a] ⇒ hits at ranks 2, 3. u2: R = {d, x}, list [d, c, a] ⇒ hit at 1
  expect(r.curves.precision[2]).toBeCloseTo((2 / 3 + 1 / 3) / 2, 12);
  expect(r.curves.recall[2]).toBeCloseTo((1 + 0.5) / 2, 12);
  expect(r.curves.hitRate[0]).toBe(0.5);
  // NDCG@3: u1 (1/log2 3 + 1/log2 4)/(1 + 1/log2 3) = 0.693426; u2 1/1.630930 = 0.613147
  expect(r.curves.ndcg[2]).toBeCloseTo((0.693426 + 0.613147) / 2, 5);
  // MAP@3: u1 (1/2 + 2/3)/2 = 0.583333; u2 1/2. MRR@3: (1/2 + 1)/2
  expect(r.curves.map[2]).toBeCloseTo((0.583333 + 0.5) / 2, 5);
  expect(r.curves.mrr[2]).toBe(0.75);
  // top-2 lists [b, e], [d, c]: 4 of 5 candidates (x is unknown to train)
  expect(r.coverage).toBe(0.8);
  // cos(b, e) = 1/√(2·1) (u9 ordered both), cos(d, c) = 0 ⇒ ((1 − 0.707107) + 1)/2
  expect(r.diversity).toBeCloseTo((2 - Math.SQRT1_2) / 2, 12);
  // N = 3 ordering users; b has 2, e/d/c 1 ⇒ (−log2(2/3) + 3·−log2(1/3))/4
  expect(r.novelty).toBeCloseTo((Math.log2(1.5) + 3 * Math.log2(3)) / 4, 12);
  // cold u3 gets [a, b, c]: R = {a} hit at 1
  expect(r.cold.users).toBe(1);
  expect(r.cold.curves.ndcg[2]).toBe(1);
  expect(r.trend.map((t) => [t.date, t.users, t.hitRate])).toEqual([
    ['2024-01-02', 1, 1],
    ['2024-01-03', 1, 1],
  ]);
  expect(r.targets.find((t) => t.name === 'coverage@10')).toMatchObject({ value: 0.8, met: true });
  expect(r.targets.find((t) => t.name === 'precision@5')).toMatchObject({ value: 0, met: false });
  const json = JSON.parse(JSON.stringify(evaluationSummary(r)));
  expect(json.outcomes).toBeUndefined();
  expect(json.cold.outcomes).toBeUndefined();
  expect(json.curves.mrr[2]).toBe(0.75);
});

test('discovery protocol drops ordered merchants from lists and R', () => {
  const r = evaluate(model, split, { protocol: 'discovery', kMax: 3, bootstrap: false, beyondK: 2 });
  // u1: R = {e}, list [e, c, d] ⇒ hit at 1; u2: R = {d, x}, list [d, a, b] ⇒ hit at 1
  expect(r.users).toBe(2);
  expect(r.curves.hitRate[0]).toBe(1);
  expect(r.curves.recall[2]).toBeCloseTo((1 + 0.5) / 2, 12);
  expect(r.curves.precision[2]).toBeCloseTo(1 / 3, 12);
});

test('users whose R is empty under discovery are skipped; zero users give zeros', () => {
  const s = temporalSplit([ev('u1', 'a', -2), ev('u1', 'a', 1)], { cutoff: FIXTURE_NOW });
  const m = new FixedModel({});
  m.fit(s.train);
  const r = evaluate(m, s, { protocol: 'discovery' });
  expect(r.users).toBe(0);
  expect(r.skippedUsers).toBe(1);
  expect(r.curves.ndcg.every((v) => v === 0)).toBe(true);
  expect(r.headline.every((h) => h.value === 0 && h.n === 0)).toBe(true);
  expect(r.coverage).toBe(0);
  expect(() => evaluate(m, s, { protocol: 'all', kMax: 5, beyondK: 10 })).toThrow(RangeError);
});

test('bootstrap intervals bracket the headline values; paired difference to a baseline', () => {
  const r = evaluate(model, split, { protocol: 'all', bootstrap: { seed: 1, resamples: 200 } });
  for (const h of r.headline) {
    expect(h.lo).toBeLessThanOrEqual(h.value);
    expect(h.hi).toBeGreaterThanOrEqual(h.value);
  }
  expect(compareToBaseline(r, r).every((d) => d.value === 0 && d.lo === 0 && d.hi === 0)).toBe(true);
  const empty = new FixedModel({ u1: [], u2: [] });
  empty.fit(split.train);
  const e = evaluate(empty, split, { protocol: 'all', bootstrap: false });
  const diff = compareToBaseline(r, e, { seed: 2 });
  const ndcg = diff.find((d) => d.metric === 'ndcg')!;
  expect(ndcg.value).toBeCloseTo(r.curves.ndcg[9]!, 12);
  expect(ndcg.n).toBe(2);
});

test('evaluate goes through recommendMany when a model has one, in the evaluated users’ order', () => {
  const base = new FixedModel({ u1: ['e', 'a', 'b'], u2: ['d', 'c'] });
  base.fit(split.train);
  const asked: number[][] = [];
  const batched: Recommender = {
    kind: base.kind,
    params: base.params,
    fit: () => {},
    scoreAll: () => {},
    recommend: () => {
      throw new Error('recommend must not be called when recommendMany exists');
    },
    recommendMany: (users, k, opts) => {
      asked.push([...users]);
      return Array.from(users, (u) => base.recommend(u, k, opts));
    },
    similarMerchants: () => [],
    explain: () => [],
  };
  for (const protocol of ['all', 'discovery'] as const) {
    const viaBatch = evaluate(batched, split, { protocol, bootstrap: false });
    const viaLoop = evaluate(base, split, { protocol, bootstrap: false });
    expect(viaBatch.curves).toEqual(viaLoop.curves);
    expect(viaBatch.users).toBe(viaLoop.users);
    expect([...viaBatch.outcomes.userIdx]).toEqual([...viaLoop.outcomes.userIdx]);
  }
  // warm and cold group per protocol; the warm "all" group asks for u1 and u2 in split order
  expect(asked).toHaveLength(4);
  expect(asked[0]!.map((u) => split.train.users.idOf(u))).toEqual(['u1', 'u2']);
});
