import Link from 'next/link';

import type { AudienceMember } from '@/lib/db/merchant-lists';
import { formatMetric } from '@/lib/format';

/** The users most likely to order here who never have, best first. */
export function AudienceTable({ audience }: { audience: AudienceMember[] }) {
  return (
    <table className="table" aria-label="Likely audience">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>User</th>
          <th className="num">Affinity</th>
        </tr>
      </thead>
      <tbody>
        {audience.map((a, i) => (
          <tr key={a.userId}>
            <td className="num">{i + 1}</td>
            <td>
              <Link className="mono" href={`/users/${encodeURIComponent(a.userId)}`}>
                {a.userId}
              </Link>
            </td>
            <td className="num">{formatMetric(a.affinity)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
