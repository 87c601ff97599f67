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

/** One recommendMany call on a range of users, sent by `createAlsScorePool` (shared buffers). */
export interface ScoreTask {
  users: Int32Array;
  k: number;
  excludeOrdered: boolean;
  exclude: number[];
  /** Out: list j at idx/score[j·k ..], its length in len[j]. */
  idx: Int32Array;
  score: Float64Array;
  len: Int32Array;
  done: Int32Array;
}
