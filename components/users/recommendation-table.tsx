import Link from 'next/link';

import type { UserRecommendations } from '@/lib/db/user-recommendations';
import { formatDate, formatMetric } from '@/lib/format';

import { modelLabel, sourceLabel } from './labels';

/**
 * A user's recommendations: merchant, score, the strongest source and the plain-language
 * reason. Cold users are flagged with the fallback that produced their list. In an evaluate
 * run, merchants the user went on to order from after the cutoff are marked as hits.
 */
export function RecommendationTable({ recs, userId, evaluate }: { recs: UserRecommendations; userId: string; evaluate: boolean }) {
  const cutoff = recs.referenceTime;
  const hits = recs.items.filter((i) => i.orderedAfter).length;
  return (
    <div className="stack" style={{ gap: 12 }}>
      {recs.fallback && (
        <div className="alert alert-warn" role="note">
          <strong>Cold user.</strong> {userId} had no orders before {cutoff === null ? 'the run' : formatDate(cutoff)}, so {modelLabel(recs.model)} has nothing personal to go on: these are
          its fallback recommendations ({sourceLabel(recs.fallbackSource ?? 'popularity')}), the same for every new user.
        </div>
      )}
      {recs.items.length === 0 ? (
        <div className="empty">No recommendations in this list: every candidate merchant was excluded. Untick “Exclude merchants already ordered”.</div>
      ) : (
        <div className="x-scroll">
          <table className="table" aria-label="Recommendations">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Merchant</th>
                <th className="num">Score</th>
                <th>Source</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {recs.items.map((r) => (
                <tr key={r.merchantId}>
                  <td className="num">{r.rank}</td>
                  <td>
                    <Link href={`/merchants/${encodeURIComponent(r.merchantId)}`}>{r.merchantName}</Link>
                    <div className="subtle small">
                      {r.category || 'no category'}
                      {r.orderedBefore && ' · ordered before'}
                    </div>
                  </td>
                  <td className="num">{formatMetric(r.score)}</td>
                  <td>
                    <span className="badge">{sourceLabel(r.source)}</span>
                  </td>
                  <td className="why">
                    {r.explanation}
                    {evaluate && r.orderedAfter && (
                      <>
                        {' '}
                        <span className="badge badge-ok" title="The user ordered here after the cutoff: a hit in the test window">
                          ordered after cutoff
                        </span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {evaluate && cutoff !== null && (
        <p className="subtle small" style={{ margin: 0 }}>
          Recommendations as of the run&apos;s cutoff, {formatDate(cutoff)}: the models saw only earlier orders. {hits} of {recs.items.length} were ordered from after it.
        </p>
      )}
    </div>
  );
}
