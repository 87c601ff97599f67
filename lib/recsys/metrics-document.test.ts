import { expect, test } from 'vitest';

import { temporalSplit } from './data/split';
import { diagnose } from './diagnostics';
import { evaluate } from './evaluate';
import {
  bestByNdcg10,
  buildMetricsDocument,
  jsonNumber,
  keyOf,
  type DocumentModelInput,
} from './metrics-document';
import { PopularityModel } from './models/popularity';
import { RepeatModel } from './models/repeat';
import { PIPELINE_FIXTURE_CUTOFF, pipelineEvents } from './testing/pipeline-fixture';

const split = temporalSplit(pipelineEvents(), { cutoff: PIPELINE_FIXTURE_CUTOFF });
const pop = new PopularityModel();
pop.fit(split.train);
const rep = new RepeatModel();
rep.fit(split.train);
const opts = { protocol: 'all' as const, bootstrap: { resamples: 100 }, coldModel: pop };
const results = [evaluate(pop, split, opts), evaluate(rep, split, opts)];
const inputs: DocumentModelInput[] = results.map((result) => ({ result, fitSeconds: 0.0123456 }));
const diagnostics = diagnose(split.train, split);
const doc = buildMetricsDocument({
  protocol: 'all',
  split,
  testEnd: Date.UTC(2024, 0, 2),
  seed: 42,
  catalogSize: 18,
  diagnostics,
  models: inputs,
});

const CURVES = ['precision', 'recall', 'hitrate', 'ndcg', 'map', 'mrr'];
const FIELDS = [
  'coverage@10',
  'diversity@10',
  'novelty@10',
  'fitSeconds',
  'recommendSeconds',
  'params',
  'intervals',
  'targets',
  'trend',
  'cold',
  'usersPerSecond',
];

test('has the contract fields and the dashboard additions at the top level', () => {
  expect(Object.keys(doc)).toEqual([
    'protocol',
    'split',
    'evaluatedUsers',
    'coldUsers',
    'catalogSize',
    'diagnostics',
    'models',
    'best',
    'cutoff',
    'testEnd',
    'seed',
    'kMax',
    'splitStats',
  ]);
  expect(doc.split).toBe(new Date(PIPELINE_FIXTURE_CUTOFF).toISOString());
  expect(doc.testEnd).toBe('2024-01-02T00:00:00.000Z');
  expect(doc.evaluatedUsers).toBe(results[0]!.users);
  expect(doc.catalogSize).toBe(18);
  expect(doc.diagnostics.warnings).toEqual(diagnostics.warnings);
});

test('each model has all six curves at K = 1..20 and the per-model fields', () => {
  const m = doc.models.repeat!;
  const curveKeys = CURVES.flatMap((c) => Array.from({ length: 20 }, (_, i) => `${c}@${i + 1}`));
  expect(Object.keys(m).sort()).toEqual([...curveKeys, ...FIELDS].sort());
  expect(m['ndcg@10']).toBeCloseTo(results[1]!.curves.ndcg[9]!, 9);
  expect(m['hitrate@5']).toBeCloseTo(results[1]!.curves.hitRate[4]!, 9);
  expect(Object.keys(m.intervals)).toEqual([
    'precision@5',
    'recall@10',
    'hitrate@5',
    'ndcg@10',
    'map@10',
    'mrr@10',
  ]);
  expect(m.intervals['ndcg@10']!.lo).toBeLessThanOrEqual(m['ndcg@10']);
  expect(m.targets.map((t) => t.name)).toContain('hitrate@5');
  expect(m.cold).toMatchObject({ users: split.stats.coldUsers, model: 'popularity' });
  expect(m.fitSeconds).toBe(0.012);
  expect(m.vsBaseline).toBeUndefined();
});

test('best is the highest NDCG@10, the first on ties', () => {
  const better =
    results[1]!.curves.ndcg[9]! > results[0]!.curves.ndcg[9]! ? 'repeat' : 'popularity';
  expect(doc.best).toBe(better);
  expect(bestByNdcg10([results[0]!, results[0]!])).toBe(0);
  expect(bestByNdcg10([])).toBe(-1);
});

test('vsBaseline lists the paired differences', () => {
  const d = buildMetricsDocument({
    protocol: 'all',
    split,
    testEnd: 0,
    seed: 1,
    catalogSize: 18,
    diagnostics,
    models: [
      {
        ...inputs[1]!,
        vsBaseline: {
          baseline: 'popularity',
          differences: [{ metric: 'ndcg', k: 10, value: 0.1, lo: 0.05, hi: 0.2, n: 3 }],
        },
      },
    ],
  });
  expect(d.models.repeat!.vsBaseline).toEqual({
    baseline: 'popularity',
    'ndcg@10': { value: 0.1, lo: 0.05, hi: 0.2 },
  });
  expect(() =>
    buildMetricsDocument({
      protocol: 'all',
      split,
      testEnd: 0,
      seed: 1,
      catalogSize: 0,
      diagnostics,
      models: [],
    }),
  ).toThrow(RangeError);
});

test('numbers are finite and keys use the contract spelling', () => {
  expect(jsonNumber(Number.NaN)).toBe(0);
  expect(jsonNumber(Infinity)).toBe(0);
  expect(jsonNumber(1 / 3)).toBe(0.333333333);
  expect(keyOf('hitRate', 5)).toBe('hitrate@5');
  expect(JSON.stringify(doc)).not.toMatch(/null|NaN|Infinity/);
});
