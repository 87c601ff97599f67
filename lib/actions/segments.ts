'use server';

import { revalidatePath } from 'next/cache';

import { getActiveRun } from '@/lib/db/runs';
import { createSavedSegment, deleteSavedSegment, getSavedSegment, updateSegmentSchedule } from '@/lib/db/saved-segments';
import { exportSavedSegment, runDueExportsSoon } from '@/lib/db/segment-export';
import { checkSegmentDefinition, SegmentFilterError } from '@/lib/db/segments';
import { AppError } from '@/lib/errors';
import { issuesToErrors, parseSegmentDefinition, saveSegmentSchema, savedSegmentIdSchema, scheduleSchema } from '@/lib/validation/segment';

import type { ActionResult } from './result';

function failure(e: unknown): ActionResult<never> {
  if (e instanceof SegmentFilterError) return { ok: false, message: e.message, fieldErrors: { [e.field]: [e.message] } };
  if (e instanceof AppError) return { ok: false, message: e.message };
  throw e;
}

/** Saves the builder's current definition under a name, optionally on a daily / weekly schedule. */
export async function saveSegmentAction(_prev: unknown, form: FormData): Promise<ActionResult<{ id: number; name: string }>> {
  const parsed = saveSegmentSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, ...issuesToErrors(parsed.error) };
  const def = parseSegmentDefinition((parsed.data.definition ?? {}) as Record<string, unknown>);
  if (!def.ok) return { ok: false, message: def.message, fieldErrors: def.fieldErrors };
  try {
    const run = await getActiveRun();
    if (run) await checkSegmentDefinition(def.data, run);
    const s = await createSavedSegment({ name: parsed.data.name, definition: def.data, schedule: parsed.data.schedule, format: parsed.data.format });
    if (s.schedule) runDueExportsSoon();
    revalidatePath('/segments');
    return { ok: true, data: { id: s.id, name: s.name } };
  } catch (e) {
    return failure(e);
  }
}

export async function deleteSegmentAction(_prev: unknown, form: FormData): Promise<ActionResult<{ id: number }>> {
  const id = savedSegmentIdSchema.safeParse(form.get('id'));
  if (!id.success) return { ok: false, ...issuesToErrors(id.error) };
  try {
    await deleteSavedSegment(id.data);
    revalidatePath('/segments');
    return { ok: true, data: { id: id.data } };
  } catch (e) {
    return failure(e);
  }
}

/** Sets or clears a saved segment's export schedule. */
export async function scheduleSegmentAction(_prev: unknown, form: FormData): Promise<ActionResult<{ id: number }>> {
  const id = savedSegmentIdSchema.safeParse(form.get('id'));
  const schedule = scheduleSchema.safeParse(form.get('schedule'));
  if (!id.success) return { ok: false, ...issuesToErrors(id.error) };
  if (!schedule.success) return { ok: false, ...issuesToErrors(schedule.error) };
  try {
    const s = await updateSegmentSchedule(id.data, schedule.data);
    if (s.schedule) runDueExportsSoon();
    revalidatePath('/segments');
    return { ok: true, data: { id: id.data } };
  } catch (e) {
    return failure(e);
  }
}

/** Writes a saved segment's file now (outputs/recommendations/exports/…) and adds it to the history. */
export async function exportSegmentNowAction(_prev: unknown, form: FormData): Promise<ActionResult<{ rows: number; path: string }>> {
  const id = savedSegmentIdSchema.safeParse(form.get('id'));
  if (!id.success) return { ok: false, ...issuesToErrors(id.error) };
  try {
    const r = await exportSavedSegment(await getSavedSegment(id.data));
    revalidatePath('/segments');
    return { ok: true, data: r };
  } catch (e) {
    return failure(e);
  }
}
