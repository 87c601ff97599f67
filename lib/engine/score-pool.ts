import type { Worker } from 'node:worker_threads';

import { AlsModel } from '../recsys/models/als';
import type { HybridModel } from '../recsys/models/hybrid';
import type { RecommendOptions, Scored } from '../recsys/types';
import { spawnTsWorker } from '../workers/spawn';
import { type ScoreModelData, TASK_FAILED, TASK_PENDING, type ScoreTask } from './score-task';

/** A model's recommendMany on several threads; `close()` stops the workers. */
export interface ScorePool {
  readonly threads: number;
  recommendMany(users: Int32Array, k: number, opts?: RecommendOptions): Scored[][];
  close(): Promise<void>;
}

const WAIT_MS = 120_000;

/**
 * Runs a fitted AlsModel's or HybridModel's recommendMany on `threads` threads: this one plus
 * threads − 1 workers, each holding a copy of the model (snapshot → fromSnapshot, the same
 * factors, similarities and weights bit for bit: every list equals model.recommend's). A call splits the users in
 * contiguous ranges, posts one to each worker (results come back in SharedArrayBuffers), runs
 * the first here and blocks on Atomics.wait until all are done, so the API stays synchronous.
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
  return {
    threads,
    recommendMany(users: Int32Array, k: number, opts: RecommendOptions = {}): Scored[][] {
      if (!(k >= 0)) throw new RangeError('k must be ≥ 0');
      k = Math.floor(k);
      if (workers.length === 0 || users.length < 64 * threads) return model.recommendMany(users, k, opts);
      const cuts = Array.from({ length: threads + 1 }, (_, i) => Math.round((i * users.length) / threads));
      const tasks: ScoreTask[] = workers.map((_, i) => {
        const n = cuts[i + 2]! - cuts[i + 1]!;
        const shared = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
        const u = new Int32Array(shared(n * 4), 0, n);
        u.set(users.subarray(cuts[i + 1]!, cuts[i + 2]!));
        return {
          users: u,
          k,
          excludeOrdered: opts.excludeOrdered === true,
          exclude: opts.exclude ? [...opts.exclude] : [],
          idx: new Int32Array(shared(n * k * 4), 0, n * k),
          score: new Float64Array(shared(n * k * 8), 0, n * k),
          len: new Int32Array(shared(n * 4), 0, n),
          done: new Int32Array(new SharedArrayBuffer(4)),
        };
      });
      tasks.forEach((t, i) => {
        Atomics.store(t.done, 0, TASK_PENDING);
        workers[i]!.postMessage(t);
      });
      const out = model.recommendMany(users.subarray(0, cuts[1]!), k, opts);
      for (const t of tasks) {
        if (Atomics.wait(t.done, 0, TASK_PENDING, WAIT_MS) === 'timed-out') throw new Error('score worker timed out');
        if (Atomics.load(t.done, 0) === TASK_FAILED) throw new Error('score worker failed');
        for (let j = 0; j < t.users.length; j++) {
          const list: Scored[] = new Array<Scored>(t.len[j]!);
          for (let r = 0; r < list.length; r++) list[r] = { idx: t.idx[j * k + r]!, score: t.score[j * k + r]! };
          out.push(list);
        }
      }
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
