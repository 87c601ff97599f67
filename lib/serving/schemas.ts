/**
 * Shapes of the serving API's responses. The handlers' return types are inferred from these
 * schemas, the OpenAPI document is generated from them, and the tests parse real responses
 * with them — so the three cannot drift apart.
 */
import { z } from 'zod';

import { SERVED_MODELS } from '@/lib/validation/api';

const when = z.string().nullable().describe('ISO 8601 UTC time, or null.');

export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('invalid_input, invalid_json, not_found, conflict, no_active_run, payload_too_large, too_many_requests, index_loading, internal'),
    message: z.string().describe('What went wrong and what to do, for people.'),
    details: z.unknown().optional().describe('Per-parameter or per-item problems, when there are several.'),
  }),
});

export const runRefSchema = z.object({
  id: z.number().int(),
  mode: z.string().describe('evaluate or production'),
  trained_at: when,
  reference_time: when.describe('The split cutoff (evaluate) or end of data (production): histories are cut here.'),
  models: z.array(z.enum(SERVED_MODELS)),
  users: z.number().int().describe('Users the run was trained on.'),
  merchants: z.number().int(),
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'no_run', 'loading']).describe('ok: serving the active run; no_run: nothing trained yet; loading: the first index is being built.'),
  active_run: runRefSchema.nullable(),
  users: z.number().int(),
  merchants: z.number().int(),
  data_as_of: when.describe('Last stored event time the index includes.'),
  index: z
    .object({ built_at: z.string(), build_ms: z.number(), memory_bytes: z.number().int() })
    .nullable()
    .describe('The in-memory index being served.'),
  uptime_s: z.number(),
});

export const userSummarySchema = z.object({
  user_id: z.string(),
  orders: z.number().int(),
  spend: z.number(),
  last_order_at: when,
  userId: z.string().describe('Deprecated alias of user_id (the dashboard’s search box reads it).'),
});

export const usersPageSchema = z.object({
  users: z.array(userSummarySchema),
  total: z.number().int().describe('Users matching q.'),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const profileSchema = z.object({
  user_id: z.string(),
  orders: z.number().int(),
  spend: z.number(),
  merchants: z.number().int().describe('Distinct merchants ordered from.'),
  views: z.number().int(),
  first_order_at: when,
  last_order_at: when,
  days_since_last_order: z.number().int().nullable().describe('Counted to the data’s last event (data_as_of), not to today.'),
  data_as_of: when,
  spending_segment: z.enum(['none', 'low', 'medium', 'high']).describe('Terciles of spend among ordering users (lib/recsys/spending.ts).'),
  spending_segment_label: z.string(),
});

const contribution = z.object({
  merchant_id: z.string().nullable().describe('The history merchant behind this share, or null for a plain reason (popularity, recency).'),
  merchant_name: z.string().nullable(),
  value: z.number(),
  source: z.string(),
});

export const recommendationSchema = z.object({
  rank: z.number().int(),
  merchant_id: z.string(),
  merchant_name: z.string(),
  category: z.string(),
  score: z.number(),
  source: z.string().describe('The signal that contributed most: item-knn, als, popularity, repeat, recency, ...'),
  explanation: z.string().describe('Why, in one or two sentences.'),
  contributions: z.array(contribution).describe('Largest first; they sum to about the score.'),
  ordered_before: z.boolean().describe('The user ordered here before the run’s reference time.'),
});

export const recommendationsSchema = z.object({
  user_id: z.string(),
  known_user: z.boolean().describe('The user is in the stored data.'),
  run_id: z.number().int(),
  model: z.enum(SERVED_MODELS).describe('The model asked for.'),
  model_used: z.enum(SERVED_MODELS).describe('The model whose list is served (popularity when fallback_used).'),
  exclude_ordered: z.boolean(),
  category: z.string().nullable(),
  fallback_used: z.boolean(),
  fallback_reason: z.enum(['unknown_user', 'no_history']).nullable().describe('unknown_user: not in the data; no_history: no orders before the run’s reference time.'),
  items: z.array(recommendationSchema),
  processing_time_ms: z.number(),
});

const merchantRef = { merchant_id: z.string(), merchant_name: z.string(), category: z.string() };

export const popularSchema = z.object({
  run_id: z.number().int(),
  category: z.string().nullable(),
  items: z.array(z.object({ rank: z.number().int(), ...merchantRef, score: z.number(), orders: z.number().int().describe('Orders over all stored data.') })),
  processing_time_ms: z.number(),
});

export const similarSchema = z.object({
  run_id: z.number().int(),
  merchant: z.object(merchantRef),
  items: z.array(z.object({ rank: z.number().int(), ...merchantRef, similarity: z.number() })),
  note: z.string().nullable().describe('Why the list is empty, when it is.'),
  processing_time_ms: z.number(),
});

export const audienceSchema = z.object({
  run_id: z.number().int(),
  merchant: z.object(merchantRef),
  items: z.array(z.object({ rank: z.number().int(), user_id: z.string(), affinity: z.number().describe("Discovery affinity, 0–1: the hybrid's score for this merchant ÷ the user's best score for a merchant they never ordered at (1 = their strongest new-merchant match)."), orders: z.number().int() })),
  note: z.string().nullable(),
  processing_time_ms: z.number(),
});

export const modelsSchema = z.object({
  active_run_id: z.number().int().nullable(),
  metrics_run_id: z.number().int().nullable().describe('The newest finished evaluate-mode run, whose test metrics are shown.'),
  models: z.array(
    z.object({
      id: z.enum(SERVED_MODELS),
      name: z.string(),
      description: z.string(),
      served: z.boolean().describe('The active run cached lists of this model.'),
      metrics: z.record(z.string(), z.record(z.string(), z.number())).nullable().describe('Per protocol (all, discovery): headline test metrics.'),
    }),
  ),
});

export const eventErrorSchema = z.object({ index: z.number().int(), field: z.string(), message: z.string() });

export const eventsResultSchema = z.object({
  dataset_id: z.number().int().nullable().describe('The import record (null when nothing was valid).'),
  received: z.number().int(),
  accepted: z.number().int().describe('New events stored.'),
  duplicates: z.number().int().describe('Events already stored (re-sending a batch adds nothing).'),
  rejected: z.number().int(),
  errors: z.array(eventErrorSchema).describe('Bad items (first 100), by their 0-based index.'),
  new_users: z.number().int(),
  new_merchants: z.number().int(),
});

export type Health = z.infer<typeof healthSchema>;
export type UsersPage = z.infer<typeof usersPageSchema>;
export type Profile = z.infer<typeof profileSchema>;
export type Recommendations = z.infer<typeof recommendationsSchema>;
export type Popular = z.infer<typeof popularSchema>;
export type Similar = z.infer<typeof similarSchema>;
export type Audience = z.infer<typeof audienceSchema>;
export type Models = z.infer<typeof modelsSchema>;
export type EventsResult = z.infer<typeof eventsResultSchema>;
export type EventError = z.infer<typeof eventErrorSchema>;
