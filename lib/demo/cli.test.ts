import { describe, expect, test } from 'vitest';

import { parseDemoArgs } from './cli';

describe('parseDemoArgs', () => {
  test('reads the output path and numeric options', () => {
    expect(parseDemoArgs(['--out', 'x.csv.gz', '--scale', '12.5', '--seed', '7', '--days', '30'])).toEqual({
      out: 'x.csv.gz',
      options: { scale: 12.5, seed: 7, days: 30 },
    });
    expect(parseDemoArgs(['--orders', '1000', '--end', '2026-01-31T23:59:59Z', '--out', 'y.csv']).options).toEqual({
      orders: 1000,
      endDate: '2026-01-31T23:59:59Z',
    });
  });

  test('rejects a missing --out, unknown flags, bad numbers and invalid options', () => {
    expect(() => parseDemoArgs(['--scale', '2'])).toThrow(/--out is required/);
    expect(() => parseDemoArgs(['--out', 'x.csv', '--fast', '1'])).toThrow(/unknown argument --fast/);
    expect(() => parseDemoArgs(['--out', 'x.csv', '--scale', 'big'])).toThrow(/--scale must be a number/);
    expect(() => parseDemoArgs(['--out', 'x.csv', '--days', '0'])).toThrow(/days must be/);
    expect(() => parseDemoArgs(['--out'])).toThrow(/--out needs a value/);
  });
});
