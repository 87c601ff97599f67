import { matrixFromSnapshot, type MatrixSnapshot } from '@/lib/recsys/data/matrix-snapshot';
import { AlsModel, type AlsSnapshot } from '@/lib/recsys/models/als';
import { HybridModel, type HybridSnapshot } from '@/lib/recsys/models/hybrid';
import { ItemKnnModel, type ItemKnnSnapshot } from '@/lib/recsys/models/item-knn';
import { PopularityModel, type PopularityParams } from '@/lib/recsys/models/popularity';
import { RepeatModel, type RepeatParams } from '@/lib/recsys/models/repeat';
import type { ModelKind, Recommender, Scored } from '@/lib/recsys/types';

import type { CacheIds } from './run-cache-lists';

/**
 * A fitted model as a worker thread gets it: the models with a snapshot as their snapshot
 * (the same factors, similarities and weights bit for bit), popularity and repeat as their
 * params (refitted on the same matrix: counting, O(nnz)). ALS and item-kNN models the hybrid
 * adopted (the usual case) are not shipped again: the worker takes its hybrid's.
 */
export type ShippedModel =
  | { kind: 'als'; snapshot: AlsSnapshot }
  | { kind: 'hybrid'; snapshot: HybridSnapshot }
  | { kind: 'item-knn'; snapshot: ItemKnnSnapshot }
  | { kind: 'als' | 'item-knn'; inHybrid: true }
  | { kind: 'popularity' | 'repeat'; params: Record<string, number | string | boolean> };

/** What a lists worker (run-lists-worker.ts) starts with. */
export interface ListsWorkerData {
  runId: number;
  train: MatrixSnapshot;
  models: ShippedModel[];
  ids: CacheIds;
  topN: number;
  users: number;
  blockSize: number;
  /** next[0]: the next unclaimed block, shared with the parent (Atomics.add). */
  next: Int32Array;
}

/** Messages of a lists worker to its parent. */
export type ListsWorkerMessage =
  | { type: 'block'; block: number; rows: (string | number)[][]; discovery: Scored[][] | null }
  | { type: 'error'; message: string };

/** The models as shipped to a worker, or null when one of them cannot be (then the cache is built on one thread). */
export function shipModels(models: readonly (readonly [ModelKind, Recommender])[]): ShippedModel[] | null {
  const out: ShippedModel[] = [];
  const hybrid = models.find(([kind]) => kind === 'hybrid')?.[1];
  const adopted = hybrid instanceof HybridModel ? hybrid.collaborative : undefined;
  for (const [kind, m] of models) {
    if (m.kind !== kind) return null;
    if (m === adopted?.als || m === adopted?.knn) out.push({ kind: m.kind as 'als' | 'item-knn', inHybrid: true });
    else if (m instanceof AlsModel) out.push({ kind: 'als', snapshot: m.snapshot() });
    else if (m instanceof HybridModel) out.push({ kind: 'hybrid', snapshot: m.snapshot() });
    else if (m instanceof ItemKnnModel) out.push({ kind: 'item-knn', snapshot: m.snapshot() });
    else if (m instanceof PopularityModel || m instanceof RepeatModel) out.push({ kind: m.kind, params: { ...m.params } });
    else return null;
  }
  return out;
}

/** The models a worker scores with, from what shipModels sent (in the same order). */
export function rebuildModels(shipped: readonly ShippedModel[], train: MatrixSnapshot): [ModelKind, Recommender][] {
  const matrix = matrixFromSnapshot(train);
  const h = shipped.find((s) => s.kind === 'hybrid');
  const hybrid = h && 'snapshot' in h ? HybridModel.fromSnapshot(h.snapshot as HybridSnapshot) : undefined;
  return shipped.map((s): [ModelKind, Recommender] => {
    if ('inHybrid' in s) return [s.kind, s.kind === 'als' ? hybrid!.collaborative.als : hybrid!.collaborative.knn];
    switch (s.kind) {
      case 'als':
        return ['als', AlsModel.fromSnapshot(s.snapshot)];
      case 'hybrid':
        return ['hybrid', hybrid!];
      case 'item-knn':
        return ['item-knn', ItemKnnModel.fromSnapshot(matrix, s.snapshot)];
      default: {
        const m = s.kind === 'popularity' ? new PopularityModel(s.params as PopularityParams) : new RepeatModel(s.params as RepeatParams);
        m.fit(matrix);
        return [s.kind, m];
      }
    }
  });
}
