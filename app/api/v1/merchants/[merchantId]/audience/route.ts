import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { elapsedMs, ok, parseOrThrow, parseQuery, serveParams } from '@/lib/api/respond';
import { withServingIndex } from '@/lib/serving';
import { merchantAudience } from '@/lib/serving/merchants';
import { audienceQuerySchema, merchantIdSchema } from '@/lib/validation/api';

export const dynamic = 'force-dynamic';

/** Users most likely to order at a merchant next (who never ordered there): `?n=100`. */
export const GET = guarded(function GET(req: ApiRequest, ctx: { params: Promise<{ merchantId: string }> }) {
  const t0 = performance.now();
  return serveParams(ctx.params, (params) => {
    const merchantId = parseOrThrow(merchantIdSchema, params.merchantId, 'merchant id');
    const q = parseQuery(audienceQuerySchema, req);
    return withServingIndex((index) => ok({ ...merchantAudience(index, merchantId, q.n), processing_time_ms: elapsedMs(t0) }));
  });
});
