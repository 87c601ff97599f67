'use server';

import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { startImportJob } from '@/lib/db/import-jobs';
import { AppError } from '@/lib/errors';
import { importFormSchema } from '@/lib/validation/import';

import type { ActionResult } from './result';

/** Saves the uploaded file to a temporary folder and starts importing it; returns the job id to poll. */
export async function importEventsAction(_prev: unknown, form: FormData): Promise<ActionResult<{ jobId: string }>> {
  const parsed = importFormSchema.safeParse({ file: form.get('file'), skipBadRows: form.get('skipBadRows') ?? false });
  if (!parsed.success) {
    const fieldErrors = parsed.error.flatten().fieldErrors as Record<string, string[]>;
    return { ok: false, message: Object.values(fieldErrors).flat()[0] ?? 'Invalid upload.', fieldErrors };
  }
  const { file, skipBadRows } = parsed.data;
  const dir = await mkdtemp(path.join(tmpdir(), 'upload-'));
  const target = path.join(dir, path.basename(file.name).replace(/[^\w.-]/g, '_'));
  await pipeline(Readable.fromWeb(file.stream() as never), createWriteStream(target));
  try {
    const job = startImportJob(target, path.basename(file.name), file.size, skipBadRows);
    return { ok: true, data: { jobId: job.id } };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, message: e.message };
    throw e;
  }
}
