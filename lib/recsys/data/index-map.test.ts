import { expect, test } from 'vitest';

import { IndexMap } from './index-map';

test('assigns dense indices in first-seen order and maps both ways', () => {
  const m = new IndexMap(['b', 'a', 'b']);
  expect(m.size).toBe(2);
  expect(m.add('c')).toBe(2);
  expect(m.add('a')).toBe(1);
  expect(m.indexOf('b')).toBe(0);
  expect(m.indexOf('zzz')).toBeUndefined();
  expect(m.idOf(2)).toBe('c');
  expect(m.ids()).toEqual(['b', 'a', 'c']);
  expect(() => m.idOf(3)).toThrow(RangeError);
  const copy = m.clone();
  copy.add('d');
  expect(m.size).toBe(3);
  expect(copy.size).toBe(4);
});
