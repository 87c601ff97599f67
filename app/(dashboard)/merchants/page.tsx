import Link from 'next/link';

import { listCategories, listTopMerchants } from '@/lib/db/merchants';
import { getActiveRun } from '@/lib/db/runs';
import { formatInt } from '@/lib/format';
import { Card } from '@/components/ui/card';
import { EntitySearch } from '@/components/users/entity-search';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Merchants · Merchant recommendations' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MerchantsPage({ searchParams }: Props) {
  const raw = (await searchParams).category;
  const category = (Array.isArray(raw) ? raw[0] : raw) || undefined;
  const [categories, run] = await Promise.all([listCategories(), getActiveRun()]);
  const known = category && categories.some((c) => c.category === category) ? category : undefined;
  const top = await listTopMerchants(25, known);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Merchants</h1>
          <div className="subtle">A merchant&apos;s orders and customers, its competitors, and the users most likely to order there next.</div>
        </div>
      </div>
      {!run && (
        <div className="alert alert-warn" role="note">
          No run yet: train one on the <Link href="/performance">Performance</Link> tab. Until then merchant pages show stats and superfans, but no similar merchants or audience.
        </div>
      )}
      <Card title="Find a merchant">
        <EntitySearch kind="merchants" label="Merchant id or name" placeholder="e.g. m_00042 or Burger" />
      </Card>
      <Card
        title={known ? `Top ${known} merchants` : 'Top merchants'}
        actions={
          <form className="row" method="get" aria-label="Filter by category">
            <label className="field field-inline">
              Category
              <select name="category" defaultValue={known ?? ''}>
                <option value="">All categories</option>
                {categories.map((c) => (
                  <option key={c.category} value={c.category}>
                    {c.category || '(none)'} ({c.merchants})
                  </option>
                ))}
              </select>
            </label>
            <button className="btn" type="submit">
              Show
            </button>
          </form>
        }
      >
        {top.length === 0 ? (
          <div className="empty">
            No merchants yet: import order events on the <Link href="/data">Data</Link> tab.
          </div>
        ) : (
          <table className="table" aria-label="Top merchants">
            <thead>
              <tr>
                <th>Merchant</th>
                <th>Id</th>
                <th>Category</th>
                <th className="num">Orders</th>
              </tr>
            </thead>
            <tbody>
              {top.map((m) => (
                <tr key={m.merchantId}>
                  <td>
                    <Link href={`/merchants/${encodeURIComponent(m.merchantId)}`}>{m.name}</Link>
                  </td>
                  <td className="mono">{m.merchantId}</td>
                  <td>{m.category || '–'}</td>
                  <td className="num">{formatInt(m.orders)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
