import { describe, expect, test } from 'vitest';

import { DAY_MS } from './data/interactions';
import type { MetricsDocument } from './metrics-document';
import { MODEL_KINDS, PipelineInputError, runPipeline, type PipelineOptions } from './pipeline';
import { FIXTURE_NOW, makeEvent } from './testing/fixtures';
import { PIPELINE_FIXTURE_CUTOFF, pipelineEvents } from './testing/pipeline-fixture';

const events = pipelineEvents();
const small: PipelineOptions['params'] = {
  als: { factors: 8, iterations: 5 },
  hybrid: { als: { factors: 8, iterations: 5 }, searchSamples: 30 },
};
const base: PipelineOptions = {
  mode: 'evaluate',
  cutoff: PIPELINE_FIXTURE_CUTOFF,
  params: small,
  bootstrap: { resamples: 200 },
};
const TIMING = new Set(['fitSeconds', 'recommendSeconds', 'usersPerSecond']);

/** Throws unless `v` is plain JSON: objects, arrays, strings, booleans, null, finite numbers. */
function assertPlainJson(v: unknown, path = '$'): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${path} is ${v}`);
    return;
  }
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlainJson(x, `${path}[${i}]`));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, x] of Object.entries(v)) assertPlainJson(x, `${path}.${k}`);
    return;
  }
  throw new Error(`${path} is not plain JSON (${Object.prototype.toString.call(v)})`);
}

function withoutTimings(doc: MetricsDocument): unknown {
  return JSON.parse(JSON.stringify(doc), (k, v) => (TIMING.has(k) ? undefined : v));
}

describe('runPipeline, evaluate mode', () => {
  const stages: Array<[string, number]> = [];
  const result = runPipeline(events, {
    ...base,
    keepRecommendations: true,
    onProgress: (s, f) => stages.push([s, f]),
  });

  test('fits every model and writes one plain-JSON document per protocol', () => {
    expect([...result.models.keys()]).toEqual(MODEL_KINDS);
    expect(result.documents.map((d) => d.protocol)).toEqual(['all', 'discovery']);
    for (const doc of result.documents) {
      assertPlainJson(doc);
      expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
      expect(Object.keys(doc.models)).toEqual(MODEL_KINDS);
      expect(doc.split).toBe(new Date(PIPELINE_FIXTURE_CUTOFF).toISOString());
      expect(doc.evaluatedUsers).toBeGreaterThan(0);
      expect(doc.coldUsers).toBe(result.split!.stats.coldUsers);
      expect(doc.kMax).toBe(20);
      expect(doc.seed).toBe(42);
    }
  });

  test('progress is monotone, readable, and ends at 1', () => {
    const fractions = stages.map(([, f]) => f);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(stages[0]).toEqual(['building matrix', 0]);
    expect(stages.at(-1)).toEqual(['done', 1]);
    const names = stages.map(([s]) => s);
    for (const s of [
      'fitting item-knn',
      'als iteration 3/5',
      'fitting hybrid',
      'evaluating hybrid (discovery)',
    ]) {
      expect(names).toContain(s);
    }
  });

  test('best is the highest NDCG@10; others compare with the best baseline', () => {
    for (const doc of result.documents) {
      const top = Math.max(...Object.values(doc.models).map((m) => m!['ndcg@10']));
      expect(doc.models[doc.best]!['ndcg@10']).toBe(top);
      const baselines = (['random', 'popularity', 'repeat'] as const).map(
        (k) => doc.models[k]!['ndcg@10'],
      );
      const bestBaseline = (['random', 'popularity', 'repeat'] as const)[
        baselines.indexOf(Math.max(...baselines))
      ]!;
      expect(doc.models[bestBaseline]!.vsBaseline).toBeUndefined();
      const vs = doc.models.hybrid!.vsBaseline!;
      expect(vs.baseline).toBe(bestBaseline);
      const diff = doc.models.hybrid!['ndcg@10'] - doc.models[bestBaseline]!['ndcg@10'];
      expect(vs['ndcg@10']!.value).toBeCloseTo(diff, 6);
    }
  });

  test("keeps each evaluated user's top 20 under the protocol's exclusions", () => {
    for (const doc of result.documents) {
      const recs = result.recommendations.get(doc.protocol)!;
      for (const lists of recs.values()) {
        expect(lists.userIdx.length).toBe(doc.evaluatedUsers);
        for (let t = 0; t < lists.userIdx.length; t++) {
          const n = lists.offsets[t + 1]! - lists.offsets[t]!;
          expect(n).toBeGreaterThan(0);
          expect(n).toBeLessThanOrEqual(Math.min(20, doc.catalogSize));
        }
      }
    }
    const train = result.train;
    const lists = result.recommendations.get('discovery')!.get('repeat')!;
    for (let t = 0; t < lists.userIdx.length; t++) {
      const u = lists.userIdx[t]!;
      for (let p = train.weights.indptr[u]!; p < train.weights.indptr[u + 1]!; p++) {
        if (train.orders[p]! === 0) continue;
        expect(lists.merchantIdx.subarray(lists.offsets[t]!, lists.offsets[t + 1]!)).not.toContain(
          train.weights.indices[p]!,
        );
      }
    }
  });

  test('is deterministic for a seed (timings aside)', () => {
    const again = runPipeline(events, base);
    expect(again.documents.map(withoutTimings)).toEqual(result.documents.map(withoutTimings));
    const other = runPipeline(events, { ...base, seed: 7, models: ['random'] });
    expect(other.documents[0]!.models.random!['ndcg@10']).not.toBe(
      result.documents[0]!.models.random!['ndcg@10'],
    );
  });
});

describe('runPipeline options', () => {
  test('production mode fits on all events with now = last event + 1 ms, no documents', () => {
    const stages: number[] = [];
    const r = runPipeline(events, {
      mode: 'production',
      params: small,
      models: ['popularity', 'hybrid'],
      onProgress: (_, f) => stages.push(f),
    });
    expect(r.documents).toEqual([]);
    expect(r.split).toBeUndefined();
    expect(r.train.now).toBe(Math.max(...events.map((e) => e.eventTime)) + 1);
    expect([...r.models.keys()]).toEqual(['popularity', 'hybrid']);
    expect(r.models.get('hybrid')!.recommend(0, 5)).toHaveLength(5);
    expect(r.diagnostics.warmTestUsers).toBeUndefined();
    expect(stages.at(-1)).toBe(1);
  });

  test('a tuner sees only training events and its params are used and reported', () => {
    const seen: number[] = [];
    const r = runPipeline(events, {
      ...base,
      models: ['popularity', 'item-knn'],
      protocols: ['all'],
      tune: (req) => {
        seen.push(Math.max(...req.events.map((e) => e.eventTime)));
        return req.kind === 'item-knn'
          ? { params: { neighbours: 3 }, report: { validationNdcg10: 0.5 } }
          : undefined;
      },
    });
    expect(Math.max(...seen)).toBeLessThan(PIPELINE_FIXTURE_CUTOFF);
    const knn = r.documents[0]!.models['item-knn']!;
    expect(knn.params.neighbours).toBe(3);
    expect(knn.tuning).toEqual({ tuned: true, validationNdcg10: 0.5 });
    expect(r.documents[0]!.models.popularity!.tuning).toBeUndefined();
  });

  test('tune: true chooses item-knn and als parameters with the tuning module', () => {
    const stages: string[] = [];
    const r = runPipeline(events, {
      ...base,
      models: ['item-knn', 'als'],
      protocols: ['discovery'],
      tune: true,
      params: { als: { iterations: 3 } },
      onProgress: (s) => stages.push(s),
    });
    const { 'item-knn': knn, als } = r.documents[0]!.models;
    expect(knn!.tuning).toMatchObject({ tuned: true, 'tuning.source': 'events' });
    expect(knn!.params.neighbours).toBe(knn!.tuning!['tuning.itemKnn.chosen.neighbours']);
    expect(als!.params.factors).toBe(als!.tuning!['tuning.als.chosen.factors']);
    expect(als!.params.iterations).toBe(3);
    expect(stages).toContain('tuning item-knn');
    expect(stages.filter((s) => s.startsWith('tuning ')).length).toBeGreaterThan(2);
  });

  test('maxTestUsers evaluates a seeded sample and says so', () => {
    const r = runPipeline(events, { ...base, models: ['repeat'], maxTestUsers: 5 });
    const doc = r.documents[0]!;
    expect(doc.evaluatedUsers).toBeLessThanOrEqual(5);
    expect(doc.sample).toMatchObject({ warmUsers: 5, ofWarmUsers: r.split!.stats.warmUsers });
  });

  test('bootstrap false gives degenerate intervals', () => {
    const r = runPipeline(events, {
      ...base,
      models: ['popularity', 'repeat'],
      protocols: ['all'],
      bootstrap: false,
    });
    const m = r.documents[0]!.models.repeat!;
    expect(m.intervals['ndcg@10']).toEqual({
      value: m['ndcg@10'],
      lo: m['ndcg@10'],
      hi: m['ndcg@10'],
    });
  });

  test('bad input is a PipelineInputError naming the option', () => {
    const err = (o: Partial<PipelineOptions>, evs = events) => {
      try {
        runPipeline(evs, { ...base, ...o } as PipelineOptions);
      } catch (e) {
        expect(e).toBeInstanceOf(PipelineInputError);
        return (e as PipelineInputError).option;
      }
      throw new Error('no error');
    };
    expect(err({ cutoff: FIXTURE_NOW + DAY_MS })).toBe('cutoff');
    expect(err({ cutoff: FIXTURE_NOW - 100 * DAY_MS })).toBe('cutoff');
    expect(err({ cutoff: undefined })).toBe('cutoff');
    expect(err({ models: ['knn' as never] })).toBe('models');
    expect(err({ models: [] })).toBe('models');
    expect(err({ protocols: ['some' as never] })).toBe('protocols');
    expect(err({ seed: 1.5 })).toBe('seed');
    expect(err({}, [])).toBe('events');
    // every test user is new: nobody to evaluate
    const t = FIXTURE_NOW - 10 * DAY_MS;
    const coldOnly = [
      makeEvent('a', 'm1', { eventTime: t - DAY_MS }),
      makeEvent('b', 'm1', { eventTime: t + DAY_MS }),
    ];
    expect(err({ cutoff: t }, coldOnly)).toBe('cutoff');
    // only re-orders in the test window: nothing to discover
    const repeats = [
      makeEvent('a', 'm1', { eventTime: t - DAY_MS }),
      makeEvent('a', 'm1', { eventTime: t + DAY_MS }),
    ];
    expect(err({ cutoff: t, protocols: ['discovery'] }, repeats)).toBe('cutoff');
    expect(
      runPipeline(repeats, { ...base, cutoff: t, protocols: ['all'], models: ['repeat'] })
        .documents[0]!.evaluatedUsers,
    ).toBe(1);
  });
});
