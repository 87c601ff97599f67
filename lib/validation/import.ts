import { z } from 'zod';

/** Largest upload accepted from the dashboard or the API (checked before the body is read whole). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const ACCEPTED_EXTENSIONS = ['.csv', '.csv.gz', '.json', '.jsonl', '.json.gz', '.jsonl.gz', '.ndjson', '.gz'] as const;

/** The import form: a file of order events and whether to skip bad rows. */
export const importFormSchema = z.object({
  file: z
    .instanceof(File, { message: 'Choose a file to import.' })
    .refine((f) => f.size > 0, { message: 'The file is empty (0 bytes).' })
    .refine((f) => f.size <= MAX_UPLOAD_BYTES, { message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it with the CLI (npm run import -- FILE).` })
    .refine((f) => ACCEPTED_EXTENSIONS.some((e) => f.name.toLowerCase().endsWith(e)), {
      message: 'Expected a .csv, .csv.gz, .json(l) or .json(l).gz file.',
    }),
  skipBadRows: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
});

export type ImportForm = z.infer<typeof importFormSchema>;
