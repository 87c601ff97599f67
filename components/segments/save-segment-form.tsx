'use client';

import { useActionState } from 'react';

import { saveSegmentAction } from '@/lib/actions/segments';
import type { SegmentDefinition } from '@/lib/validation/segment';

/** Saves the current definition with a name, an export schedule and a file format. */
export function SaveSegmentForm({ definition, suggestedName }: { definition: SegmentDefinition; suggestedName: string }) {
  const [result, action, pending] = useActionState(saveSegmentAction, null);
  const flat = { kind: definition.kind, ...definition.filters };
  const err = (k: string) => (result && !result.ok ? result.fieldErrors?.[k]?.join(' ') : undefined);
  return (
    <form action={action} className="stack" aria-label="Save segment">
      <input type="hidden" name="definition" value={JSON.stringify(flat)} />
      <div className="seg-filters">
        <div className={`field${err('name') ? ' field-invalid' : ''}`}>
          <label htmlFor="save-name">Name</label>
          <input id="save-name" name="name" type="text" required maxLength={80} defaultValue={suggestedName} aria-describedby={err('name') ? 'save-name-error' : undefined} />
          {err('name') && (
            <span id="save-name-error" className="seg-error">
              {err('name')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="save-schedule">Scheduled export</label>
          <select id="save-schedule" name="schedule" defaultValue="">
            <option value="">None</option>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="save-format">File format</label>
          <select id="save-format" name="format" defaultValue="seed">
            <option value="seed">Seed (one row per user and merchant)</option>
            <option value="fields">Segment fields</option>
          </select>
        </div>
      </div>
      <div className="row">
        <button type="submit" className="btn" disabled={pending}>
          {pending ? 'Saving…' : 'Save segment'}
        </button>
        <span className="subtle small">Scheduled files go to outputs/recommendations/exports/.</span>
      </div>
      {result?.ok && (
        <div className="alert alert-ok" role="status">
          Saved “{result.data.name}”.
        </div>
      )}
      {result && !result.ok && (
        <div className="alert alert-error" role="alert">
          {result.message}
        </div>
      )}
    </form>
  );
}
