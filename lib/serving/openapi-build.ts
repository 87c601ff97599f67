/** Helpers turning zod schemas into OpenAPI 3.1 pieces (JSON Schema 2020-12, via z.toJSONSchema). */
import { z } from 'zod';

export type Json = Record<string, unknown>;

/** A schema as OpenAPI 3.1 embeds it (no $schema key). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** Query parameters from a query object schema (every one optional: each has a default or may be left out). */
export function queryParameters(schema: z.ZodType): Json[] {
  const doc = jsonSchema(schema, 'input');
  const props = (doc.properties ?? {}) as Record<string, Json>;
  const required = new Set((doc.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: 'query', required: required.has(name), description, schema: rest };
  });
}

/** One path parameter. */
export function pathParameter(name: string, schema: z.ZodType): Json {
  const { description, ...rest } = jsonSchema(schema, 'input');
  return { name, in: 'path', required: true, description, schema: rest };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON response referring to a component schema. */
export function jsonResponse(description: string, component: string): Json {
  return { description, content: { 'application/json': { schema: ref(component) } } };
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid parameter or body (error.code invalid_input / invalid_json; error.details lists every problem).',
  404: 'No such user, merchant or run (error.code not_found).',
  409: 'No active run yet (no_active_run), or another writer holds the database (conflict).',
  413: 'Body larger than the limit, or more than 10,000 events (payload_too_large).',
  429: 'Too many event batches waiting to be stored (too_many_requests); retry after a second.',
  503: 'The serving index is being built for the first time, or failed to build (index_loading).',
};

/** Error responses with the shared error shape. */
export function errorResponses(...statuses: number[]): Json {
  return Object.fromEntries(statuses.map((s) => [String(s), jsonResponse(ERROR_TEXT[s] ?? 'Error', 'Error')]));
}

/** A GET operation. */
export function get(summary: string, description: string, parameters: Json[], ok: Json, errors: number[], tag: string): Json {
  return { get: { tags: [tag], summary, description, parameters, responses: { '200': ok, ...errorResponses(...errors) } } };
}
