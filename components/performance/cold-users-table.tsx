import type { ColdUsersDto } from '@/lib/db/performance-types';
import { formatInt } from '@/lib/format';

import { metricText, ModelTable } from './model-table';

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
      <ModelTable
        label="Cold users"
        columns={cold.columns}
        rows={cold.rows}
        lead={[{ header: 'Served by', cell: (r) => r.fallback }]}
        cell={(r, key) => metricText(r.values[key])}
      />
    </div>
  );
}
