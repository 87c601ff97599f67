import type { Worker } from 'node:worker_threads';

import { AlsModel } from '../recsys/models/als';
import type { HybridModel } from '../recsys/models/hybrid';
import type { RecommendOptions, Scored } from '../recsys/types';
import { spawnTsWorker } from '../workers/spawn';
import { claimBlocks, type ScoreModelData, TASK_FAILED, TASK_PENDING, type ScoreTask, type WorkerTask } from './score-task';

/** A model's recommendMany on several threads; `close()` stops the workers. */
export interface ScorePool {
  readonly threads: number;
  /** Blocks of the last call, and how many of them the workers ranked. */
  readonly lastCall: { blocks: number; byWorkers: number };
  recommendMany(users: Int32Array, k: number, opts?: RecommendOptions): Scored[][];
  close(): Promise<void>;
}

const WAIT_MS = 120_000;
/** Users per block that a thread claims (64 batches of the quantised scorer). */
const BLOCK = 256;

/**
 * Runs a fitted AlsModel's or HybridModel's recommendMany on `threads` threads: this one plus
 * threads − 1 workers, each holding a copy of the model (snapshot → fromSnapshot, the same
 * factors, similarities and weights bit for bit: every list equals model.recommend's). A call
 * cuts the users in blocks of 256 that this thread and the workers claim from a shared counter
 * (a thread slowed by other work takes fewer; workers' lists come back in SharedArrayBuffers),
 * then blocks on Atomics.wait until all are done, so the API stays synchronous.
 * Workers build their copy on start-up (about a second under tsx); the first call waits for it.
 * @param model - a fitted AlsModel or HybridModel (not refitted while the pool lives)
 * @param threads - total threads including this one (default 2)
 */
export function createScorePool(model: AlsModel | HybridModel, threads = 2): ScorePool {
  if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError('threads must be an integer ≥ 1');
  let data: ScoreModelData | undefined;
  if (threads > 1) {
    data = model instanceof AlsModel ? { kind: 'als', snapshot: model.snapshot() } : { kind: 'hybrid', snapshot: model.snapshot() };
  }
  const workers: Worker[] = [];
  for (let i = 1; i < threads; i++) {
    const w = spawnTsWorker(new URL('./score-worker.ts', import.meta.url), data);
    w.unref();
    workers.push(w);
  }
  const lastCall = { blocks: 0, byWorkers: 0 };
  return {
    threads,
    lastCall,
    recommendMany(users: Int32Array, k: number, opts: RecommendOptions = {}): Scored[][] {
      if (!(k >= 0)) throw new RangeError('k must be ≥ 0');
      k = Math.floor(k);
      if (workers.length === 0 || users.length < 64 * threads) return model.recommendMany(users, k, opts);
      const n = users.length;
      const blocks = Math.ceil(n / BLOCK);
      const shared = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
      const t: ScoreTask = {
        users: new Int32Array(shared(n * 4), 0, n),
        k,
        excludeOrdered: opts.excludeOrdered === true,
        exclude: opts.exclude ? [...opts.exclude] : [],
        blockSize: BLOCK,
        next: new Int32Array(shared(4), 0, 1),
        owner: new Int32Array(shared(blocks * 4), 0, blocks),
        idx: new Int32Array(shared(n * k * 4), 0, n * k),
        score: new Float64Array(shared(n * k * 8), 0, n * k),
        len: new Int32Array(shared(n * 4), 0, n),
      };
      t.users.set(users);
      const dones = workers.map(() => new Int32Array(new SharedArrayBuffer(4)));
      workers.forEach((w, i) => {
        Atomics.store(dones[i]!, 0, TASK_PENDING);
        w.postMessage({ task: t, worker: i + 1, done: dones[i]! } satisfies WorkerTask);
      });
      const out = new Array<Scored[]>(n);
      claimBlocks(
        t,
        (u) => model.recommendMany(u, k, opts),
        (from, lists) => lists.forEach((list, j) => (out[from + j] = list)),
      );
      for (const done of dones) {
        if (Atomics.wait(done, 0, TASK_PENDING, WAIT_MS) === 'timed-out') throw new Error('score worker timed out');
        if (Atomics.load(done, 0) === TASK_FAILED) throw new Error('score worker failed');
      }
      lastCall.blocks = blocks;
      lastCall.byWorkers = 0;
      for (let b = 0; b < blocks; b++) {
        if (t.owner[b] === 0) continue;
        lastCall.byWorkers++;
        for (let j = b * BLOCK; j < Math.min(n, (b + 1) * BLOCK); j++) {
          const list: Scored[] = new Array<Scored>(t.len[j]!);
          for (let r = 0; r < list.length; r++) list[r] = { idx: t.idx[j * k + r]!, score: t.score[j * k + r]! };
          out[j] = list;
        }
      }
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
