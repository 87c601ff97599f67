import { scanDiscoveryTail } from './cached-discovery-scan';
import type { Sqlite } from './sqlite';

/** Every user's hybrid discovery list in CSR form: user k's items are [ptr[k], ptr[k+1]). */
export interface DiscoveryLists {
  /** User.id of each user with a cached list, ascending. */
  userIds: Int32Array;
  ptr: Int32Array;
  merchant: Int32Array;
  score: Float64Array;
  /** The history merchant contributing most, or -1. */
  via: Int32Array;
}

/** Every user's hybrid discovery list of a run, from RecommendationList (seconds for 50,000 users). */
export function readDiscoveryLists(db: Sqlite, runId: number): DiscoveryLists {
  const userIds: number[] = [];
  const ptr: number[] = [0];
  const merchant: number[] = [];
  const score: number[] = [];
  const via: number[] = [];
  const push = (m: number, s: number, v: number) => {
    merchant.push(m);
    score.push(s);
    via.push(v);
  };
  // Object-format rows: only the tail from "discovery" crosses into JS, half the text of each
  // row. Compact rows have no such key (instr is 0): they come whole, a sixth of that size.
  const rows = db
    .prepare(
      `SELECT userId, substr(itemsJson, instr(itemsJson, '"discovery":')) FROM RecommendationList
       WHERE runId = ? AND model = 'hybrid' AND userId <> 0 ORDER BY userId`,
    )
    .raw()
    .iterate(runId) as Iterable<[number, string]>;
  for (const [u, tail] of rows) {
    userIds.push(u);
    scanDiscoveryTail(tail, push);
    ptr.push(merchant.length);
  }
  return { userIds: Int32Array.from(userIds), ptr: Int32Array.from(ptr), merchant: Int32Array.from(merchant), score: Float64Array.from(score), via: Int32Array.from(via) };
}


