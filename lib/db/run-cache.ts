import { matrixSnapshot } from '@/lib/recsys/data/matrix-snapshot';
import type { InteractionMatrix, ModelKind, Recommender } from '@/lib/recsys/types';
import { spawnTsWorker } from '@/lib/workers/spawn';
import { ThreadWaiter } from '@/lib/workers/thread-waiter';

import { encodeCachedLists } from './cached-lists-codec';
import { AudienceCollector } from './run-audience';
import { blockLists, userLists, type BlockLists, type CacheIds } from './run-cache-lists';
import { openCacheWriter, type CacheWriter } from './run-cache-writer';
import { shipModels, type ListsWorkerData, type ListsWorkerMessage } from './run-lists-models';
import { FALLBACK_USER_ID, type CachedSimilar } from './run-types';
import type { Sqlite } from './sqlite';

/** Users kept per merchant audience. */
export const AUDIENCE_SIZE = 500;
/** Similar merchants kept per merchant. */
export const SIMILAR_SIZE = 20;
/** Users ranked per recommendMany call, and written per transaction. */
const BLOCK = 512;

export interface CacheInput {
  runId: number;
  train: InteractionMatrix;
  models: ReadonlyMap<ModelKind, Recommender>;
  /** External → internal ids (Merchant.id, User.id). */
  userIds: ReadonlyMap<string, number>;
  merchantIds: ReadonlyMap<string, number>;
  topN: number;
  /**
   * Threads that rank and explain users' lists, this one included (default 1): the others are
   * worker threads with copies of the models (run-lists-worker.ts), claiming blocks of users
   * as this thread does.
   */
  threads?: number;
  /** With helpers: they rank every block and this thread none (to show that their copies cache the same lists). */
  helpersOnly?: boolean;
  onProgress?: (fraction: number) => void;
}

/** What writeRunCache wrote: lists, merchants, and the blocks of users worker threads ranked. */
export interface CacheResult {
  lists: number;
  merchants: number;
  blocksByWorkers: number;
}

/**
 * Writes a run's serving cache, one transaction per block of 512 users (through
 * run-cache-writer.ts: a writer thread commits while this thread ranks the next block; other
 * writers wait at most one block; call it outside a transaction; with `threads` > 1, worker
 * threads rank blocks too, see startHelpers): every training user's top-N from
 * each cached model (random is a baseline, not served) under both exclusion rules with their
 * top contributions (compact itemsJson, see ./cached-lists-codec.ts); the fallback lists (user
 * id 0); and per merchant its similar merchants and its audience — users who never ordered
 * there, ranked by discovery affinity (see
 * ./run-audience.ts), collected from each user's hybrid discovery list, so an audience member
 * has the merchant among their top-N. O(users · models · (recommend + N · explain)).
 */
