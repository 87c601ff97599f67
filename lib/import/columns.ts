import { ImportFileError } from './row-error';
import type { FieldNames, RawEvent } from './normalize';

/** Accepted CSV header names per canonical field, first = canonical. */
export const COLUMN_ALIASES: Record<keyof RawEvent, readonly string[]> = {
  userId: ['user_id', 'amplitude_id', 'customer_id'],
  merchantId: ['merchant_id'],
  merchantName: ['merchant_name'],
  category: ['category'],
  orderTotal: ['order_total'],
  eventTime: ['event_time'],
  eventType: ['event_type'],
  platform: ['platform'],
};

/** Fields a file must have; the others default (name = id, category '', type checkout, platform ''). */
export const REQUIRED_FIELDS: readonly (keyof RawEvent)[] = ['userId', 'merchantId', 'orderTotal', 'eventTime'];

export interface ColumnMap {
  /** Column position per field, -1 when absent. */
  index: Record<keyof RawEvent, number>;
  names: FieldNames;
  width: number;
}

/**
 * Maps a CSV header to canonical fields (case-insensitive, trimmed). Throws an ImportFileError
 * listing every missing required column and the columns the file does have.
 */
export function mapColumns(header: readonly string[], file: string): ColumnMap {
  const normalized = header.map((h) => h.trim().toLowerCase());
  const index = {} as Record<keyof RawEvent, number>;
  const names = {} as FieldNames;
  const missing: string[] = [];
  for (const field of Object.keys(COLUMN_ALIASES) as (keyof RawEvent)[]) {
    const aliases = COLUMN_ALIASES[field];
    const at = aliases.map((a) => normalized.indexOf(a)).find((i) => i >= 0) ?? -1;
    index[field] = at;
    names[field] = at >= 0 ? (normalized[at] ?? aliases[0]!) : aliases[0]!;
    if (at < 0 && REQUIRED_FIELDS.includes(field)) {
      missing.push(aliases.length > 1 ? `${aliases[0]} (or ${aliases.slice(1).join(', ')})` : aliases[0]!);
    }
  }
  if (missing.length) {
    const found = normalized.filter(Boolean).slice(0, 20).join(', ') || 'none';
    throw new ImportFileError(file, `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the header has: ${found}`);
  }
  return { index, names, width: header.length };
}
