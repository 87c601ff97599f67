import { guarded } from '@/lib/api/guard';

export const dynamic = 'force-dynamic';

const BODY = { ok: true, service: 'merchant-recs' };

/** A constant JSON answer: the framework's own ceiling for the load benchmark (npm run bench:api). */
export const GET = guarded(function GET() {
  return Response.json(BODY, { headers: { 'Cache-Control': 'no-store' } });
});