export async function writeRunCache(db: Sqlite, input: CacheInput): Promise<CacheResult> {
  const writer = openCacheWriter(db);
  try {
    const out = await writeLists(writer, input);
    await writer.close();
    return out;
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

async function writeLists(writer: CacheWriter, input: CacheInput): Promise<CacheResult> {
  const { train, runId, topN } = input;
  const ids: CacheIds = {
    user: Int32Array.from({ length: train.users.size }, (_, u) => input.userIds.get(train.users.idOf(u))!),
    merchant: Int32Array.from({ length: train.merchants.size }, (_, m) => input.merchantIds.get(train.merchants.idOf(m))!),
  };
  const models = [...input.models].filter(([kind]) => kind !== 'random');
  const audience = new AudienceCollector(train.merchants.size);
  const nUsers = train.users.size;
  const fallbacks = models.map(([kind, model]) => {
    const fallback = userLists(model, -1, model.recommend(-1, topN), model.recommend(-1, topN, { excludeOrdered: true }), ids.merchant);
    return [runId, kind, FALLBACK_USER_ID, encodeCachedLists(fallback)];
  });
  await writer.write({ table: 'RecommendationList', rows: fallbacks });
  // blocks are written one at a time, in the order they are done (the writer takes one caller)
  let lists = 0;
  let done = 0;
  const blocks = Math.ceil(nUsers / BLOCK);
  let chain = Promise.resolve();
  const store = (b: number, out: BlockLists): Promise<void> => {
    if (out.discovery) out.discovery.forEach((list, j) => audience.add(ids.user[b * BLOCK + j]!, list));
    lists += out.rows.length;
    chain = chain.then(async () => {
      await writer.write({ table: 'RecommendationList', rows: out.rows });
      input.onProgress?.(++done / blocks);
    });
    return chain;
  };
  const next = new Int32Array(new SharedArrayBuffer(4));
  const helpers = startHelpers(input, models, ids, next, blocks, store);
  try {
    let mine = 0;
    const claim = () => (input.helpersOnly && helpers.started > 0 ? blocks : Atomics.add(next, 0, 1));
    for (let b = claim(); b < blocks; b = claim()) {
      const from = b * BLOCK;
      // awaiting the write also lets the helpers' finished blocks in
      await store(b, blockLists(runId, models, from, Math.min(nUsers, from + BLOCK), topN, ids));
      mine++;
    }
    // the rest were claimed by helpers (none, when they were still starting)
    await helpers.until(blocks - mine);
    await chain;
  } finally {
    await helpers.stop();
  }
  const hybrid = input.models.get('hybrid');
  const similarModel = hybrid ?? input.models.get('item-knn') ?? models[0]?.[1];
  let rows: (string | number)[][] = [];
  for (let m = 0; m < train.merchants.size; m++) {
    const similar: CachedSimilar[] = (similarModel?.similarMerchants(m, SIMILAR_SIZE) ?? []).map((s) => ({ merchantId: ids.merchant[s.idx]!, similarity: s.score }));
    const members = audience.top(m, AUDIENCE_SIZE);
    rows.push([runId, ids.merchant[m]!, JSON.stringify(similar), JSON.stringify(members)]);
    if (rows.length === BLOCK || m === train.merchants.size - 1) {
      await writer.write({ table: 'MerchantCache', rows });
      rows = [];
    }
  }
  input.onProgress?.(1);
  return { lists, merchants: train.merchants.size, blocksByWorkers: helpers.blocks() };
}

/**
 * input.threads − 1 worker threads that claim blocks from `next` as this thread does and hand
 * each finished block to `store`. `until(n)` resolves once they have handed n blocks (rejects
 * with a helper's error); with one thread, or models that cannot be shipped, there are none.
 */
function startHelpers(
  input: CacheInput,
  models: [ModelKind, Recommender][],
  ids: CacheIds,
  next: Int32Array,
  blocks: number,
  store: (b: number, out: BlockLists) => Promise<void>,
): { started: number; until: (n: number) => Promise<void>; blocks: () => number; stop: () => Promise<void> } {
  const threads = Math.max(1, Math.floor(input.threads ?? 1));
  const shipped = threads > 1 && blocks > 1 ? shipModels(models) : null;
  if (!shipped) return { started: 0, until: async () => undefined, blocks: () => 0, stop: async () => undefined };
  const data: ListsWorkerData = {
    runId: input.runId, train: matrixSnapshot(input.train), models: shipped, ids, topN: input.topN,
    users: input.train.users.size, blockSize: BLOCK, next,
  };
  let handed = 0;
  const waiter = new ThreadWaiter();
  const fail = (e: Error) => waiter.fail(e);
  const workers = Array.from({ length: threads - 1 }, () => {
    const w = spawnTsWorker(new URL('./run-lists-worker.ts', import.meta.url), data);
    w.on('message', (m: ListsWorkerMessage) => {
      if (m.type === 'block') {
        handed++;
        store(m.block, m).catch(fail);
        waiter.notify();
      } else fail(new Error(`a serving-cache worker failed: ${m.message}`));
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a serving-cache worker stopped (exit code ${code})`));
    });
    return w;
  });
  return {
    started: workers.length,
    until: (n) => waiter.until(() => handed >= n),
    blocks: () => handed,
    stop: async () => void (await Promise.all(workers.map((w) => w.terminate()))),
  };
}
