import { guarded } from '@/lib/api/guard';
import { ok, parseQuery, serve } from '@/lib/api/respond';
import { dataChanged } from '@/lib/serving';
import { ingestEvents, itemsOf, readBody } from '@/lib/serving/events';
import { eventsQuerySchema } from '@/lib/validation/api';

export const dynamic = 'force-dynamic';

/**
 * Order events in the import schema (one, an array, or {"events": [...]}, ≤ 10,000): validated
 * like a file import, stored in one transaction, idempotent. `?skip_bad=true` stores the valid
 * items of a batch with bad ones. 400 bad items (by index) · 409 another writer · 413 too large · 429 busy.
 */
export const POST = guarded(function POST(req: Request) {
  return serve(async () => {
    const q = parseQuery(eventsQuerySchema, req);
    const items = itemsOf(await readBody(req));
    const result = await ingestEvents(items, q.skip_bad);
    if (result.accepted > 0) dataChanged();
    return ok(result);
  });
});
