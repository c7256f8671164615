import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { ApiErrorBodySchema, type Role } from '../shared/schemas';

/**
 * Who may call an endpoint: nobody signed in (`public`), the operator token, or members
 * with one of the listed roles.
 */
export type Access = 'public' | 'operator' | readonly Role[];

export interface Endpoint {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI-style path, e.g. `/api/v1/annotations/{id}`. */
  path: string;
  summary: string;
  access: Access;
  body?: v.GenericSchema;
  query?: v.GenericSchema;
  responses: Record<number, { description: string; schema?: v.GenericSchema; contentType?: string }>;
}

/** Every documented endpoint, registered by the route modules as they are defined. */
export const ENDPOINTS: Endpoint[] = [];

/**
 * Declares an endpoint once: route modules pass the same object to `guard()` (access and
 * validation) and it lands in the OpenAPI document, so the two cannot drift apart.
 */
export function endpoint<const E extends Endpoint>(e: E): E {
  ENDPOINTS.push(e);
  return e;
}

function schemaOf(schema: v.GenericSchema): object {
  // Transforms and checks have no JSON Schema form; the shape still does.
  return toJsonSchema(schema, { errorMode: 'ignore' }) as object;
}

const ERROR_RESPONSE = { description: 'Error', content: { 'application/json': { schema: schemaOf(ApiErrorBodySchema) } } };

function parametersOf(e: Endpoint): object[] {
  const params: object[] = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (e.query) {
    const json = schemaOf(e.query) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      params.push({ name, in: 'query', required: json.required?.includes(name) ?? false, schema });
    }
  }
  return params;
}

/** The OpenAPI 3.1 document for every registered endpoint. */
export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const e of ENDPOINTS) {
    const responses: Record<string, object> = {};
    for (const [status, r] of Object.entries(e.responses)) {
      responses[status] = r.schema || r.contentType
        ? { description: r.description, content: { [r.contentType ?? 'application/json']: r.schema ? { schema: schemaOf(r.schema) } : {} } }
        : { description: r.description };
    }
    responses.default = ERROR_RESPONSE;
    (paths[e.path] ??= {})[e.method] = {
      summary: e.summary,
      'x-steward-access': e.access === 'public' || e.access === 'operator' ? e.access : [...e.access],
      security: e.access === 'public' ? [] : [{ bearer: [] }],
      parameters: parametersOf(e),
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(e.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Steward API',
      version: '1',
      description: 'Business context for IT tickets. Errors are `{ "error": { "code", "message", "fields"? } }`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
