import type { SegmentExportRecord } from '@/lib/db/saved-segments';
import { formatDateTime, formatInt } from '@/lib/format';

/** Files written by scheduled (or "export now") segment exports, newest first. */
export function ExportHistory({ exports }: { exports: SegmentExportRecord[] }) {
  if (exports.length === 0) {
    return <div className="empty">No exports yet: scheduled segments are written here when due (the server checks every 15 minutes), or use “Export now”.</div>;
  }
  return (
    <div className="table-scroll">
      <table className="table" aria-label="Export history">
        <thead>
          <tr>
            <th>When</th>
            <th>Saved segment</th>
            <th className="num">Rows</th>
            <th className="num">Run</th>
            <th>File</th>
          </tr>
        </thead>
        <tbody>
          {exports.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.createdAt)}</td>
              <td>{e.segmentName}</td>
              <td className="num">{formatInt(e.rows)}</td>
              <td className="num">{e.runId === null ? '–' : `#${e.runId}`}</td>
              <td className="mono small">{e.path}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
