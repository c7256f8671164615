import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  // A trivial query proves the database binding answers, not just the isolate.
  await c.env.DB.prepare('SELECT 1').first();
  return c.json({ ok: true, service: 'steward', time: new Date().toISOString() });
});
