import { SERVED_MODELS, type ServedModel } from '@/lib/db/user-recommendations';

/** Orders listed before "Show all". */
export const HISTORY_SHOWN = 25;

/** The user page's URL state: ?model= (default hybrid), ?exclude_ordered=1 and ?orders=all. */
export interface UserViewParams {
  model: ServedModel;
  excludeOrdered: boolean;
  allOrders: boolean;
}

/** Reads the search params leniently: unknown values fall back to the defaults. */
export function parseUserViewParams(sp: Record<string, string | string[] | undefined>): UserViewParams {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const m = one(sp.model);
  const ex = one(sp.exclude_ordered);
  return {
    model: (SERVED_MODELS as readonly string[]).includes(m ?? '') ? (m as ServedModel) : 'hybrid',
    excludeOrdered: ex === '1' || ex === 'true',
    allOrders: one(sp.orders) === 'all',
  };
}

/** The query string of a view (defaults omitted), e.g. `?model=als&exclude_ordered=1`. */
export function userViewQuery(v: UserViewParams): string {
  const q = new URLSearchParams();
  if (v.model !== 'hybrid') q.set('model', v.model);
  if (v.excludeOrdered) q.set('exclude_ordered', '1');
  if (v.allOrders) q.set('orders', 'all');
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A route param as the id it names (Next passes dynamic segments percent-encoded or not, by version). */
export function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
