/**
 * Pure transforms from a run's stored metrics (ModelRun.metricsJson: `{ documents: { all?,
 * discovery? }, diagnostics }`, documents as in lib/recsys/metrics-document.ts) into the small
 * chart- and table-ready DTOs of lib/db/performance-types.ts. Defensive: a run that is still
 * running, failed, or was trained for production has no documents, and old rows may lack keys.
 */
import type { Diagnostics } from '@/lib/recsys/diagnostics';
import type { MetricsDocument, ModelMetricsJson } from '@/lib/recsys/metrics-document';

import type {
  BaselineComparison,
  ChartRow,
  ColdUsersDto,
  MetricColumn,
  ModelMetricsRow,
  ProtocolView,
  TrendDto,
} from './performance-types';
import type { Protocol } from './run-types';

export const BASELINES: readonly string[] = ['random', 'popularity', 'repeat'];
export const CURVE_METRICS = ['precision', 'recall', 'ndcg', 'hitrate'] as const;
const AT_K_METRICS = ['precision', 'recall', 'hitrate', 'ndcg', 'map', 'mrr'] as const;
const DEFAULT_HEADLINE = ['precision@5', 'recall@10', 'hitrate@5', 'ndcg@10', 'map@10', 'mrr@10'];
const BEYOND = ['coverage@10', 'diversity@10'];
const LABELS: Record<string, string> = {
  precision: 'Precision', recall: 'Recall', hitrate: 'HitRate', ndcg: 'NDCG', map: 'MAP', mrr: 'MRR',
  coverage: 'Coverage', diversity: 'Diversity', novelty: 'Novelty',
};

/** What ModelRun.metricsJson holds, parsed (lib/db/train-job.ts RunMetrics). */
export interface StoredMetrics {
  documents?: Partial<Record<Protocol, MetricsDocument>>;
  diagnostics?: Diagnostics;
  timings?: { stages?: Array<{ stage: string; seconds: number }>; totalSeconds?: number };
}

/** 'ndcg@10' → 'NDCG@10'. */
export function metricLabel(key: string): string {
  const [m = '', k] = key.split('@');
  return `${LABELS[m.toLowerCase()] ?? m}${k ? `@${k}` : ''}`;
}

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function modelsOf(doc: MetricsDocument): Array<[string, ModelMetricsJson]> {
  return Object.entries(doc.models ?? {}).filter((e): e is [string, ModelMetricsJson] => !!e[1]);
}

function valueOf(m: ModelMetricsJson, key: string): number | null {
  return num((m as unknown as Record<string, unknown>)[key]);
}

/** The documents of a parsed metricsJson, tolerating a bare document (the CLI's metrics.json). */
export function documentsOf(stored: unknown): Partial<Record<Protocol, MetricsDocument>> {
  if (!stored || typeof stored !== 'object') return {};
  const s = stored as StoredMetrics & Partial<MetricsDocument>;
  if (Array.isArray(s.documents)) return Object.fromEntries((s.documents as MetricsDocument[]).map((d) => [d.protocol, d]));
  if (s.documents && typeof s.documents === 'object') return s.documents;
  if ((s.protocol === 'all' || s.protocol === 'discovery') && s.models) return { [s.protocol]: s as MetricsDocument };
  return {};
}

/** Protocols with a document that has at least one model, in the order all, discovery. */
export function protocolsOf(stored: unknown): Protocol[] {
  const docs = documentsOf(stored);
  return (['all', 'discovery'] as const).filter((p) => {
    const d = docs[p];
    return !!d && modelsOf(d).length > 0;
  });
}

/** Headline columns (intervals' keys of the first model) then coverage and diversity, with targets. */
export function headlineColumns(doc: MetricsDocument): MetricColumn[] {
  const first = modelsOf(doc)[0]?.[1];
  const keys = first?.intervals && Object.keys(first.intervals).length ? Object.keys(first.intervals) : DEFAULT_HEADLINE;
  const targets = new Map((first?.targets ?? []).map((t) => [t.name.toLowerCase(), t.threshold]));
  return [...keys, ...BEYOND].map((key) => ({ key, label: metricLabel(key), target: targets.get(key.toLowerCase()) ?? null }));
}

