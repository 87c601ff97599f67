import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { elapsedMs, ok, parseOrThrow, parseQuery, serveParams } from '@/lib/api/respond';
import { withServingIndex } from '@/lib/serving';
import { similarMerchants } from '@/lib/serving/merchants';
import { merchantIdSchema, similarQuerySchema } from '@/lib/validation/api';

export const dynamic = 'force-dynamic';

/** Merchants most similar to one merchant: `?n=5`. */
export const GET = guarded(function GET(req: ApiRequest, ctx: { params: Promise<{ merchantId: string }> }) {
  const t0 = performance.now();
  return serveParams(ctx.params, (params) => {
    const merchantId = parseOrThrow(merchantIdSchema, params.merchantId, 'merchant id');
    const q = parseQuery(similarQuerySchema, req);
    return withServingIndex((index) => ok({ ...similarMerchants(index, merchantId, q.n), processing_time_ms: elapsedMs(t0) }));
  });
});
