import { addGramUpperWith, rotateRowsWith } from '../recsys/models/als-basis-kernels';
import { type CgProblem, type CgScratch, solveChunksCg } from '../recsys/models/als-cg';

/**
 * One kernel call of `ThreadedAlsKernels`, shared by every thread (arrays over
 * SharedArrayBuffers): the rows are cut into chunks [cuts[c], cuts[c + 1]), and each thread
 * claims the next chunk from the shared counter `next[0]` until none is left, so a thread that
 * the machine slows down simply takes fewer chunks. Each chunk's result is the same whoever
 * computes it (a Gram chunk has its own partial sum in `parts`), so the outcome is deterministic.
 */
export type AlsChunkTask =
  | { op: 'solve'; pb: CgProblem; cuts: Int32Array; next: Int32Array }
  | { op: 'gram'; x: Float64Array; f: number; cuts: Int32Array; next: Int32Array; parts: Float64Array }
  | { op: 'rotate'; x: Float64Array; f: number; rotation: Float64Array; cuts: Int32Array; next: Int32Array };

/**
 * Claims and runs chunks of `t` on this thread until none is left.
 * @param t - the shared task
 * @param s - this thread's scratch
 */
export function runChunks(t: AlsChunkTask, s: CgScratch): void {
  const claim = () => Atomics.add(t.next, 0, 1);
  if (t.op === 'solve') {
    solveChunksCg(t.pb, t.cuts, claim, s);
    return;
  }
  const chunks = t.cuts.length - 1;
  for (let c = claim(); c < chunks; c = claim()) {
    const start = t.cuts[c]!;
    const end = t.cuts[c + 1]!;
    if (t.op === 'gram') addGramUpperWith(s, t.x, start, end, t.parts.subarray(c * t.f * t.f, (c + 1) * t.f * t.f));
    else rotateRowsWith(s, t.x, t.rotation, start, end);
  }
}
