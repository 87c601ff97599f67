import path from 'node:path';

import { afterEach, expect, test } from 'vitest';

import { databaseFile } from './database-url';

const start = process.cwd();
afterEach(() => process.chdir(start));

test('databaseFile resolves a relative URL against the working directory, and follows a change of either', () => {
  expect(databaseFile('file:./data/app.db')).toBe(path.join(start, 'data', 'app.db'));
  expect(databaseFile('file:/srv/x.db?mode=ro')).toBe('/srv/x.db');
  expect(databaseFile('file:./data/app.db')).toBe(path.join(start, 'data', 'app.db')); // after another URL
  process.chdir('/tmp');
  expect(databaseFile('file:./data/app.db')).toBe('/tmp/data/app.db'); // the same URL, another directory
  expect(databaseFile(':memory:')).toBe(':memory:');
});

test('databaseFile names what is wrong with a bad URL, every time', () => {
  for (let i = 0; i < 2; i++) {
    expect(() => databaseFile('postgres://x')).toThrow('DATABASE_URL must be a SQLite file URL like file:./data/app.db (got "postgres://x")');
    expect(() => databaseFile('file:')).toThrow('DATABASE_URL names no file');
  }
});
