import Link from 'next/link';

import type { SimilarMerchant } from '@/lib/db/merchant-lists';
import { formatMetric } from '@/lib/format';

/** Merchants most similar to this one (competitors: the same customers order there), with a bar per similarity. */
export function SimilarMerchants({ similar }: { similar: SimilarMerchant[] }) {
  if (similar.length === 0) return <div className="empty">No similar merchants: too few shared customers.</div>;
  const max = Math.max(...similar.map((s) => s.similarity), 1e-12);
  return (
    <table className="table" aria-label="Similar merchants">
      <thead>
        <tr>
          <th>Merchant</th>
          <th>Category</th>
          <th className="num">Similarity</th>
        </tr>
      </thead>
      <tbody>
        {similar.map((s) => (
          <tr key={s.merchantId}>
            <td>
              <Link href={`/merchants/${encodeURIComponent(s.merchantId)}`}>{s.name}</Link>
            </td>
            <td>{s.category || '–'}</td>
            <td className="num">
              <span className="meter" aria-hidden="true">
                <span style={{ width: `${Math.max(0, (s.similarity / max) * 100)}%` }} />
              </span>
              {formatMetric(s.similarity)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
