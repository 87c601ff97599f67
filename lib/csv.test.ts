import Papa from 'papaparse';
import { expect, test } from 'vitest';

import { csvSafeCell, toCsv } from './csv';

test('csvSafeCell neutralises text that a spreadsheet would run as a formula', () => {
  expect(csvSafeCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
  expect(csvSafeCell('+1')).toBe("'+1");
  expect(csvSafeCell('-2+3')).toBe("'-2+3");
  expect(csvSafeCell('@cmd')).toBe("'@cmd");
  expect(csvSafeCell('\t=1')).toBe("'\t=1");
  expect(csvSafeCell('Burger Hub')).toBe('Burger Hub');
  expect(csvSafeCell('a=b')).toBe('a=b');
  expect(csvSafeCell('')).toBe('');
});

test('csvSafeCell keeps numbers as numbers and empties missing values', () => {
  expect(csvSafeCell(-3.5)).toBe('-3.5');
  expect(csvSafeCell(0)).toBe('0');
  expect(csvSafeCell(Number.NaN)).toBe('');
  expect(csvSafeCell(null)).toBe('');
  expect(csvSafeCell(undefined)).toBe('');
  expect(csvSafeCell(true)).toBe('true');
  expect(csvSafeCell(new Date(Date.UTC(2024, 11, 1, 10)))).toBe('2024-12-01T10:00:00.000Z');
});

test('toCsv writes a header, quotes commas and quotes, uses CRLF, and neutralises every cell', () => {
  const rows = [
    { id: 'm_1', name: 'Napoli Slice, Old Town', score: 0.5 },
    { id: 'm_2', name: '=HYPERLINK("http://x")', score: -1 },
  ];
  const csv = toCsv(rows, ['id', { header: 'merchant_name', value: (r) => r.name }, { header: 'score', value: (r) => r.score }]);
  expect(csv).toBe(
    'id,merchant_name,score\r\n' + 'm_1,"Napoli Slice, Old Town",0.5\r\n' + 'm_2,"\'=HYPERLINK(""http://x"")",-1\r\n',
  );
  const back = Papa.parse<string[]>(csv).data;
  expect(back[2]).toEqual(['m_2', '\'=HYPERLINK("http://x")', '-1']);
});

test('toCsv with no rows is the header alone; no columns is an error', () => {
  expect(toCsv<{ a: number }>([], ['a', { header: '@b', value: () => 1 }])).toBe("a,'@b\r\n");
  expect(() => toCsv([{ a: 1 }], [])).toThrow(RangeError);
});
