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

test('the character-by-character path agrees with Date.parse on the common shapes', () => {
  const samples = ['2011-12-09T12:50:00Z', '1999-12-31 23:59:59', '2024-02-29T00:00:00.5Z', '2000-02-29 12:00:00.123456', '2099-12-31T23:59:59.999Z', '2024-03-01T00:00:00,25Z'];
  for (const s of samples) {
    expect(parseEventTime(s)).toBe(Math.round(Date.parse(s.replace(' ', 'T').replace(',', '.').replace(/(\.\d{3})\d+/, '$1').replace(/Z?$/, 'Z'))));
  }
  expect(parseEventTime('2024-12-01 10:00:00.9996')).toBe(Date.UTC(2024, 11, 1, 10, 0, 1));
  expect(parseEventTime('1900-02-29 10:00:00')).toMatch(/not a valid calendar time/);
  expect(parseEventTime('2024-13-01T00:00:00Z')).toMatch(/not a valid calendar time|not a time/);
  expect(parseEventTime('2024-12-01T10:00:00Zjunk')).toMatch(/is not a time/);
  expect(parseEventTime('2024-12-01T10:00:00.Z')).toMatch(/is not a time/);
});

test('a repeated time text gives the same answer (the one-entry memo)', () => {
  expect(parseEventTime('2024-12-01T10:00:00Z')).toBe(Date.UTC(2024, 11, 1, 10));
  expect(parseEventTime('2024-12-01T10:00:00Z')).toBe(Date.UTC(2024, 11, 1, 10));
  expect(parseEventTime('nonsense')).toMatch(/is not a time/);
  expect(parseEventTime('nonsense')).toMatch(/is not a time/);
});
