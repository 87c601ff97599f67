/**
 * Segment definitions as they arrive from the URL, the builder form, the export route and
 * saved segments: one zod schema shared by all of them. Merchants are external ids here;
 * lib/db checks that they (and categories) exist.
 */
import { z } from 'zod';

import { SEGMENT_KINDS, SPENDING_FILTERS, type SegmentKind } from '@/lib/recsys/segments';

export const PLATFORMS = ['ios', 'android', 'web'] as const;
export const EXPORT_FORMATS = ['seed', 'fields'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const SCHEDULES = ['daily', 'weekly'] as const;
export type Schedule = (typeof SCHEDULES)[number];

export const FILTER_KEYS = [
  'minScore',
  'merchant',
  'recommendedMerchant',
  'category',
  'minDaysSinceOrder',
  'maxDaysSinceOrder',
  'minOrders',
  'maxOrders',
  'platform',
  'spending',
  'limit',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const COMMON: readonly FilterKey[] = ['minDaysSinceOrder', 'maxDaysSinceOrder', 'minOrders', 'maxOrders', 'platform', 'spending'];
/** The filters each kind uses, in form order; others are dropped. */
export const KIND_FILTERS: Readonly<Record<SegmentKind, readonly FilterKey[]>> = {
  high_affinity_prospect: ['merchant', 'minScore', 'category', ...COMMON],
  lapsed_personalized: ['minDaysSinceOrder', 'maxDaysSinceOrder', 'minScore', 'category', 'merchant', 'minOrders', 'maxOrders', 'platform', 'spending'],
  category_explorer: ['category', 'minScore', 'merchant', ...COMMON],
  merchant_superfan: ['merchant', 'limit', ...COMMON],
  cross_sell_target: ['merchant', 'recommendedMerchant', 'minScore', 'category', ...COMMON],
  new_user_onboarding: ['minScore', 'category', 'merchant', ...COMMON],
};

const blank = (v: unknown) => (v === '' || v === null || v === undefined ? undefined : v);
const text = z.preprocess((v) => (typeof v === 'string' ? blank(v.trim()) : blank(v)), z.string().max(200, 'At most 200 characters.').optional());

function num(message: string, min: number, max: number, integer: boolean) {
  return z.preprocess(
    (v) => {
      const b = blank(typeof v === 'string' ? v.trim() : v);
      return typeof b === 'string' ? Number(b) : b;
    },
    z
      .number({ error: message })
      .refine((x) => Number.isFinite(x) && x >= min && x <= max && (!integer || Number.isInteger(x)), { error: message })
      .optional(),
  );
}

const filterShape = {
  minScore: num('The score threshold must be a number between 0 and 1 (scores are on a 0–1 scale).', 0, 1, false),
  merchant: text,
  recommendedMerchant: text,
  category: text,
  minDaysSinceOrder: num('Days since last order must be a whole number from 0 to 3650.', 0, 3650, true),
  maxDaysSinceOrder: num('Days since last order must be a whole number from 0 to 3650.', 0, 3650, true),
  minOrders: num('Order counts must be whole numbers from 0 to 1,000,000.', 0, 1_000_000, true),
  maxOrders: num('Order counts must be whole numbers from 0 to 1,000,000.', 0, 1_000_000, true),
  platform: z.preprocess(blank, z.enum(PLATFORMS, { error: 'Platform must be ios, android or web.' }).optional()),
  spending: z.preprocess(blank, z.enum(SPENDING_FILTERS, { error: 'Spending segment must be low, medium or high.' }).optional()),
  limit: num('Number of superfans must be a whole number from 1 to 100,000.', 1, 100_000, true),
};

export const segmentKindSchema = z.enum(SEGMENT_KINDS, {
  error: (issue) => `Unknown segment "${String(issue.input ?? '')}": choose one of ${SEGMENT_KINDS.join(', ')}.`,
});

/** A segment's kind and the filters it uses (merchants as external ids). */
export const segmentDefinitionSchema = z
  .object({ kind: segmentKindSchema, ...filterShape })
  .superRefine((d, ctx) => {
    const range = (lo: number | undefined, hi: number | undefined, key: FilterKey, what: string) => {
      if (lo !== undefined && hi !== undefined && lo > hi) ctx.addIssue({ code: 'custom', path: [key], message: `Minimum ${what} (${lo}) is more than the maximum (${hi}).` });
    };
    range(d.minDaysSinceOrder, d.maxDaysSinceOrder, 'minDaysSinceOrder', 'days since last order');
    range(d.minOrders, d.maxOrders, 'minOrders', 'order count');
    if (d.kind === 'merchant_superfan' && !d.merchant) ctx.addIssue({ code: 'custom', path: ['merchant'], message: 'Merchant superfans need a merchant: choose one.' });
  })
  .transform(({ kind, ...all }) => {
    const filters: Partial<Record<FilterKey, string | number>> = {};
    for (const k of KIND_FILTERS[kind]) if (all[k] !== undefined) filters[k] = all[k];
    return { kind, filters: filters as SegmentFilterInput };
  });

export type SegmentFilterInput = Partial<z.output<z.ZodObject<typeof filterShape>>>;
export type SegmentDefinition = z.output<typeof segmentDefinitionSchema>;

/** Export route query: the definition plus the file format (default: the seed's flat format). */
export const exportFormatSchema = z.preprocess(blank, z.enum(EXPORT_FORMATS, { error: 'format must be seed or fields.' }).default('seed'));

/** The save form: a name, an optional schedule and the export format, around the definition. */
export const saveSegmentSchema = z.object({
  name: z.string().trim().min(1, 'Give the segment a name.').max(80, 'At most 80 characters.'),
  schedule: z.lazy(() => scheduleSchema),
  format: exportFormatSchema,
  definition: z.string().transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'The segment definition is not valid JSON.' });
      return z.NEVER;
    }
  }),
});

