import { getLatestEvaluatedRun } from '@/lib/db/runs';
import type { RunSummary } from '@/lib/db/run-types';
import { getSegmentBacktest, getSegmentOptions, getSegmentPreview, SegmentFilterError, type SegmentPreview } from '@/lib/db/segments';
import { formatDate, formatInt } from '@/lib/format';
import { definitionToParams, type FilterKey, type ParseResult, type SegmentDefinition } from '@/lib/validation/segment';
import { BacktestCard } from '@/components/segments/backtest-card';
import { SaveSegmentForm } from '@/components/segments/save-segment-form';
import { SegmentBuilder } from '@/components/segments/segment-builder';
import { KIND_INFO } from '@/components/segments/segment-kinds';
import { SegmentPreviewTable } from '@/components/segments/segment-preview';
import { Card, Stat } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';

/** The builder, the live preview with downloads, and the save form (they share the run's segment data). */
export async function SegmentWorkspace({ run, raw, parsed }: { run: RunSummary; raw: Record<string, string>; parsed: ParseResult<SegmentDefinition> }) {
  const options = await getSegmentOptions(run);
  let preview: SegmentPreview | null = null;
  let errors = parsed.ok ? {} : parsed.fieldErrors;
  if (parsed.ok) {
    try {
      preview = await getSegmentPreview(parsed.data, run);
    } catch (e) {
      if (!(e instanceof SegmentFilterError)) throw e;
      errors = { [e.field]: [e.message] };
    }
  }
  const { kind, ...values } = raw;
  const t = options.aboveDefault;
  const scoreHint = t
    ? `Affinity: 1 = the user's best new merchant. Above 0.7: ${t.p10}–${t.p90} merchants per user with orders (10th–90th percentile), median ${t.p50}.`
    : undefined;
  return (
    <>
      <Card title="Build a segment">
        <SegmentBuilder key={JSON.stringify(raw)} kind={kind ?? ''} values={values as Partial<Record<FilterKey, string>>} errors={errors} merchants={options.merchants} categories={options.categories} scoreHint={scoreHint} />
      </Card>
      {parsed.ok && preview ? (
        <PreviewCard def={parsed.data} preview={preview} />
      ) : (
        <div className="alert alert-warn" role="status">
          Fix the highlighted filter above to see the segment.
        </div>
      )}
    </>
  );
}

function PreviewCard({ def, preview }: { def: SegmentDefinition; preview: SegmentPreview }) {
  const params = definitionToParams(def);
  params.delete('kind');
  const href = (format: 'seed' | 'fields') => `/api/v1/segments/${def.kind}/export?${new URLSearchParams([...params, ['format', format]]).toString()}`;
  const empty = preview.totalRows === 0;
  return (
    <Card
      title={`${KIND_INFO[def.kind].title}: preview`}
      actions={
        <div className="row" style={{ gap: 8 }}>
          <a className={`btn btn-primary${empty ? ' btn-disabled' : ''}`} href={href('seed')} download aria-disabled={empty || undefined}>
            Download CSV (seed format)
          </a>
          <a className={`btn${empty ? ' btn-disabled' : ''}`} href={href('fields')} download aria-disabled={empty || undefined}>
            Download CSV (segment fields)
          </a>
        </div>
      }
    >
      <div className="stack">
        <div className="grid grid-4" aria-label="Segment size">
          <Stat label="Users" value={<span data-testid="segment-users">{formatInt(preview.users)}</span>} />
          <Stat label="Rows" value={<span data-testid="segment-rows">{formatInt(preview.totalRows)}</span>} hint="in the segment-fields file" />
          <Stat label="Seed rows" value={<span data-testid="segment-seed-rows">{formatInt(preview.seedRows)}</span>} hint="one per user and recommended merchant" />
          <Stat label="As of" value={formatDate(preview.referenceTime)} hint={`run #${preview.runId}'s reference time`} />
        </div>
        <SegmentPreviewTable preview={preview} />
      </div>
    </Card>
  );
}

/** The segment's backtest on the latest evaluated run (may differ from the active run). */
export async function BacktestSection({ def }: { def: SegmentDefinition }) {
  const run = await getLatestEvaluatedRun();
  if (!run) return <BacktestCard backtest={null} />;
  try {
    const b = await getSegmentBacktest(def, run);
    return <BacktestCard backtest={b} reason={b ? undefined : `Run #${run.id} has no test window after its cutoff to backtest on.`} />;
  } catch (e) {
    if (e instanceof SegmentFilterError) return <BacktestCard backtest={null} reason={`Cannot backtest on run #${run.id}: ${e.message}`} />;
    throw e;
  }
}

export function SaveCard({ def }: { def: SegmentDefinition }) {
  const merchant = def.filters.merchant ? ` ${def.filters.merchant}` : def.filters.category ? ` ${def.filters.category}` : '';
  return (
    <Card title="Save this segment">
      <SaveSegmentForm key={JSON.stringify(def)} definition={def} suggestedName={`${KIND_INFO[def.kind].title}${merchant}`} />
    </Card>
  );
}

export function WorkspaceSkeleton() {
  return (
    <div className="stack" aria-busy="true" aria-label="Loading the segment builder">
      <Card title="Build a segment">
        <div className="seg-filters">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <Skeleton key={i} height={56} />
          ))}
        </div>
      </Card>
      <Card title="Preview">
        <div className="stack">
          <div className="grid grid-4">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} height={72} />
            ))}
          </div>
          <Skeleton height={240} />
          <span className="subtle small">Reading the run&apos;s recommendations (the first time after training can take a few seconds)…</span>
        </div>
      </Card>
    </div>
  );
}

export function BacktestSkeleton() {
  return (
    <Card title="Backtest">
      <div className="grid grid-4" aria-busy="true" aria-label="Loading the backtest">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={72} />
        ))}
      </div>
    </Card>
  );
}
