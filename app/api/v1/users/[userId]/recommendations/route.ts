import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { elapsedMs, okText, parseOrThrow, parseQuery, serveParams } from '@/lib/api/respond';
import { withServingIndex } from '@/lib/serving';
import { recommendationsText } from '@/lib/serving/recommend-text';
import { recommendationsQuerySchema, userIdSchema } from '@/lib/validation/api';

export const dynamic = 'force-dynamic';

/** Ranked merchants for a user: `?n=10&model=hybrid&exclude_ordered=false&category=pizza`. */
export const GET = guarded(function GET(req: ApiRequest, ctx: { params: Promise<{ userId: string }> }) {
  const t0 = performance.now();
  return serveParams(ctx.params, (params) => {
    const userId = parseOrThrow(userIdSchema, params.userId, 'user id');
    const q = parseQuery(recommendationsQuerySchema, req);
    return withServingIndex((index) => okText(recommendationsText(index, userId, q, () => elapsedMs(t0))));
  });
});