/** The best baseline: the one every model's vsBaseline names, else the baseline with the highest NDCG@10. */
export function bestBaselineOf(doc: MetricsDocument): string | null {
  const models = modelsOf(doc);
  const named = models.map(([, m]) => m.vsBaseline?.baseline).find((b) => !!b);
  if (named) return named;
  let best: string | null = null;
  let value = -Infinity;
  for (const [name, m] of models) {
    const v = valueOf(m, 'ndcg@10') ?? -1;
    if (BASELINES.includes(name) && v > value) [best, value] = [name, v];
  }
  return best;
}

function tableRows(doc: MetricsDocument, columns: MetricColumn[], bestBaseline: string | null): ModelMetricsRow[] {
  return modelsOf(doc).map(([model, m]) => {
    const values: ModelMetricsRow['values'] = {};
    for (const c of columns) {
      const iv = m.intervals?.[c.key];
      const v = valueOf(m, c.key) ?? num(iv?.value);
      values[c.key] = v === null ? null : { value: v, lo: num(iv?.lo), hi: num(iv?.hi) };
    }
    const targetsMet: Record<string, boolean> = {};
    for (const t of m.targets ?? []) targetsMet[t.name.toLowerCase()] = !!t.met;
    return {
      model,
      baseline: BASELINES.includes(model),
      best: model === doc.best,
      bestBaseline: model === bestBaseline,
      values,
      targetsMet,
      novelty: valueOf(m, 'novelty@10'),
      fitSeconds: num(m.fitSeconds),
      recommendSeconds: num(m.recommendSeconds),
    };
  });
}

function curveRows(doc: MetricsDocument, metric: string, kMax: number): ChartRow[] {
  const models = modelsOf(doc);
  return Array.from({ length: kMax }, (_, i) => {
    const row: ChartRow = { k: i + 1 };
    for (const [name, m] of models) row[name] = valueOf(m, `${metric}@${i + 1}`);
    return row;
  });
}

function trendOf(doc: MetricsDocument): TrendDto | null {
  const models = modelsOf(doc);
  const byDate = new Map<string, { users: number; hitRate: ChartRow; ndcg: ChartRow }>();
  for (const [name, m] of models) {
    for (const p of m.trend ?? []) {
      let e = byDate.get(p.date);
      if (!e) byDate.set(p.date, (e = { users: p.users, hitRate: { date: p.date, users: p.users }, ndcg: { date: p.date, users: p.users } }));
      e.hitRate[name] = num(p.hitRate);
      e.ndcg[name] = num(p.ndcg);
    }
  }
  if (byDate.size === 0) return null;
  const days = [...byDate.keys()].sort();
  return { k: 10, hitRate: days.map((d) => byDate.get(d)!.hitRate), ndcg: days.map((d) => byDate.get(d)!.ndcg) };
}

function vsBaselineOf(doc: MetricsDocument, columns: MetricColumn[], baseline: string | null): BaselineComparison | null {
  if (!baseline) return null;
  const headline = columns.filter((c) => !BEYOND.includes(c.key));
  const rows = modelsOf(doc)
    .filter(([name, m]) => name !== baseline && m.vsBaseline)
    .map(([model, m]) => {
      const vs = m.vsBaseline as unknown as Record<string, { value: number; lo: number; hi: number } | undefined>;
      const differences: BaselineComparison['rows'][number]['differences'] = {};
      for (const c of headline) {
        const d = vs[c.key];
        const value = num(d?.value);
        if (!d || value === null) {
          differences[c.key] = null;
          continue;
        }
        const lo = num(d.lo);
        const hi = num(d.hi);
        const verdict = lo !== null && lo > 0 ? 'better' : hi !== null && hi < 0 ? 'worse' : 'same';
        differences[c.key] = { key: c.key, value, lo, hi, verdict };
      }
      return { model, differences };
    });
  return { baseline, columns: headline, rows };
}

