import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { failInterruptedRuns, getRun } from '@/lib/db/runs';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** A run's status for polling: stage, progress, elapsed time, error. */
export const GET = guarded(async function GET(_req: ApiRequest, ctx: { params: Promise<{ runId: string }> }) {
  const { runId } = await ctx.params;
  const id = Number(runId);
  if (!/^\d{1,9}$/.test(runId) || id < 1) {
    return Response.json({ error: { code: 'invalid_input', message: 'runId must be a positive whole number.' } }, { status: 400 });
  }
  try {
    await failInterruptedRuns();
    return Response.json(await getRun(id), { headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    if (e instanceof AppError) return Response.json({ error: { code: e.code, message: e.message } }, { status: e.status });
    throw e;
  }
});
