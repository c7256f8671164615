import { Hono } from 'hono';
import * as v from 'valibot';
import { pingDatabase } from '../db/health';
import type { AppEnv } from '../env';
import { endpoint } from '../openapi';

endpoint({
  method: 'get', path: '/healthz', operationId: 'health', access: 'public', summary: 'Liveness: the Worker and its database answer.',
  responses: { 200: { description: 'Healthy', schema: v.object({ ok: v.literal(true), service: v.string(), time: v.string() }) } },
});

export const health = new Hono<AppEnv>().get('/', async (c) => {
  await pingDatabase(c.env.DB);
  return c.json({ ok: true, service: 'steward', time: new Date().toISOString() });
});
