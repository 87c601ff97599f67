import type { BaselineComparison, BaselineDifference } from '@/lib/db/performance-types';

import { ModelTable } from './model-table';

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
    <ModelTable
      label={`Difference to the best baseline (${comparison.baseline})`}
      corner={`Model − ${comparison.baseline}`}
      columns={comparison.columns}
      rows={comparison.rows}
      cell={(r, key) => {
        const d = r.differences[key];
        if (!d) return '–';
        const v = VERDICT[d.verdict];
        return (
          <>
            <div>{signed(d.value)}</div>
            {d.lo !== null && d.hi !== null && (
              <span className="ci" title="95% paired bootstrap interval of the difference">
                {signed(d.lo)} … {signed(d.hi)}
              </span>
            )}
            <span className={`badge ${v.cls}`}>{v.text}</span>
          </>
        );
      }}
    />
  );
}
