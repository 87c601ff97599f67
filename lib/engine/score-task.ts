// Shared by score-pool.ts (main thread) and score-worker.ts: kept apart so that importing it
// does not run a worker's message handler (als-worker.ts registers one on import).

import type { AlsSnapshot } from '../recsys/models/als';
import type { HybridSnapshot } from '../recsys/models/hybrid';

/** The model a score worker rebuilds (its workerData). */
export type ScoreModelData = { kind: 'als'; snapshot: AlsSnapshot } | { kind: 'hybrid'; snapshot: HybridSnapshot };

/** Status codes written to `done[0]`. */
export const TASK_PENDING = 0;
export const TASK_DONE = 1;
export const TASK_FAILED = 2;

/**
 * One recommendMany call shared by the calling thread and the workers (all buffers shared):
 * the users are cut in blocks of `blockSize`, and every thread claims the next block from
 * `next` until none is left, so a thread slowed by other work simply takes fewer blocks.
 * A worker writes its lists into idx/score/len and marks the block with its number in `owner`
 * (the calling thread's own blocks stay 0).
 */
export interface ScoreTask {
  users: Int32Array;
  k: number;
  excludeOrdered: boolean;
  exclude: number[];
  blockSize: number;
  /** next[0]: the next unclaimed block (Atomics.add). */
  next: Int32Array;
  /** Per block: 0 = ranked by the calling thread, w ≥ 1 = by worker w. */
  owner: Int32Array;
  /** Out: user j's list at idx/score[j·k ..], its length in len[j] (blocks ranked by workers). */
  idx: Int32Array;
  score: Float64Array;
  len: Int32Array;
}

/** A task as a worker receives it: the shared task, its worker number and its own status cell. */
export interface WorkerTask {
  task: ScoreTask;
  worker: number;
  done: Int32Array;
}

/**
 * Claims and ranks blocks of `t` until none is left: `rank(from, to)` ranks users[from .. to)
 * and `put(from, lists)` stores them. Returns how many blocks this thread ranked.
 * @param t - the shared task
 * @param rank - recommendMany over a range of the task's users
 * @param put - where the lists of a block go
 */
export function claimBlocks<L>(t: ScoreTask, rank: (users: Int32Array) => L[], put: (from: number, lists: L[]) => void): number {
  const blocks = Math.ceil(t.users.length / t.blockSize);
  let mine = 0;
  for (let b = Atomics.add(t.next, 0, 1); b < blocks; b = Atomics.add(t.next, 0, 1)) {
    const from = b * t.blockSize;
    put(from, rank(t.users.subarray(from, Math.min(t.users.length, from + t.blockSize))));
    mine++;
  }
  return mine;
}
