import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { getImportJob } from '@/lib/db/import-jobs';

export const dynamic = 'force-dynamic';

/** Status of a dashboard upload being imported, for polling. */
export const GET = guarded(async function GET(_req: ApiRequest, ctx: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await ctx.params;
  const job = getImportJob(jobId);
  if (!job) {
    return Response.json({ error: { code: 'not_found', message: `No import job ${jobId.slice(0, 64)} (finished jobs are kept for an hour).` } }, { status: 404 });
  }
  return Response.json(job, { headers: { 'Cache-Control': 'no-store' } });
});
