// Entry of every worker thread the CLI starts: registers tsx's loader in the worker (Node 20
// does not apply the parent's --import hooks to a worker's entry module), then loads the
// TypeScript module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
