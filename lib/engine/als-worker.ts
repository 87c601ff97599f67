import { parentPort } from 'node:worker_threads';

import { createCgScratch } from '../recsys/models/als-cg';
import { type AlsChunkTask, runChunks } from './als-chunks';

/** One kernel call sent by `ThreadedAlsKernels`, with the flag this worker reports on. */
export type AlsTask = AlsChunkTask & { done: Int32Array };

/** Status codes written to `done[0]`. */
export const TASK_PENDING = 0;
export const TASK_DONE = 1;
export const TASK_FAILED = 2;

const scratch = new Map<number, ReturnType<typeof createCgScratch>>();

function scratchOf(f: number): ReturnType<typeof createCgScratch> {
  if (!scratch.has(f)) scratch.set(f, createCgScratch(f));
  return scratch.get(f)!;
}

parentPort?.on('message', (t: AlsTask) => {
  let status = TASK_DONE;
  try {
    runChunks(t, scratchOf(t.op === 'solve' ? t.pb.factors : t.f));
  } catch (e) {
    status = TASK_FAILED;
    console.error('als worker:', e);
  }
  Atomics.store(t.done, 0, status);
  Atomics.notify(t.done, 0);
});
