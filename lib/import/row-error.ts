/** One rejected input row: where it is and what was wrong with it. */
export interface RowError {
  /** 1-based line of the file (the CSV header is line 1); for JSON lines, the line. */
  line: number;
  /** Column (CSV) or field (JSON) that was wrong, or '' for the whole row. */
  column: string;
  message: string;
}

/** A whole-file problem (empty file, missing column, wrong encoding): nothing is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ImportFileError';
  }
}

/** Formats a row error for people: `events.csv, line 7, column order_total: "-3" is negative`. */
export function formatRowError(file: string, e: RowError): string {
  return `${file}, line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message}`;
}
