/**
 * Inputs of the serving API (/api/v1): path parameters, query strings and the POST /events
 * body. The route handlers parse with these schemas, and the OpenAPI document
 * (/api/v1/openapi.json) is generated from the same schemas with z.toJSONSchema.
 */
import { z } from 'zod';

/** Models whose lists a run caches and the API serves (random is a baseline only). */
export const SERVED_MODELS = ['hybrid', 'als', 'item-knn', 'popularity', 'repeat'] as const;
export type ServedModel = (typeof SERVED_MODELS)[number];

/** Most events one POST /events request may carry (more → 413). */
export const MAX_EVENTS_PER_BATCH = 10_000;
/** Largest POST /events body (more → 413, checked before the body is read whole). */
export const MAX_EVENTS_BODY_BYTES = 8 * 1024 * 1024;
/** Longest external id (as the importer: lib/import/normalize.ts). */
export const MAX_ID_LENGTH = 200;

/** A query object that names unknown parameters instead of ignoring a typo. */
function query<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown parameter ${iss.keys.join(', ')} (expected ${known})` : undefined),
  });
}

/** A whole number from a query string, within bounds, with a default. */
function count(min: number, max: number, fallback: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }).default(fallback);
}

const flag = () =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1');

const externalId = (what: string) =>
  z
    .string()
    .min(1, { error: `${what} is empty` })
    .max(MAX_ID_LENGTH, { error: `${what} is longer than ${MAX_ID_LENGTH} characters` })
    .refine((s) => s.trim() === s, { error: `${what} has leading or trailing spaces` });

export const userIdSchema = externalId('user id').describe('External user id, as imported (e.g. u_000123).');
export const merchantIdSchema = externalId('merchant id').describe('External merchant id, as imported (e.g. m_00042).');

const category = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: 'is empty' })
  .max(100, { error: 'is longer than 100 characters' })
  .optional()
  .describe('Only merchants of this category (categories are stored in lower case).');

export const usersQuerySchema = query({
  limit: count(1, 1000, 20).describe('Users per page.'),
  offset: count(0, 10_000_000, 0).describe('Users to skip (paging).'),
  q: z.string().trim().max(100, { error: 'is longer than 100 characters' }).default('').describe('Only users whose id starts with this.'),
});

export const recommendationsQuerySchema = query({
  n: count(1, 100, 10).describe('Recommendations wanted; at most what the run cached per user (20 by default).'),
  model: z
    .enum(SERVED_MODELS, { error: `must be one of ${SERVED_MODELS.join(', ')}` })
    .default('hybrid')
    .describe('Which model’s list to serve.'),
  exclude_ordered: flag().describe('true: only merchants the user never ordered from (the discovery list).'),
  category,
});

export const popularQuerySchema = query({
  n: count(1, 100, 10).describe('Merchants wanted; at most what the run cached (20 by default).'),
  category,
});

export const similarQuerySchema = query({
  n: count(1, 20, 5).describe('Similar merchants wanted (a run caches 20).'),
});

export const audienceQuerySchema = query({
  n: count(1, 500, 100).describe('Audience members wanted (a run caches 500 per merchant).'),
});

export const eventsQuerySchema = query({
  skip_bad: flag().describe('true: store the valid items and report the bad ones; false: reject the batch if any item is bad.'),
});

export const emptyQuerySchema = query({});

const scalar = z.union([z.string(), z.number()]).nullish();

/** Amplitude export's nested properties. */
const eventProperties = z
  .looseObject({
    merchant_id: scalar,
    merchant_name: scalar,
    category: scalar,
    order_total: scalar,
  })
  .nullish();

/**
 * One event in the import schema: the CSV column names as JSON fields (user_id — or
 * amplitude_id / customer_id —, merchant_id, merchant_name, category, order_total, event_time,
 * event_type, platform), or an Amplitude export line (merchant fields under event_properties).
 * Field rules (non-empty ids, a number ≥ 0 for a checkout's total, a parseable time, a known
 * event type) are the importer's: lib/import/normalize.ts.
 */
export const eventItemSchema = z
  .looseObject({
    user_id: scalar.describe('The customer (or amplitude_id, customer_id).'),
    amplitude_id: scalar,
    customer_id: scalar,
    merchant_id: scalar.describe('The merchant.'),
    merchant_name: scalar.describe('Display name (default: the id).'),
    category: scalar,
    order_total: scalar.describe('Order value ≥ 0; may be empty for page views.'),
    event_time: scalar.describe('ISO 8601 (no offset = UTC) or Unix seconds / milliseconds.'),
    event_type: scalar.describe('checkout_completed (default), merchant_page_viewed or product_page_viewed.'),
    platform: scalar.describe('ios, android or web.'),
    event_properties: eventProperties,
  })
  .describe('One order event or page view.');

export type EventItem = z.infer<typeof eventItemSchema>;

/** POST /events body: one event, an array of events, or { "events": [...] }. */
export const eventsBodySchema = z.union([
  z.strictObject({ events: z.array(z.unknown()).describe('Events (each checked against the event schema).') }),
  z.array(z.unknown()),
  eventItemSchema,
]);

export type UsersQuery = z.output<typeof usersQuerySchema>;
export type RecommendationsQuery = z.output<typeof recommendationsQuerySchema>;
export type PopularQuery = z.output<typeof popularQuerySchema>;
