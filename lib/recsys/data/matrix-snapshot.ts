import type { Csr, InteractionMatrix } from '../types';
import { IndexMap } from './index-map';

/** An InteractionMatrix as plain data (typed arrays and strings), e.g. for a worker thread. */
export type MatrixSnapshot = Omit<InteractionMatrix, 'users' | 'merchants' | 'weights'> & {
  userIds: string[];
  merchantIds: string[];
  weights: Csr;
};

/**
 * The matrix as plain data: the id maps as arrays of ids, the typed arrays shared (not copied).
 * O(users + merchants).
 * @param t - the matrix
 */
export function matrixSnapshot(t: InteractionMatrix): MatrixSnapshot {
  return {
    userIds: Array.from({ length: t.users.size }, (_, i) => t.users.idOf(i)),
    merchantIds: Array.from({ length: t.merchants.size }, (_, i) => t.merchants.idOf(i)),
    weights: { ...t.weights },
    orders: t.orders,
    spend: t.spend,
    lastTime: t.lastTime,
    now: t.now,
    merchantCategory: [...t.merchantCategory],
    merchantName: [...t.merchantName],
  };
}

/**
 * The matrix a {@link matrixSnapshot} was taken from (the same indices and values).
 * O(users + merchants).
 * @param t - the snapshot (possibly structured-cloned)
 */
export function matrixFromSnapshot(t: MatrixSnapshot): InteractionMatrix {
  return {
    users: new IndexMap(t.userIds),
    merchants: new IndexMap(t.merchantIds),
    weights: t.weights,
    orders: t.orders,
    spend: t.spend,
    lastTime: t.lastTime,
    now: t.now,
    merchantCategory: t.merchantCategory,
    merchantName: t.merchantName,
  };
}
