import { expect, test } from 'vitest';

import { parseEventTime } from './parse-time';

test('ISO 8601 with Z, offset and fractions', () => {
  expect(parseEventTime('2024-12-01T10:00:00Z')).toBe(Date.UTC(2024, 11, 1, 10));
  expect(parseEventTime('2024-12-01T10:00:00.250Z')).toBe(Date.UTC(2024, 11, 1, 10, 0, 0, 250));
  expect(parseEventTime('2024-12-01T12:30:00+02:00')).toBe(Date.UTC(2024, 11, 1, 10, 30));
  expect(parseEventTime('2024-12-01T05:00:00-0500')).toBe(Date.UTC(2024, 11, 1, 10));
  expect(parseEventTime('2024-12-01')).toBe(Date.UTC(2024, 11, 1));
});

test("Amplitude's export format is UTC with microseconds", () => {
  expect(parseEventTime('2024-12-01 10:00:00.123000')).toBe(Date.UTC(2024, 11, 1, 10, 0, 0, 123));
  expect(parseEventTime('2024-12-01 10:00:00')).toBe(Date.UTC(2024, 11, 1, 10));
});

test('Unix seconds and milliseconds', () => {
  expect(parseEventTime('1733047200')).toBe(Date.UTC(2024, 11, 1, 10));
  expect(parseEventTime('1733047200000')).toBe(Date.UTC(2024, 11, 1, 10));
  expect(parseEventTime('1733047200.5')).toBe(Date.UTC(2024, 11, 1, 10, 0, 0, 500));
});

test('impossible or unparseable times are messages, not numbers', () => {
  expect(parseEventTime('2024-02-30T00:00:00Z')).toMatch(/not a valid calendar time/);
  expect(parseEventTime('2023-02-29 10:00:00')).toMatch(/not a valid calendar time/);
  expect(parseEventTime('2024-02-29 10:00:00')).toBe(Date.UTC(2024, 1, 29, 10));
  expect(parseEventTime('yesterday')).toMatch(/"yesterday" is not a time/);
  expect(parseEventTime('')).toBe('is empty');
  expect(parseEventTime('1850-01-01T00:00:00Z')).toMatch(/outside 1990..2100/);
});
