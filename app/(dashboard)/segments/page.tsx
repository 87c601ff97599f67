import Link from 'next/link';
import { Suspense } from 'react';

import { getActiveRun } from '@/lib/db/runs';
import { listSavedSegments, listSegmentExports } from '@/lib/db/saved-segments';
import { ensureExportScheduler } from '@/lib/db/segment-export';
import { formatDate } from '@/lib/format';
import { FILTER_KEYS, parseSegmentDefinition } from '@/lib/validation/segment';
import { ExportHistory } from '@/components/segments/export-history';
import { SavedSegments } from '@/components/segments/saved-segments';
import { SegmentHelp } from '@/components/segments/segment-help';
import { Card } from '@/components/ui/card';

import { BacktestSection, BacktestSkeleton, SaveCard, SegmentWorkspace, WorkspaceSkeleton } from './sections';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

/** The segment definition in the URL: `kind` (default high_affinity_prospect) and the filters. */
function definitionParams(sp: SearchParams): Record<string, string> {
  const raw: Record<string, string> = { kind: 'high_affinity_prospect' };
  for (const k of ['kind', ...FILTER_KEYS]) {
    const v = sp[k];
    const s = Array.isArray(v) ? v[0] : v;
    if (s !== undefined && s !== '') raw[k] = s;
  }
  return raw;
}

export default async function SegmentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = definitionParams(await searchParams);
  const parsed = parseSegmentDefinition(raw);
  // Scheduled exports run in this server process (lazily started here and by the export route).
  ensureExportScheduler();
  const [run, saved, exports] = await Promise.all([getActiveRun(), listSavedSegments(), listSegmentExports()]);
  const key = JSON.stringify(raw);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Segments</h1>
          <div className="subtle">Build a CRM target list from the recommendations, check how it would have performed, and download it as CSV.</div>
        </div>
        {run && (
          <span className="badge" title="The run whose recommendations the segments use">
            Run #{run.id} · {run.mode} · as of {formatDate(run.mode === 'evaluate' ? run.snapshot?.cutoff : (run.snapshot?.lastEvent ?? run.snapshot?.cutoff))}
          </span>
        )}
      </div>
      {!run ? (
        <Card>
          <div className="empty">
            No run yet: train one on the <Link href="/performance">Performance tab</Link>, then build segments here.
          </div>
        </Card>
      ) : (
        <>
          <Suspense key={key} fallback={<WorkspaceSkeleton />}>
            <SegmentWorkspace run={run} raw={raw} parsed={parsed} />
          </Suspense>
          {parsed.ok && (
            <div className="grid grid-2">
              <Suspense key={key} fallback={<BacktestSkeleton />}>
                <BacktestSection def={parsed.data} />
              </Suspense>
              <SaveCard def={parsed.data} />
            </div>
          )}
        </>
      )}
      <Card title="Saved segments">
        <SavedSegments segments={saved} now={Date.now()} />
      </Card>
      <Card title="Export history">
        <ExportHistory exports={exports} />
      </Card>
      <SegmentHelp />
    </div>
  );
}
