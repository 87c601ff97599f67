'use client';

import Link from 'next/link';
import { useActionState } from 'react';

import { deleteSegmentAction, exportSegmentNowAction, scheduleSegmentAction } from '@/lib/actions/segments';
import type { SavedSegment } from '@/lib/db/saved-segments';
import { formatDateTime } from '@/lib/format';
import { definitionToParams } from '@/lib/validation/segment';

import { KIND_INFO } from './segment-kinds';

/** Saved segments: open in the builder, change the schedule, export now, delete. `now`: the server's clock at render. */
export function SavedSegments({ segments, now }: { segments: SavedSegment[]; now: number }) {
  if (segments.length === 0) {
    return <div className="empty">No saved segments yet: build one above and save it, optionally with a daily or weekly export.</div>;
  }
  return (
    <div className="table-scroll">
      <table className="table" aria-label="Saved segments">
        <thead>
          <tr>
            <th>Name</th>
            <th>Segment</th>
            <th>Filters</th>
            <th>Format</th>
            <th>Schedule</th>
            <th>Last export</th>
            <th>Next export</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {segments.map((s) => (
            <SavedRow key={s.id} s={s} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SavedRow({ s, now }: { s: SavedSegment; now: number }) {
  const [scheduled, schedule, scheduling] = useActionState(scheduleSegmentAction, null);
  const [exported, exportNow, exporting] = useActionState(exportSegmentNowAction, null);
  const [deleted, remove, deleting] = useActionState(deleteSegmentAction, null);
  const filters = s.definition ? Object.entries(s.definition.filters).map(([k, v]) => `${k}=${v}`) : [];
  const error = [scheduled, exported, deleted].find((r) => r && !r.ok);
  return (
    <tr>
      <td>
        {s.definition ? <Link href={`/segments?${definitionToParams(s.definition).toString()}`}>{s.name}</Link> : s.name}
      </td>
      <td>{KIND_INFO[s.kind]?.title ?? s.kind}</td>
      <td className="small">{s.definition ? filters.join(', ') || 'defaults' : <span className="badge badge-bad">filters no longer valid</span>}</td>
      <td>{s.format}</td>
      <td>
        <form action={schedule} className="row" style={{ gap: 6, flexWrap: 'nowrap' }}>
          <input type="hidden" name="id" value={s.id} />
          <select name="schedule" defaultValue={s.schedule ?? ''} aria-label={`Schedule of ${s.name}`}>
            <option value="">None</option>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
          </select>
          <button type="submit" className="btn" disabled={scheduling}>
            Set
          </button>
        </form>
      </td>
      <td className="small">{formatDateTime(s.lastExportAt)}</td>
      <td className="small">{s.nextExportAt === null ? '–' : s.nextExportAt <= now ? 'due now' : formatDateTime(s.nextExportAt)}</td>
      <td>
        <div className="row" style={{ gap: 6, flexWrap: 'nowrap' }}>
          <form action={exportNow}>
            <input type="hidden" name="id" value={s.id} />
            <button type="submit" className="btn" disabled={exporting || !s.definition} aria-label={`Export ${s.name} now`}>
              {exporting ? 'Exporting…' : 'Export now'}
            </button>
          </form>
          <form action={remove} onSubmit={(e) => (confirm(`Delete the saved segment “${s.name}” and its export history?`) ? undefined : e.preventDefault())}>
            <input type="hidden" name="id" value={s.id} />
            <button type="submit" className="btn" disabled={deleting} aria-label={`Delete ${s.name}`}>
              Delete
            </button>
          </form>
        </div>
        {error && !error.ok && (
          <div className="seg-error" role="alert">
            {error.message}
          </div>
        )}
        {exported?.ok && (
          <div className="small" role="status">
            {exported.data.rows} rows written
          </div>
        )}
      </td>
    </tr>
  );
}
