import type { Worker } from 'node:worker_threads';

import { spawnTsWorker } from '@/lib/workers/spawn';
import { ThreadWaiter } from '@/lib/workers/thread-waiter';

import type { Sqlite } from './sqlite';

/** A block of serving-cache rows: RecommendationList (runId, model, userId, itemsJson) or MerchantCache (runId, merchantId, similarJson, audienceJson). */
export interface CacheBlock {
  table: 'RecommendationList' | 'MerchantCache';
  rows: (string | number)[][];
}

/** Messages of the writer thread (lib/db/run-cache-worker.ts) to its parent. */
export type WriterReply = { type: 'written' } | { type: 'error'; message: string };

const INSERT: Record<CacheBlock['table'], string> = {
  RecommendationList: 'INSERT INTO RecommendationList (runId, model, userId, itemsJson) VALUES (?, ?, ?, ?)',
  MerchantCache: 'INSERT INTO MerchantCache (runId, merchantId, similarJson, audienceJson) VALUES (?, ?, ?, ?)',
};

/** Blocks posted to the writer thread and not yet committed; `write` waits above this (bounded memory). */
const MAX_IN_FLIGHT = 2;

/**
 * Writes `block` in one transaction (BEGIN IMMEDIATE … COMMIT; rolled back on error).
 * O(rows).
 */
export function commitBlock(db: Sqlite, block: CacheBlock): void {
  const insert = db.prepare(INSERT[block.table]);
  db.transaction(() => {
    for (const r of block.rows) insert.run(...r);
  }).immediate();
}

/**
 * Where writeRunCache's rows go: each block is committed on its own (other writers, such as an
 * import, wait at most one block). For a database file the inserts and commits run in a worker
 * thread with its own connection, so on two cores they overlap with ranking, explaining and
 * serialising the next block; an in-memory database (one connection only) is written here.
 */
export interface CacheWriter {
  /** Queues a block; resolves once fewer than MAX_IN_FLIGHT blocks are uncommitted. Rejects with the writer's error. */
  write(block: CacheBlock): Promise<void>;
  /** Resolves when every queued block is committed (the writer thread has then exited). */
  close(): Promise<void>;
  /** Stops the writer without waiting for queued blocks (after a failure); committed blocks stay. */
  abort(): Promise<void>;
}

/** The writer for `db` (see {@link CacheWriter}). */
export function openCacheWriter(db: Sqlite): CacheWriter {
  if (db.memory) {
    return {
      write: async (block) => commitBlock(db, block),
      close: async () => undefined,
      abort: async () => undefined,
    };
  }
  return new ThreadWriter(spawnTsWorker(new URL('./run-cache-worker.ts', import.meta.url), { database: db.name }));
}

class ThreadWriter implements CacheWriter {
  private inFlight = 0;
  private exited = false;
  private readonly waiter = new ThreadWaiter();

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: WriterReply) => {
      if (m.type === 'written') {
        this.inFlight--;
        this.waiter.notify();
      } else this.waiter.fail(new Error(`writing the serving cache failed: ${m.message}`));
    });
    worker.on('error', (e) => this.waiter.fail(e));
    worker.on('exit', (code) => {
      this.exited = true;
      if (code !== 0 && this.inFlight > 0) this.waiter.fail(new Error(`the serving-cache writer stopped (exit code ${code})`));
      else this.waiter.notify();
    });
  }

  async write(block: CacheBlock): Promise<void> {
    if (this.waiter.error) throw this.waiter.error;
    this.inFlight++;
    this.worker.postMessage(block);
    await this.waiter.until(() => this.inFlight < MAX_IN_FLIGHT);
  }

  async close(): Promise<void> {
    await this.waiter.until(() => this.inFlight === 0);
    this.worker.postMessage('close');
    await this.waiter.until(() => this.exited);
  }

  async abort(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }
}
