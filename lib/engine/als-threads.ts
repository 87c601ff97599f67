import type { Worker } from 'node:worker_threads';

import { type CgProblem, createCgScratch } from '../recsys/models/als-cg';
import type { AlsKernels } from '../recsys/models/als-kernels';
import { spawnTsWorker } from '../workers/spawn';
import { type AlsChunkTask, runChunks } from './als-chunks';
import { TASK_FAILED, TASK_PENDING } from './als-worker';

/** ALS kernels that also run on worker threads; `close()` stops the workers. */
export interface ThreadedAlsKernels extends AlsKernels {
  readonly threads: number;
  close(): Promise<void>;
}

const WAIT_MS = 120_000;

/** Chunks per thread of each call: enough for a slowed thread's share to move to the others. */
const CHUNKS_PER_THREAD = 8;

/**
 * ALS sweep kernels on `threads` threads (this one plus threads − 1 workers) over
 * SharedArrayBuffers. Each call cuts the rows into CHUNKS_PER_THREAD·threads chunks of about
 * equal work (non-zeros + rows for the CG solve), posts the task to every worker, and every
 * thread, this one included, claims chunks from a shared counter until none is left
 * (als-chunks.ts); this thread then blocks on Atomics.wait until every worker is done, so the
 * API stays synchronous. On a machine shared with other work, a thread the scheduler slows
 * down takes fewer chunks instead of holding the others up. The numeric code is the pure
 * single-threaded solver of lib/recsys (als-cg, als-basis-kernels).
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
  const chunks = CHUNKS_PER_THREAD * threads;
  const run = (task: AlsChunkTask): void => {
    workers.forEach((w, i) => {
      Atomics.store(flags[i]!, 0, TASK_PENDING);
      w.postMessage({ ...task, done: flags[i] });
    });
    runChunks(task, scratch);
    workers.forEach((_, i) => {
      if (Atomics.wait(flags[i]!, 0, TASK_PENDING, WAIT_MS) === 'timed-out') throw new Error('ALS worker timed out');
      if (Atomics.load(flags[i]!, 0) === TASK_FAILED) throw new Error('ALS worker failed');
    });
  };
  return {
    threads,
    float64: (n) => new Float64Array(new SharedArrayBuffer(n * 8)),
    int32: (n) => new Int32Array(new SharedArrayBuffer(n * 4)),
    solve(pb: CgProblem, nRows: number) {
      run({ op: 'solve', pb, cuts: shared(splitByWork(pb.indptr, nRows, chunks)), next: counter() });
    },
    gram(x, f, nRows, out) {
      const parts = new Float64Array(new SharedArrayBuffer(chunks * f * f * 8));
      run({ op: 'gram', x, f, cuts: shared(splitEven(nRows, chunks)), next: counter(), parts });
      // the chunks' partial sums in chunk order, whichever thread made them
      for (let c = 0; c < chunks; c++) for (let q = 0; q < f * f; q++) out[q]! += parts[c * f * f + q]!;
    },
    rotate(x, f, rotation, nRows) {
      const r = new Float64Array(new SharedArrayBuffer(rotation.length * 8));
      r.set(rotation);
      run({ op: 'rotate', x, f, rotation: r, cuts: shared(splitEven(nRows, chunks)), next: counter() });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** A copy of `a` over a SharedArrayBuffer. */
function shared(a: Int32Array): Int32Array {
  const s = new Int32Array(new SharedArrayBuffer(a.length * 4));
  s.set(a);
  return s;
}

/** A shared chunk counter at 0. */
function counter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Row cuts [0 = c0 ≤ c1 ≤ … ≤ c_parts = nRows] with about equal nnz + rows per range. */
export function splitByWork(indptr: Int32Array, nRows: number, parts: number): Int32Array {
  const cuts = new Int32Array(parts + 1);
  const total = indptr[nRows]! + nRows;
  let r = 0;
  for (let t = 1; t < parts; t++) {
    const target = (total * t) / parts;
    while (r < nRows && indptr[r]! + r < target) r++;
    cuts[t] = r;
  }
  cuts[parts] = nRows;
  return cuts;
}

/** Row cuts of `parts` ranges of equal size. */
export function splitEven(nRows: number, parts: number): Int32Array {
  return Int32Array.from({ length: parts + 1 }, (_, t) => Math.round((nRows * t) / parts));
}

