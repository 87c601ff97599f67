// Worker thread of openCacheWriter (run-cache-writer.ts): commits each block of serving-cache
// rows it receives on its own connection and replies 'written'; on 'close' it closes the
// connection and exits. An error is reported once; the parent then stops the run.
import { parentPort, workerData } from 'node:worker_threads';

import { commitBlock, type CacheBlock, type WriterReply } from './run-cache-writer';
import { openSqlite } from './sqlite';

const { database } = (workerData as { data: { database: string } }).data;
const port = parentPort!;
const db = openSqlite(database);
const reply = (m: WriterReply) => port.postMessage(m);

port.on('message', (m: CacheBlock | 'close') => {
  if (m === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    commitBlock(db, m);
    reply({ type: 'written' });
  } catch (e) {
    reply({ type: 'error', message: (e as Error).message });
  }
});
