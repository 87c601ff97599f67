import { prisma } from './client';
import { externalUserIds, getMerchantRow } from './merchants';
import type { CachedAudienceMember, CachedSimilar } from './run-types';

/** A similar merchant (competitor) with the model's similarity. */
export interface SimilarMerchant {
  merchantId: string;
  name: string;
  category: string;
  similarity: number;
}

/**
 * A user of a merchant's likely audience: never ordered there, ranked by discovery affinity (0–1:
 * the hybrid's score ÷ the user's best score among merchants they never ordered at).
 */
export interface AudienceMember {
  userId: string;
  affinity: number;
}

/** One bar of the affinity histogram: users with from ≤ affinity < to (the last bin includes 1). */
export interface HistogramBin {
  from: number;
  to: number;
  users: number;
}

/** What the run cached for one merchant, as the merchant page shows it. */
export interface MerchantLists {
  runId: number;
  similar: SimilarMerchant[];
  /** Users in the cached audience (the histogram covers all of them). */
  audienceSize: number;
  /** The best `audienceShown` of them. */
  audience: AudienceMember[];
  histogram: HistogramBin[];
}

/**
 * Counts of `values` in `bins` equal bins over [0, 1]: bin i holds i/bins ≤ v < (i+1)/bins; 1
 * (and anything above) falls in the last bin, anything below 0 in the first. O(n + bins).
 * @param values - affinities
 * @param bins - number of bins (default 10: bins of 0.1)
 */
export function affinityHistogram(values: readonly number[], bins = 10): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError('bins must be an integer ≥ 1');
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor(v * bins + 1e-9)));
    counts[i]!++;
  }
  return counts.map((users, i) => ({ from: Math.round((i / bins) * 1e6) / 1e6, to: Math.round(((i + 1) / bins) * 1e6) / 1e6, users }));
}

async function cacheRow(merchantDbId: number, runId: number): Promise<{ similar: CachedSimilar[]; audience: CachedAudienceMember[] } | null> {
  const row = await prisma.merchantCache.findUnique({ where: { runId_merchantId: { runId, merchantId: merchantDbId } } });
  if (!row) return null;
  return { similar: JSON.parse(row.similarJson) as CachedSimilar[], audience: JSON.parse(row.audienceJson) as CachedAudienceMember[] };
}

async function similarWithNames(similar: readonly CachedSimilar[]): Promise<SimilarMerchant[]> {
  const rows = await prisma.merchant.findMany({ where: { id: { in: similar.map((s) => s.merchantId) } }, select: { id: true, externalId: true, name: true, category: true } });
  const byId = new Map(rows.map((m) => [m.id, m]));
  return similar.flatMap((s) => {
    const m = byId.get(s.merchantId);
    return m ? [{ merchantId: m.externalId, name: m.name, category: m.category, similarity: s.similarity }] : [];
  });
}

async function audienceWithIds(members: readonly CachedAudienceMember[]): Promise<AudienceMember[]> {
  const ids = await externalUserIds(members.map((a) => a.userId));
  return members.flatMap((a) => {
    const userId = ids.get(a.userId);
    return userId === undefined ? [] : [{ userId, affinity: a.affinity }];
  });
}

/**
 * A merchant's similar merchants, likely audience (best `audienceShown`) and the histogram of
 * the audience's affinities, from the run's cache. Null when the run cached nothing for the
 * merchant (it had no events before the run's reference time).
 * @throws NotFoundError when the merchant does not exist
 */
export async function getMerchantLists(merchantId: string, runId: number, audienceShown = 20): Promise<MerchantLists | null> {
  const m = await getMerchantRow(merchantId);
  const c = await cacheRow(m.id, runId);
  if (!c) return null;
  const [similar, audience] = await Promise.all([similarWithNames(c.similar), audienceWithIds(c.audience.slice(0, audienceShown))]);
  return { runId, similar, audienceSize: c.audience.length, audience, histogram: affinityHistogram(c.audience.map((a) => a.affinity)) };
}

/** The whole cached audience of a merchant (for the CSV download); empty when nothing is cached. */
export async function listAudience(merchantId: string, runId: number): Promise<AudienceMember[]> {
  const m = await getMerchantRow(merchantId);
  const c = await cacheRow(m.id, runId);
  return c ? audienceWithIds(c.audience) : [];
}

/** The cached similar merchants of a merchant (for the CSV download); empty when nothing is cached. */
export async function listSimilar(merchantId: string, runId: number): Promise<SimilarMerchant[]> {
  const m = await getMerchantRow(merchantId);
  const c = await cacheRow(m.id, runId);
  return c ? similarWithNames(c.similar) : [];
}
