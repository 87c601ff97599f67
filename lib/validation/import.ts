import { z } from 'zod';

/** Largest upload accepted from the dashboard or the API (checked before the body is read whole). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const ACCEPTED_EXTENSIONS = ['.csv', '.csv.gz', '.json', '.jsonl', '.json.gz', '.jsonl.gz', '.ndjson', '.gz'] as const;

/** The refusal of an upload over MAX_UPLOAD_BYTES: names the limit and the CLI alternative. */
export const UPLOAD_TOO_LARGE_MESSAGE = `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it with the CLI (npm run import -- FILE).`;
const EXTENSION_MESSAGE = 'Expected a .csv, .csv.gz, .json(l) or .json(l).gz file.';

/**
 * What is wrong with a file chosen for upload (checked in the browser before sending, and again
 * by the server on what it received), or null when it may be imported.
 */
export function uploadProblem(file: { name: string; size: number }): string | null {
  if (file.size === 0) return 'The file is empty (0 bytes).';
  if (file.size > MAX_UPLOAD_BYTES) return UPLOAD_TOO_LARGE_MESSAGE;
  if (!ACCEPTED_EXTENSIONS.some((e) => file.name.toLowerCase().endsWith(e))) return EXTENSION_MESSAGE;
  return null;
}

/** The query of POST /api/v1/imports (the body is the file itself): its name and whether to skip bad rows. */
export const importUploadQuerySchema = z.strictObject(
  {
    file_name: z
      .string({ error: 'file_name is required (the uploaded file’s name, e.g. orders.csv)' })
      .min(1, { error: 'file_name is required (the uploaded file’s name, e.g. orders.csv)' })
      .max(255, { error: 'file_name is longer than 255 characters' })
      .refine((n) => ACCEPTED_EXTENSIONS.some((e) => n.toLowerCase().endsWith(e)), { error: EXTENSION_MESSAGE }),
    skip_bad_rows: z
      .enum(['true', 'false'], { error: 'skip_bad_rows must be true or false' })
      .default('false')
      .transform((v) => v === 'true'),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown parameter ${iss.keys.join(', ')} (expected file_name, skip_bad_rows)` : undefined) },
);

export type ImportUploadQuery = z.infer<typeof importUploadQuerySchema>;
