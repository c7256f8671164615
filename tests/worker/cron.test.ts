import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { hit } from '../../worker/db/rate-limits';
import { REDEEM_LIMIT } from '../../worker/routes/auth';
import { call } from './helpers';

/** Runs the Worker's hourly cron as Cloudflare would, and waits for all its jobs. */
async function runCron(at: Date) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at.getTime(), cron: '0 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const windowsOf = async (key: string) =>
  (await env.DB.prepare('SELECT window_start FROM rate_limits WHERE key = ?').bind(key).all<{ window_start: number }>()).results;

describe('the hourly cron', () => {
  it('forgets rate-limit windows that are over, and keeps counting in the current one', async () => {
    const now = Date.now();
    // Wrong invite codes from one network three days ago, and from another just now.
    await hit(env.DB, 'redeem:192.0.2.1', REDEEM_LIMIT.windowMs, now - 3 * 86_400_000);
    await hit(env.DB, 'redeem:192.0.2.1', REDEEM_LIMIT.windowMs, now - 2 * 86_400_000);
    const wrong = await call('/api/v1/auth/redeem', { body: { code: 'STW-AAAA-BBBB-CCCC-DDDD-EEEE' }, headers: { 'cf-connecting-ip': '198.51.100.7' } });
    expect(wrong.status).toBe(401);
    expect(await windowsOf('redeem:192.0.2.1')).toHaveLength(2);

    await runCron(new Date(now));

    expect(await windowsOf('redeem:192.0.2.1')).toEqual([]);
    expect(await windowsOf('redeem:198.51.100.7')).toHaveLength(1);
  });
});
