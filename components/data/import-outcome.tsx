import type { ImportJob } from '@/lib/db/import-jobs';
import { formatDate, formatDuration, formatInt } from '@/lib/format';

/** What an import did: counts and skipped rows, or why the file was rejected (nothing stored). */
export function ImportOutcome({ job }: { job: ImportJob }) {
  if (job.status === 'failed' || !job.summary) {
    return (
      <div className="alert alert-error" role="alert">
        <strong>Import rejected: nothing was stored.</strong> {job.error?.message}
        {job.error && job.error.details.length > 1 && (
          <ul>
            {job.error.details.slice(0, 10).map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  const s = job.summary;
  return (
    <div className="alert alert-ok" role="status">
      <strong>Imported {s.sourceFile}.</strong> {formatInt(s.rowsTotal)} rows: {formatInt(s.rowsAccepted)} new events,{' '}
      {formatInt(s.rowsDuplicate)} already stored, {formatInt(s.rowsRejected)} skipped; {formatInt(s.newUsers)} new users,{' '}
      {formatInt(s.newMerchants)} new merchants; {formatDate(s.minEventTime)} to {formatDate(s.maxEventTime)}, in {formatDuration(s.durationMs)}.
      {s.rowsRejected > 0 && (
        <ul>
          {Object.entries(s.rejectionReasons).map(([reason, n]) => (
            <li key={reason}>
              {formatInt(n)} skipped: {reason}
            </li>
          ))}
          {s.rejections.slice(0, 5).map((r) => (
            <li key={`${r.line}-${r.column}`} className="small">
              line {r.line}
              {r.column ? `, ${r.column}` : ''}: {r.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
