import { expect, test } from 'vitest';

import { DIAGNOSTICS, sampleDocument } from './performance-fixtures';
import { buildComparison, buildDiagnostics, historyRow } from './performance-runs';
import { buildProtocolView, documentsOf, metricLabel, protocolsOf } from './performance-view';
import type { RunSummary } from './run-types';

function summary(id: number, mode: 'evaluate' | 'production', extra: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    mode,
    status: 'done',
    stage: 'done',
    progress: 1,
    config: { mode, split: mode === 'evaluate' ? '2026-10-15T00:00:00.000Z' : null, models: ['popularity', 'als'], protocols: ['all', 'discovery'], seed: 7, topN: 20 },
    snapshot: null,
    error: null,
    isActive: false,
    createdAt: 1,
    startedAt: 1,
    finishedAt: 2001,
    elapsedSeconds: 2,
    ...extra,
  };
}

test('metric labels follow the contract keys', () => {
  expect(metricLabel('hitrate@5')).toBe('HitRate@5');
  expect(metricLabel('ndcg@10')).toBe('NDCG@10');
  expect(metricLabel('coverage@10')).toBe('Coverage@10');
});

test('documents are found in the stored shape, in a bare CLI document, and not in an empty one', () => {
  const all = sampleDocument('all');
  expect(Object.keys(documentsOf({ documents: { all, discovery: sampleDocument('discovery') } }))).toEqual(['all', 'discovery']);
  expect(documentsOf(all).all).toBe(all);
  expect(documentsOf({ documents: [all] }).all).toBe(all);
  expect(documentsOf({})).toEqual({});
  expect(documentsOf(null)).toEqual({});
  expect(protocolsOf({ documents: { discovery: sampleDocument('discovery'), all: { ...all, models: {} } } })).toEqual(['discovery']);
});

test('the metrics table: headline columns with targets, intervals, target badges, best and best baseline', () => {
  const v = buildProtocolView(sampleDocument(), 10);
  expect(v.columns.map((c) => [c.key, c.label, c.target])).toEqual([
    ['precision@5', 'Precision@5', 0.15],
    ['ndcg@10', 'NDCG@10', 0.3],
    ['coverage@10', 'Coverage@10', 0.5],
    ['diversity@10', 'Diversity@10', null],
  ]);
  expect(v.rows.map((r) => [r.model, r.baseline, r.best, r.bestBaseline])).toEqual([
    ['popularity', true, false, false],
    ['repeat', true, false, true],
    ['als', false, true, false],
  ]);
  const als = v.rows[2]!;
  // precision@5 is beyond kMax = 3, so its value comes from the interval.
  expect(als.values['precision@5']).toEqual({ value: 0.2, lo: 0.17, hi: 0.23 });
  expect(als.values['ndcg@10']).toEqual({ value: 0.4, lo: 0.36, hi: 0.44 });
  expect(als.values['coverage@10']).toEqual({ value: 0.4, lo: null, hi: null });
  expect(als.targetsMet).toEqual({ 'precision@5': true, 'ndcg@10': true, 'coverage@10': false });
  expect(v.rows[0]!.targetsMet['ndcg@10']).toBe(false);
  expect([als.novelty, als.fitSeconds, als.recommendSeconds]).toEqual([6.25, 1.5, 0.25]);
  expect(v.bestModel).toBe('als');
  expect(v.bestBaseline).toBe('repeat');
});

test('curves have one row per K with every model; K is clamped to kMax; the PR curve pairs recall and precision', () => {
  const v = buildProtocolView(sampleDocument(), 50);
  expect(v.k).toBe(3);
  expect(v.curves.map((c) => c.label)).toEqual(['Precision', 'Recall', 'NDCG', 'HitRate']);
  const hit = v.curves[3]!.rows;
  expect(hit).toEqual([
    { k: 1, popularity: 0.1, repeat: 0.2, als: 0.3 },
    { k: 2, popularity: 0.2, repeat: 0.3, als: 0.45 },
    { k: 3, popularity: 0.3, repeat: 0.4, als: 0.6 },
  ]);
  expect(v.pr[2]).toEqual({ model: 'als', baseline: false, points: [{ k: 1, recall: 0.2, precision: 0.3 }, { k: 2, recall: 0.3, precision: 0.25 }, { k: 3, recall: 0.4, precision: 0.2 }] });
  expect(v.series.map((s) => s.baseline)).toEqual([true, true, false]);
  expect(buildProtocolView(sampleDocument(), 2).k).toBe(2);
  expect(buildProtocolView(sampleDocument(), 0).k).toBe(3); // invalid ⇒ 10, capped at kMax = 3
});

test('values at K: the six metrics at the chosen K, null where the document has none', () => {
  const v = buildProtocolView(sampleDocument(), 2);
  expect(v.atKColumns.map((c) => c.label)).toEqual(['Precision@2', 'Recall@2', 'HitRate@2', 'NDCG@2', 'MAP@2', 'MRR@2']);
  expect(v.atK[2]).toEqual({ model: 'als', values: { 'precision@2': 0.25, 'recall@2': 0.3, 'hitrate@2': 0.45, 'ndcg@2': 0.32, 'map@2': 0.28, 'mrr@2': 0.35 } });
  expect(v.atK[0]!.values['map@2']).toBeNull();
});

