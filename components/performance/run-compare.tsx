import Link from 'next/link';

import type { RunComparison, RunFacts } from '@/lib/db/performance-types';

import { metricText, ModelTable } from './model-table';
import { configFacts, snapshotFacts } from './run-details';
import { performanceHref, type PerformanceParams } from './url';

function RunColumn({ run, side }: { run: RunFacts; side: 'A' | 'B' }) {
  const items = [...snapshotFacts(run), ...configFacts(run)];
  return (
    <div className="compare-col">
      <h3>
        {side}: run #{run.id} <span className="subtle">({run.mode}{run.isActive ? ', active' : ''})</span>
      </h3>
      <dl className="facts">
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Delta({ a, b }: { a: number | null | undefined; b: number | null | undefined }) {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const d = b - a;
  const cls = Math.abs(d) < 5e-4 ? 'subtle' : d > 0 ? 'delta-up' : 'delta-down';
  return <div className={`small ${cls}`}>{`${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(3)}`}</div>;
}

/** Two runs side by side: what each saw and was asked, and each model's metrics A → B. */
export function RunCompare({ comparison, params }: { comparison: RunComparison; params: PerformanceParams }) {
  const { a, b } = comparison;
  return (
    <div className="stack" data-testid="run-compare">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span className="subtle">
          Protocol: {comparison.protocol}. Cells read A → B, with the change below.
        </span>
        <Link href={performanceHref(params, { compare: null })}>Close comparison</Link>
      </div>
      <div className="grid grid-2">
        <RunColumn run={a} side="A" />
        <RunColumn run={b} side="B" />
      </div>
      {comparison.notes.map((n) => (
        <div key={n} className="alert alert-warn">
          {n}
        </div>
      ))}
      {comparison.rows.length > 0 && (
        <ModelTable
          label={`Run #${a.id} compared with run #${b.id}`}
          columns={comparison.columns}
          rows={comparison.rows}
          cell={(r, key) => {
            const va = r.a?.[key];
            const vb = r.b?.[key];
            return (
              <>
                <div>
                  {metricText(va)} → {metricText(vb)}
                </div>
                <Delta a={va} b={vb} />
              </>
            );
          }}
        />
      )}
    </div>
  );
}
