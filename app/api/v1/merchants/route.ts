import { z } from 'zod';

import type { ApiRequest } from '@/lib/api/api-request';
import { guarded } from '@/lib/api/guard';
import { searchMerchants } from '@/lib/db/merchants';

export const dynamic = 'force-dynamic';

const query = z.object({
  q: z.string().max(100, 'q must be at most 100 characters').default(''),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** Search suggestions: merchants whose id starts with `q` or whose name contains it, most orders first. */
export const GET = guarded(async function GET(req: ApiRequest) {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = query.safeParse(params);
  if (!parsed.success) {
    return Response.json({ error: { code: 'invalid_input', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } }, { status: 400 });
  }
  const merchants = await searchMerchants(parsed.data.q, parsed.data.limit);
  return Response.json({ merchants }, { headers: { 'Cache-Control': 'no-store' } });
});
