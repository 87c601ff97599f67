import Link from 'next/link';
import { Suspense } from 'react';

import { getActiveRun } from '@/lib/db/runs';
import { SERVED_MODELS } from '@/lib/db/user-recommendations';
import { getUserProfile, type UserProfile } from '@/lib/db/users';
import { NotFoundError } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import { Card } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { EntityNotFound } from '@/components/users/entity-not-found';
import { EntitySearch } from '@/components/users/entity-search';
import { modelLabel } from '@/components/users/labels';
import { OrderHistory } from '@/components/users/order-history';
import { RecommendationControls } from '@/components/users/recommendation-controls';
import { UserStats } from '@/components/users/user-stats';

import { decodeParam, HISTORY_SHOWN, parseUserViewParams, userViewQuery } from '../view-params';
import { RecommendationsSection } from './recommendations-section';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ userId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props) {
  return { title: `User ${decodeParam((await params).userId)} · Merchant recommendations` };
}

function UserNotFound({ userId }: { userId: string }) {
  return (
    <EntityNotFound
      kind="users"
      id={userId}
      hint="User ids are matched exactly (e.g. u_000123); the suggestions list the ones that exist."
      label="User id"
      placeholder="Type the start of a user id, e.g. u_00"
    />
  );
}

function RecommendationsSkeleton() {
  return (
    <div className="stack" style={{ gap: 8 }} aria-busy="true" aria-label="Loading recommendations">
      {[0, 1, 2, 3, 4].map((i) => (
        <Skeleton key={i} height={36} />
      ))}
    </div>
  );
}

export default async function UserPage({ params, searchParams }: Props) {
  const userId = decodeParam((await params).userId);
  const view = parseUserViewParams(await searchParams);
  let profile: UserProfile;
  try {
    profile = await getUserProfile(userId);
  } catch (e) {
    if (e instanceof NotFoundError) return <UserNotFound userId={userId} />;
    throw e;
  }
  const run = await getActiveRun();
  const cutoff = run?.mode === 'evaluate' ? (run.snapshot?.cutoff ?? null) : null;
  const models = SERVED_MODELS.map((m) => ({ value: m, label: m === 'hybrid' ? 'Hybrid (default)' : modelLabel(m), available: !run || (run.config.models ?? []).includes(m) }));
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/users">Users</Link> / <span className="mono">{userId}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>
            User <span className="mono">{userId}</span>
          </h1>
          <div className="subtle">
            {profile.firstOrder ? `Ordering since ${formatDate(profile.firstOrder)}` : 'No orders yet'} · data as of {formatDate(profile.asOf)}
          </div>
        </div>
        <div className="head-search">
          <EntitySearch kind="users" label="Find another user" placeholder="User id, e.g. u_00" />
        </div>
      </div>
      <UserStats profile={profile} />
      <Card
        title={
          <>
            Recommendations{' '}
            {run && (
              <span className="subtle small" style={{ fontWeight: 400 }}>
                run #{run.id} · {run.mode}
                {cutoff !== null && ` · cutoff ${formatDate(cutoff)}`}
              </span>
            )}
          </>
        }
        actions={run ? <RecommendationControls models={models} model={view.model} excludeOrdered={view.excludeOrdered} /> : undefined}
      >
        {run ? (
          <Suspense key={`${view.model}:${view.excludeOrdered}`} fallback={<RecommendationsSkeleton />}>
            <RecommendationsSection userId={userId} run={run} view={view} />
          </Suspense>
        ) : (
          <div className="empty">
            No run yet: train one on the <Link href="/performance">Performance</Link> tab to see this user&apos;s recommendations.
          </div>
        )}
      </Card>
      <Card title={`Order history (${profile.orders})`} actions={<span className="subtle small">times in UTC</span>}>
        <OrderHistory
          orders={view.allOrders ? profile.history : profile.history.slice(0, HISTORY_SHOWN)}
          total={profile.orders}
          cutoff={cutoff}
          showAllHref={view.allOrders ? null : `/users/${encodeURIComponent(userId)}${userViewQuery({ ...view, allOrders: true })}`}
        />
      </Card>
    </div>
  );
}
