import { Suspense } from 'react';

import { DiagnosticsPanel } from '@/components/performance/diagnostics-panel';
import { MetricsSections } from '@/components/performance/metrics-sections';
import { RunCompare } from '@/components/performance/run-compare';
import { RunDetails } from '@/components/performance/run-details';
import { RunHeader } from '@/components/performance/run-header';
import { RunHistory } from '@/components/performance/run-history';
import { TrainForm } from '@/components/performance/train-form';
import type { PerformanceParams } from '@/components/performance/url';
import { ViewControls } from '@/components/performance/view-controls';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { getOpenRunId, getPerformanceView, getRunComparison, getTrainDefaults, listRunHistory, resolveShownRun } from '@/lib/db/performance';
import type { Protocol, RunSummary } from '@/lib/db/run-types';
import { getLatestEvaluatedRun } from '@/lib/db/runs';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type Params = PerformanceParams & { protocol: Protocol; k: number };

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function id(v: string | undefined): number | null {
  return v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : null;
}

function parseParams(sp: Record<string, string | string[] | undefined>): Params {
  const k = Number(one(sp.k));
  return {
    run: id(one(sp.run)),
    compare: id(one(sp.compare)),
    protocol: one(sp.protocol) === 'discovery' ? 'discovery' : 'all',
    k: Number.isInteger(k) && k >= 1 && k <= 20 ? k : 10,
  };
}

export default async function PerformancePage({ searchParams }: { searchParams: SearchParams }) {
  const params = parseParams(await searchParams);
  const [{ run, missing }, defaults, openRunId] = await Promise.all([resolveShownRun(params.run ?? null), getTrainDefaults(), getOpenRunId()]);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Performance</h1>
          <div className="subtle">How well each model predicts the orders after the cutoff, next to simple baselines.</div>
        </div>
      </div>
      {missing !== null && (
        <div className="alert alert-warn" role="alert">
          Run #{missing} does not exist{run ? `; showing run #${run.id} instead` : ''}.
        </div>
      )}
      <Card title={run ? 'Train models' : 'No run yet: train one'}>
        {!run && <p className="subtle" style={{ marginTop: 0 }}>Train and evaluate the models on your order events to see their metrics here.</p>}
        <TrainForm defaults={defaults} runningRunId={openRunId} />
      </Card>
      {run && (
        <Suspense key={`${run.id}-${params.protocol}-${params.k}`} fallback={<SectionsSkeleton />}>
          <RunSections run={run} params={params} />
        </Suspense>
      )}
      {run && (
        <Card title="Run history">
          <Suspense fallback={<Skeleton height={120} />}>
            <History params={params} shownRunId={run.id} />
          </Suspense>
        </Card>
      )}
    </div>
  );
}

async function RunSections({ run, params }: { run: RunSummary; params: Params }) {
  const [perf, latest] = await Promise.all([getPerformanceView(run, params.protocol, params.k), getLatestEvaluatedRun()]);
  const protocol = perf.view?.protocol ?? params.protocol;
  const shown = { ...params, protocol, k: perf.view?.k ?? params.k };
  return (
    <>
      <RunHeader perf={perf} latestEvaluatedId={latest?.id ?? null} />
      {perf.protocols.length > 0 && <ViewControls params={shown} protocols={perf.protocols} kMax={perf.view?.kMax ?? 20} />}
      {params.compare !== null && params.compare !== undefined && (
        <Card title={`Run #${run.id} compared with run #${params.compare}`}>
          <Suspense fallback={<Skeleton height={160} />}>
            <Comparison a={run.id} b={params.compare} protocol={protocol} params={shown} />
          </Suspense>
        </Card>
      )}
      {perf.diagnostics && (
        <Card title="Data diagnostics">
          <DiagnosticsPanel diagnostics={perf.diagnostics} />
        </Card>
      )}
      {perf.view && <MetricsSections view={perf.view} />}
      <Card title="Run details">
        <RunDetails run={perf.run} view={perf.view} timings={perf.timings} />
      </Card>
    </>
  );
}

async function Comparison({ a, b, protocol, params }: { a: number; b: number; protocol: Protocol; params: Params }) {
  try {
    const comparison = await getRunComparison(a, b, protocol);
    return <RunCompare comparison={comparison} params={params} />;
  } catch (e) {
    if (e instanceof NotFoundError) return <div className="alert alert-error" role="alert">{e.message} Pick another run in the history below.</div>;
    throw e;
  }
}

async function History({ params, shownRunId }: { params: Params; shownRunId: number }) {
  const runs = await listRunHistory();
  return <RunHistory runs={runs} params={params} shownRunId={shownRunId} />;
}

function SectionsSkeleton() {
  return (
    <div className="stack" aria-busy="true" aria-label="Loading the run">
      <Skeleton height={120} />
      <Skeleton height={220} />
      <div className="grid grid-2">
        <Skeleton height={250} />
        <Skeleton height={250} />
      </div>
    </div>
  );
}
