'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';

import type { ImportJob } from '@/lib/db/import-jobs';
import { importEventsAction } from '@/lib/actions/import';
import { formatDuration, formatInt } from '@/lib/format';
import { ProgressBar } from '@/components/ui/progress-bar';

import { ImportOutcome } from './import-outcome';

/** Upload form: sends the file to a server action, then polls the import job until it ends. */
export function ImportForm() {
  const router = useRouter();
  const [result, action, pending] = useActionState(importEventsAction, null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const jobId = result?.ok ? result.data.jobId : null;

  useEffect(() => {
    if (!jobId) return;
    let stop = false;
    const poll = async () => {
      const res = await fetch(`/api/v1/imports/${jobId}`, { cache: 'no-store' });
      const body = (await res.json()) as ImportJob;
      if (stop) return;
      setJob(body);
      if (body.status === 'running') setTimeout(poll, 400);
      else router.refresh();
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [jobId, router]);

  const running = pending || (jobId !== null && (!job || job.id !== jobId || job.status === 'running'));
  const current = job && job.id === jobId ? job : null;
  return (
    <form action={action} className="stack" aria-label="Import order events">
      <label className="field">
        File of order events
        <input type="file" name="file" required accept=".csv,.gz,.json,.jsonl,.ndjson" disabled={running} />
      </label>
      <label className="check">
        <input type="checkbox" name="skipBadRows" disabled={running} /> Skip bad rows (import the good ones and list the rest)
      </label>
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={running}>
          {running ? 'Importing…' : 'Import'}
        </button>
        <span className="subtle small">CSV or Amplitude JSON lines, optionally gzipped, up to 200 MB. Larger files: npm run import -- FILE</span>
      </div>
      {pending && <ProgressBar value={undefined} label="Uploading…" />}
      {!pending && current?.status === 'running' && (
        <ProgressBar
          value={current.bytesTotal ? current.bytesRead / current.bytesTotal : undefined}
          label={`Importing ${current.fileName}: ${formatInt(current.rows)} rows read, ${formatDuration(Date.now() - current.startedAt)}`}
        />
      )}
      {result && !result.ok && !pending && (
        <div className="alert alert-error" role="alert">
          {result.message}
        </div>
      )}
      {!pending && current && current.status !== 'running' && <ImportOutcome job={current} />}
    </form>
  );
}
