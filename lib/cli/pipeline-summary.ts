import type { ModelKind } from '@/lib/recsys';
import type { MetricsDocument, ModelMetricsJson } from '@/lib/recsys/metrics-document';

const f3 = (x: number) => x.toFixed(3);
const n = (x: number) => x.toLocaleString('en');

function row(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
    .join('  ')
    .trimEnd();
}

function metricsRow(name: string, m: ModelMetricsJson): string[] {
  const nd = m.intervals['ndcg@10'];
  const ci = nd ? `${f3(nd.value)} [${f3(nd.lo)}, ${f3(nd.hi)}]` : f3(m['ndcg@10']);
  return [
    name,
    f3(m['precision@5']),
    f3(m['recall@10']),
    f3(m['hitrate@5']),
    ci,
    f3(m['map@10']),
    f3(m['mrr@10']),
    f3(m['coverage@10']),
    f3(m['diversity@10']),
    m.fitSeconds.toFixed(1),
  ];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [row(header, widths), ...rows.map((r) => row(r, widths))];
}

/**
 * The run's summary for people: one row per model (P@5, R@10, HR@5, NDCG@10 with its 95 %
 * interval, MAP@10, MRR@10, coverage, diversity, fit seconds), the best model and its paired
 * difference to the best baseline, the targets met / not met, and the diagnostics' warnings.
 * @param doc - the metrics document of the run's protocol
 */
export function formatPipelineSummary(doc: MetricsDocument): string {
  const names = Object.keys(doc.models) as ModelKind[];
  const entries = names.map((k) => [k, doc.models[k]!] as const);
  const out: string[] = [
    `protocol ${doc.protocol} · split ${doc.split} · ${n(doc.evaluatedUsers)} evaluated users` +
      ` · ${n(doc.coldUsers)} cold users (popularity fallback) · ${n(doc.catalogSize)} candidate merchants`,
    '',
    ...table(
      [
        'model',
        'P@5',
        'R@10',
        'HR@5',
        'NDCG@10 [95% CI]',
        'MAP@10',
        'MRR@10',
        'Cov',
        'Div',
        'fit s',
      ],
      entries.map(([k, m]) => metricsRow(k, m)),
    ),
    '',
  ];
  const best = doc.models[doc.best]!;
  const vs = best.vsBaseline?.['ndcg@10'];
  out.push(
    `best: ${doc.best} (NDCG@10 ${f3(best['ndcg@10'])})` +
      (vs
        ? `, ${vs.value >= 0 ? '+' : ''}${f3(vs.value)} [${f3(vs.lo)}, ${f3(vs.hi)}] vs the best baseline ${best.vsBaseline!.baseline}`
        : ''),
    '',
  );
  const targets = entries[0]![1].targets;
  out.push(
    ...table(
      ['target (value > threshold)', ...names],
      targets.map((t, i) => [
        `${t.name} > ${t.threshold}`,
        ...entries.map(
          ([, m]) => `${f3(m.targets[i]!.value)} ${m.targets[i]!.met ? 'met' : 'not met'}`,
        ),
      ]),
    ),
    '',
  );
  const warnings = doc.diagnostics.warnings;
  if (!warnings.length) out.push('diagnostics: no warnings');
  else out.push('diagnostics warnings:', ...warnings.map((w) => `  - [${w.code}] ${w.message}`));
  return out.join('\n');
}
