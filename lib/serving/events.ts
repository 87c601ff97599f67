/**
 * POST /api/v1/events: the feedback loop. A body of one event, an array, or { "events": [...] }
 * in the import schema is size-checked while it streams in, each item validated by the
 * importer's own rules (lib/import/normalize.ts), and the batch stored as one data set in one
 * transaction (lib/db/import-events.ts): duplicates of stored events are counted, not added,
 * so a client may safely re-send a batch it got no answer for. The answer comes after the
 * commit: what was acknowledged is on disk, whatever happens to the process next.
 */
import { importEventStream } from '@/lib/db/import-events';
import { openSqlite } from '@/lib/db/sqlite';
import { AppError, ConflictError } from '@/lib/errors';
import { normalizeEvent, type FieldNames } from '@/lib/import/normalize';
import type { OrderEvent } from '@/lib/recsys/types';
import { eventItemSchema, MAX_EVENTS_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '@/lib/validation/api';

import type { EventError, EventsResult } from './schemas';

/** Errors kept in a response (all are counted). */
export const MAX_REPORTED_ERRORS = 100;
/** Event batches waiting for the writer in this process at most; more → 429. */
export const MAX_QUEUED_BATCHES = 8;
/** How long a batch retries while another writer (an import, a training run's cache block) holds the database. */
export const WRITE_WAIT_MS = 5_000;

const FLAT: FieldNames = {
  userId: 'user_id', merchantId: 'merchant_id', merchantName: 'merchant_name', category: 'category',
  orderTotal: 'order_total', eventTime: 'event_time', eventType: 'event_type', platform: 'platform',
};
const AMPLITUDE: FieldNames = {
  ...FLAT, userId: 'amplitude_id', merchantId: 'event_properties.merchant_id', merchantName: 'event_properties.merchant_name',
  category: 'event_properties.category', orderTotal: 'event_properties.order_total',
};

/**
 * Reads a request body as text, refusing (413) a declared or actual size over `max` bytes
 * before reading it whole.
 */
export async function readBody(req: Request, max = MAX_EVENTS_BODY_BYTES): Promise<string> {
  const tooLarge = () => new AppError(`The body is larger than ${max / 1024 / 1024} MB; send at most ${MAX_EVENTS_PER_BATCH.toLocaleString('en')} events per request.`, 413, 'payload_too_large');
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > max) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body's items: one event, an array, or { events: [...] }; 400 / 413 otherwise. */
export function itemsOf(text: string): unknown[] {
  if (!text.trim()) throw new AppError('The body is empty: send one event, an array of events, or {"events": [...]} as JSON.', 400, 'invalid_json');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new AppError(`The body is not valid JSON (${(e as Error).message.slice(0, 120)}).`, 400, 'invalid_json');
  }
  const items = Array.isArray(body) ? body : body && typeof body === 'object' && 'events' in body ? (body as { events: unknown }).events : [body];
  if (!Array.isArray(items)) throw new AppError('"events" must be an array of events.', 400, 'invalid_input');
  if (items.length === 0) throw new AppError('The batch has no events.', 400, 'invalid_input');
  if (items.length > MAX_EVENTS_PER_BATCH) {
    throw new AppError(`The batch has ${items.length.toLocaleString('en')} events; send at most ${MAX_EVENTS_PER_BATCH.toLocaleString('en')} per request.`, 413, 'payload_too_large');
  }
  return items;
}

/** One item → a canonical event, or its problem (shape by zod, field rules by the importer). */
export function validateItem(item: unknown, index: number): OrderEvent | EventError {
  const shape = eventItemSchema.safeParse(item);
  if (!shape.success) {
    const issue = shape.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    const message = issue.code === 'invalid_type' && !field ? 'is not a JSON object' : issue.code === 'invalid_union' || issue.code === 'invalid_type' ? 'must be a string or a number' : issue.message;
    return { index, field, message };
  }
  const e = shape.data;
  const p = e.event_properties ?? {};
  const amplitude = e.event_properties != null;
  const r = normalizeEvent(
    {
      userId: e.user_id ?? e.amplitude_id ?? e.customer_id, merchantId: e.merchant_id ?? p.merchant_id, merchantName: e.merchant_name ?? p.merchant_name,
      category: e.category ?? p.category, orderTotal: e.order_total ?? p.order_total, eventTime: e.event_time, eventType: e.event_type, platform: e.platform,
    },
    index,
    amplitude ? AMPLITUDE : FLAT,
  );
  return 'line' in r ? { index, field: r.column, message: r.message } : r;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const queue = globalThis as unknown as { __eventsQueue?: { tail: Promise<unknown>; waiting: number } };
const q = (queue.__eventsQueue ??= { tail: Promise.resolve(), waiting: 0 });

/** Runs `job` after the batches before it (one writer per process), or 429 when too many wait. */
function serialized<T>(job: () => Promise<T>): Promise<T> {
  if (q.waiting >= MAX_QUEUED_BATCHES) {
    throw new AppError(`${q.waiting} event batches are already waiting to be stored; retry in a second.`, 429, 'too_many_requests');
  }
  q.waiting++;
  const run = q.tail.then(job).finally(() => q.waiting--);
  q.tail = run.catch(() => undefined);
  return run;
}

/**
 * Stores events, retrying while another writer holds the database, then 409. The connection
 * does not wait inside SQLite (busy_timeout 0: such a wait would block the whole server); it
 * retries between requests instead.
 */
async function store(events: OrderEvent[], skipBad: boolean): Promise<Awaited<ReturnType<typeof importEventStream>>> {
  const deadline = Date.now() + WRITE_WAIT_MS;
  const db = openSqlite();
  db.pragma('busy_timeout = 0');
  try {
    for (;;) {
      try {
        return await importEventStream(events, `API batch ${new Date().toISOString()}`, 'api', { skipBadRows: skipBad, db });
      } catch (e) {
        if (!(e instanceof ConflictError) || Date.now() > deadline) throw e;
        await sleep(100);
      }
    }
  } finally {
    db.close();
  }
}

/**
 * Validates and stores a batch. Bad items are reported by 0-based index; any bad item rejects
 * the whole batch (400, nothing stored) unless `skipBad`.
 */
export async function ingestEvents(items: unknown[], skipBad: boolean): Promise<EventsResult> {
  const events: OrderEvent[] = [];
  const errors: EventError[] = [];
  let rejected = 0;
  items.forEach((item, i) => {
    const r = validateItem(item, i);
    if ('index' in r) {
      rejected++;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(r);
    } else events.push(r);
  });
  if (rejected > 0 && !skipBad) {
    const first = errors[0]!;
    const message = `${rejected} of ${items.length} events are invalid, nothing was stored. First: item ${first.index}${first.field ? `, ${first.field}` : ''}: ${first.message}. Fix them, or send ?skip_bad=true to store the valid ones.`;
    throw Object.assign(new AppError(message, 400, 'invalid_input'), { details: errors });
  }
  const base = { received: items.length, rejected, errors };
  if (events.length === 0) return { dataset_id: null, accepted: 0, duplicates: 0, new_users: 0, new_merchants: 0, ...base };
  const s = await serialized(() => store(events, skipBad));
  return { dataset_id: s.datasetId, accepted: s.rowsAccepted, duplicates: s.rowsDuplicate, new_users: s.newUsers, new_merchants: s.newMerchants, ...base };
}