function coldOf(doc: MetricsDocument): ColdUsersDto | null {
  const models = modelsOf(doc).filter(([, m]) => m.cold);
  if (models.length === 0) return null;
  const first = models[0]![1].cold as unknown as Record<string, unknown>;
  const keys = Object.keys(first).filter((k) => k.includes('@'));
  const fallbacks = [...new Set(models.map(([, m]) => String(m.cold.model)))];
  const rows = models.map(([model, m]) => {
    const c = m.cold as unknown as Record<string, unknown>;
    return { model, fallback: String(m.cold.model), values: Object.fromEntries(keys.map((k) => [k, num(c[k])])) };
  });
  // When every model hands cold users to the same fallback, the rows are identical: show one.
  const same = rows.every((r) => r.fallback === rows[0]!.fallback && keys.every((k) => r.values[k] === rows[0]!.values[k]));
  return {
    users: num(doc.coldUsers) ?? num(first.users) ?? 0,
    fallback: fallbacks.join(', '),
    columns: keys.map((key) => ({ key, label: metricLabel(key), target: null })),
    rows: same && rows.length > 1 ? [{ ...rows[0]!, model: 'every model' }] : rows,
  };
}

function paramText(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return String(v);
}

/**
 * One protocol of one run, ready for the page.
 * @param doc - the protocol's metrics document
 * @param k - the page's K (invalid ⇒ 10; capped at kMax)
 */
export function buildProtocolView(doc: MetricsDocument, k: number): ProtocolView {
  const models = modelsOf(doc);
  const kMax = num(doc.kMax) ?? 20;
  // An invalid K (not a whole number ≥ 1) means the default 10; any K is capped at kMax.
  const kk = Math.min(kMax, Number.isInteger(k) && k >= 1 ? k : 10);
  const columns = headlineColumns(doc);
  const bestBaseline = bestBaselineOf(doc);
  const atKColumns = AT_K_METRICS.map((m) => ({ key: `${m}@${kk}`, label: metricLabel(`${m}@${kk}`), target: null }));
  return {
    protocol: doc.protocol,
    kMax,
    k: kk,
    evaluatedUsers: num(doc.evaluatedUsers),
    coldUsers: num(doc.coldUsers),
    catalogSize: num(doc.catalogSize),
    bestModel: doc.best ?? null,
    bestBaseline,
    columns,
    rows: tableRows(doc, columns, bestBaseline),
    atKColumns,
    atK: models.map(([model, m]) => ({ model, values: Object.fromEntries(atKColumns.map((c) => [c.key, valueOf(m, c.key)])) })),
    series: models.map(([model]) => ({ key: model, label: model, baseline: BASELINES.includes(model) })),
    curves: CURVE_METRICS.map((metric) => ({ metric, label: metricLabel(metric), rows: curveRows(doc, metric, kMax) })),
    pr: models.map(([model, m]) => ({
      model,
      baseline: BASELINES.includes(model),
      points: Array.from({ length: kMax }, (_, i) => ({ k: i + 1, recall: valueOf(m, `recall@${i + 1}`) ?? 0, precision: valueOf(m, `precision@${i + 1}`) ?? 0 })),
    })),
    beyond: models.map(([model, m]) => ({ model, coverage: valueOf(m, 'coverage@10'), diversity: valueOf(m, 'diversity@10') })),
    beyondK: 10,
    trend: trendOf(doc),
    vsBaseline: vsBaselineOf(doc, columns, bestBaseline),
    cold: coldOf(doc),
    params: models.map(([model, m]) => ({
      model,
      params: [
        ...Object.entries(m.params ?? {}).map(([key, v]): [string, string] => [key, paramText(v)]),
        ...Object.entries(m.tuning ?? {}).map(([key, v]): [string, string] => [`tuning.${key}`, paramText(v)]),
      ],
    })),
  };
}
