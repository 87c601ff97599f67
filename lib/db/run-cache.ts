import type { Contribution, InteractionMatrix, ModelKind, Recommender, RecommendOptions, Scored } from '@/lib/recsys/types';

import { AudienceCollector } from './run-audience';
import type { CachedLists, CachedRecommendation, CachedSimilar } from './run-types';
import type { Sqlite } from './sqlite';

/** User id of the cached fallback lists (no User row has id 0): what users without history get. */
export const FALLBACK_USER_ID = 0;
/** Users kept per merchant audience. */
export const AUDIENCE_SIZE = 500;
/** Similar merchants kept per merchant. */
export const SIMILAR_SIZE = 20;
/** Contributions kept per cached recommendation. */
const CONTRIBUTIONS = 5;

export interface CacheInput {
  runId: number;
  train: InteractionMatrix;
  models: ReadonlyMap<ModelKind, Recommender>;
  /** External → internal ids (Merchant.id, User.id). */
  userIds: ReadonlyMap<string, number>;
  merchantIds: ReadonlyMap<string, number>;
  topN: number;
  onProgress?: (fraction: number) => void;
  /** Called every few hundred users: the job commits there, so other writers are not held off for the whole cache. */
  checkpoint?: () => void;
}

type Explain = (u: number, m: number, n?: number, opts?: RecommendOptions) => Contribution[];

function cacheList(model: Recommender, u: number, recs: Scored[], excludeOrdered: boolean, merchantId: (idx: number) => number): CachedRecommendation[] {
  const explain = model.explain.bind(model) as Explain;
  return recs.map((r) => {
    const parts = u >= 0 ? explain(u, r.idx, CONTRIBUTIONS, { excludeOrdered }) : [];
    const bySource = new Map<string, number>();
    for (const c of parts) bySource.set(c.source, (bySource.get(c.source) ?? 0) + c.value);
    let source: string = model.kind === 'hybrid' ? 'popularity' : model.kind;
    let best = -Infinity;
    for (const [s, v] of bySource) if (v > best) [best, source] = [v, s];
    return {
      merchantId: merchantId(r.idx),
      score: r.score,
      source,
      contributions: parts.map((c) => ({ merchantId: c.merchantIdx >= 0 ? merchantId(c.merchantIdx) : null, value: c.value, source: c.source })),
    };
  });
}

/**
 * Writes a run's serving cache (in the caller's transaction, committed at each `checkpoint`): every training user's top-N from
 * each cached model (random is a baseline, not served) under both exclusion rules with their
 * top contributions; the fallback lists (user id 0); and per merchant its similar merchants and
 * its audience — users who never ordered there, ranked by discovery affinity (see
 * ./run-audience.ts), collected from each user's hybrid discovery list, so an audience member
 * has the merchant among their top-N. O(users · models · (recommend + N · explain)).
 */
export function writeRunCache(db: Sqlite, input: CacheInput): { lists: number; merchants: number } {
  const { train, runId, topN } = input;
  const merchantId = (idx: number) => input.merchantIds.get(train.merchants.idOf(idx))!;
  const insertList = db.prepare('INSERT INTO RecommendationList (runId, model, userId, itemsJson) VALUES (?, ?, ?, ?)');
  const models = [...input.models].filter(([kind]) => kind !== 'random');
  const hybrid = input.models.get('hybrid');
  const audience = new AudienceCollector(train.merchants.size);
  const nUsers = train.users.size;
  let lists = 0;
  for (const [kind, model] of models) {
    const fallback: CachedLists = {
      all: cacheList(model, -1, model.recommend(-1, topN), false, merchantId),
      discovery: cacheList(model, -1, model.recommend(-1, topN, { excludeOrdered: true }), true, merchantId),
      fallback: true,
    };
    insertList.run(runId, kind, FALLBACK_USER_ID, JSON.stringify(fallback));
  }
  for (let u = 0; u < nUsers; u++) {
    const userId = input.userIds.get(train.users.idOf(u))!;
    for (const [kind, model] of models) {
      const discovery = model.recommend(u, topN, { excludeOrdered: true });
      const entry: CachedLists = {
        all: cacheList(model, u, model.recommend(u, topN), false, merchantId),
        discovery: cacheList(model, u, discovery, true, merchantId),
        fallback: false,
      };
      insertList.run(runId, kind, userId, JSON.stringify(entry));
      lists++;
      if (model === hybrid) audience.add(userId, discovery);
    }
    if (u % 500 === 499) {
      input.checkpoint?.();
      input.onProgress?.(u / nUsers);
    }
  }
  const insertMerchant = db.prepare('INSERT INTO MerchantCache (runId, merchantId, similarJson, audienceJson) VALUES (?, ?, ?, ?)');
  const similarModel = hybrid ?? input.models.get('item-knn') ?? models[0]?.[1];
  for (let m = 0; m < train.merchants.size; m++) {
    const similar: CachedSimilar[] = (similarModel?.similarMerchants(m, SIMILAR_SIZE) ?? []).map((s) => ({ merchantId: merchantId(s.idx), similarity: s.score }));
    const members = audience.top(m, AUDIENCE_SIZE);
    insertMerchant.run(runId, merchantId(m), JSON.stringify(similar), JSON.stringify(members));
  }
  input.onProgress?.(1);
  return { lists, merchants: train.merchants.size };
}
