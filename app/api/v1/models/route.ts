import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { ok, parseQuery, serve } from '@/lib/api/respond';
import { getServingIndex } from '@/lib/serving';
import { listModels } from '@/lib/serving/status';
import { emptyQuerySchema } from '@/lib/validation/api';

export const dynamic = 'force-dynamic';

/** The served models, which the active run cached, and their headline test metrics. */
export const GET = guarded(function GET(req: ApiRequest) {
  return serve(async () => {
    parseQuery(emptyQuerySchema, req);
    return ok(await listModels(await getServingIndex()));
  });
});
