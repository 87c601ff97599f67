import type { ReactNode } from 'react';

import { formatMetric } from '@/lib/format';

/** A metric as shown in the tables, '–' when the model has no value. */
export function metricText(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : formatMetric(v);
}

export interface ModelTableProps<R extends { model: string }> {
  /** Accessible name of the table. */
  label: string;
  /** Header of the model column (default "Model"). */
  corner?: ReactNode;
  /** Metric columns, numeric and right-aligned. */
  columns: ReadonlyArray<{ key: string; label: ReactNode }>;
  rows: readonly R[];
  /** Plain columns between the model and the metrics. */
  lead?: ReadonlyArray<{ header: string; cell: (row: R) => ReactNode }>;
  /** Content of one metric cell. */
  cell: (row: R, key: string) => ReactNode;
}

/**
 * One row per model and one numeric column per metric: the shape shared by the Performance
 * tab's tables of values at K, cold users, differences to the baseline and run comparisons.
 */
export function ModelTable<R extends { model: string }>({ label, corner = 'Model', columns, rows, lead = [], cell }: ModelTableProps<R>) {
  return (
    <div className="table-scroll">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{corner}</th>
            {lead.map((l) => (
              <th key={l.header} scope="col">
                {l.header}
              </th>
            ))}
            {columns.map((c) => (
              <th key={c.key} scope="col" className="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model}>
              <th scope="row">{r.model}</th>
              {lead.map((l) => (
                <td key={l.header}>{l.cell(r)}</td>
              ))}
              {columns.map((c) => (
                <td key={c.key} className="num">
                  {cell(r, c.key)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
