'use client';

import { useEffect, useState } from 'react';

import type { RunSummary } from '@/lib/db/run-types';

const POLL_MS = 1000;

/**
 * Polls GET /api/v1/runs/{runId} every second while the run is queued or running and calls
 * `onFinished` once when it ends (done or failed). Returns the latest summary, or null.
 */
export function useRunStatus(runId: number | null, onFinished: (run: RunSummary) => void): { run: RunSummary | null; error: string | null } {
  const [run, setRun] = useState<RunSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (runId === null) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`/api/v1/runs/${runId}`, { cache: 'no-store' });
        if (!res.ok) {
          const failure = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          if (!stop) setError(failure?.error?.message ?? `The server answered ${res.status} for run #${runId}.`);
          return;
        }
        const body = (await res.json()) as RunSummary;
        if (stop) return;
        setError(null);
        setRun(body);
        if (body.status === 'queued' || body.status === 'running') timer = setTimeout(poll, POLL_MS);
        else onFinished(body);
      } catch {
        if (stop) return;
        setError('Lost contact with the server; retrying…');
        timer = setTimeout(poll, POLL_MS * 3);
      }
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
    // onFinished is deliberately not a dependency: a new callback must not restart polling.
  }, [runId]);
  return { run: run && run.id === runId ? run : null, error };
}
