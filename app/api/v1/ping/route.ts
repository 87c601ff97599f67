export const dynamic = 'force-dynamic';

const BODY = { ok: true, service: 'merchant-recs' };

/** A constant JSON answer: the framework's own ceiling for the load benchmark (npm run bench:api). */
export function GET() {
  return Response.json(BODY, { headers: { 'Cache-Control': 'no-store' } });
}
