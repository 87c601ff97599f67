/**
 * Read model of the Performance tab: which run to show, its metrics as chart-ready DTOs, the
 * run history, two runs compared, and the train form's defaults.
 */
import { NotFoundError } from '@/lib/errors';

import { prisma } from './client';
import type { PerformanceView, RunComparison, RunHistoryRow, TrainDefaults } from './performance-types';
import { buildComparison, buildDiagnostics, historyRow, runFacts } from './performance-runs';
import { buildProtocolView, documentsOf, protocolsOf, type StoredMetrics } from './performance-view';
import { getActiveRun, getLatestEvaluatedRun, getRun, getRunMetrics, toRunSummary } from './runs';
import type { Protocol, RunSummary } from './run-types';
import { DEFAULT_TEST_SHARE } from './suggest-split';

const DAY_MS = 86_400_000;
const DEFAULT_SEED = 42;

/**
 * The train form's defaults: the data's time span, and a cutoff that leaves the last 17.5 % of
 * checkouts for testing (the UTC midnight at or before that checkout, as the CLI suggests).
 */
export async function getTrainDefaults(): Promise<TrainDefaults> {
  const [span] = await prisma.$queryRaw<Array<{ n: bigint | number; first: number | null; last: number | null }>>`
    SELECT COUNT(*) AS n, MIN(eventTime) AS first, MAX(eventTime) AS last FROM Event WHERE eventType = 'checkout_completed'`;
  const checkouts = Number(span?.n ?? 0);
  const last = await prisma.modelRun.findFirst({ orderBy: { id: 'desc' }, select: { configJson: true } });
  const seed = last ? (JSON.parse(last.configJson) as { seed?: unknown }).seed : undefined;
  let split: string | null = null;
  if (checkouts > 0) {
    const offset = Math.min(checkouts - 1, Math.floor(checkouts * (1 - DEFAULT_TEST_SHARE)));
    const [row] = await prisma.$queryRaw<Array<{ t: number }>>`
      SELECT eventTime AS t FROM Event WHERE eventType = 'checkout_completed' ORDER BY eventTime LIMIT 1 OFFSET ${offset}`;
    if (row) split = new Date(Math.floor(Number(row.t) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  }
  return {
    split,
    firstEvent: span?.first === null || span?.first === undefined ? null : Number(span.first),
    lastEvent: span?.last === null || span?.last === undefined ? null : Number(span.last),
    checkouts,
    seed: typeof seed === 'number' && Number.isInteger(seed) ? seed : DEFAULT_SEED,
  };
}

/**
 * The run the tab shows: the requested one, else the active run when it was evaluated, else the
 * newest evaluated run, else the active run, else the newest run; null before any run.
 * `missing` names a requested run that does not exist (the default is shown instead).
 */
export async function resolveShownRun(requested: number | null): Promise<{ run: RunSummary | null; missing: number | null }> {
  if (requested !== null) {
    try {
      return { run: await getRun(requested), missing: null };
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      const fallback = await resolveShownRun(null);
      return { ...fallback, missing: requested };
    }
  }
  const active = await getActiveRun();
  if (active?.mode === 'evaluate') return { run: active, missing: null };
  const evaluated = await getLatestEvaluatedRun();
  if (evaluated) return { run: evaluated, missing: null };
  if (active) return { run: active, missing: null };
  const newest = await prisma.modelRun.findFirst({ orderBy: { id: 'desc' } });
  return { run: newest ? toRunSummary(newest) : null, missing: null };
}

/**
 * A run's metrics for one protocol at one K (falls back to the first protocol it has), its data
 * diagnostics and header facts.
 */
export async function getPerformanceView(run: RunSummary, protocol: Protocol, k: number): Promise<PerformanceView> {
  const stored = await getRunMetrics<StoredMetrics>(run.id);
  const protocols = protocolsOf(stored);
  const shown = protocols.includes(protocol) ? protocol : protocols[0];
  const doc = shown ? documentsOf(stored)[shown] : undefined;
  return {
    run: runFacts(run),
    protocols,
    view: doc ? buildProtocolView(doc, k) : null,
    diagnostics: buildDiagnostics(doc?.diagnostics ?? stored.diagnostics),
    timings: (stored.timings?.stages ?? []).filter((t) => typeof t?.stage === 'string' && Number.isFinite(t.seconds)).map((t) => ({ stage: t.stage, seconds: t.seconds })),
  };
}

/** Runs, newest first, with the best NDCG@10 of each for a glance. */
export async function listRunHistory(limit = 30): Promise<RunHistoryRow[]> {
  const rows = await prisma.modelRun.findMany({ orderBy: { id: 'desc' }, take: limit });
  return rows.map((r) => {
    let stored: unknown = null;
    try {
      stored = JSON.parse(r.metricsJson);
    } catch {
      stored = null;
    }
    return historyRow(toRunSummary(r), stored);
  });
}

/** The id of a queued or running run, if any (the form then shows its progress). */
export async function getOpenRunId(): Promise<number | null> {
  const r = await prisma.modelRun.findFirst({ where: { status: { in: ['queued', 'running'] } }, orderBy: { id: 'desc' }, select: { id: true } });
  return r?.id ?? null;
}

/** Run `aId` (shown) and run `bId` side by side for one protocol. Throws NotFoundError for an unknown id. */
export async function getRunComparison(aId: number, bId: number, protocol: Protocol): Promise<RunComparison> {
  const [a, b, am, bm] = await Promise.all([getRun(aId), getRun(bId), getRunMetrics(aId), getRunMetrics(bId)]);
  return buildComparison(a, am, b, bm, protocol);
}
