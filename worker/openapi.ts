import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { ApiErrorBodySchema, type Role } from '../shared/schemas';

/**
 * Who may call an endpoint: nobody signed in (`public`), the operator token, or members
 * with one of the listed roles.
 */
type Access = 'public' | 'operator' | readonly Role[];

const ALL_ROLES: readonly Role[] = ['admin', 'staff', 'executive', 'provider'];

/**
 * Who calls a route that the typed client (`shared/api/client.ts`) has no method for:
 * a browser page opened from an emailed link, the operator with their token, or tooling
 * reading this document. Every other route must have a client method; the contract test
 * (tests/worker/contract.test.ts) fails when neither is true.
 */
type NotInClient = { usedBy: 'page' | 'operator' | 'tooling'; reason: string };

interface Reply {
  description: string;
  schema?: v.GenericSchema;
  /** The media type(s) of the answer when it is not JSON (or JSON without a fixed shape). */
  contentType?: string | readonly string[];
}

export interface Endpoint {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI-style path, e.g. `/api/v1/annotations/{id}`. */
  path: string;
  /**
   * The operation's stable name in openapi.json (what generated clients call it): the typed
   * client's method name where there is one, so both sides use the same word.
   */
  operationId: string;
  summary: string;
  access: Access;
  body?: v.GenericSchema;
  query?: v.GenericSchema;
  /**
   * Answers beyond the ones every route of its kind gives (see `standardErrors`): the
   * successes, and errors such as 409 or 422 that depend on what the route does.
   */
  responses: Record<number, Reply>;
  notInClient?: NotInClient;
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

function schemaOf(schema: v.GenericSchema): Record<string, unknown> {
  // Transforms and checks have no JSON Schema form; the shape still does. OpenAPI 3.1's own
  // dialect is 2020-12, so the per-schema `$schema` line would only confuse generators.
  const { $schema: _, ...json } = toJsonSchema(schema, { errorMode: 'ignore', target: 'draft-2020-12' }) as Record<string, unknown>;
  return json;
}

const ERROR_REF = { $ref: '#/components/schemas/ApiError' };
const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });

const isRestricted = (access: Access) => access === 'operator' || (access !== 'public' && ALL_ROLES.some((r) => !access.includes(r)));

/**
 * The errors a route gives by its kind alone: the validator (400), the sign-in and role
 * checks (401, 403), the lookup of `{id}` (404) and the body limit (413). Kept next to the
 * middleware's rules in words, and checked against real answers by the contract test.
 */
function standardErrors(e: Endpoint): Record<string, object> {
  const out: Record<string, object> = {};
  if (e.body || e.query || e.path.includes('{id}')) out['400'] = errorAnswer('The request has errors: `fields` names each wrong field and what is wrong with it.');
  if (e.access === 'operator') out['401'] = errorAnswer('The operator token is missing or wrong.');
  else if (e.access !== 'public') out['401'] = errorAnswer('Not signed in, or the sign-in is no longer valid (signed out, removed or role changed).');
  if (e.access === 'operator') out['403'] = errorAnswer('Creating workspaces is turned off on this deployment (no operator token is set).');
  else if (isRestricted(e.access)) out['403'] = errorAnswer('Your role may not do this.');
  if (e.path.includes('{id}')) out['404'] = errorAnswer('Not found in your workspace, or not visible to you.');
  if (e.body) out['413'] = errorAnswer('The request body is too large.');
  return out;
}

function answerOf(status: number, r: Reply): object {
  if (r.schema) return { description: r.description, content: { [typeof r.contentType === 'string' ? r.contentType : 'application/json']: { schema: schemaOf(r.schema) } } };
  if (r.contentType) {
    const types = typeof r.contentType === 'string' ? [r.contentType] : r.contentType;
    return { description: r.description, content: Object.fromEntries(types.map((t) => [t, { schema: t === 'application/json' ? {} : { type: 'string' } }])) };
  }
  return status >= 400 ? errorAnswer(r.description) : { description: r.description };
}

function parametersOf(e: Endpoint): object[] {
  const params: object[] = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1], in: 'path', required: true,
    // The same limit as the shared `IdParam` the routes validate with.
    schema: m[1] === 'id' ? { type: 'string', maxLength: 64 } : { type: 'string' },
  }));
  if (e.query) {
    const json = schemaOf(e.query) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      params.push({ name, in: 'query', required: json.required?.includes(name) ?? false, schema });
    }
  }
  return params;
}

/** The OpenAPI 3.1 document for every registered endpoint, served from `origin`. */
export function openApiDocument(origin: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const e of ENDPOINTS) {
    const responses: Record<string, object> = standardErrors(e);
    for (const [status, r] of Object.entries(e.responses)) responses[status] = answerOf(Number(status), r);
    responses.default = errorAnswer('Something went wrong on the server (`internal`); try again.');
    const operations = paths[e.path] ?? {};
    paths[e.path] = operations;
    operations[e.method] = {
      operationId: e.operationId,
      summary: e.summary,
      'x-steward-access': e.access === 'public' || e.access === 'operator' ? e.access : [...e.access],
      ...(e.notInClient ? { 'x-steward-used-by': e.notInClient.usedBy } : {}),
      security: e.access === 'public' ? [] : e.access === 'operator' ? [{ operator: [] }] : [{ bearer: [] }],
      parameters: parametersOf(e),
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(e.body) } } } } : {}),
      responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Steward API',
      version: '1',
      description: 'Business context for IT tickets. Errors are `{ "error": { "code", "message", "fields"? } }`.',
    },
    servers: [{ url: origin, description: 'This Steward Worker' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A member\'s token, from POST /api/v1/auth/redeem with an invite code.' },
        operator: { type: 'http', scheme: 'bearer', description: 'The deployment\'s STEWARD_OPERATOR_TOKEN secret.' },
      },
      schemas: { ApiError: schemaOf(ApiErrorBodySchema) },
    },
    paths,
  };
}
