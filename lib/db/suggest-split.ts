import type { Sqlite } from './sqlite';

const DAY_MS = 86_400_000;
/** Share of checkouts left for the test window by default (as the data sets' SOURCE.md suggest). */
export const DEFAULT_TEST_SHARE = 0.175;

/**
 * The default evaluation cutoff: the UTC midnight at or before the time from which the last
 * 17.5% of checkouts happen (test ≈ the last 17.5% of orders, whole days). Null without checkouts.
 */
export function suggestSplit(db: Sqlite, testShare = DEFAULT_TEST_SHARE): number | null {
  const { n } = db.prepare("SELECT COUNT(*) AS n FROM Event WHERE eventType = 'checkout_completed'").get() as { n: number };
  if (n === 0) return null;
  const offset = Math.min(n - 1, Math.floor(n * (1 - testShare)));
  const row = db
    .prepare("SELECT eventTime AS t FROM Event WHERE eventType = 'checkout_completed' ORDER BY eventTime LIMIT 1 OFFSET ?")
    .get(offset) as { t: number };
  return Math.floor(row.t / DAY_MS) * DAY_MS;
}
