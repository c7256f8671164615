import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { endpoint, openApiDocument } from '../openapi';

endpoint({
  method: 'get', path: '/api/v1/openapi.json', operationId: 'openApiDocument', access: 'public', summary: 'This document: every route of the API.',
  responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } },
  notInClient: { usedBy: 'tooling', reason: 'Read by people and client generators, not by the extension.' },
});

export const openapi = new Hono<AppEnv>().get('/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)));
