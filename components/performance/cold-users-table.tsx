import type { ColdUsersDto } from '@/lib/db/performance-types';
import { formatInt, formatMetric } from '@/lib/format';

/** Users with no order before the cutoff, measured apart: they get the fallback recommender. */
export function ColdUsersTable({ cold }: { cold: ColdUsersDto }) {
  if (cold.users === 0) {
    return <div className="empty">Every test user had ordered before the cutoff: there are no cold users in this test window.</div>;
  }
  return (
    <div className="stack" style={{ gap: 8 }}>
      <p className="subtle" style={{ margin: 0 }}>
        {formatInt(cold.users)} test users had no order before the cutoff. Every model serves them its fallback: <strong>{cold.fallback}</strong>, so their
        numbers measure the fallback, not the model.
      </p>
      <div className="table-scroll">
        <table className="table" aria-label="Cold users">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Served by</th>
              {cold.columns.map((c) => (
                <th key={c.key} scope="col" className="num">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cold.rows.map((r) => (
              <tr key={r.model}>
                <th scope="row">{r.model}</th>
                <td>{r.fallback}</td>
                {cold.columns.map((c) => {
                  const v = r.values[c.key];
                  return (
                    <td key={c.key} className="num">
                      {v === null || v === undefined ? '–' : formatMetric(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
