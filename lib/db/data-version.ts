import { prisma } from './client';

/** Which events are stored: changes with every import that adds rows. */
export interface DataVersion {
  /** Opaque key: equal keys mean the same stored events. */
  key: string;
  /** Epoch ms of the last stored event (from the import records), or null without data. */
  lastEvent: number | null;
}

/**
 * The data version, from the import records alone (one small query, no scan of Event): every
 * import writes one Dataset row with its accepted row count and event time range, in the same
 * transaction as its events.
 */
export async function getDataVersion(): Promise<DataVersion> {
  const [row] = await prisma.$queryRaw<{ id: number | bigint | null; n: number | bigint | null; last: number | bigint | null }[]>`
    SELECT MAX(id) AS id, SUM(rowsAccepted) AS n, MAX(maxEventTime) AS last FROM Dataset`;
  const last = row?.last ?? null;
  return { key: `${Number(row?.id ?? 0)}:${Number(row?.n ?? 0)}`, lastEvent: last === null ? null : Number(last) };
}

// On globalThis so dev-mode module reloads keep it (like the Prisma client).
const g = globalThis as unknown as { __dataVersionMemo?: Map<string, { key: string; value: Promise<unknown> }> };
const memo = (g.__dataVersionMemo ??= new Map());

/**
 * `compute()` once per data version and name, shared by concurrent callers: aggregates over all
 * events (order counts for search ranking, spend bounds) cost a scan, so they are computed on
 * first use after an import and reused by every request until the next one. A failed
 * computation is forgotten, so the next call retries.
 *
 * @param name - what is cached (one entry per name)
 * @param compute - builds the value from the database
 */
export async function memoByDataVersion<T>(name: string, compute: () => Promise<T>): Promise<T> {
  const { key } = await getDataVersion();
  const hit = memo.get(name);
  if (hit && hit.key === key) return hit.value as Promise<T>;
  const value = compute();
  memo.set(name, { key, value });
  value.catch(() => {
    if (memo.get(name)?.value === value) memo.delete(name);
  });
  return value;
}
