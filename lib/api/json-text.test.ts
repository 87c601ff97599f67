import { expect, test } from 'vitest';

import { jsonString, measuredPart, stringsAscii } from './json-text';

test('measuredPart: ASCII text stays a string, other text becomes its UTF-8 bytes', () => {
  expect(measuredPart('{"a":"b"}')).toBe('{"a":"b"}');
  const p = measuredPart('{"name":"Café €"}');
  expect(p).toBeInstanceOf(Uint8Array);
  expect((p as Uint8Array).byteLength).toBe(20); // 17 characters; é is 2 bytes, € 3: 17 + 1 + 2
  expect(Buffer.from(p as Uint8Array).toString('utf8')).toBe('{"name":"Café €"}');
});

test('stringsAscii and jsonString over strings and bytes', () => {
  const cafe = measuredPart('"Café"');
  const m = { parts: [cafe, ',1}'], bytes: 7 + 3 };
  expect(stringsAscii(m)).toBe(true);
  expect(jsonString(m)).toBe('"Café",1}');
  // a non-ASCII string part (a producer that broke the rule) is seen, so the fast path writes it as UTF-8
  expect(stringsAscii({ parts: ['"Café"', ',1}'], bytes: 10 })).toBe(false);
  expect(stringsAscii({ parts: ['"Cafe"', ',1}'], bytes: 9 })).toBe(true);
  expect(jsonString('plain')).toBe('plain');
});
