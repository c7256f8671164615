import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { endpoint, openApiDocument } from '../openapi';

const doc = endpoint({
  method: 'get', path: '/api/v1/openapi.json', access: 'public', summary: 'This document: every route of the API.',
  responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } },
});

export const openapi = new Hono<AppEnv>().get('/openapi.json', (c) => c.json(openApiDocument()));
export { doc as openApiEndpoint };
