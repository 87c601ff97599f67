import { availableParallelism } from 'node:os';

import { createThreadedAlsKernels, type ThreadedAlsKernels } from '@/lib/engine/als-threads';
import type { AlsKernelsFactory } from '@/lib/recsys/pipeline';

/** Default ALS threads: 2 when the machine has ≥ 2 cores (the project's machines have 2). */
export function defaultAlsThreads(): number {
  return Math.min(2, availableParallelism());
}

/**
 * ALS kernels on worker threads (lib/engine/als-threads.ts), created lazily per factor count
 * on the first ALS fit and shared by every later fit of the run (fits run one at a time).
 * With `threads` ≤ 1 the factory is undefined: the pure single-threaded kernels are used.
 * @param threads - total threads including the main one
 */
export function alsKernelPool(threads: number): {
  factory?: AlsKernelsFactory;
  close(): Promise<void>;
} {
  const made = new Map<number, ThreadedAlsKernels>();
  const close = async () => {
    await Promise.all([...made.values()].map((k) => k.close()));
    made.clear();
  };
  if (threads <= 1) return { close };
  const factory: AlsKernelsFactory = (factors) => {
    let k = made.get(factors);
    if (!k) made.set(factors, (k = createThreadedAlsKernels(factors, threads)));
    return k;
  };
  return { factory, close };
}

/**
 * Runs fn with ALS kernels on `defaultAlsThreads()` threads (undefined on one core) and stops
 * the workers afterwards, whatever fn does: how the CLIs that train (train, demo) use both cores.
 */
export async function withAlsThreads<T>(fn: (alsKernels?: AlsKernelsFactory) => T | Promise<T>): Promise<T> {
  const pool = alsKernelPool(defaultAlsThreads());
  try {
    return await fn(pool.factory);
  } finally {
    await pool.close();
  }
}
