import { EVENT_TYPES, type EventType, type OrderEvent } from '@/lib/recsys/types';

import { clip, parseEventTime } from './parse-time';
import type { RowError } from './row-error';

/** Longest id or name kept; longer values are rejected rather than truncated silently. */
export const MAX_ID_LENGTH = 200;
export const MAX_NAME_LENGTH = 500;

/** A source row reduced to canonical fields, still as text (CSV) or loose JSON values. */
export interface RawEvent {
  userId: unknown;
  merchantId: unknown;
  merchantName: unknown;
  category: unknown;
  orderTotal: unknown;
  eventTime: unknown;
  eventType: unknown;
  platform: unknown;
}

/** The source's names of the canonical fields, for error messages (CSV header or JSON path). */
export type FieldNames = Record<keyof RawEvent, string>;

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

function rowError(line: number, names: FieldNames, field: keyof RawEvent, message: string): RowError {
  return { line, column: names[field], message };
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v.trim() : String(v).trim();
}

/**
 * Validates one source row and returns the canonical event, or the first problem found.
 * Rules: ids non-empty (≤ 200 chars); event type one of EVENT_TYPES (default checkout);
 * a checkout's total is a number ≥ 0 and present; a view's total may be empty (0); the time
 * parses (see parseEventTime).
 */
export function normalizeEvent(raw: RawEvent, line: number, names: FieldNames): OrderEvent | RowError {
  const userId = text(raw.userId);
  if (!userId) return rowError(line, names, 'userId', 'user id is empty');
  if (userId.length > MAX_ID_LENGTH) return rowError(line, names, 'userId', `user id is longer than ${MAX_ID_LENGTH} characters`);
  const merchantId = text(raw.merchantId);
  if (!merchantId) return rowError(line, names, 'merchantId', 'merchant id is empty');
  if (merchantId.length > MAX_ID_LENGTH) return rowError(line, names, 'merchantId', `merchant id is longer than ${MAX_ID_LENGTH} characters`);
  const typeText = text(raw.eventType) || 'checkout_completed';
  if (!EVENT_TYPE_SET.has(typeText)) {
    return rowError(line, names, 'eventType', `unknown event type "${clip(typeText)}" (expected one of ${EVENT_TYPES.join(', ')})`);
  }
  const eventType = typeText as EventType;
  const totalText = text(raw.orderTotal);
  let orderTotal = 0;
  if (totalText === '') {
    if (eventType === 'checkout_completed') return rowError(line, names, 'orderTotal', 'order total is empty');
  } else {
    orderTotal = typeof raw.orderTotal === 'number' ? raw.orderTotal : Number(totalText);
    if (!Number.isFinite(orderTotal)) return rowError(line, names, 'orderTotal', `"${clip(totalText)}" is not a number`);
    if (orderTotal < 0) return rowError(line, names, 'orderTotal', `${clip(totalText)} is negative`);
  }
  const time = parseEventTime(text(raw.eventTime));
  if (typeof time === 'string') return rowError(line, names, 'eventTime', `event time ${time}`);
  const merchantName = text(raw.merchantName) || merchantId;
  if (merchantName.length > MAX_NAME_LENGTH) return rowError(line, names, 'merchantName', `merchant name is longer than ${MAX_NAME_LENGTH} characters`);
  const category = text(raw.category).toLowerCase();
  if (category.length > MAX_NAME_LENGTH) return rowError(line, names, 'category', `category is longer than ${MAX_NAME_LENGTH} characters`);
  const platform = text(raw.platform).toLowerCase().slice(0, 40);
  return { userId, merchantId, merchantName, category, orderTotal, eventTime: time, eventType, platform };
}