export type ParseResult<T> = { ok: true; data: T } | { ok: false; message: string; fieldErrors: Record<string, string[]> };

/** zod issues as { message of the first, field → messages }. */
export function issuesToErrors(error: z.ZodError): { message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const i of error.issues) {
    const key = String(i.path[0] ?? 'form');
    (fieldErrors[key] ??= []).push(i.message);
  }
  return { message: error.issues[0]?.message ?? 'Invalid segment.', fieldErrors };
}

/** Parses a definition from URL search params, form fields or a saved JSON object. */
export function parseSegmentDefinition(input: URLSearchParams | Record<string, unknown>): ParseResult<SegmentDefinition> {
  const obj: Record<string, unknown> = {};
  if (input instanceof URLSearchParams) input.forEach((v, k) => (obj[k] = v));
  else for (const [k, v] of Object.entries(input)) obj[k] = Array.isArray(v) ? v[0] : v;
  const r = segmentDefinitionSchema.safeParse(obj);
  return r.success ? { ok: true, data: r.data } : { ok: false, ...issuesToErrors(r.error) };
}

/** The definition as URL search params (the page's, the export route's). */
export function definitionToParams(def: SegmentDefinition, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams({ kind: def.kind });
  for (const k of FILTER_KEYS) if (def.filters[k] !== undefined) p.set(k, String(def.filters[k]));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** A saved segment's id from a form. */
export const savedSegmentIdSchema = z.coerce.number({ error: 'Missing saved segment id.' }).int('Missing saved segment id.').positive('Missing saved segment id.');

/** A schedule from a form: 'daily' | 'weekly' | null ('' or 'none'). */
export const scheduleSchema = z.preprocess((v) => (v === '' || v === 'none' || v === null ? null : v), z.enum(SCHEDULES, { error: 'Schedule must be daily, weekly or none.' }).nullable());