test('difference to the best baseline: better when the interval is above 0, no clear difference when it spans 0', () => {
  const v = buildProtocolView(sampleDocument(), 10);
  expect(v.vsBaseline?.baseline).toBe('repeat');
  expect(v.vsBaseline?.columns.map((c) => c.key)).toEqual(['precision@5', 'ndcg@10']);
  expect(v.vsBaseline?.rows).toEqual([
    {
      model: 'als',
      differences: {
        'precision@5': { key: 'precision@5', value: 0.08, lo: 0.05, hi: 0.11, verdict: 'better' },
        'ndcg@10': { key: 'ndcg@10', value: 0.1, lo: -0.01, hi: 0.2, verdict: 'same' },
      },
    },
  ]);
});

test('trend rows are merged by date and sorted; cold users name their fallback; params are readable', () => {
  const v = buildProtocolView(sampleDocument(), 10);
  expect(v.trend?.hitRate).toEqual([
    { date: '2026-10-15', users: 10, als: 0.4 },
    { date: '2026-10-16', users: 20, als: 0.5 },
  ]);
  expect(v.trend?.ndcg[1]).toEqual({ date: '2026-10-16', users: 20, als: 0.3 });
  expect(v.cold).toMatchObject({ users: 60, fallback: 'popularity' });
  expect(v.cold?.columns.map((c) => c.key)).toEqual(['precision@5', 'ndcg@10']);
  // All three models hand cold users to popularity with the same numbers: one row.
  expect(v.cold?.rows).toEqual([{ model: 'every model', fallback: 'popularity', values: { 'precision@5': 0.02, 'ndcg@10': 0.05 } }]);
  const doc = sampleDocument();
  doc.models.als!.cold = { users: 60, model: 'als', 'precision@5': 0.03, 'ndcg@10': 0.06 };
  const mixed = buildProtocolView(doc, 10).cold!;
  expect([mixed.fallback, mixed.rows.map((r) => `${r.model}:${r.fallback}:${r.values['ndcg@10']}`)]).toEqual([
    'popularity, als',
    ['popularity:popularity:0.05', 'repeat:popularity:0.05', 'als:als:0.06'],
  ]);
  expect(v.params[2]).toEqual({ model: 'als', params: [['factors', '64'], ['regularization', '0.01235'], ['cg', 'true']] });
  expect(v.beyond[0]).toEqual({ model: 'popularity', coverage: 0.4, diversity: 0.7 });
});

test('diagnostics: facts as text and the warnings as written', () => {
  const d = buildDiagnostics(DIAGNOSTICS)!;
  expect(d.warnings).toEqual([{ code: 'repeat-dominated', message: '62.5 % of orders repeat an earlier user–merchant pair.' }]);
  const facts = Object.fromEntries(d.facts.map((f) => [f.label, f.value]));
  expect(facts['Users (with an order)']).toBe('1,200 (1,000)');
  expect(facts['Repeat orders']).toBe('62.5%');
  expect(facts['Test users with / without history']).toBe('300 / 60');
  expect(buildDiagnostics(undefined)).toBeNull();
});

test('history rows carry the best NDCG@10; production runs have none', () => {
  const stored = { documents: { all: sampleDocument('all') } };
  expect(historyRow(summary(3, 'evaluate'), stored).bestNdcg).toEqual({ model: 'als', value: 0.4 });
  expect(historyRow(summary(3, 'evaluate'), stored).cutoff).toBe(Date.UTC(2026, 9, 15));
  expect(historyRow(summary(4, 'production'), { documents: {}, diagnostics: DIAGNOSTICS }).bestNdcg).toBeNull();
});

test('comparison: every model of both runs A → B; a production run is explained, not shown as zeros', () => {
  const a = { documents: { all: sampleDocument('all') } };
  const b = { documents: { all: sampleDocument('all', 0.5) } };
  const c = buildComparison(summary(1, 'evaluate'), a, summary(2, 'evaluate'), b, 'all');
  expect(c.notes).toEqual([]);
  expect(c.rows.map((r) => r.model)).toEqual(['popularity', 'repeat', 'als']);
  expect(c.rows[2]!.a!['ndcg@10']).toBe(0.4);
  expect(c.rows[2]!.b!['ndcg@10']).toBe(0.2);
  const p = buildComparison(summary(1, 'evaluate'), a, summary(5, 'production'), { documents: {} }, 'all');
  expect(p.notes).toEqual(['Run #5 was trained for production on all data: it has no test window, so no metrics.']);
  expect(p.rows[0]!.b).toBeNull();
  expect(p.b.mode).toBe('production');
  const shifted = { documents: { all: { ...sampleDocument('all'), split: '2026-10-20T00:00:00.000Z' } } };
  expect(buildComparison(summary(1, 'evaluate'), a, summary(6, 'evaluate'), shifted, 'all').notes[0]).toContain('different windows (cutoffs 2026-10-15 and 2026-10-20)');
});
