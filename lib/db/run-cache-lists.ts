import { f32 } from '@/lib/f32-text';
import { recommendMany } from '@/lib/recsys/recommend-many';
import type { Contribution, ModelKind, Recommender, RecommendOptions, Scored } from '@/lib/recsys/types';

import { encodeCachedLists } from './cached-lists-codec';
import type { CachedLists, CachedRecommendation } from './run-types';

/** Contributions kept per cached recommendation. */
const CONTRIBUTIONS = 5;

/** Database ids by index: User.id of each training user, Merchant.id of each merchant. */
export interface CacheIds {
  user: Int32Array;
  merchant: Int32Array;
}

/** One block's rows of RecommendationList (runId, model, userId, itemsJson) and the hybrid's discovery lists (null without a hybrid). */
export interface BlockLists {
  rows: (string | number)[][];
  discovery: Scored[][] | null;
}

type Explain = (u: number, m: number, n?: number, opts?: RecommendOptions) => Contribution[];

type Explained = Pick<CachedRecommendation, 'source' | 'contributions'>;

/** A cached recommendation's explanation: its top contributions and the source contributing most. */
function explainOne(model: Recommender, u: number, idx: number, excludeOrdered: boolean, merchant: Int32Array): Explained {
  const parts = u >= 0 ? (model.explain as Explain).call(model, u, idx, CONTRIBUTIONS, { excludeOrdered }) : [];
  const bySource = new Map<string, number>();
  for (const c of parts) bySource.set(c.source, (bySource.get(c.source) ?? 0) + c.value);
  let source: string = model.kind === 'hybrid' ? 'popularity' : model.kind;
  let best = -Infinity;
  for (const [s, v] of bySource) if (v > best) [best, source] = [v, s];
  return { source, contributions: parts.map((c) => ({ merchantId: c.merchantIdx >= 0 ? merchant[c.merchantIdx]! : null, value: f32(c.value), source: c.source })) };
}

/**
 * One user's `all` and `discovery` lists of one model with their explanations (u = −1: the
 * fallback lists). Scores and contributions are rounded to 6 decimals (f32): the digits the
 * API serves, so the cache stores no digits nobody reads; shorter numbers also make it about a
 * third smaller and faster to write and load. Only the hybrid explains the two protocols differently (its weights
 * differ); every other model's explanation of a merchant is the same in both lists, so it is
 * computed once per merchant — the lists share most merchants, and an ALS explanation is a
 * pair of f×f triangular solves.
 */
export function userLists(model: Recommender, u: number, all: Scored[], discovery: Scored[], merchant: Int32Array): CachedLists {
  const shared = model.kind === 'hybrid' ? null : new Map<number, Explained>();
  const list = (recs: Scored[], excludeOrdered: boolean): CachedRecommendation[] =>
    recs.map((r) => {
      let e = shared?.get(r.idx);
      if (!e) {
        e = explainOne(model, u, r.idx, excludeOrdered, merchant);
        shared?.set(r.idx, e);
      }
      return { merchantId: merchant[r.idx]!, score: f32(r.score), ...e };
    });
  return { all: list(all, false), discovery: list(discovery, true), fallback: u < 0 };
}

/**
 * The cached lists of users[from .. to) for every model: each model's batch path ranks them
 * (ALS, hybrid: the same lists as recommend, far cheaper per user), then every list is
 * explained and encoded. The same on every thread given the same models (run-cache.ts).
 */
export function blockLists(
  runId: number,
  models: readonly (readonly [ModelKind, Recommender])[],
  from: number,
  to: number,
  topN: number,
  ids: CacheIds,
): BlockLists {
  const block = Int32Array.from({ length: to - from }, (_, j) => from + j);
  const ranked = models.map(([, model]) => ({
    all: recommendMany(model, block, topN),
    discovery: recommendMany(model, block, topN, { excludeOrdered: true }),
  }));
  const rows: (string | number)[][] = [];
  block.forEach((u, j) => {
    models.forEach(([kind, model], mi) => {
      const { all, discovery } = ranked[mi]!;
      rows.push([runId, kind, ids.user[u]!, encodeCachedLists(userLists(model, u, all[j]!, discovery[j]!, ids.merchant))]);
    });
  });
  const h = models.findIndex(([kind]) => kind === 'hybrid');
  return { rows, discovery: h < 0 ? null : ranked[h]!.discovery };
}
