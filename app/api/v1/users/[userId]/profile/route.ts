import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { ok, parseOrThrow, parseQuery, serveParams } from '@/lib/api/respond';
import { withServingIndex } from '@/lib/serving';
import { userProfile } from '@/lib/serving/users';
import { emptyQuerySchema, userIdSchema } from '@/lib/validation/api';

export const dynamic = 'force-dynamic';

/** A user's order count, spend, spending segment and days since last order. */
export const GET = guarded(function GET(req: ApiRequest, ctx: { params: Promise<{ userId: string }> }) {
  return serveParams(ctx.params, (params) => {
    const userId = parseOrThrow(userIdSchema, params.userId, 'user id');
    parseQuery(emptyQuerySchema, req);
    return withServingIndex((index) => ok(userProfile(index, userId)));
  });
});
