import { discoveryAffinity } from '@/lib/recsys/segment-affinity';
import type { Scored } from '@/lib/recsys/types';

import type { CachedAudienceMember } from './run-types';

/**
 * Collects merchant audiences from users' hybrid discovery lists while a run is cached: a user
 * joins the audience of every merchant on their list with its discovery affinity (score ÷ the
 * list's best score, see lib/recsys/segment-affinity.ts). Members are ranked by affinity, then
 * by the raw score (a stronger match in absolute terms first), then by user id.
 */
export class AudienceCollector {
  private readonly members: Array<Array<[userId: number, affinity: number, score: number]>>;

  /** @param merchants - merchant indices are 0..merchants−1 */
  constructor(merchants: number) {
    this.members = Array.from({ length: merchants }, () => []);
  }

  /**
   * Adds one user's discovery list (best first, never-ordered merchants only). O(list).
   * @param userId - User.id
   * @param discovery - the hybrid's discovery list of the user, by merchant index
   */
  add(userId: number, discovery: readonly Scored[]): void {
    const best = discovery[0]?.score ?? 0;
    for (const r of discovery) this.members[r.idx]!.push([userId, discoveryAffinity(r.score, best), r.score]);
  }

  /** The best `n` members of a merchant's audience. O(m log m) for its m members. */
  top(merchantIdx: number, n: number): CachedAudienceMember[] {
    return (this.members[merchantIdx] ?? [])
      .sort((a, b) => b[1] - a[1] || b[2] - a[2] || a[0] - b[0])
      .slice(0, n)
      .map(([userId, affinity]) => ({ userId, affinity }));
  }
}
