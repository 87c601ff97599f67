import type { PerformanceView, ProtocolView, RunFacts } from '@/lib/db/performance-types';
import { formatDate, formatDateTime, formatDuration, formatInt } from '@/lib/format';

function Facts({ items }: { items: Array<[string, string]> }) {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function snapshotFacts(run: RunFacts): Array<[string, string]> {
  const s = run.snapshot;
  if (!s) return [['Snapshot', 'not recorded (the run stopped before loading data)']];
  return [
    ['Events', `${formatInt(s.events)} (${formatInt(s.checkouts)} checkouts)`],
    ['Users', formatInt(s.users)],
    ['Merchants', formatInt(s.merchants)],
    ['Time span', `${formatDate(s.firstEvent)} – ${formatDate(s.lastEvent)}`],
    [run.mode === 'evaluate' ? 'Cutoff (test from)' : 'Reference time', formatDateTime(s.cutoff)],
  ];
}

export function configFacts(run: RunFacts): Array<[string, string]> {
  return [
    ['Mode', run.mode === 'evaluate' ? 'evaluate (temporal split)' : 'production (all data)'],
    ['Models', run.models.join(', ') || '–'],
    ['Protocols', run.protocols.join(', ') || '–'],
    ['Seed', run.seed === null ? '–' : String(run.seed)],
    ['Cached per user', run.topN === null ? '–' : `top ${run.topN}`],
    ['Started', formatDateTime(run.startedAt ?? run.createdAt)],
    ['Took', run.elapsedSeconds === null ? '–' : formatDuration(run.elapsedSeconds * 1000)],
  ];
}

/** What the run saw (snapshot), what was asked (config), how long each model took, and its parameters. */
export function RunDetails({ run, view, timings }: { run: RunFacts; view: ProtocolView | null; timings: PerformanceView['timings'] }) {
  return (
    <div className="stack">
      <div className="grid grid-2">
        <div>
          <h3>Data snapshot</h3>
          <Facts items={snapshotFacts(run)} />
        </div>
        <div>
          <h3>Configuration and timing</h3>
          <Facts items={configFacts(run)} />
        </div>
      </div>
      {view && view.params.length > 0 && (
        <div>
          <h3>Chosen parameters and timings</h3>
          <div className="table-scroll">
            <table className="table" aria-label="Model parameters">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col" className="num">Fit</th>
                  <th scope="col" className="num">Recommend (all test users)</th>
                  <th scope="col">Parameters</th>
                </tr>
              </thead>
              <tbody>
                {view.params.map((p) => {
                  const row = view.rows.find((r) => r.model === p.model);
                  return (
                    <tr key={p.model}>
                      <th scope="row">{p.model}</th>
                      <td className="num">{row?.fitSeconds === null || row?.fitSeconds === undefined ? '–' : formatDuration(row.fitSeconds * 1000)}</td>
                      <td className="num">{row?.recommendSeconds === null || row?.recommendSeconds === undefined ? '–' : formatDuration(row.recommendSeconds * 1000)}</td>
                      <td className="mono small">{p.params.length ? p.params.map(([k, v]) => `${k}=${v}`).join('  ') : '–'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {timings.length > 0 && (
        <details>
          <summary>
            Stage timings ({timings.length} stages, {formatDuration(timings.reduce((a, t) => a + t.seconds, 0) * 1000)} in the engine)
          </summary>
          <table className="table" aria-label="Stage timings" style={{ marginTop: 8 }}>
            <tbody>
              {timings.map((t, i) => (
                <tr key={`${i}-${t.stage}`}>
                  <th scope="row">{t.stage}</th>
                  <td className="num">{formatDuration(t.seconds * 1000)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
