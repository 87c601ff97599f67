import type { BaselineComparison, BaselineDifference } from '@/lib/db/performance-types';

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}

const VERDICT: Record<BaselineDifference['verdict'], { text: string; cls: string }> = {
  better: { text: 'better', cls: 'badge-ok' },
  worse: { text: 'worse', cls: 'badge-bad' },
  same: { text: 'no clear difference', cls: 'badge-muted' },
};

/** Each model minus the best baseline, with the paired bootstrap 95 % interval of the difference. */
export function BaselineTable({ comparison }: { comparison: BaselineComparison }) {
  if (comparison.rows.length === 0) {
    return <div className="empty">Only baselines were trained in this run: nothing to compare with {comparison.baseline}.</div>;
  }
  return (
    <div className="table-scroll">
      <table className="table" aria-label={`Difference to the best baseline (${comparison.baseline})`}>
        <thead>
          <tr>
            <th scope="col">Model − {comparison.baseline}</th>
            {comparison.columns.map((c) => (
              <th key={c.key} scope="col" className="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {comparison.rows.map((r) => (
            <tr key={r.model}>
              <th scope="row">{r.model}</th>
              {comparison.columns.map((c) => {
                const d = r.differences[c.key];
                if (!d) return <td key={c.key} className="num">–</td>;
                const v = VERDICT[d.verdict];
                return (
                  <td key={c.key} className="num">
                    <div>{signed(d.value)}</div>
                    {d.lo !== null && d.hi !== null && (
                      <span className="ci" title="95% paired bootstrap interval of the difference">
                        {signed(d.lo)} … {signed(d.hi)}
                      </span>
                    )}
                    <span className={`badge ${v.cls}`}>{v.text}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
