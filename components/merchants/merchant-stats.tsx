import type { MerchantProfile } from '@/lib/db/merchants';
import { formatInt, formatMoney, formatPercent } from '@/lib/format';
import { Stat } from '@/components/ui/card';

/** Orders, users, repeat rate and average order value over the data window. */
export function MerchantStats({ profile: p }: { profile: MerchantProfile }) {
  return (
    <div className="grid grid-4" aria-label="Merchant summary">
      <Stat label="Orders" value={<span data-testid="merchant-orders">{formatInt(p.orders)}</span>} hint={`${formatInt(p.views)} page views`} />
      <Stat label="Users" value={formatInt(p.users)} hint="distinct users with an order" />
      <Stat label="Repeat rate" value={formatPercent(p.repeatRate)} hint="of its users ordered 2+ times" />
      <Stat label="Average order value" value={formatMoney(p.averageOrder)} hint={`${formatMoney(p.spend)} in total`} />
    </div>
  );
}
