import type { IntervalValue, ProtocolView } from '@/lib/db/performance-types';
import { formatMetric } from '@/lib/format';

import { metricText, ModelTable } from './model-table';

function Interval({ v }: { v: IntervalValue }) {
  if (v.lo === null || v.hi === null) return null;
  return (
    <span className="ci" title="95% bootstrap interval over users">
      {formatMetric(v.lo)}–{formatMetric(v.hi)}
    </span>
  );
}

function TargetBadge({ met }: { met: boolean | undefined }) {
  if (met === undefined) return null;
  return <span className={`badge ${met ? 'badge-ok' : 'badge-bad'}`}>{met ? 'met' : 'not met'}</span>;
}

/**
 * Every model and baseline on the headline metrics with 95 % intervals; columns with a target
 * of the seed issue show whether each model meets it.
 */
export function MetricsTable({ view }: { view: ProtocolView }) {
  return (
    <div className="table-scroll">
      <table className="table metrics-table" aria-label={`Metrics, ${view.protocol} protocol`}>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {view.columns.map((c) => (
              <th key={c.key} scope="col" className="num">
                {c.label}
                {c.target !== null && <div className="subtle small">target &gt; {c.target}</div>}
              </th>
            ))}
            <th scope="col" className="num">Novelty@{view.beyondK}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={r.model} className={r.best ? 'row-best' : undefined}>
              <th scope="row">
                <span className="model-name">{r.model}</span>
                {r.baseline && <span className="badge badge-muted">baseline</span>}
                {r.model === view.bestModel && <span className="badge">best</span>}
                {r.bestBaseline && <span className="badge badge-muted">best baseline</span>}
              </th>
              {view.columns.map((c) => {
                const v = r.values[c.key];
                return (
                  <td key={c.key} className="num">
                    {v ? (
                      <>
                        <div>{formatMetric(v.value)}</div>
                        <Interval v={v} />
                        <TargetBadge met={r.targetsMet[c.key]} />
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                );
              })}
              <td className="num">{r.novelty === null ? '–' : r.novelty.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The six ranking metrics of every model at the K chosen on the page (from the curves). */
export function ValuesAtKTable({ view }: { view: ProtocolView }) {
  return <ModelTable label={`Metrics at K = ${view.k}`} columns={view.atKColumns} rows={view.atK} cell={(r, key) => metricText(r.values[key])} />;
}
