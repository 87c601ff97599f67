'use server';

import { revalidatePath } from 'next/cache';

import { startRunProcess } from '@/lib/db/run-process';
import { createRun, promoteRun, setRunPid } from '@/lib/db/runs';
import { AppError } from '@/lib/errors';
import { parseTrainForm } from '@/lib/validation/train';

import type { ActionResult } from './result';

/** Queues a training run and starts it in its own process; the page polls /api/v1/runs/{id}. */
export async function trainModelsAction(_prev: unknown, form: FormData): Promise<ActionResult<{ runId: number }>> {
  const parsed = parseTrainForm(form);
  if (!parsed.success) {
    const fieldErrors = parsed.error.flatten().fieldErrors as Record<string, string[]>;
    const formErrors = parsed.error.flatten().formErrors;
    return { ok: false, message: [...formErrors, ...Object.values(fieldErrors).flat()][0] ?? 'Invalid request.', fieldErrors };
  }
  const r = parsed.data;
  try {
    const run = await createRun({ mode: r.mode, split: r.mode === 'evaluate' ? r.split! : null, models: r.models, protocols: ['all', 'discovery'], seed: r.seed, topN: 20 });
    await setRunPid(run.id, startRunProcess(run.id));
    revalidatePath('/performance');
    return { ok: true, data: { runId: run.id } };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Makes a finished run the one every page and the API serve. */
export async function promoteRunAction(_prev: unknown, form: FormData): Promise<ActionResult<{ runId: number }>> {
  const runId = Number(form.get('runId'));
  if (!Number.isInteger(runId) || runId < 1) return { ok: false, message: 'Missing or invalid run id.' };
  try {
    await promoteRun(runId);
  } catch (e) {
    if (e instanceof AppError) return { ok: false, message: e.message };
    throw e;
  }
  revalidatePath('/', 'layout');
  return { ok: true, data: { runId } };
}
