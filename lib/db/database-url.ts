import path from 'node:path';

/** Default database location, relative to the project root (the process's working directory). */
export const DEFAULT_DATABASE_URL = 'file:./data/app.db';

/** The last resolution (the serving index asks on every request; the answer rarely changes). */
const last = { url: '', cwd: '', file: '' };

/**
 * Resolves `DATABASE_URL` (`file:relative/or/absolute.db`) to an absolute file path.
 * Throws a message naming the variable when the URL is not a SQLite file URL.
 */
export function databaseFile(url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL): string {
  const cwd = process.cwd();
  if (last.url === url && last.cwd === cwd) return last.file;
  const file = resolveUrl(url, cwd);
  Object.assign(last, { url, cwd, file });
  return file;
}

function resolveUrl(url: string, cwd: string): string {
  if (url === ':memory:') return url;
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file URL like file:./data/app.db (got "${url}")`);
  }
  const file = url.slice('file:'.length).split('?')[0] ?? '';
  if (!file) throw new Error('DATABASE_URL names no file (expected file:./data/app.db)');
  return path.isAbsolute(file) ? file : path.resolve(/*turbopackIgnore: true*/ cwd, file);
}
