import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running a TypeScript module (through lib/workers/boot.mjs, which
 * registers tsx in the worker). `data` reaches the module as `workerData.data`.
 */
export function spawnTsWorker(entry: URL, data: unknown): Worker {
  return new Worker(new URL('./boot.mjs', import.meta.url), { workerData: { entry: entry.href, data } });
}
