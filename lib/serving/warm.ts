/**
 * Server-start warm-up of the serving index (called from the top-level instrumentation.ts):
 * the first request no longer pays for loading the active run (about 7 s at 5,000 users), and
 * GET /api/v1/health answers `ok` soon after `next start`.
 */
import { getServingIndex, peekServingIndex } from './index';

export type WarmResult =
  | { status: 'ready'; ms: number; runId: number | null }
  | { status: 'failed'; ms: number; error: string }
  | { status: 'skipped'; reason: string };

/**
 * Builds the serving index in the background. Never throws: a failed build is logged and the
 * next request retries it as before. Skipped during `next build` (NEXT_PHASE
 * phase-production-build, which also loads instrumentation) and when SERVING_WARMUP=0.
 * @param env - the environment to read NEXT_PHASE and SERVING_WARMUP from
 * @param log - where the outcome is written (one line)
 */
export async function warmServingIndex(env: Readonly<Record<string, string | undefined>> = process.env, log: Pick<Console, 'log' | 'error'> = console): Promise<WarmResult> {
  if (env.NEXT_PHASE === 'phase-production-build') return { status: 'skipped', reason: 'next build' };
  if (env.SERVING_WARMUP === '0') return { status: 'skipped', reason: 'SERVING_WARMUP=0' };
  if (peekServingIndex()) return { status: 'skipped', reason: 'already loaded' };
  const t0 = performance.now();
  try {
    const index = await getServingIndex();
    const ms = Math.round(performance.now() - t0);
    const runId = index.cache?.run.id ?? null;
    log.log(`serving index ready in ${ms} ms (${runId === null ? 'no active run yet' : `run #${runId}`}, ${index.activity.userCount} users)`);
    return { status: 'ready', ms, runId };
  } catch (e) {
    const ms = Math.round(performance.now() - t0);
    const error = (e as Error).message;
    log.error(`serving index warm-up failed after ${ms} ms: ${error} (the next request retries)`);
    return { status: 'failed', ms, error };
  }
}
