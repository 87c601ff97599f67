'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';

import type { ImportJob } from '@/lib/db/import-jobs';
import { formatDuration, formatInt } from '@/lib/format';
import { uploadProblem } from '@/lib/validation/import';
import { ProgressBar } from '@/components/ui/progress-bar';

import { ImportOutcome } from './import-outcome';

type UploadResult = { ok: true; jobId: string } | { ok: false; message: string };

/**
 * Sends the chosen file as the body of POST /api/v1/imports (streamed to disk by the server, so
 * a large file is never held whole in its memory), then polls the import job until it ends. A
 * file over the limit, empty or of an unknown type is refused here before anything is sent.
 */
async function upload(form: HTMLFormElement): Promise<UploadResult> {
  const data = new FormData(form);
  const file = data.get('file');
  if (!(file instanceof File) || !file.name) return { ok: false, message: 'Choose a file to import.' };
  const problem = uploadProblem(file);
  if (problem) return { ok: false, message: problem };
  const query = new URLSearchParams({ file_name: file.name, skip_bad_rows: String(data.get('skipBadRows') === 'on') });
  try {
    const res = await fetch(`/api/v1/imports?${query}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
    const body = (await res.json().catch(() => null)) as { id?: string; error?: { message: string } } | null;
    if (res.ok && body?.id) return { ok: true, jobId: body.id };
    return { ok: false, message: body?.error?.message ?? `The upload failed (HTTP ${res.status}); nothing was stored.` };
  } catch {
    return { ok: false, message: 'The upload did not reach the server (network error); nothing was stored.' };
  }
}

/** Upload form: sends the file to the import API, then polls the import job until it ends. */
export function ImportForm() {
  const router = useRouter();
  const [result, setResult] = useState<UploadResult | null>(null);
  const [pending, setPending] = useState(false);
  const [job, setJob] = useState<ImportJob | null>(null);
  const jobId = result?.ok ? result.jobId : null;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setPending(true);
    setResult(await upload(e.currentTarget));
    setPending(false);
  };

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
    <form onSubmit={(e) => void submit(e)} className="stack" aria-label="Import order events">
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
