import type { Worker } from 'node:worker_threads';

import { addGramUpperWith, rotateRowsWith } from '../recsys/models/als-basis-kernels';
import { type CgProblem, createCgScratch, solveRowsCg } from '../recsys/models/als-cg';
import type { AlsKernels } from '../recsys/models/als-kernels';
import { spawnTsWorker } from '../workers/spawn';
import { type AlsTask, TASK_FAILED, TASK_PENDING } from './als-worker';

/** ALS kernels that also run on worker threads; `close()` stops the workers. */
export interface ThreadedAlsKernels extends AlsKernels {
  readonly threads: number;
  close(): Promise<void>;
}

const WAIT_MS = 120_000;

/**
 * ALS sweep kernels on `threads` threads (this one plus threads − 1 workers) over
 * SharedArrayBuffers. Each call splits the rows in contiguous ranges of about equal work
 * (non-zeros + rows for the CG solve), posts one range to each worker, runs the first range
 * here, then blocks on Atomics.wait until every worker is done, so the API stays synchronous.
 * The numeric code is the pure single-threaded solver of lib/recsys (als-cg, als-basis).
 * @param factors - number of factors (sizes this thread's scratch)
 * @param threads - total threads including this one (default 2)
 */
export function createThreadedAlsKernels(factors: number, threads = 2): ThreadedAlsKernels {
  if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError('threads must be an integer ≥ 1');
  const workers: Worker[] = [];
  for (let i = 1; i < threads; i++) {
    const w = spawnTsWorker(new URL('./als-worker.ts', import.meta.url), null);
    w.unref();
    workers.push(w);
  }
  const scratch = createCgScratch(factors);
  const flags = workers.map(() => new Int32Array(new SharedArrayBuffer(4)));
  const dispatch = (tasks: Omit<AlsTask, 'done'>[], local: () => void): void => {
    tasks.forEach((t, i) => {
      Atomics.store(flags[i]!, 0, TASK_PENDING);
      workers[i]!.postMessage({ ...t, done: flags[i] });
    });
    local();
    tasks.forEach((_, i) => {
      if (Atomics.wait(flags[i]!, 0, TASK_PENDING, WAIT_MS) === 'timed-out') throw new Error('ALS worker timed out');
      if (Atomics.load(flags[i]!, 0) === TASK_FAILED) throw new Error('ALS worker failed');
    });
  };
  return {
    threads,
    float64: (n) => new Float64Array(new SharedArrayBuffer(n * 8)),
    int32: (n) => new Int32Array(new SharedArrayBuffer(n * 4)),
    solve(pb: CgProblem, nRows: number) {
      const cuts = splitByWork(pb.indptr, nRows, threads);
      const tasks = workers.map((_, i) => ({ op: 'solve' as const, pb, start: cuts[i + 1]!, end: cuts[i + 2]! }));
      dispatch(tasks, () => solveRowsCg(pb, cuts[0]!, cuts[1]!, scratch));
    },
    gram(x, f, nRows, out) {
      const cuts = splitEven(nRows, threads);
      const parts = workers.map(() => new Float64Array(new SharedArrayBuffer(f * f * 8)));
      const tasks = workers.map((_, i) => ({ op: 'gram' as const, x, f, start: cuts[i + 1]!, end: cuts[i + 2]!, out: parts[i]! }));
      dispatch(tasks, () => addGramUpperWith(scratch, x, cuts[0]!, cuts[1]!, out));
      for (const p of parts) for (let q = 0; q < p.length; q++) out[q]! += p[q]!;
    },
    rotate(x, f, rotation, nRows) {
      const cuts = splitEven(nRows, threads);
      const tasks = workers.map((_, i) => ({ op: 'rotate' as const, x, f, rotation, start: cuts[i + 1]!, end: cuts[i + 2]! }));
      dispatch(tasks, () => rotateRowsWith(scratch, x, rotation, cuts[0]!, cuts[1]!));
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Row cuts [0 = c0 ≤ c1 ≤ … ≤ c_threads = nRows] with about equal nnz + rows per range. */
export function splitByWork(indptr: Int32Array, nRows: number, threads: number): Int32Array {
  const cuts = new Int32Array(threads + 1);
  const total = indptr[nRows]! + nRows;
  let r = 0;
  for (let t = 1; t < threads; t++) {
    const target = (total * t) / threads;
    while (r < nRows && indptr[r]! + r < target) r++;
    cuts[t] = r;
  }
  cuts[threads] = nRows;
  return cuts;
}

/** Row cuts of equal size. */
export function splitEven(nRows: number, threads: number): Int32Array {
  return Int32Array.from({ length: threads + 1 }, (_, t) => Math.round((nRows * t) / threads));
}

