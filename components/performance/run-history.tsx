import Link from 'next/link';

import type { RunHistoryRow } from '@/lib/db/performance-types';
import { formatDate, formatDateTime, formatDuration, formatMetric } from '@/lib/format';

import { PromoteButton } from './promote-button';
import { performanceHref, type PerformanceParams } from './url';

const STATUS_BADGE: Record<RunHistoryRow['status'], string> = {
  queued: 'badge-muted',
  running: '',
  done: 'badge-ok',
  failed: 'badge-bad',
};

/** Every run, newest first: open one, compare it with the shown run, make a finished one active. */
export function RunHistory({ runs, params, shownRunId }: { runs: RunHistoryRow[]; params: PerformanceParams; shownRunId: number | null }) {
  return (
    <div className="table-scroll">
      <table className="table" aria-label="Run history">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Mode</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Cutoff</th>
            <th scope="col" className="num">Took</th>
            <th scope="col">Best NDCG@10 (all)</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} aria-current={r.id === shownRunId ? 'true' : undefined} className={r.id === shownRunId ? 'row-current' : undefined}>
              <th scope="row">
                <Link href={performanceHref(params, { run: r.id, compare: null })}>#{r.id}</Link>
                {r.isActive && <span className="badge badge-ok">active</span>}
              </th>
              <td>{r.mode}</td>
              <td>
                <span className={`badge ${STATUS_BADGE[r.status]}`}>{r.status}</span>
                {r.status === 'running' && <div className="subtle small">{r.stage}</div>}
                {r.status === 'failed' && r.error && <div className="run-error small">{r.error}</div>}
              </td>
              <td>{formatDateTime(r.createdAt)}</td>
              <td>{r.mode === 'evaluate' ? formatDate(r.cutoff) : '–'}</td>
              <td className="num">{r.elapsedSeconds === null ? '–' : formatDuration(r.elapsedSeconds * 1000)}</td>
              <td>{r.bestNdcg ? `${formatMetric(r.bestNdcg.value)} (${r.bestNdcg.model})` : '–'}</td>
              <td>
                <div className="row" style={{ gap: 8 }}>
                  {shownRunId !== null && r.id !== shownRunId && r.status === 'done' && (
                    <Link href={performanceHref(params, { compare: r.id })} aria-label={`Compare run #${r.id} with run #${shownRunId}`}>
                      Compare
                    </Link>
                  )}
                  {r.status === 'done' && !r.isActive && <PromoteButton runId={r.id} compact />}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
