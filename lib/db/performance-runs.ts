/**
 * Pure transforms of runs for the Performance tab: header facts, data diagnostics, the run
 * history line, and two runs compared side by side (see lib/db/performance-view.ts for one run).
 */
import type { Diagnostics } from '@/lib/recsys/diagnostics';

import type { DiagnosticsDto, RunComparison, RunFacts, RunHistoryRow } from './performance-types';
import { documentsOf, headlineColumns } from './performance-view';
import type { Protocol, RunSummary } from './run-types';

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function share(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}

function count(x: number | undefined): string {
  return x === undefined ? '–' : new Intl.NumberFormat('en').format(x);
}

/** Facts and warnings of the data diagnostics. */
export function buildDiagnostics(d: Diagnostics | undefined | null): DiagnosticsDto | null {
  if (!d || typeof d !== 'object') return null;
  const facts: DiagnosticsDto['facts'] = [
    { label: 'Users (with an order)', value: `${count(d.users)} (${count(d.orderingUsers)})` },
    { label: 'Merchants (ever ordered)', value: `${count(d.merchants)} (${count(d.candidateMerchants)})` },
    { label: 'Checkouts', value: count(d.checkouts) },
    { label: 'Users with one order', value: share(d.oneTimeUserShare) },
    { label: 'Users with one merchant', value: share(d.singleMerchantUserShare) },
    { label: 'Repeat orders', value: share(d.repeatShare) },
    { label: 'Sparsity', value: d.sparsity === undefined ? '–' : `${(d.sparsity * 100).toFixed(2)}%` },
  ];
  if (d.warmTestUsers !== undefined) facts.push({ label: 'Test users with / without history', value: `${count(d.warmTestUsers)} / ${count(d.coldTestUsers)}` });
  return { facts, warnings: (d.warnings ?? []).map((w) => ({ code: w.code, message: w.message })) };
}

/** Header facts of a run from its summary. */
export function runFacts(r: RunSummary): RunFacts {
  const c = r.config ?? ({} as RunSummary['config']);
  return {
    id: r.id,
    mode: r.mode,
    status: r.status,
    stage: r.stage,
    progress: r.progress,
    isActive: r.isActive,
    error: r.error,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    elapsedSeconds: r.elapsedSeconds,
    models: Array.isArray(c.models) ? [...c.models] : [],
    protocols: Array.isArray(c.protocols) ? [...c.protocols] : [],
    seed: num(c.seed),
    topN: num(c.topN),
    split: typeof c.split === 'string' ? c.split : null,
    snapshot: r.snapshot ? { ...r.snapshot } : null,
  };
}

/** The best model's NDCG@10 of the 'all' protocol (or the first protocol present), or null. */
export function bestNdcgOf(stored: unknown): RunHistoryRow['bestNdcg'] {
  const docs = documentsOf(stored);
  const doc = docs.all ?? docs.discovery;
  if (!doc?.best) return null;
  const value = num((doc.models?.[doc.best] as Record<string, unknown> | undefined)?.['ndcg@10']);
  return value === null ? null : { model: doc.best, value };
}

/** One line of the run history. */
export function historyRow(r: RunSummary, stored: unknown): RunHistoryRow {
  return {
    id: r.id,
    mode: r.mode,
    status: r.status,
    stage: r.stage,
    isActive: r.isActive,
    error: r.error,
    createdAt: r.createdAt,
    elapsedSeconds: r.elapsedSeconds,
    cutoff: r.snapshot?.cutoff ?? (r.config?.split ? Date.parse(r.config.split) : null),
    models: Array.isArray(r.config?.models) ? [...r.config.models] : [],
    bestNdcg: bestNdcgOf(stored),
  };
}

function whyNoMetrics(r: RunSummary, protocol: Protocol): string {
  if (r.mode === 'production') return `Run #${r.id} was trained for production on all data: it has no test window, so no metrics.`;
  if (r.status !== 'done') return `Run #${r.id} is ${r.status}: it has no metrics.`;
  return `Run #${r.id} has no metrics for the ${protocol} protocol.`;
}

/**
 * Two runs side by side for one protocol: facts of both, and every model's headline metrics
 * in each (null where a run lacks the model), with notes when they cannot be compared fairly.
 */
export function buildComparison(a: RunSummary, aStored: unknown, b: RunSummary, bStored: unknown, protocol: Protocol): RunComparison {
  const da = documentsOf(aStored)[protocol];
  const db = documentsOf(bStored)[protocol];
  const notes: string[] = [];
  if (!da) notes.push(whyNoMetrics(a, protocol));
  if (!db) notes.push(whyNoMetrics(b, protocol));
  if (da && db && da.split !== db.split) {
    notes.push(`The runs test on different windows (cutoffs ${da.split.slice(0, 10)} and ${db.split.slice(0, 10)}): differences mix model and period.`);
  }
  const docs = [da, db].filter((d) => !!d);
  const columns = docs.length ? headlineColumns(docs[0]!) : [];
  const models = [...new Set(docs.flatMap((d) => Object.keys(d.models ?? {})))];
  const pick = (doc: typeof da, model: string) => {
    const m = doc?.models?.[model as keyof typeof doc.models] as Record<string, unknown> | undefined;
    return m ? Object.fromEntries(columns.map((c) => [c.key, num(m[c.key])])) : null;
  };
  return {
    protocol,
    a: runFacts(a),
    b: runFacts(b),
    columns: columns.map((c) => ({ ...c, target: null })),
    rows: models.map((model) => ({ model, a: pick(da, model), b: pick(db, model) })),
    notes,
  };
}
