import { ImportForm } from '@/components/data/import-form';
import { Card, Stat } from '@/components/ui/card';
import { getDataOverview, listDatasets } from '@/lib/db/datasets';
import { formatDate, formatDateTime, formatDuration, formatInt } from '@/lib/format';

export const dynamic = 'force-dynamic';

export default async function DataPage() {
  const [overview, datasets] = await Promise.all([getDataOverview(), listDatasets()]);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Data</h1>
          <div className="subtle">Order events the models learn from, and where they came from.</div>
        </div>
      </div>
      <div className="grid grid-4" aria-label="Stored data">
        <Stat label="Events" value={<span data-testid="count-events">{formatInt(overview.events)}</span>} hint={`${formatInt(overview.checkouts)} checkouts`} />
        <Stat label="Users" value={<span data-testid="count-users">{formatInt(overview.users)}</span>} />
        <Stat label="Merchants" value={<span data-testid="count-merchants">{formatInt(overview.merchants)}</span>} />
        <Stat label="Time span" value={overview.firstEvent ? `${formatDate(overview.firstEvent)} – ${formatDate(overview.lastEvent)}` : '–'} />
      </div>
      <Card title="Import order events">
        <ImportForm />
      </Card>
      <Card title="Import history">
        {datasets.length === 0 ? (
          <div className="empty">No data yet: import a file above, or run npm run demo to load the built-in demo data.</div>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>#</th>
                <th>Source</th>
                <th>Format</th>
                <th className="num">Rows</th>
                <th className="num">New</th>
                <th className="num">Already stored</th>
                <th className="num">Skipped</th>
                <th>Events from – to</th>
                <th>Imported</th>
                <th className="num">Took</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id}>
                  <td>{d.id}</td>
                  <td>{d.sourceFile}</td>
                  <td>{d.format}</td>
                  <td className="num">{formatInt(d.rowsTotal)}</td>
                  <td className="num">{formatInt(d.rowsAccepted)}</td>
                  <td className="num">{formatInt(d.rowsDuplicate)}</td>
                  <td className="num">{formatInt(d.rowsRejected)}</td>
                  <td>
                    {formatDate(d.minEventTime)} – {formatDate(d.maxEventTime)}
                  </td>
                  <td>{formatDateTime(d.importedAt)}</td>
                  <td className="num">{formatDuration(d.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
