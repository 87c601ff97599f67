import Link from 'next/link';
import { Suspense } from 'react';

import { getMerchantProfile, SUPERFANS_EXPORT, type MerchantProfile, type Superfan } from '@/lib/db/merchants';
import { getActiveRun } from '@/lib/db/runs';
import { NotFoundError } from '@/lib/errors';
import { formatDate, formatInt } from '@/lib/format';
import { DownloadLink } from '@/components/merchants/download-link';
import { MerchantStats } from '@/components/merchants/merchant-stats';
import { SuperfansTable } from '@/components/merchants/superfans-table';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { EntityNotFound } from '@/components/users/entity-not-found';
import { EntitySearch } from '@/components/users/entity-search';

import { decodeParam } from '../../users/view-params';
import { ListsSection } from './lists-section';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ merchantId: string }> };

export async function generateMetadata({ params }: Props) {
  return { title: `Merchant ${decodeParam((await params).merchantId)} · Merchant recommendations` };
}

function MerchantNotFound({ merchantId }: { merchantId: string }) {
  return (
    <EntityNotFound kind="merchants" id={merchantId} hint="Type part of its id or name and pick a suggestion." label="Merchant id or name" placeholder="e.g. m_00042 or Burger" />
  );
}

function ListsSkeleton() {
  return (
    <div className="grid grid-2" aria-busy="true" aria-label="Loading similar merchants and audience">
      <Skeleton height={320} />
      <Skeleton height={320} />
    </div>
  );
}

export default async function MerchantPage({ params }: Props) {
  const merchantId = decodeParam((await params).merchantId);
  let data: { profile: MerchantProfile; superfans: Superfan[] };
  try {
    data = await getMerchantProfile(merchantId);
  } catch (e) {
    if (e instanceof NotFoundError) return <MerchantNotFound merchantId={merchantId} />;
    throw e;
  }
  const { profile, superfans } = data;
  const run = await getActiveRun();
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/merchants">Merchants</Link> / <span className="mono">{merchantId}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>{profile.name}</h1>
          <div className="subtle">
            <span className="mono">{merchantId}</span> · {profile.category || 'no category'}
            {profile.firstOrder !== null && ` · orders from ${formatDate(profile.firstOrder)} to ${formatDate(profile.lastOrder)}`}
          </div>
        </div>
        <div className="head-search">
          <EntitySearch kind="merchants" label="Find another merchant" placeholder="Id or name" />
        </div>
      </div>
      <MerchantStats profile={profile} />
      {run ? (
        <Suspense fallback={<ListsSkeleton />}>
          <ListsSection merchantId={merchantId} name={profile.name} run={run} />
        </Suspense>
      ) : (
        <div className="empty card">
          No run yet: train one on the <Link href="/performance">Performance</Link> tab to see similar merchants and the likely audience.
        </div>
      )}
      <Card
        title="Superfans"
        actions={superfans.length > 0 && <DownloadLink merchantId={merchantId} list="superfans" label={`Download top ${formatInt(Math.min(profile.users, SUPERFANS_EXPORT))} (CSV)`} />}
      >
        <p className="subtle small" style={{ marginTop: 0 }}>
          Its best customers over the data window: most orders, then most spend.
        </p>
        <SuperfansTable superfans={superfans} />
      </Card>
    </div>
  );
}
