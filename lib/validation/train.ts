import { z } from 'zod';

import { MODEL_KINDS } from '@/lib/recsys/types';

export { MODEL_KINDS };

const isoTime = z
  .string()
  .trim()
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), {
    message: 'Enter the split as a date (YYYY-MM-DD) or an ISO 8601 time.',
  })
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s).toISOString());

/** A training request from the dashboard, the CLI or the API. */
export const trainRequestSchema = z
  .object({
    mode: z.enum(['evaluate', 'production'], { message: 'Mode must be "evaluate" or "production".' }),
    split: isoTime.optional(),
    models: z
      .array(z.enum(MODEL_KINDS, { message: `Unknown model; choose from ${MODEL_KINDS.join(', ')}.` }))
      .min(1, { message: 'Choose at least one model.' })
      .default([...MODEL_KINDS]),
    seed: z.coerce.number().int({ message: 'Seed must be a whole number.' }).min(0).max(2 ** 31 - 1).default(42),
  })
  .refine((r) => r.mode === 'production' || r.split !== undefined, { message: 'Evaluate mode needs a split date.', path: ['split'] });

export type TrainRequest = z.infer<typeof trainRequestSchema>;

/** Reads the train form (models as repeated fields or one comma list). */
export function parseTrainForm(form: FormData) {
  const models = form
    .getAll('models')
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  const split = form.get('split');
  return trainRequestSchema.safeParse({
    mode: form.get('mode') ?? 'evaluate',
    split: split ? String(split) : undefined,
    models: models.length ? models : undefined,
    seed: form.get('seed') || undefined,
  });
}
