import type { DiagnosticsDto } from '@/lib/db/performance-types';

/** Facts about the training data that decide which models can work, and the warnings they raise. */
export function DiagnosticsPanel({ diagnostics }: { diagnostics: DiagnosticsDto }) {
  return (
    <div className="stack" style={{ gap: 12 }}>
      {diagnostics.warnings.length === 0 ? (
        <div className="alert alert-ok" role="status">
          No data warnings: the data has enough repeat customers and co-orders for collaborative filtering.
        </div>
      ) : (
        <ul className="warning-list" aria-label="Data warnings">
          {diagnostics.warnings.map((w) => (
            <li key={w.code} className="alert alert-warn">
              {w.message}
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        {diagnostics.facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
