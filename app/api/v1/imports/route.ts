import { rm } from 'node:fs/promises';
import path from 'node:path';

import { guarded } from '@/lib/api/guard';
import { ok, parseQuery, serve } from '@/lib/api/respond';
import { saveUploadBody } from '@/lib/api/upload';
import { startImportJob } from '@/lib/db/import-jobs';
import { ValidationError } from '@/lib/errors';
import { importUploadQuerySchema, MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE, uploadProblem } from '@/lib/validation/import';

export const dynamic = 'force-dynamic';

/**
 * Upload a file of order events and start importing it: `POST /api/v1/imports?file_name=orders.csv&skip_bad_rows=false`
 * with the file as the body. The body is streamed to a temporary file (a Content-Length over 200 MB
 * gets 413 before anything is read); 202 with the job (`GET /api/v1/imports/{id}` to poll), 409
 * when another import is running.
 */
export const POST = guarded(function POST(req: Request) {
  return serve(async () => {
    const q = parseQuery(importUploadQuerySchema, req);
    const saved = await saveUploadBody(req, q.file_name, MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE);
    const problem = uploadProblem({ name: q.file_name, size: saved.bytes });
    if (problem) {
      await rm(path.dirname(saved.path), { recursive: true, force: true });
      throw new ValidationError(problem);
    }
    return ok(startImportJob(saved.path, q.file_name, saved.bytes, q.skip_bad_rows), 202);
  });
});
