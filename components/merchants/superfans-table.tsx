import Link from 'next/link';

import type { Superfan } from '@/lib/db/merchants';
import { formatDate, formatInt, formatMoney } from '@/lib/format';

/** The merchant's best customers: most orders, then most spend. */
export function SuperfansTable({ superfans }: { superfans: Superfan[] }) {
  if (superfans.length === 0) return <div className="empty">No orders here yet, so no superfans.</div>;
  return (
    <table className="table" aria-label="Superfans">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>User</th>
          <th className="num">Orders</th>
          <th className="num">Spend</th>
          <th>Last order</th>
        </tr>
      </thead>
      <tbody>
        {superfans.map((s, i) => (
          <tr key={s.userId}>
            <td className="num">{i + 1}</td>
            <td>
              <Link className="mono" href={`/users/${encodeURIComponent(s.userId)}`}>
                {s.userId}
              </Link>
            </td>
            <td className="num">{formatInt(s.orders)}</td>
            <td className="num">{formatMoney(s.spend)}</td>
            <td>{formatDate(s.lastOrder)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
