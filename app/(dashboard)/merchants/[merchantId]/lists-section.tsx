import { getMerchantLists } from '@/lib/db/merchant-lists';
import type { RunSummary } from '@/lib/db/run-types';
import { formatDate, formatInt } from '@/lib/format';
import { AudienceHistogram } from '@/components/merchants/audience-histogram';
import { AudienceTable } from '@/components/merchants/audience-table';
import { DownloadLink } from '@/components/merchants/download-link';
import { SimilarMerchants } from '@/components/merchants/similar-merchants';
import { Card } from '@/components/ui/card';

/** Similar merchants and likely audience from the active run's cache. */
export async function ListsSection({ merchantId, name, run }: { merchantId: string; name: string; run: RunSummary }) {
  const lists = await getMerchantLists(merchantId, run.id);
  if (!lists) {
    const cutoff = run.snapshot?.cutoff;
    return (
      <div className="alert alert-warn" role="note">
        Run #{run.id} has no similar merchants or audience for {name}: it had no orders before {cutoff ? formatDate(cutoff) : 'the run'}, so the models know nothing about it yet. Train a
        new run on the Performance tab once it has orders.
      </div>
    );
  }
  return (
    <div className="grid grid-2">
      <Card title="Similar merchants" actions={lists.similar.length > 0 && <DownloadLink merchantId={merchantId} list="similar" label="Download CSV" />}>
        <p className="subtle small" style={{ marginTop: 0 }}>
          Competitors: merchants whose customers overlap most with this one&apos;s (run #{run.id}).
        </p>
        <SimilarMerchants similar={lists.similar} />
      </Card>
      <Card title="Likely audience" actions={lists.audienceSize > 0 && <DownloadLink merchantId={merchantId} list="audience" label={`Download ${formatInt(lists.audienceSize)} users (CSV)`} />}>
        <p className="subtle small" style={{ marginTop: 0 }}>
          Users who never ordered here, ranked by affinity: {formatInt(lists.audienceSize)} users have {name} among their top recommendations.
        </p>
        {lists.audienceSize === 0 ? (
          <div className="empty">No audience: no user has this merchant among their top recommendations.</div>
        ) : (
          <>
            <AudienceHistogram bins={lists.histogram} total={lists.audienceSize} />
            <h3>Top {lists.audience.length}</h3>
            <AudienceTable audience={lists.audience} />
          </>
        )}
      </Card>
    </div>
  );
}
