import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { elapsedMs, ok, parseQuery, serve } from '@/lib/api/respond';
import { withServingIndex } from '@/lib/serving';
import { popularMerchants } from '@/lib/serving/merchants';
import { popularQuerySchema } from '@/lib/validation/api';

export const dynamic = 'force-dynamic';

/** The active run's most popular merchants: `?n=10&category=pizza`. */
export const GET = guarded(function GET(req: ApiRequest) {
  const t0 = performance.now();
  return serve(() => {
    const q = parseQuery(popularQuerySchema, req);
    return withServingIndex((index) => ok({ ...popularMerchants(index, q), processing_time_ms: elapsedMs(t0) }));
  });
});
