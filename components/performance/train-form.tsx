'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState } from 'react';

import type { TrainDefaults } from '@/lib/db/performance-types';
import type { RunSummary } from '@/lib/db/run-types';
import { trainModelsAction } from '@/lib/actions/train';
import { formatDate, formatDuration, formatInt } from '@/lib/format';
import { MODEL_KINDS } from '@/lib/validation/train';
import { ProgressBar } from '@/components/ui/progress-bar';

import { sentence } from './sentence';
import { useRunStatus } from './use-run-status';

const MODEL_LABELS: Record<string, string> = {
  random: 'random (baseline)',
  popularity: 'popularity (baseline)',
  repeat: 'repeat (baseline)',
  'item-knn': 'item-kNN',
  als: 'ALS',
  hybrid: 'hybrid',
};

function FieldError({ errors }: { errors: string[] | undefined }) {
  return errors?.length ? <span className="field-error">{errors[0]}</span> : null;
}

/**
 * Starts a training run (evaluate on a temporal split, or production on all data), then shows
 * its stage, progress and elapsed time, polling every second, and refreshes the page when it ends.
 */
export function TrainForm({ defaults, runningRunId }: { defaults: TrainDefaults; runningRunId: number | null }) {
  const router = useRouter();
  const [result, action, pending] = useActionState(trainModelsAction, null);
  const runId = (result?.ok ? result.data.runId : null) ?? runningRunId;
  const { run, error: pollError } = useRunStatus(runId, () => router.refresh());
  const running = pending || (runId !== null && (!run || run.status === 'queued' || run.status === 'running'));
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  const noData = defaults.checkouts === 0;

  return (
    <form action={action} className="stack" aria-label="Train models">
      {noData && (
        <div className="alert alert-warn">
          There are no order events yet. <Link href="/data">Import order events on the Data tab</Link> first.
        </div>
      )}
      <div className="train-grid">
        <label className="field">
          Evaluation split (UTC date)
          <input
            type="date"
            name="split"
            defaultValue={defaults.split ?? ''}
            min={defaults.firstEvent ? formatDate(defaults.firstEvent) : undefined}
            max={defaults.lastEvent ? formatDate(defaults.lastEvent) : undefined}
            aria-describedby="split-help"
            disabled={running}
          />
          <FieldError errors={fieldErrors?.split} />
        </label>
        <label className="field">
          Seed
          <input type="number" name="seed" defaultValue={defaults.seed} min={0} step={1} disabled={running} />
          <FieldError errors={fieldErrors?.seed} />
        </label>
        <p id="split-help" className="subtle small train-help">
          Train on orders before the split day, test on the rest. Data: {formatDate(defaults.firstEvent)} – {formatDate(defaults.lastEvent)} (
          {formatInt(defaults.checkouts)} checkouts); the default split leaves the last 17.5% of checkouts for testing.
        </p>
      </div>
      <fieldset className="models-fieldset" disabled={running}>
        <legend>Models</legend>
        <div className="row">
          {MODEL_KINDS.map((m) => (
            <label key={m} className="check">
              <input type="checkbox" name="models" value={m} defaultChecked /> {MODEL_LABELS[m] ?? m}
            </label>
          ))}
        </div>
        <FieldError errors={fieldErrors?.models} />
      </fieldset>
      <div className="row">
        <button className="btn btn-primary" type="submit" name="mode" value="evaluate" disabled={running || noData}>
          Train
        </button>
        <button className="btn" type="submit" name="mode" value="production" disabled={running || noData}>
          Train for production
        </button>
        <span className="subtle small">Train: fit every chosen model before the split and measure it on the days after. For production: fit on all data (no metrics); make it active to serve it.</span>
      </div>
      <RunState pending={pending} runId={runId} run={run} pollError={pollError} />
      {result && !result.ok && !pending && (
        <div className="alert alert-error" role="alert">
          {result.message}
        </div>
      )}
    </form>
  );
}

function RunState({ pending, runId, run, pollError }: { pending: boolean; runId: number | null; run: RunSummary | null; pollError: string | null }) {
  if (pending) return <ProgressBar value={undefined} label="Starting the run…" />;
  if (pollError && !run) return <div className="alert alert-warn">{pollError}</div>;
  if (!run) return runId === null ? null : <ProgressBar value={undefined} label={`Run #${runId}: starting…`} />;
  const elapsed = run.elapsedSeconds === null ? '' : `, ${formatDuration(run.elapsedSeconds * 1000)}`;
  if (run.status === 'queued' || run.status === 'running') {
    return <ProgressBar value={run.progress} label={`Run #${run.id} (${run.mode}): ${run.stage || run.status}${elapsed}`} />;
  }
  if (run.status === 'failed') {
    return (
      <div className="alert alert-error" role="alert">
        <strong>Run #{run.id} failed.</strong> {sentence(run.error ?? 'No error message was recorded')} Check the data on the Data tab, then train again.
      </div>
    );
  }
  return (
    <div className="alert alert-ok" role="status">
      <strong>Run #{run.id} finished{elapsed}.</strong>{' '}
      {run.isActive ? 'It is the active run.' : 'It is not active yet: use “Make active” in the run history to serve it.'}{' '}
      <Link href={`/performance?run=${run.id}`}>Show run #{run.id}</Link>
    </div>
  );
}
