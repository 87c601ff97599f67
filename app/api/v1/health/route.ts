import { guarded } from '@/lib/api/guard';
import { ok, serve } from '@/lib/api/respond';
import { getServingIndex } from '@/lib/serving';
import { health } from '@/lib/serving/status';

export const dynamic = 'force-dynamic';

/** How long a health check waits for the first index before answering `loading`. */
const WAIT_MS = 200;

/** Status, active run, its training time, users and merchants (503 `loading` until the first index is built). */
export const GET = guarded(function GET() {
  return serve(async () => {
    const index = await Promise.race([getServingIndex(), new Promise<null>((r) => setTimeout(() => r(null), WAIT_MS))]);
    return index ? ok(health(index)) : ok(health(null), 503, { 'Retry-After': '5' });
  });
});
