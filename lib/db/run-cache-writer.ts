import type { Worker } from 'node:worker_threads';

import { spawnTsWorker } from '@/lib/workers/spawn';

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
  private failure: Error | undefined;
  private exited = false;
  private wake: (() => void) | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: WriterReply) => {
      if (m.type === 'written') this.inFlight--;
      else this.failure ??= new Error(`writing the serving cache failed: ${m.message}`);
      this.notify();
    });
    worker.on('error', (e) => {
      this.failure ??= e;
      this.notify();
    });
    worker.on('exit', (code) => {
      this.exited = true;
      if (code !== 0 && this.inFlight > 0) this.failure ??= new Error(`the serving-cache writer stopped (exit code ${code})`);
      this.notify();
    });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async until(done: () => boolean): Promise<void> {
    while (!done() && !this.failure) await new Promise<void>((r) => (this.wake = r));
    if (this.failure) throw this.failure;
  }

  async write(block: CacheBlock): Promise<void> {
    if (this.failure) throw this.failure;
    this.inFlight++;
    this.worker.postMessage(block);
    await this.until(() => this.inFlight < MAX_IN_FLIGHT);
  }

  async close(): Promise<void> {
    await this.until(() => this.inFlight === 0);
    this.worker.postMessage('close');
    await this.until(() => this.exited);
  }

  async abort(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }
}
