import type { OrderEvent } from '@/lib/recsys/types';

import { normalizeEvent, type FieldNames } from './normalize';
import type { ParsedBatch } from './read-csv';
import { BATCH_SIZE } from './read-csv';
import { ImportFileError } from './row-error';

const NAMES: FieldNames = {
  userId: 'amplitude_id', merchantId: 'event_properties.merchant_id',
  merchantName: 'event_properties.merchant_name', category: 'event_properties.category',
  orderTotal: 'event_properties.order_total', eventTime: 'event_time', eventType: 'event_type',
  platform: 'platform',
};

async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const c of chunks) {
    const parts = (rest + c).split('\n');
    rest = parts.pop() ?? '';
    yield* parts;
  }
  if (rest) yield rest;
}

function toEvent(obj: unknown, line: number): OrderEvent | { line: number; column: string; message: string } {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return { line, column: '', message: 'is not a JSON object' };
  const o = obj as Record<string, unknown>;
  const p = (o.event_properties && typeof o.event_properties === 'object' ? o.event_properties : {}) as Record<string, unknown>;
  return normalizeEvent(
    {
      userId: o.amplitude_id ?? o.user_id, merchantId: p.merchant_id, merchantName: p.merchant_name,
      category: p.category, orderTotal: p.order_total, eventTime: o.event_time, eventType: o.event_type,
      platform: o.platform,
    },
    line,
    NAMES,
  );
}

/**
 * Parses Amplitude's raw export (JSON lines: `amplitude_id`, `event_type`, `event_time`
 * "2024-12-01 10:00:00.123000" UTC, `platform`, `event_properties` with `merchant_id`,
 * `merchant_name`, `order_total`, `category`) into batches of validated events and row errors.
 */
export async function* parseAmplitude(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ParsedBatch> {
  let rows = 0;
  let lineNo = 0;
  let batch: ParsedBatch = { events: [], errors: [], rows: 0 };
  for await (const raw of lines(chunks)) {
    lineNo++;
    const text = raw.trim();
    if (!text) continue;
    rows++;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      batch.errors.push({ line: lineNo, column: '', message: `is not valid JSON (${(e as Error).message.slice(0, 80)})` });
      obj = undefined;
    }
    if (obj !== undefined) {
      const ev = toEvent(obj, lineNo);
      if ('line' in ev) batch.errors.push(ev);
      else batch.events.push(ev);
    }
    if (batch.events.length + batch.errors.length >= BATCH_SIZE) {
      batch.rows = rows;
      yield batch;
      batch = { events: [], errors: [], rows };
    }
  }
  if (rows === 0) throw new ImportFileError(file, 'the file has no events (only blank lines)');
  batch.rows = rows;
  yield batch;
}
