import Link from 'next/link';

import type { UserOrder } from '@/lib/db/users';
import { formatDateTime, formatMoney } from '@/lib/format';

/**
 * A user's orders, newest first. With an evaluate run, orders at or after its cutoff are marked:
 * the models never saw them (they are the test window).
 */
export function OrderHistory({ orders, total, cutoff, showAllHref }: { orders: UserOrder[]; total: number; cutoff: number | null; showAllHref: string | null }) {
  if (orders.length === 0) return <div className="empty">No orders: this user only viewed merchant pages.</div>;
  return (
    <>
      {orders.length < total && (
        <p className="subtle small" style={{ marginTop: 0 }}>
          The latest {orders.length} of {total} orders.{' '}
          {showAllHref && (
            <Link href={showAllHref} scroll={false}>
              Show all
            </Link>
          )}
        </p>
      )}
      <div className="x-scroll">
        <table className="table" aria-label="Order history">
          <thead>
            <tr>
              <th>Time</th>
              <th>Merchant</th>
              <th>Category</th>
              <th className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o, i) => (
              <tr key={`${o.time}-${o.merchantId}-${i}`}>
                <td>
                  {formatDateTime(o.time)}
                  {cutoff !== null && o.time >= cutoff && (
                    <>
                      {' '}
                      <span className="badge badge-warn" title="After the run's cutoff: the models did not see this order">
                        test window
                      </span>
                    </>
                  )}
                </td>
                <td>
                  <Link href={`/merchants/${encodeURIComponent(o.merchantId)}`}>{o.merchantName}</Link>
                </td>
                <td>{o.category || '–'}</td>
                <td className="num">{formatMoney(o.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
