import Link from 'next/link';

import type { PerformanceView } from '@/lib/db/performance-types';
import { formatDate, formatDuration, formatInt, formatMetric } from '@/lib/format';
import { Stat } from '@/components/ui/card';

import { PromoteButton } from './promote-button';
import { sentence } from './sentence';

/** The shown run: what it is, whether it serves, and its headline numbers. */
export function RunHeader({ perf, latestEvaluatedId }: { perf: PerformanceView; latestEvaluatedId: number | null }) {
  const { run, view } = perf;
  const best = view?.rows.find((r) => r.model === view.bestModel);
  const ndcg = best?.values['ndcg@10'];
  return (
    <section className="card stack" aria-label={`Run #${run.id}`} style={{ gap: 12 }}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <div className="row" style={{ gap: 8 }}>
          <h2 style={{ margin: 0 }}>Run #{run.id}</h2>
          <span className="badge badge-muted">{run.mode}</span>
          <span className={`badge ${run.status === 'done' ? 'badge-ok' : run.status === 'failed' ? 'badge-bad' : ''}`}>{run.status}</span>
          {run.isActive ? <span className="badge badge-ok">active: serving recommendations</span> : null}
          <span className="subtle small">
            {run.mode === 'evaluate' ? `test from ${formatDate(run.snapshot?.cutoff ?? (run.split ? Date.parse(run.split) : null))}` : 'trained on all data'}
            {run.elapsedSeconds !== null ? ` · took ${formatDuration(run.elapsedSeconds * 1000)}` : ''}
          </span>
        </div>
        {run.status === 'done' && !run.isActive && <PromoteButton runId={run.id} />}
      </div>
      {run.status === 'failed' && (
        <div className="alert alert-error" role="alert">
          <strong>This run failed.</strong> {sentence(run.error ?? 'No error message was recorded')} Fix the cause (often: no or too little data), then train again.
        </div>
      )}
      {(run.status === 'running' || run.status === 'queued') && (
        <div className="alert alert-warn">
          Still {run.status}: {run.stage || 'starting'} ({Math.round(run.progress * 100)}%). Its progress shows in the train form above; metrics appear when it is done.
        </div>
      )}
      {run.status === 'done' && !view && (
        <div className="alert alert-warn">
          {run.mode === 'production'
            ? 'A production run is trained on all data, so there is no held-out test window and no metrics. '
            : 'This run has no metrics. '}
          {latestEvaluatedId !== null && latestEvaluatedId !== run.id ? (
            <Link href={`/performance?run=${latestEvaluatedId}`}>Show the newest evaluated run (#{latestEvaluatedId})</Link>
          ) : (
            'Train in evaluate mode to measure the models.'
          )}
        </div>
      )}
      {view && (
        <div className="grid grid-4">
          <Stat label="Best model (NDCG@10)" value={view.bestModel ?? '–'} hint={ndcg ? `NDCG@10 ${formatMetric(ndcg.value)}${view.bestBaseline ? ` · best baseline: ${view.bestBaseline}` : ''}` : undefined} />
          <Stat label="Evaluated users" value={view.evaluatedUsers === null ? '–' : formatInt(view.evaluatedUsers)} hint="with an order before the cutoff and in the test window" />
          <Stat label="Cold test users" value={view.coldUsers === null ? '–' : formatInt(view.coldUsers)} hint="no order before the cutoff: measured apart" />
          <Stat label="Catalogue" value={view.catalogSize === null ? '–' : formatInt(view.catalogSize)} hint="merchants with a training order" />
        </div>
      )}
    </section>
  );
}
