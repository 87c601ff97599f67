/**
 * Shared types of the numeric core. Pure data: no Next, React, Prisma or node: imports.
 * External ids (strings) live only at the edges; inside, users and merchants are dense
 * integer indices (`userIdx`, `merchantIdx`) into typed arrays.
 */

/** Event types accepted from imports and the API. */
export const EVENT_TYPES = ['checkout_completed', 'merchant_page_viewed', 'product_page_viewed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One order event (or page view) in canonical form, as produced by import and the demo generator. */
export interface OrderEvent {
  userId: string;
  merchantId: string;
  merchantName: string;
  category: string;
  /** Order value in the data set's currency; 0 for page views. */
  orderTotal: number;
  /** Epoch milliseconds, UTC. */
  eventTime: number;
  eventType: EventType;
  /** 'ios' | 'android' | 'web' | '' (unknown). */
  platform: string;
}

/** Bidirectional map between external string ids and dense indices 0..size-1. */
export interface IdIndex {
  readonly size: number;
  idOf(idx: number): string;
  indexOf(id: string): number | undefined;
}

/**
 * Compressed sparse rows. Row r's columns are `indices[indptr[r] .. indptr[r+1])`, sorted
 * ascending, with values in `data` at the same positions.
 */
export interface Csr {
  readonly nRows: number;
  readonly nCols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/**
 * The user × merchant training matrix and per-pair facts, all aligned with `weights.indices`
 * (position p describes user u = row, merchant = weights.indices[p]).
 */
export interface InteractionMatrix {
  readonly users: IdIndex;
  readonly merchants: IdIndex;
  /** Weighted interactions (see `WeightingOptions`), the input of every model. */
  readonly weights: Csr;
  /** Checkouts per pair (0 where the pair has page views only). */
  readonly orders: Float64Array;
  /** Sum of order totals per pair. */
  readonly spend: Float64Array;
  /** Epoch ms of the pair's last checkout (or last view if it has no checkout). */
  readonly lastTime: Float64Array;
  /** Reference time ("now"): the split cutoff, or the end of data in production mode. */
  readonly now: number;
  /** Category per merchantIdx ('' when unknown). */
  readonly merchantCategory: readonly string[];
  /** Display name per merchantIdx. */
  readonly merchantName: readonly string[];
}

/** A scored merchant (or user, for audiences). Lists are sorted by score descending. */
export interface Scored {
  idx: number;
  score: number;
}

/** One history merchant's share of a recommendation's score. */
export interface Contribution {
  /** The history merchant (seed) that contributes, or -1 for a non-history reason. */
  merchantIdx: number;
  /** Additive share of the score: the contributions of one explanation sum to the score. */
  value: number;
  /** Which signal this share comes from (e.g. 'item-knn', 'als', 'popularity', 'repeat'). */
  source: string;
}

/** Every model the engine knows, in report order (baselines first). */
export const MODEL_KINDS = ['random', 'popularity', 'repeat', 'item-knn', 'als', 'hybrid'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface RecommendOptions {
  /** Drop merchants the user ordered from in training ("discovery" protocol). */
  excludeOrdered?: boolean;
  /** Further merchants never to return. */
  exclude?: ReadonlySet<number>;
}

export interface FitOptions {
  /** Seed of the model's PRNG (see random.ts); fixed seed ⇒ identical output. */
  seed?: number;
  /** Called with stage text and 0..1 progress, e.g. ('als iteration 3/15', 0.2). */
  onProgress?: (stage: string, fraction: number) => void;
  /**
   * The raw training events the matrix was built from (those before `train.now`). Models that
   * carve a validation window out of the training period (HybridModel, tuning) rebuild their
   * matrices from them; without them they fall back to an approximate carve-out of the matrix.
   */
  events?: readonly OrderEvent[];
  /**
   * Models already fitted on this same matrix with this same seed. A model built from others
   * (HybridModel) reuses one of them as a signal instead of refitting it when its kind and
   * `params` equal the signal's own; anything else is ignored.
   */
  fitted?: readonly Recommender[];
  /**
   * Whether the model precomputes per-user state for every user at the end of fit (default
   * true: what serving and recommend-all want). False where only some users will be scored,
   * e.g. a validation window: that state is then computed on first use, with the same results
   * (ALS: the exact user vectors, 8·factors bytes and a Woodbury solve per user).
   */
  precomputeUsers?: boolean;
}

/** The one interface every model implements (benfred/implicit style). */
export interface Recommender {
  readonly kind: ModelKind;
  /** Hyper-parameters in effect, reported in metrics.json. */
  readonly params: Record<string, number | string | boolean>;
  fit(train: InteractionMatrix, opts?: FitOptions): void;
  /** Raw score of every merchant for one user into `out` (length = merchants.size), no exclusions. */
  scoreAll(userIdx: number, out: Float64Array): void;
  /** Top k merchants for a user, best first; fewer when fewer exist. Unknown/cold users get a fallback. */
  recommend(userIdx: number, k: number, opts?: RecommendOptions): Scored[];
  /**
   * recommend() for many users at once (same lists, same order), where a model has a faster
   * batch path (ALS, hybrid). Call it through `recommendMany` (recommend-many.ts), which loops
   * over recommend for models without one.
   */
  recommendMany?(users: Int32Array, k: number, opts?: RecommendOptions): Scored[][];
  /** Top k merchants most similar to one merchant (itself excluded). */
  similarMerchants(merchantIdx: number, k: number): Scored[];
  /** Why `merchantIdx` scores what it does for `userIdx`: top n contributions, summing to the score when n covers all. */
  explain(userIdx: number, merchantIdx: number, n?: number): Contribution[];
}
