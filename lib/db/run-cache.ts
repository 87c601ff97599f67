import { recommendMany } from '@/lib/recsys/recommend-many';
import type { Contribution, InteractionMatrix, ModelKind, Recommender, RecommendOptions, Scored } from '@/lib/recsys/types';

import { encodeCachedLists } from './cached-lists-codec';
import { AudienceCollector } from './run-audience';
import { FALLBACK_USER_ID, type CachedLists, type CachedRecommendation, type CachedSimilar } from './run-types';
import { openCacheWriter, type CacheWriter } from './run-cache-writer';
import type { Sqlite } from './sqlite';

/** Users kept per merchant audience. */
export const AUDIENCE_SIZE = 500;
/** Similar merchants kept per merchant. */
export const SIMILAR_SIZE = 20;
/** Contributions kept per cached recommendation. */
const CONTRIBUTIONS = 5;
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
  onProgress?: (fraction: number) => void;
}

/**
 * A cached score or contribution, rounded to 6 decimals: the digits the API serves (lib/serving
 * read.ts `f32`), so the cache stores no digits nobody reads. Shorter numbers also make the
 * cache about a third smaller and faster to write and load.
 */
function stored(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

type Explain = (u: number, m: number, n?: number, opts?: RecommendOptions) => Contribution[];

type Explained = Pick<CachedRecommendation, 'source' | 'contributions'>;

/** A cached recommendation's explanation: its top contributions and the source contributing most. */
function explainOne(model: Recommender, u: number, idx: number, excludeOrdered: boolean, merchantId: (idx: number) => number): Explained {
  const parts = u >= 0 ? (model.explain as Explain).call(model, u, idx, CONTRIBUTIONS, { excludeOrdered }) : [];
  const bySource = new Map<string, number>();
  for (const c of parts) bySource.set(c.source, (bySource.get(c.source) ?? 0) + c.value);
  let source: string = model.kind === 'hybrid' ? 'popularity' : model.kind;
  let best = -Infinity;
  for (const [s, v] of bySource) if (v > best) [best, source] = [v, s];
  return { source, contributions: parts.map((c) => ({ merchantId: c.merchantIdx >= 0 ? merchantId(c.merchantIdx) : null, value: stored(c.value), source: c.source })) };
}

/**
 * One user's `all` and `discovery` lists of one model with their explanations. Only the hybrid
 * explains the two protocols differently (its weights differ); every other model's
 * explanation of a merchant is the same in both lists, so it is computed once per merchant —
 * the lists share most merchants, and an ALS explanation is a pair of f×f triangular solves.
 */
function userLists(model: Recommender, u: number, all: Scored[], discovery: Scored[], merchantId: (idx: number) => number): CachedLists {
  const shared = model.kind === 'hybrid' ? null : new Map<number, Explained>();
  const list = (recs: Scored[], excludeOrdered: boolean): CachedRecommendation[] =>
    recs.map((r) => {
      let e = shared?.get(r.idx);
      if (!e) {
        e = explainOne(model, u, r.idx, excludeOrdered, merchantId);
        shared?.set(r.idx, e);
      }
      return { merchantId: merchantId(r.idx), score: stored(r.score), ...e };
    });
  return { all: list(all, false), discovery: list(discovery, true), fallback: u < 0 };
}

/**
 * Writes a run's serving cache, one transaction per block of 512 users (through
 * run-cache-writer.ts: a writer thread commits while this thread ranks the next block; other
 * writers wait at most one block; call it outside a transaction): every training user's top-N from
 * each cached model (random is a baseline, not served) under both exclusion rules with their
 * top contributions (compact itemsJson, see ./cached-lists-codec.ts); the fallback lists (user
 * id 0); and per merchant its similar merchants and its audience — users who never ordered
 * there, ranked by discovery affinity (see
 * ./run-audience.ts), collected from each user's hybrid discovery list, so an audience member
 * has the merchant among their top-N. O(users · models · (recommend + N · explain)).
 */
export async function writeRunCache(db: Sqlite, input: CacheInput): Promise<{ lists: number; merchants: number }> {
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

async function writeLists(writer: CacheWriter, input: CacheInput): Promise<{ lists: number; merchants: number }> {
  const { train, runId, topN } = input;
  const merchantId = (idx: number) => input.merchantIds.get(train.merchants.idOf(idx))!;
  const models = [...input.models].filter(([kind]) => kind !== 'random');
  const hybrid = input.models.get('hybrid');
  const audience = new AudienceCollector(train.merchants.size);
  const nUsers = train.users.size;
  let lists = 0;
  const fallbacks = models.map(([kind, model]) => {
    const fallback = userLists(model, -1, model.recommend(-1, topN), model.recommend(-1, topN, { excludeOrdered: true }), merchantId);
    return [runId, kind, FALLBACK_USER_ID, encodeCachedLists(fallback)];
  });
  await writer.write({ table: 'RecommendationList', rows: fallbacks });
  for (let start = 0; start < nUsers; start += BLOCK) {
    const block = Int32Array.from({ length: Math.min(BLOCK, nUsers - start) }, (_, j) => start + j);
    // each model's batch path (ALS, hybrid: the same lists as recommend, far cheaper per user)
    const ranked = models.map(([, model]) => ({
      all: recommendMany(model, block, topN),
      discovery: recommendMany(model, block, topN, { excludeOrdered: true }),
    }));
    const rows: (string | number)[][] = [];
    block.forEach((u, j) => {
      const userId = input.userIds.get(train.users.idOf(u))!;
      models.forEach(([kind, model], mi) => {
        const { all, discovery } = ranked[mi]!;
        rows.push([runId, kind, userId, encodeCachedLists(userLists(model, u, all[j]!, discovery[j]!, merchantId))]);
        lists++;
        if (model === hybrid) audience.add(userId, discovery[j]!);
      });
    });
    await writer.write({ table: 'RecommendationList', rows });
    input.onProgress?.((start + block.length) / nUsers);
  }
  const similarModel = hybrid ?? input.models.get('item-knn') ?? models[0]?.[1];
  let rows: (string | number)[][] = [];
  for (let m = 0; m < train.merchants.size; m++) {
    const similar: CachedSimilar[] = (similarModel?.similarMerchants(m, SIMILAR_SIZE) ?? []).map((s) => ({ merchantId: merchantId(s.idx), similarity: s.score }));
    const members = audience.top(m, AUDIENCE_SIZE);
    rows.push([runId, merchantId(m), JSON.stringify(similar), JSON.stringify(members)]);
    if (rows.length === BLOCK || m === train.merchants.size - 1) {
      await writer.write({ table: 'MerchantCache', rows });
      rows = [];
    }
  }
  input.onProgress?.(1);
  return { lists, merchants: train.merchants.size };
}
