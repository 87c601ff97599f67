import { parentPort, workerData } from 'node:worker_threads';

import { AlsModel } from '../recsys/models/als';
import { HybridModel } from '../recsys/models/hybrid';
import { type ScoreModelData, TASK_DONE, TASK_FAILED, type ScoreTask } from './score-task';

const data = (workerData as { data: ScoreModelData }).data;
const model = data.kind === 'als' ? AlsModel.fromSnapshot(data.snapshot) : HybridModel.fromSnapshot(data.snapshot);

parentPort?.on('message', (t: ScoreTask) => {
  let status = TASK_DONE;
  try {
    const lists = model.recommendMany(t.users, t.k, {
      excludeOrdered: t.excludeOrdered,
      exclude: t.exclude.length ? new Set(t.exclude) : undefined,
    });
    lists.forEach((list, j) => {
      t.len[j] = list.length;
      list.forEach((s, r) => {
        t.idx[j * t.k + r] = s.idx;
        t.score[j * t.k + r] = s.score;
      });
    });
  } catch (e) {
    status = TASK_FAILED;
    console.error('score worker:', e);
  }
  Atomics.store(t.done, 0, status);
  Atomics.notify(t.done, 0);
});
