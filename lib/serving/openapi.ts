/**
 * The OpenAPI 3.1 document of /api/v1 (served at /api/v1/openapi.json), generated from the
 * same zod schemas the handlers parse with (lib/validation/api.ts) and answer with
 * (lib/serving/schemas.ts).
 */
import { z } from 'zod';

import { SEGMENT_KINDS, SPENDING_FILTERS } from '@/lib/recsys/segments';
import {
  audienceQuerySchema, eventItemSchema, eventsQuerySchema, MAX_EVENTS_BODY_BYTES, MAX_EVENTS_PER_BATCH, merchantIdSchema,
  popularQuerySchema, recommendationsQuerySchema, similarQuerySchema, userIdSchema, usersQuerySchema,
} from '@/lib/validation/api';
import { importUploadQuerySchema, MAX_UPLOAD_BYTES } from '@/lib/validation/import';
import { EXPORT_FORMATS, PLATFORMS } from '@/lib/validation/segment';

import { errorResponses, get, jsonResponse, jsonSchema, pathParameter, queryParameters, type Json } from './openapi-build';
import * as S from './schemas';

/** RunSummary (lib/db/run-types.ts) as GET /runs/{runId} answers (camelCase, as the dashboard polls it). */
const runSummarySchema = z.object({
  id: z.number().int(),
  mode: z.enum(['evaluate', 'production']),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  stage: z.string(),
  progress: z.number().describe('0–1'),
  config: z.object({ mode: z.string(), split: z.string().nullable(), models: z.array(z.string()), protocols: z.array(z.string()), seed: z.number(), topN: z.number() }),
  snapshot: z.object({ events: z.number(), checkouts: z.number(), users: z.number(), merchants: z.number(), firstEvent: z.number().nullable(), lastEvent: z.number().nullable(), cutoff: z.number().nullable() }).nullable(),
  error: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.number().describe('epoch ms'),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  elapsedSeconds: z.number().nullable(),
});

/** Filters of a segment export (lib/validation/segment.ts; each kind uses some of them). */
const segmentExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).default('seed').describe('seed: amplitude_id, segment, recommended_merchant_id, recommended_merchant_name, score, export_date; fields: the segment’s own columns.'),
  minScore: z.number().min(0).max(1).optional().describe('Lowest recommendation score (0–1).'),
  merchant: z.string().optional().describe('A merchant id (the anchor of superfans, cross-sell, prospects).'),
  recommendedMerchant: z.string().optional().describe('Cross-sell target merchant id.'),
  category: z.string().optional(),
  minDaysSinceOrder: z.number().int().min(0).max(3650).optional(),
  maxDaysSinceOrder: z.number().int().min(0).max(3650).optional(),
  minOrders: z.number().int().min(0).optional(),
  maxOrders: z.number().int().min(0).optional(),
  platform: z.enum(PLATFORMS).optional(),
  spending: z.enum(SPENDING_FILTERS).optional(),
  limit: z.number().int().min(1).max(100_000).optional().describe('Superfans: how many.'),
});

const COMPONENTS: Record<string, z.ZodType> = {
  Error: S.errorSchema, Health: S.healthSchema, UsersPage: S.usersPageSchema, Profile: S.profileSchema,
  Recommendations: S.recommendationsSchema, Popular: S.popularSchema, Similar: S.similarSchema, Audience: S.audienceSchema,
  Models: S.modelsSchema, EventsResult: S.eventsResultSchema, Event: eventItemSchema, RunSummary: runSummarySchema,
};

const userId = pathParameter('userId', userIdSchema);
const merchantId = pathParameter('merchantId', merchantIdSchema);

