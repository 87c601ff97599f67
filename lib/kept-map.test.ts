import { expect, test } from 'vitest';

import { KeptMap, keptValue } from './kept-map';

test('KeptMap keeps every key among the last limit/2 distinct ones, holds at most limit, and drops the older generation whole', () => {
  const m = new KeptMap<string, number>(4); // generations of 2
  let made = 0;
  const get = (k: string) => m.get(k, () => ++made);
  expect([get('a'), get('a')]).toEqual([1, 1]); // a hit: made once
  expect(get('b')).toBe(2); // young {a, b} is full: it becomes the old generation
  expect(m.size).toBe(2);
  expect(get('a')).toBe(1); // found in the old generation, copied into the young one: not made again
  expect(get('c')).toBe(3); // young {a, c} full: old {a, b} dropped, b with it
  expect([m.has('a'), m.has('b'), m.has('c')]).toEqual([true, false, true]);
  expect(get('b')).toBe(4); // made again
  expect(m.size).toBeLessThanOrEqual(4);
  for (const k of 'defghij') get(k);
  expect(m.size).toBeLessThanOrEqual(4);
  expect([m.has('i'), m.has('j'), m.has('a')]).toEqual([true, true, false]);
});

test('KeptMap keeps nothing when make throws, keeps falsy values, and refuses a limit under 2', () => {
  const m = new KeptMap<string, number | undefined>(4);
  expect(() => m.get('x', () => { throw new Error('bad'); })).toThrow('bad');
  expect(m.size).toBe(0);
  let made = 0;
  expect(m.get('zero', () => (made++, 0))).toBe(0);
  expect(m.get('zero', () => (made++, 1))).toBe(0);
  expect(m.get('none', () => (made++, undefined))).toBe(undefined); // generation change: both now old
  expect(m.get('none', () => (made++, 2))).toBe(undefined);
  expect(m.get('zero', () => (made++, 3))).toBe(0);
  expect(made).toBe(2);
  expect(() => new KeptMap(1)).toThrow(/limit must be an integer ≥ 2 \(got 1\)/);
});

test('keptValue keeps at most `limit` values and drops the least recently used first', () => {
  const m = new Map<string, number>();
  let made = 0;
  const get = (k: string) => keptValue(m, k, 2, () => ++made);
  expect([get('a'), get('b'), get('a')]).toEqual([1, 2, 1]); // a is a hit: made once
  expect(get('c')).toBe(3); // full: b (least recently used) is dropped, not a
  expect([...m.keys()]).toEqual(['a', 'c']);
  expect(get('b')).toBe(4); // made again
  expect([...m.keys()]).toEqual(['c', 'b']);
});

test('keptValue keeps nothing when make throws, and keeps a falsy value', () => {
  const m = new Map<string, number>();
  expect(() => keptValue(m, 'x', 2, () => { throw new Error('bad'); })).toThrow('bad');
  expect(m.size).toBe(0);
  let made = 0;
  expect(keptValue(m, 'zero', 2, () => (made++, 0))).toBe(0);
  expect(keptValue(m, 'zero', 2, () => (made++, 1))).toBe(0);
  expect(made).toBe(1);
});
