/**
 * CSV writing for downloads (merchant lists, segments). Every cell goes through
 * {@link csvSafeCell}, so a value such as `=HYPERLINK(...)` typed into a merchant name cannot
 * run as a formula when the file is opened in a spreadsheet (CSV injection, OWASP).
 */
import Papa from 'papaparse';

/** What a CSV cell may be given. `null`/`undefined` become empty cells; dates become ISO 8601. */
export type CsvCell = string | number | boolean | Date | null | undefined;

/**
 * One column of {@link toCsv}: a key of the row (the key is also the header) or a header with
 * a function that reads the cell.
 */
export type CsvColumn<T> = (keyof T & string) | { header: string; value: (row: T) => CsvCell };

/** First characters that make spreadsheets treat a cell as a formula (plus tab and CR, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell's text, neutralised against formula injection: text starting with `=`, `+`, `-`, `@`
 * (or a tab / carriage return) gets a leading single quote, which spreadsheets show as text.
 * Numbers are data, not formulas, and pass through unchanged (`-3.5` stays `-3.5`); non-finite
 * numbers become empty cells. Quoting of commas, quotes and newlines is left to {@link toCsv}.
 *
 * @param value - the cell
 */
export function csvSafeCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * CSV text (RFC 4180: comma, `"` quoting where needed, CRLF after every line including the
 * last) with a header row and one row per element of `rows`, every cell passed through
 * {@link csvSafeCell}. With no rows the result is the header line alone.
 *
 * @param rows - the records
 * @param columns - the columns, in order (see {@link CsvColumn})
 */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  if (columns.length === 0) throw new RangeError('columns must not be empty');
  const headers = columns.map((c) => csvSafeCell(typeof c === 'string' ? c : c.header));
  const readers = columns.map((c) => (typeof c === 'string' ? (r: T) => r[c] as CsvCell : c.value));
  const data = rows.map((r) => readers.map((read) => csvSafeCell(read(r))));
  const text = Papa.unparse({ fields: headers, data }, { newline: '\r\n', header: true });
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
