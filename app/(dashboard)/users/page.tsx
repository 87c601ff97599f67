import Link from 'next/link';

import { getActiveRun } from '@/lib/db/runs';
import { searchUsers } from '@/lib/db/users';
import { formatDate, formatInt } from '@/lib/format';
import { Card } from '@/components/ui/card';
import { EntitySearch } from '@/components/users/entity-search';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Users · Merchant recommendations' };

export default async function UsersPage() {
  const [top, run] = await Promise.all([searchUsers('', 10), getActiveRun()]);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Users</h1>
          <div className="subtle">A user&apos;s orders, spending segment, and what each model recommends to them, with the reason why.</div>
        </div>
      </div>
      {!run && (
        <div className="alert alert-warn" role="note">
          No run yet: train one on the <Link href="/performance">Performance</Link> tab. Until then user pages show orders but no recommendations.
        </div>
      )}
      <Card title="Find a user">
        <EntitySearch kind="users" label="User id" placeholder="Type the start of a user id, e.g. u_00" />
        <p className="subtle small" style={{ marginBottom: 0 }}>
          Suggestions list up to 10 users whose id starts with what you type, most orders first. Enter opens the id as typed.
        </p>
      </Card>
      <Card title="Most active users">
        {top.length === 0 ? (
          <div className="empty">
            No users yet: import order events on the <Link href="/data">Data</Link> tab.
          </div>
        ) : (
          <table className="table" aria-label="Most active users">
            <thead>
              <tr>
                <th>User</th>
                <th className="num">Orders</th>
              </tr>
            </thead>
            <tbody>
              {top.map((u) => (
                <tr key={u.userId}>
                  <td>
                    <Link className="mono" href={`/users/${encodeURIComponent(u.userId)}`}>
                      {u.userId}
                    </Link>
                  </td>
                  <td className="num">{formatInt(u.orders)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {run?.snapshot && (
          <p className="subtle small" style={{ marginBottom: 0 }}>
            Recommendations come from run #{run.id} ({run.mode}
            {run.mode === 'evaluate' && run.snapshot.cutoff !== null ? `, cutoff ${formatDate(run.snapshot.cutoff)}` : ''}).
          </p>
        )}
      </Card>
    </div>
  );
}
