'use client';

import {
  createColumnHelper,
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type ColumnDef,
} from '@tanstack/react-table';
import { useMemo, type ReactNode } from 'react';

const features = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  sortedRowModel: createSortedRowModel(),
  paginatedRowModel: createPaginatedRowModel(),
  sortFns: { basic: sortFn_basic, alphanumeric: sortFn_alphanumeric },
});

export type CellValue = string | number | null;
export type DataRow = Record<string, CellValue>;

/** One column: the row key it shows, its header, and optionally how a cell renders. */
export interface DataColumn<Row extends DataRow> {
  key: keyof Row & string;
  label: string;
  /** Right-aligned, numeric sort, descending first. */
  numeric?: boolean;
  render?: (value: Row[keyof Row], row: Row) => ReactNode;
}

const PAGE_SIZES = [10, 25, 50, 100];

/**
 * A sortable, paginated table over rows already in the browser (@tanstack/react-table 9:
 * client-side sorting and pagination). Column headers are buttons (keyboard-usable) with
 * aria-sort; pagination has labelled buttons and a page-size select.
 */
export function DataTable<Row extends DataRow>({ columns, data, caption, pageSize = 10 }: { columns: DataColumn<Row>[]; data: Row[]; caption: string; pageSize?: number }) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of different value types in one array (as helper.columns returns)
  const defs = useMemo((): ColumnDef<typeof features, Row, any>[] => {
    const helper = createColumnHelper<typeof features, Row>();
    return columns.map((c) =>
      helper.accessor((row: Row) => row[c.key] as CellValue, {
        id: c.key,
        header: c.label,
        sortFn: c.numeric ? 'basic' : 'alphanumeric',
        sortDescFirst: Boolean(c.numeric),
        cell: (info) => (c.render ? c.render(info.row.original[c.key], info.row.original) : (info.getValue() ?? '')),
      }),
    );
  }, [columns]);
  const table = useTable({ features, columns: defs, data, initialState: { pagination: { pageIndex: 0, pageSize } } });
  const { pageIndex, pageSize: size } = table.state.pagination;
  const numeric = new Set(columns.filter((c) => c.numeric).map((c) => c.key));
  const total = table.getRowCount();
  const from = total === 0 ? 0 : pageIndex * size + 1;
  const to = Math.min(total, (pageIndex + 1) * size);

  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="table-scroll">
        <table className="table">
          <caption className="sr-only">{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <th key={h.id} className={numeric.has(h.column.id) ? 'num' : undefined} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                      <button type="button" className="sort-button" onClick={h.column.getToggleSortingHandler()} title={`Sort by ${String(h.column.columnDef.header)}`}>
                        <table.FlexRender header={h} />
                        <span aria-hidden="true" className="sort-mark">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={numeric.has(cell.column.id) ? 'num' : undefined}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="row pager" aria-label={`${caption}: pages`}>
        <button type="button" className="btn" onClick={() => table.firstPage()} disabled={!table.getCanPreviousPage()} aria-label="First page">
          «
        </button>
        <button type="button" className="btn" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
          Previous page
        </button>
        <span className="subtle small" aria-live="polite">
          Page {pageIndex + 1} of {Math.max(1, table.getPageCount())} · rows {from}–{to} of {total}
        </span>
        <button type="button" className="btn" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
          Next page
        </button>
        <button type="button" className="btn" onClick={() => table.lastPage()} disabled={!table.getCanNextPage()} aria-label="Last page">
          »
        </button>
        <label className="row small" style={{ gap: 6 }}>
          Rows per page
          <select value={size} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </div>
  );
}
