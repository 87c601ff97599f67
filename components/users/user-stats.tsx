import type { UserProfile } from '@/lib/db/users';
import { formatDate, formatInt, formatMoney } from '@/lib/format';
import { Stat } from '@/components/ui/card';

const SEGMENT_BADGE = { high: 'badge-ok', medium: '', low: 'badge-warn', none: 'badge-bad' } as const;

/** Orders, spend, days since last order (as of the data's end) and spending segment. */
export function UserStats({ profile: p }: { profile: UserProfile }) {
  const t = p.thresholds;
  return (
    <div className="grid grid-4" aria-label="User summary">
      <Stat label="Orders" value={<span data-testid="user-orders">{formatInt(p.orders)}</span>} hint={`${formatInt(p.merchants)} merchants · ${formatInt(p.views)} page views`} />
      <Stat label="Spend" value={formatMoney(p.spend)} hint={p.orders ? `${formatMoney(p.spend / p.orders)} per order` : 'no orders'} />
      <Stat
        label="Days since last order"
        value={p.daysSinceLastOrder === null ? '–' : formatInt(p.daysSinceLastOrder)}
        hint={p.asOf === null ? 'no data' : `as of ${formatDate(p.asOf)}, the data's last event${p.lastOrder ? ` · last order ${formatDate(p.lastOrder)}` : ''}`}
      />
      <Stat
        label="Spending segment"
        value={<span className={`badge ${SEGMENT_BADGE[p.segment]}`}>{p.segmentLabel}</span>}
        hint={t ? `Terciles of spend among ${formatInt(t.users)} ordering users: medium from ${formatMoney(t.medium)}, high from ${formatMoney(t.high)}` : 'nobody has ordered yet'}
      />
    </div>
  );
}
