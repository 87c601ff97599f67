import { guarded } from '@/lib/api/guard';
import { openApiDocument } from '@/lib/serving/openapi';

export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers use. */
export const GET = guarded(function GET() {
  return Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
});
