import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { getActiveRun } from '@/lib/db/runs';
import { createSegmentCsv, ensureExportScheduler } from '@/lib/db/segment-export';
import { AppError } from '@/lib/errors';
import { exportFormatSchema, issuesToErrors, parseSegmentDefinition } from '@/lib/validation/segment';

export const dynamic = 'force-dynamic';

const error = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store' } });

/**
 * CSV download of a segment over the active run. Query parameters are the segment's filters
 * (see lib/validation/segment.ts) and `format`: `seed` (default; amplitude_id, segment,
 * recommended_merchant_id, recommended_merchant_name, score, export_date) or `fields` (the
 * segment's own columns). Streams in chunks; bad filters → 400 `{"error": {code, message}}`.
 */
export const GET = guarded(async function GET(req: ApiRequest, ctx: { params: Promise<{ segment: string }> }) {
  const { segment } = await ctx.params;
  const query = new URL(req.url).searchParams;
  const format = exportFormatSchema.safeParse(query.get('format') ?? undefined);
  if (!format.success) return error(400, 'invalid_filter', issuesToErrors(format.error).message);
  query.delete('format');
  query.set('kind', segment);
  const def = parseSegmentDefinition(query);
  if (!def.ok) return error(400, def.fieldErrors.kind ? 'unknown_segment' : 'invalid_filter', def.message);
  const run = await getActiveRun();
  if (!run) return error(409, 'no_run', 'No trained run yet: train one on the Performance tab, then download segments.');
  ensureExportScheduler();
  try {
    const csv = await createSegmentCsv(def.data, format.data, run);
    return new Response(csv.stream, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${csv.fileName}"`,
        'Cache-Control': 'no-store',
        'X-Run-Id': String(run.id),
      },
    });
  } catch (e) {
    if (e instanceof AppError) return error(e.status, e.status === 400 ? 'invalid_filter' : e.code, e.message);
    console.error('segment export failed', e);
    return error(500, 'internal', 'The export failed unexpectedly; try again, and check the server log if it keeps failing.');
  }
});
