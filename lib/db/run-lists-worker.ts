// Worker thread of writeRunCache (run-cache.ts): rebuilds the run's models from their shipped
// form (run-lists-models.ts), then claims blocks of users from the shared counter and posts
// each block's encoded lists until none is left. An error is posted once.
import { parentPort, workerData } from 'node:worker_threads';

import { blockLists } from './run-cache-lists';
import { rebuildModels, type ListsWorkerData, type ListsWorkerMessage } from './run-lists-models';

const data = (workerData as { data: ListsWorkerData }).data;
const port = parentPort!;
const post = (m: ListsWorkerMessage) => port.postMessage(m);

try {
  const models = rebuildModels(data.models, data.train);
  const blocks = Math.ceil(data.users / data.blockSize);
  for (let b = Atomics.add(data.next, 0, 1); b < blocks; b = Atomics.add(data.next, 0, 1)) {
    const from = b * data.blockSize;
    const out = blockLists(data.runId, models, from, Math.min(data.users, from + data.blockSize), data.topN, data.ids);
    post({ type: 'block', block: b, ...out });
  }
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
