import { expect, test } from 'vitest';

import { keptValue } from './kept-map';

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
