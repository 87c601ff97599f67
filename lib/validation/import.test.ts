import { expect, test } from 'vitest';

import { importUploadQuerySchema, MAX_UPLOAD_BYTES, uploadProblem } from './import';

test('uploadProblem: empty, over 200 MB (naming the CLI), unknown type; fine otherwise', () => {
  expect(MAX_UPLOAD_BYTES).toBe(209_715_200);
  expect(uploadProblem({ name: 'a.csv', size: 0 })).toBe('The file is empty (0 bytes).');
  expect(uploadProblem({ name: 'a.csv', size: 209_715_201 })).toBe('The file is larger than 200 MB; import it with the CLI (npm run import -- FILE).');
  expect(uploadProblem({ name: 'a.csv', size: 209_715_200 })).toBeNull();
  expect(uploadProblem({ name: 'A.JSONL.GZ', size: 10 })).toBeNull();
  expect(uploadProblem({ name: 'a.xlsx', size: 10 })).toBe('Expected a .csv, .csv.gz, .json(l) or .json(l).gz file.');
});

test('the upload query: file_name required with a known extension, skip_bad_rows true/false, nothing else', () => {
  expect(importUploadQuerySchema.parse({ file_name: 'orders.csv' })).toEqual({ file_name: 'orders.csv', skip_bad_rows: false });
  expect(importUploadQuerySchema.parse({ file_name: 'o.ndjson', skip_bad_rows: 'true' })).toEqual({ file_name: 'o.ndjson', skip_bad_rows: true });
  const issues = (q: Record<string, string>) => importUploadQuerySchema.safeParse(q).error?.issues.map((i) => i.message);
  expect(issues({})).toEqual(['file_name is required (the uploaded file’s name, e.g. orders.csv)']);
  expect(issues({ file_name: 'x.exe' })).toEqual(['Expected a .csv, .csv.gz, .json(l) or .json(l).gz file.']);
  expect(issues({ file_name: 'x.csv', skip_bad_rows: 'yes' })).toEqual(['skip_bad_rows must be true or false']);
  expect(issues({ file_name: 'x.csv', skipBadRows: 'true' })).toEqual(['unknown parameter skipBadRows (expected file_name, skip_bad_rows)']);
});
