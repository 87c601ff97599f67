import { parentPort, workerData } from 'node:worker_threads';

import { AlsModel } from '../recsys/models/als';
import { HybridModel } from '../recsys/models/hybrid';
import type { Scored } from '../recsys/types';
import { claimBlocks, type ScoreModelData, TASK_DONE, TASK_FAILED, type WorkerTask } from './score-task';

const data = (workerData as { data: ScoreModelData }).data;
const model = data.kind === 'als' ? AlsModel.fromSnapshot(data.snapshot) : HybridModel.fromSnapshot(data.snapshot);

parentPort?.on('message', ({ task: t, worker, done }: WorkerTask) => {
  let status = TASK_DONE;
  try {
    const opts = { excludeOrdered: t.excludeOrdered, exclude: t.exclude.length ? new Set(t.exclude) : undefined };
    claimBlocks(
      t,
      (users) => model.recommendMany(users, t.k, opts),
      (from, lists: Scored[][]) => {
        lists.forEach((list, j) => {
          const u = from + j;
          t.len[u] = list.length;
          list.forEach((s, r) => {
            t.idx[u * t.k + r] = s.idx;
            t.score[u * t.k + r] = s.score;
          });
        });
        t.owner[from / t.blockSize] = worker;
      },
    );
  } catch (e) {
    status = TASK_FAILED;
    console.error('score worker:', e);
  }
  Atomics.store(done, 0, status);
  Atomics.notify(done, 0);
});
