import { parentPort } from 'node:worker_threads';

import { addGramUpperWith, rotateRowsWith } from '../recsys/models/als-basis-kernels';
import { type CgProblem, createCgScratch, solveRowsCg } from '../recsys/models/als-cg';

/** One kernel call on a row range, sent by `ThreadedAlsKernels` (arrays over SharedArrayBuffers). */
export type AlsTask =
  | { op: 'solve'; pb: CgProblem; start: number; end: number; done: Int32Array }
  | { op: 'gram'; x: Float64Array; f: number; start: number; end: number; out: Float64Array; done: Int32Array }
  | { op: 'rotate'; x: Float64Array; f: number; rotation: Float64Array; start: number; end: number; done: Int32Array };

/** Status codes written to `done[0]`. */
export const TASK_PENDING = 0;
export const TASK_DONE = 1;
export const TASK_FAILED = 2;

const scratch = new Map<number, ReturnType<typeof createCgScratch>>();

function scratchOf(f: number): ReturnType<typeof createCgScratch> {
  if (!scratch.has(f)) scratch.set(f, createCgScratch(f));
  return scratch.get(f)!;
}

function run(t: AlsTask): void {
  if (t.op === 'solve') solveRowsCg(t.pb, t.start, t.end, scratchOf(t.pb.factors));
  else if (t.op === 'gram') addGramUpperWith(scratchOf(t.f), t.x, t.start, t.end, t.out);
  else rotateRowsWith(scratchOf(t.f), t.x, t.rotation, t.start, t.end);
}

parentPort?.on('message', (t: AlsTask) => {
  let status = TASK_DONE;
  try {
    run(t);
  } catch (e) {
    status = TASK_FAILED;
    console.error('als worker:', e);
  }
  Atomics.store(t.done, 0, status);
  Atomics.notify(t.done, 0);
});