function paths(): Json {
  return {
    '/health': get('Service status', 'Status, the active run and its training time, users and merchants served, and the in-memory index.', [], jsonResponse('Status', 'Health'), [], 'service'),
    '/users': get('List users', 'Users with order counts, most orders first; q filters by id prefix.', queryParameters(usersQuerySchema), jsonResponse('A page of users', 'UsersPage'), [400], 'users'),
    '/users/{userId}/profile': get('User profile', 'Order count, spend, spending segment, days since last order.', [userId], jsonResponse('The profile', 'Profile'), [400, 404], 'users'),
    '/users/{userId}/recommendations': get(
      'Recommendations for a user',
      'Ranked merchants with score, strongest signal, explanation and contributions, from the active run. Unknown users (and users without history at the run’s reference time) get the popularity fallback, flagged by fallback_used.',
      [userId, ...queryParameters(recommendationsQuerySchema)], jsonResponse('Recommendations', 'Recommendations'), [400, 409, 503], 'recommendations',
    ),
    '/merchants/popular': get('Popular merchants', 'The active run’s popularity list (what new users get).', queryParameters(popularQuerySchema), jsonResponse('Popular merchants', 'Popular'), [400, 409], 'merchants'),
    '/merchants/{merchantId}/similar': get('Similar merchants', 'Merchants ordered by the same people.', [merchantId, ...queryParameters(similarQuerySchema)], jsonResponse('Similar merchants', 'Similar'), [400, 404, 409], 'merchants'),
    '/merchants/{merchantId}/audience': get(
      'Merchant audience', 'Users who never ordered at the merchant and are most likely to order there next (the product-audience use case).',
      [merchantId, ...queryParameters(audienceQuerySchema)], jsonResponse('The audience', 'Audience'), [400, 404, 409], 'merchants',
    ),
    '/segments/{segment}/export': {
      get: {
        tags: ['segments'], summary: 'Export a segment as CSV', description: 'A CRM segment over the active run, streamed as CSV. Query parameters are the segment’s filters.',
        parameters: [{ name: 'segment', in: 'path', required: true, schema: { type: 'string', enum: [...SEGMENT_KINDS] } }, ...queryParameters(segmentExportQuery)],
        responses: { '200': { description: 'CSV file', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses(400, 409) },
      },
    },
    '/models': get('Models', 'Served models, which the active run cached, and headline test metrics of the newest evaluate run.', [], jsonResponse('Models', 'Models'), [], 'models'),
    '/runs/{runId}': get('Training run status', 'Stage, progress, elapsed time and error of a run (polled by the dashboard).', [{ name: 'runId', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], jsonResponse('The run', 'RunSummary'), [400, 404], 'runs'),
    '/events': {
      post: {
        tags: ['events'], summary: 'Send order events',
        description: `One event, an array, or {"events": [...]} (at most ${MAX_EVENTS_PER_BATCH.toLocaleString('en')} events, ${MAX_EVENTS_BODY_BYTES / 1024 / 1024} MB) in the import schema. Validated like a file import, stored in one transaction, idempotent (duplicates are counted, not added), used by the next training run. Any bad item rejects the batch unless skip_bad=true.`,
        parameters: queryParameters(eventsQuerySchema),
        requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Event' }, { type: 'array', items: { $ref: '#/components/schemas/Event' }, maxItems: MAX_EVENTS_PER_BATCH }, { type: 'object', required: ['events'], properties: { events: { type: 'array', items: { $ref: '#/components/schemas/Event' }, maxItems: MAX_EVENTS_PER_BATCH } } }] } } } },
        responses: { '200': jsonResponse('Stored (accepted + duplicates + rejected = received)', 'EventsResult'), ...errorResponses(400, 409, 413, 429) },
      },
    },
    '/imports': {
      post: {
        tags: ['events'], summary: 'Upload a file of order events',
        description: `The file (CSV or .csv.gz in the import schema, at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB) is the request body. It is streamed to a temporary file (a larger Content-Length gets 413 before anything is read) and imported by the CLI importer in a child process; poll GET /imports/{jobId}.`,
        parameters: queryParameters(importUploadQuerySchema),
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
        responses: { '202': { description: 'The import job (its id, status and progress)', content: { 'application/json': { schema: { type: 'object' } } } }, ...errorResponses(400, 409, 413) },
      },
    },
    '/imports/{jobId}': get(
      'Import job status', 'Progress and result of an uploaded file’s import (finished jobs are kept for an hour).',
      [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string' } }],
      { description: 'The import job', content: { 'application/json': { schema: { type: 'object' } } } }, [404], 'events',
    ),
  };
}

let cached: Json | null = null;

/** The OpenAPI 3.1 document (built once per process). */
export function openApiDocument(): Json {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Merchant recommendations API',
      version: '1.0.0',
      description: 'Recommendations, audiences and the event feedback loop, served from an in-memory index of the active training run. Errors are {"error": {"code", "message"}}.',
    },
    servers: [{ url: '/api/v1' }],
    paths: paths(),
    components: { schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([k, s]) => [k, jsonSchema(s)])) },
  };
  return cached;
}
