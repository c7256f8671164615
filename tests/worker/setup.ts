import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Real migrations on the real (workerd) D1 before each test file; idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
