import type { SegmentBacktest } from '@/lib/db/segments';
import { formatDate, formatInt, formatPercent } from '@/lib/format';
import { Card, Stat } from '@/components/ui/card';

/**
 * What the segment would have achieved at the latest evaluated run's cutoff: the share of its
 * users who then ordered a recommended merchant, against the base rate of random users.
 */
export function BacktestCard({ backtest, reason }: { backtest: SegmentBacktest | null; reason?: string }) {
  if (!backtest) {
    return (
      <Card title="Backtest">
        <div className="empty">{reason ?? 'No evaluated run yet: train one in evaluate mode on the Performance tab to see how this segment would have done.'}</div>
      </Card>
    );
  }
  const b = backtest;
  const verdict =
    b.users === 0
      ? 'Nobody would have been targeted at the cutoff: widen the filters to backtest this segment.'
      : b.lift === null
        ? 'No comparable user ordered these merchants in the window, so there is no base rate to compare with.'
        : b.lift >= 1.05
          ? `Targeted users ordered a recommended merchant ${b.lift.toFixed(1)}× as often as comparable users.`
          : 'Targeted users did not order the recommended merchants more often than comparable users.';
  return (
    <Card title={`Backtest on run #${b.runId}`}>
      <div className="stack" style={{ gap: 12 }}>
        <div className="grid grid-4" aria-label="Backtest results">
          <Stat label="Targeted users" value={<span data-testid="backtest-users">{formatInt(b.users)}</span>} hint={`at the cutoff, ${formatDate(b.cutoff)}`} />
          <Stat label="Hit rate" value={<span data-testid="backtest-hit-rate">{formatPercent(b.hitRate)}</span>} hint={`${formatInt(b.hits)} ordered a recommended merchant`} />
          <Stat label="Base rate" value={formatPercent(b.baseRate, 2)} hint={b.baseline === 'repeat' ? 'random users who had ordered there' : 'random users, same merchants'} />
          <Stat label="Lift" value={<span data-testid="backtest-lift">{b.lift === null ? '–' : `${b.lift.toFixed(2)}×`}</span>} hint="hit rate ÷ base rate" />
        </div>
        <p style={{ margin: 0 }}>
          <strong>{verdict}</strong>
        </p>
        <p className="subtle small" style={{ margin: 0 }}>
          The segment is rebuilt from run #{b.runId}&apos;s recommendations at its cutoff; a hit is an order at one of the user&apos;s recommended merchants from{' '}
          {formatDate(b.cutoff)} to {formatDate(b.windowEnd - 1)} (14 days, or to the end of the data). The base rate is, for the same merchants, the share of the{' '}
          {formatInt(b.populationUsers)} users with an order before the cutoff who {b.baseline === 'repeat' ? 'had ordered there and ordered there again' : 'had never ordered there and then did'}{' '}
          (per user: 1 − Π(1 − p) over their merchants).
        </p>
      </div>
    </Card>
  );
}
