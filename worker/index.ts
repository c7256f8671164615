import { app } from './app';
import type { ConnectorMessage } from './connector/message';
import { consume, consumeDeadLetters, enqueueDue } from './connector/queue';
import { DELIVERIES_KEEP_MS, pruneDeliveries } from './db/connections';
import { pruneRateLimits, RATE_LIMIT_KEEP_MS } from './db/rate-limits';
import { OBSERVATIONS_KEEP_MS, pruneObservations } from './db/tickets';
import type { Env } from './env';
import { runProviderDigests } from './provider/digest';
import { runSchedule } from './report/service';

// The Worker's entry. Only the default export lives here: workerd treats every named
// export of the main module as an entrypoint.
export default {
  fetch: app.fetch,
  /**
   * Hourly (wrangler.toml `crons`): sends each workspace's report when its time comes, and
   * each provider member's daily digest once its hour has come in the client's time zone.
   * Separate jobs: one failing must not hold the other back. Also drops rate-limit windows
   * that are over, or that table would grow with every wrong invite code for ever, and page-view
   * records older than 90 days (reading health looks 30 days back).
   */
  async scheduled(controller, env, ctx) {
    const now = new Date(controller.scheduledTime);
    ctx.waitUntil(runSchedule(env, now).then((t) => {
      console.log(JSON.stringify({ event: 'schedule.run', ...t }));
    }));
    ctx.waitUntil(enqueueDue(env, now).then(
      (t) => console.log(JSON.stringify({ event: 'connector.enqueued', ...t })),
      (err) => console.error(JSON.stringify({ event: 'connector.enqueue_failed', error: String(err) })),
    ));
    ctx.waitUntil(runProviderDigests(env, now).then((t) => {
      console.log(JSON.stringify({ event: 'digest.run', ...t }));
    }));
    ctx.waitUntil(pruneRateLimits(env.DB, now.getTime() - RATE_LIMIT_KEEP_MS).run().then(
      (r) => console.log(JSON.stringify({ event: 'rate_limits.pruned', rows: r.meta.changes })),
      (err) => console.error(JSON.stringify({ event: 'rate_limits.prune_failed', error: String(err) })),
    ));
    ctx.waitUntil(pruneDeliveries(env.DB, new Date(now.getTime() - DELIVERIES_KEEP_MS).toISOString()).run().then(
      (r) => console.log(JSON.stringify({ event: 'connection_deliveries.pruned', rows: r.meta.changes })),
      (err) => console.error(JSON.stringify({ event: 'connection_deliveries.prune_failed', error: String(err) })),
    ));
    ctx.waitUntil(pruneObservations(env.DB, new Date(now.getTime() - OBSERVATIONS_KEEP_MS).toISOString()).run().then(
      (r) => console.log(JSON.stringify({ event: 'ticket_observations.pruned', rows: r.meta.changes })),
      (err) => console.error(JSON.stringify({ event: 'ticket_observations.prune_failed', error: String(err) })),
    ));
  },
  /** Connector pulls fanned out by the cron (wrangler.toml `queues`), and those that used up their retries. */
  async queue(batch, env) {
    if (batch.queue.endsWith('-dlq')) await consumeDeadLetters(batch, env);
    else await consume(batch, env);
  },
} satisfies ExportedHandler<Env, ConnectorMessage>;
