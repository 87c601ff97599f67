import type { ProtocolView } from '@/lib/db/performance-types';
import { formatInt } from '@/lib/format';
import { BeyondAccuracyChart } from '@/components/charts/beyond-accuracy-chart';
import { MetricCurveChart } from '@/components/charts/metric-curve-chart';
import { PrCurveChart } from '@/components/charts/pr-curve-chart';
import { TrendChart } from '@/components/charts/trend-chart';
import { Card } from '@/components/ui/card';

import { BaselineTable } from './baseline-table';
import { ColdUsersTable } from './cold-users-table';
import { MetricsTable, ValuesAtKTable } from './metrics-table';

const PROTOCOL_NAME = { all: 'all orders', discovery: 'discovery' } as const;

/** Every metric section of one protocol: table, difference to baseline, curves, trend, cold users. */
export function MetricsSections({ view }: { view: ProtocolView }) {
  const users = view.evaluatedUsers === null ? '' : `${formatInt(view.evaluatedUsers)} users`;
  return (
    <>
      <Card title={`Metrics (${PROTOCOL_NAME[view.protocol]})`}>
        <p className="subtle small" style={{ marginTop: 0 }}>
          Means over {users || 'the evaluated users'}; the small range under each value is its 95% bootstrap interval. Badges show whether a model meets the
          target of the brief (strictly above the threshold). Dashed lines in the charts are baselines.
        </p>
        <MetricsTable view={view} />
      </Card>
      {view.vsBaseline && (
        <Card title={`Difference to the best baseline (${view.vsBaseline.baseline})`}>
          <p className="subtle small" style={{ marginTop: 0 }}>
            Paired over the same users; “better” or “worse” only when the 95% interval of the difference excludes zero.
          </p>
          <BaselineTable comparison={view.vsBaseline} />
        </Card>
      )}
      <Card title="Ranking curves">
        <div className="grid grid-2 chart-grid">
          {view.curves.map((c) => (
            <MetricCurveChart key={c.metric} title={`${c.label}@K`} rows={c.rows} series={view.series} k={view.k} testId={`curve-${c.metric}`} />
          ))}
          <PrCurveChart series={view.pr} testId="curve-pr" />
          <BeyondAccuracyChart rows={view.beyond} k={view.beyondK} testId="chart-beyond" />
        </div>
      </Card>
      <Card title={`All ranking metrics at K = ${view.k}`}>
        <ValuesAtKTable view={view} />
      </Card>
      <Card title="Trend over the test window">
        {view.trend ? <TrendChart data={view.trend} series={view.series} testId="chart-trend" /> : <div className="empty">No per-day trend in this run.</div>}
      </Card>
      {view.cold && (
        <Card title={`Cold users (fallback: ${view.cold.fallback})`}>
          <ColdUsersTable cold={view.cold} />
        </Card>
      )}
    </>
  );
}
