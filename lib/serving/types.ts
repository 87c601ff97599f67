/**
 * The in-memory serving index: everything the serving API answers from, for one active run and
 * one version of the stored events. Plain typed arrays and Maps keyed by the database's
 * internal ids (User.id, Merchant.id are dense autoincrement integers); external ids appear
 * only at the edge. An index is immutable once built: a request takes one reference and reads
 * one run only, however long it runs and whatever is promoted meanwhile.
 */
import type { SpendingThresholds } from '@/lib/recsys/spending';
import type { ServedModel } from '@/lib/validation/api';

/** Lists are stored in this order per user: list id = 2·slot + protocol. */
export const PROTOCOL_ALL = 0;
export const PROTOCOL_DISCOVERY = 1;

/** Merchant ids in list arrays: 16 bits while every Merchant.id fits, else 32. */
export type IdArray = Uint16Array | Uint32Array;

/**
 * One model's cached lists (RecommendationList rows), pre-parsed. Slot s holds the lists of one
 * user; list l = 2s + protocol spans items itemStart[l]..itemStart[l+1] and contributions from
 * contribStart[l] on, `contribCount[item]` per item in item order.
 */
export interface ModelLists {
  /** Slot per User.id (-1: no cached lists); index 0 is the fallback lists (user id 0). */
  slotOfUser: Int32Array;
  /** Per slot: 1 when the cached lists are a fallback (no history at the reference time). */
  fallback: Uint8Array;
  itemStart: Int32Array;
  contribStart: Int32Array;
  itemMerchant: IdArray;
  itemScore: Float32Array;
  itemSource: Uint8Array;
  contribCount: Uint8Array;
  /** Contribution's history merchant (0: a reason without a merchant). */
  contribMerchant: IdArray;
  contribValue: Float32Array;
  contribSource: Uint8Array;
}

/** Similar merchants and audience of one merchant (MerchantCache row), best first. */
export interface MerchantLists {
  similar: Uint32Array;
  similarity: Float32Array;
  /** Audience members (User.id) and their affinity. */
  audience: Uint32Array;
  affinity: Float32Array;
}

/** What the index knows about the active run. Times are epoch ms. */
export interface RunInfo {
  id: number;
  mode: string;
  /** When training finished (the run's cache is complete from then on). */
  trainedAt: number | null;
  /** The run's reference time: its split cutoff, or end of data + 1 ms in production mode. */
  referenceTime: number | null;
  /** Models with cached lists, in the order of SERVED_MODELS. */
  models: ServedModel[];
  /** Users and merchants the run was trained on. */
  users: number;
  merchants: number;
}

/** The active run's cache. Rebuilt only when another run becomes active. */
export interface RunCache {
  run: RunInfo;
  lists: ReadonlyMap<ServedModel, ModelLists>;
  merchants: ReadonlyMap<number, MerchantLists>;
  /** Signal names by id (itemSource, contribSource). */
  sources: readonly string[];
  /** Bytes held by the typed arrays of lists and merchant caches. */
  bytes: number;
}

/**
 * Users, merchants and per-user order facts over all stored events. Rebuilt when an import
 * (file, dashboard or POST /events) stored events. Arrays are indexed by User.id / Merchant.id.
 */
export interface Activity {
  /** Dataset.MAX(id) at build time: which imports the facts include. */
  dataKey: number;
  /** The data's last event time (the "as of" of days since last order), or null without data. */
  lastEvent: number | null;
  userCount: number;
  merchantCount: number;
  userExternal: readonly string[];
  userByExternal: ReadonlyMap<string, number>;
  /** User.ids sorted by external id (code-unit order), for prefix search. */
  usersById: Int32Array;
  /** User.ids by orders descending, then external id. */
  usersByOrders: Int32Array;
  orders: Int32Array;
  spend: Float64Array;
  firstOrder: Float64Array;
  /** NaN without orders (as firstOrder). */
  lastOrder: Float64Array;
  /** Distinct merchants ordered from. */
  merchantsOrdered: Int32Array;
  views: Int32Array;
  thresholds: SpendingThresholds | null;
  merchantExternal: readonly string[];
  merchantName: readonly string[];
  merchantCategory: readonly string[];
  merchantByExternal: ReadonlyMap<string, number>;
  merchantOrders: Int32Array;
  categories: ReadonlySet<string>;
  /**
   * Per user, the merchants ordered before the run's reference time with order counts and last
   * order time (CSR over User.id, merchants ascending): what explanation sentences and
   * `ordered_before` read.
   */
  pairStart: Int32Array;
  pairMerchant: Int32Array;
  pairOrders: Float64Array;
  pairLast: Float64Array;
  /** The reference time the pairs were cut at (null: no run, all orders). */
  pairsBefore: number | null;
  bytes: number;
}

/** One immutable snapshot served to requests. */
export interface ServingIndex {
  /** The active run's cache, or null before the first finished run. */
  cache: RunCache | null;
  activity: Activity;
  builtAt: number;
  buildMs: number;
}
