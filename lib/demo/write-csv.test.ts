import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import Papa from 'papaparse';
import { afterAll, describe, expect, test } from 'vitest';

import type { OrderEvent } from '@/lib/recsys/types';

import { generateDemoEvents } from './generate';
import { CSV_COLUMNS, csvField, csvRow, CsvRowFormatter, writeEventsCsv } from './write-csv';

const dir = mkdtempSync(join(tmpdir(), 'demo-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tricky: OrderEvent[] = [
  {
    userId: 'u_000001',
    merchantId: 'm_00001',
    merchantName: 'Fish, Chips & Co. Harbour Front',
    category: 'seafood',
    orderTotal: 30.5,
    eventTime: Date.parse('2026-10-01T12:30:00Z'),
    eventType: 'checkout_completed',
    platform: 'ios',
  },
  {
    userId: 'u_000002',
    merchantId: 'm_00002',
    merchantName: 'The "Original" Shawarma Marina',
    category: 'shawarma',
    orderTotal: 0,
    eventTime: Date.parse('2026-10-01T12:31:07Z'),
    eventType: 'merchant_page_viewed',
    platform: 'web',
  },
];

function parse(text: string): Record<string, string>[] {
  const result = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  expect(result.meta.fields).toEqual([...CSV_COLUMNS]);
  return result.data;
}

describe('csvField / csvRow', () => {
  test('quotes only fields with commas, quotes or line breaks, doubling inner quotes', () => {
    expect(csvField('Napoli Slice Marina')).toBe('Napoli Slice Marina');
    expect(csvField('Fish, Chips & Co.')).toBe('"Fish, Chips & Co."');
    expect(csvField('The "Original" Shawarma')).toBe('"The ""Original"" Shawarma"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  test('formats totals with 2 decimals and times as ISO UTC with milliseconds', () => {
    expect(csvRow(tricky[0]!)).toBe(
      'u_000001,m_00001,"Fish, Chips & Co. Harbour Front",seafood,30.50,2026-10-01T12:30:00.000Z,checkout_completed,ios\n',
    );
    expect(csvRow(tricky[1]!)).toBe(
      'u_000002,m_00002,"The ""Original"" Shawarma Marina",shawarma,0.00,2026-10-01T12:31:07.000Z,merchant_page_viewed,web\n',
    );
  });
});

describe('CsvRowFormatter', () => {
  test('its fast paths agree with toFixed(2) and toISOString, edge cases included', () => {
    const base = tricky[0]!;
    const formatter = new CsvRowFormatter();
    const totals = [0, 0.005, 1.005, 0.125, 2.675, 1e-7, 9.999, 99.995, 123456.789, -1.5, 1e14];
    const times = [0, 999, 86_399_999, -1000, 951_782_400_000, 1_790_000_000_123, 253_402_300_799_999];
    for (const orderTotal of totals) {
      const [, , , , total] = formatter.row({ ...base, orderTotal }).split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      expect(total).toBe(orderTotal.toFixed(2));
    }
    for (const eventTime of times) {
      expect(formatter.row({ ...base, eventTime })).toContain(`,${new Date(eventTime).toISOString()},`);
    }
  });
});

describe('writeEventsCsv', () => {
  test('round-trips tricky names through a plain .csv file', async () => {
    const path = join(dir, 'tricky.csv');
    expect(await writeEventsCsv(tricky, path)).toEqual({ rows: 2 });
    const rows = parse(readFileSync(path, 'utf8'));
    expect(rows.map((r) => r.merchant_name)).toEqual(tricky.map((e) => e.merchantName));
    expect(rows[0]?.order_total).toBe('30.50');
    expect(rows[1]?.event_time).toBe('2026-10-01T12:31:07.000Z');
  });

  test('writes gzip for .gz paths; demo events read back identical', async () => {
    const events = [...generateDemoEvents({ scale: 0.02 })];
    const path = join(dir, 'demo.csv.gz');
    const { rows } = await writeEventsCsv(generateDemoEvents({ scale: 0.02 }), path);
    expect(rows).toBe(events.length);
    const raw = readFileSync(path);
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]); // gzip magic number
    const parsed = parse(gunzipSync(raw).toString('utf8'));
    expect(parsed).toHaveLength(events.length);
    const back: OrderEvent[] = parsed.map((r) => ({
      userId: r.user_id ?? '',
      merchantId: r.merchant_id ?? '',
      merchantName: r.merchant_name ?? '',
      category: r.category ?? '',
      orderTotal: Number(r.order_total),
      eventTime: Date.parse(r.event_time ?? ''),
      eventType: r.event_type as OrderEvent['eventType'],
      platform: r.platform ?? '',
    }));
    expect(back).toEqual(events);
    expect(back.some((e) => e.merchantName.includes(','))).toBe(true);
  });

  test('an empty stream writes just the header', async () => {
    const path = join(dir, 'empty.csv');
    expect(await writeEventsCsv([], path)).toEqual({ rows: 0 });
    expect(readFileSync(path, 'utf8')).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });

  test('rejects when the file cannot be written', async () => {
    await expect(writeEventsCsv(tricky, join(dir, 'missing', 'x.csv'))).rejects.toThrow(/ENOENT/);
  });
});
