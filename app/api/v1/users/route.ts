import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { ok, parseQuery, serve } from '@/lib/api/respond';
import { withServingIndex } from '@/lib/serving';
import { listUsers } from '@/lib/serving/users';
import { usersQuerySchema } from '@/lib/validation/api';

export const dynamic = 'force-dynamic';

/** Users with order counts, most orders first: `?limit=20&offset=0&q=u_00` (q: id prefix). */
export const GET = guarded(function GET(req: ApiRequest) {
  return serve(() => {
    const q = parseQuery(usersQuerySchema, req);
    return withServingIndex((index) => ok(listUsers(index, q)));
  });
});
