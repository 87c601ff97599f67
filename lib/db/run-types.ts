/**
 * Shapes of a training run and of what it caches (the JSON columns of ModelRun,
 * RecommendationList — encoded by ./cached-lists-codec.ts — and MerchantCache). Shared by the training job that writes them and the
 * pages, API routes and segment builder that read them.
 */
import type { ModelKind } from '@/lib/recsys/types';

export type RunMode = 'evaluate' | 'production';
export type RunStatus = 'queued' | 'running' | 'done' | 'failed';
export type Protocol = 'all' | 'discovery';

/** What was asked for (ModelRun.configJson). */
export interface RunConfig {
  mode: RunMode;
  /** Evaluate mode: the global cutoff, ISO 8601 UTC. Null in production mode. */
  split: string | null;
  models: ModelKind[];
  protocols: Protocol[];
  seed: number;
  /** Recommendations cached per user and list. */
  topN: number;
}

/** What the run saw (ModelRun.snapshotJson). Times are epoch ms. */
export interface RunSnapshot {
  events: number;
  checkouts: number;
  users: number;
  merchants: number;
  firstEvent: number | null;
  lastEvent: number | null;
  /** The split cutoff (evaluate) or the reference time "now" (production). */
  cutoff: number | null;
}

/** One history merchant's (or a plain reason's, merchantId null) share of a score. */
export interface CachedContribution {
  merchantId: number | null;
  value: number;
  source: string;
}

/** One cached recommendation. `merchantId` is Merchant.id (internal). */
export interface CachedRecommendation {
  merchantId: number;
  score: number;
  /** The signal that contributed most ('item-knn', 'als', 'popularity', 'repeat', 'recency', ...). */
  source: string;
  /** Top contributions (at most 5), largest first; sum ≈ score when they cover everything. */
  contributions: CachedContribution[];
}

/** User id of the cached fallback lists (no User row has id 0): what users without history get. */
export const FALLBACK_USER_ID = 0;

/**
 * What RecommendationList.itemsJson holds: a user's top-N from one model under both exclusion
 * rules — `all` may contain merchants the user ordered before (re-orders), `discovery` never
 * does. `fallback` is true when the user had no history at the reference time (popularity used).
 * The column stores it as compact JSON text, `[2, fallback, sources, all, discovery]` with flat
 * number arrays (runs of older builds: `JSON.stringify` of this object); write and read it only
 * through lib/db/cached-lists-codec.ts, which documents the layout and reads both.
 */
export interface CachedLists {
  all: CachedRecommendation[];
  discovery: CachedRecommendation[];
  fallback: boolean;
}

/** MerchantCache.similarJson entries, most similar first. */
export interface CachedSimilar {
  merchantId: number;
  similarity: number;
}

/**
 * MerchantCache.audienceJson entries, best first: users who never ordered at the merchant
 * (before the reference time), by discovery affinity: the hybrid's discovery score ÷ the user's
 * best discovery score (0–1; 1 = the user's strongest new-merchant match; see
 * lib/recsys/segment-affinity.ts). Runs cached before that scale held the raw hybrid score.
 */
export interface CachedAudienceMember {
  userId: number;
  affinity: number;
}

/** A run as pages and the polling endpoint show it. Times are epoch ms. */
export interface RunSummary {
  id: number;
  mode: RunMode;
  status: RunStatus;
  stage: string;
  progress: number;
  config: RunConfig;
  snapshot: RunSnapshot | null;
  error: string | null;
  isActive: boolean;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Seconds since start (running) or total duration (finished). */
  elapsedSeconds: number | null;
}
