'use client';

import { useMemo } from 'react';

import type { SegmentPreview as Preview } from '@/lib/db/segments';
import { formatInt } from '@/lib/format';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';

import { MERCHANT_COLUMNS, NUMERIC_COLUMNS } from './segment-kinds';

/** The segment's first rows in a sortable, paginated table; merchant ids shown with names. */
export function SegmentPreviewTable({ preview }: { preview: Pick<Preview, 'columns' | 'rows' | 'merchantNames' | 'totalRows' | 'kind'> }) {
  const { columns: keys, merchantNames } = preview;
  const columns = useMemo<DataColumn<DataRow>[]>(
    () =>
      keys.map((key) => ({
        key,
        label: key,
        numeric: NUMERIC_COLUMNS.has(key),
        render: MERCHANT_COLUMNS.has(key) ? (v) => <MerchantCell ids={String(v ?? '')} names={merchantNames} /> : undefined,
      })),
    [keys, merchantNames],
  );
  if (preview.rows.length === 0) {
    return <div className="empty">No user matches these filters: lower the score threshold or widen the other filters.</div>;
  }
  return (
    <div className="stack" style={{ gap: 8 }}>
      {preview.totalRows > preview.rows.length && (
        <p className="subtle small" style={{ margin: 0 }}>
          Showing the first {formatInt(preview.rows.length)} of {formatInt(preview.totalRows)} rows (sorting applies to these); the download has them all.
        </p>
      )}
      <DataTable columns={columns} data={preview.rows as DataRow[]} caption={`Preview of ${preview.kind}`} />
    </div>
  );
}

function MerchantCell({ ids, names }: { ids: string; names: Record<string, string> }) {
  if (!ids) return <span className="subtle">–</span>;
  return (
    <span className="seg-merchants">
      {ids.split('|').map((id) => (
        <span key={id} className="seg-merchant">
          <span className="mono">{id}</span>
          {names[id] ? <span className="subtle small"> {names[id]}</span> : null}
        </span>
      ))}
    </span>
  );
}
