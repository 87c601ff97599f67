import { SEED_HEADER, SEGMENT_FIELDS, SEGMENT_KINDS } from '@/lib/recsys/segments';

import { KIND_INFO } from './segment-kinds';

/** How segments are built: the score scale, the facts, each kind's logic, files and schedules. */
export function SegmentHelp() {
  return (
    <details className="card seg-help">
      <summary>
        <strong>How segments are built</strong>
      </summary>
      <div className="stack" style={{ gap: 10, marginTop: 10 }}>
        <p>
          <strong>Score: affinity (0–1).</strong> Recommendations are the user&apos;s cached <em>discovery</em> list: the hybrid model&apos;s top merchants
          the user never ordered at. The hybrid&apos;s score blends five signals (similar merchants, latent factors, popularity, recent popularity, repeat),
          each scaled to 0–1 for that user; a user's best merchant they never tried usually scores only 0.25–0.45 on it, because the merchants they already order from
          take the top of each signal. So segments use <em>affinity</em> = that score ÷ the user&apos;s best score among merchants they never ordered at:
          1 is the user&apos;s strongest new-merchant match, 0.7 (the default threshold) a merchant scoring 70% of it. The merchant pages&apos; audiences use
          the same scale.
        </p>
        <p>
          <strong>Facts.</strong> Orders, spend, days since last order, platform (the one the user ordered with most) and spending segment (thirds of total
          spend among users with orders) count checkouts up to the run&apos;s reference time: the split cutoff for an evaluate run, the last event for a
          production run.
        </p>
        <ul>
          {SEGMENT_KINDS.map((k) => (
            <li key={k}>
              <strong>{KIND_INFO[k].title}</strong> (<code>{k}</code>): {KIND_INFO[k].description} Columns: <code>{SEGMENT_FIELDS[k].join(', ')}</code>.
            </li>
          ))}
        </ul>
        <p>
          <strong>Downloads.</strong> <em>Seed format</em> (default): <code>{SEED_HEADER.join(',')}</code>, one row per user and recommended merchant (for
          superfans, the score is the user&apos;s orders there ÷ the top fan&apos;s). <em>Segment fields</em>: the columns above. Files are named{' '}
          <code>{'{segment}_{YYYY-MM-DD}.csv'}</code> and stream, so any size downloads with little memory. Cells that start with =, +, -, @ get a leading
          quote so a spreadsheet never runs them as formulas. Scripts can call <code>GET /api/v1/segments/{'{segment}'}/export?format=seed|fields</code> with
          the filters as query parameters (as in this page&apos;s address).
        </p>
        <p>
          <strong>Scheduled exports.</strong> A saved segment with a daily or weekly schedule is written to{' '}
          <code>outputs/recommendations/exports/segment-{'{id}'}/</code> by the server (it checks every 15 minutes while it runs; set{' '}
          <code>SEGMENT_EXPORT_INTERVAL_MINUTES=0</code> to turn that off) or by cron: <code>15 * * * * cd /path/to/app &amp;&amp; npx tsx lib/cli/exports.ts</code>
          . Both may run: each export is claimed in the database first, so none is written twice.
        </p>
      </div>
    </details>
  );
}
