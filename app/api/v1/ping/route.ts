import { guarded } from '@/lib/api/guard';
import { ok } from '@/lib/api/respond';

export const dynamic = 'force-dynamic';

const BODY = { ok: true, service: 'merchant-recs' };

/**
 * A constant JSON answer: the ceiling for the load benchmark (npm run bench:api). It goes
 * through the same guard and response helper as every API route, so the benchmark's ratio
 * compares the routes' own work.
 */
export const GET = guarded(function GET() {
  return ok(BODY);
});
