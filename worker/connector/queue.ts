import { dueConnections, recordFailure } from '../db/connections';
import type { Env } from '../env';
import type { ConnectorMessage } from './message';
import { pullById } from './pull';


/**
 * The hourly cron's share: one queue message per due connection, so thousands of workspaces
 * are read by many short consumer invocations instead of one long cron run. Without a queue
 * binding (a deployment that has not created it) the cron pulls a few inline, so facts still come.
 */
export async function enqueueDue(env: Env, now: Date): Promise<{ queued: number; inline: number }> {
  const ids = await dueConnections(env.DB, now.toISOString());
  if (!env.CONNECTOR_QUEUE) {
    const few = ids.slice(0, 5);
    for (const id of few) await pullById(env, id, now);
    return { queued: 0, inline: few.length };
  }
  for (let i = 0; i < ids.length; i += 100) {
    await env.CONNECTOR_QUEUE.sendBatch(ids.slice(i, i + 100).map((connectionId) => ({ body: { connectionId } })));
  }
  return { queued: ids.length, inline: 0 };
}

/**
 * The consumer: each message pulls one connection. A tool that asked us to wait (429/503)
 * or could not be reached is retried by Queues with a delay; after `max_retries` the message
 * goes to the dead-letter queue. A failure the admin must fix (credentials, address) is noted
 * on the connection and acknowledged: retrying would only repeat it.
 */
export async function consume(batch: MessageBatch<ConnectorMessage>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const id = msg.body?.connectionId;
    if (typeof id !== 'string') {
      msg.ack();
      continue;
    }
    try {
      const result = await pullById(env, id);
      if (result && !result.ok && result.transient) msg.retry({ delaySeconds: Math.min(Math.max(result.retryAfter ?? 60, 10), 3600) });
      else msg.ack();
    } catch (err) {
      console.error(JSON.stringify({ event: 'connector.consume_failed', connection: id, error: err instanceof Error ? err.name : 'unknown' }));
      msg.retry({ delaySeconds: 60 });
    }
  }
}

/** Messages that used up their retries: noted on the connection, so the admin sees it. */
export async function consumeDeadLetters(batch: MessageBatch<ConnectorMessage>, env: Env): Promise<void> {
  const at = new Date().toISOString();
  for (const msg of batch.messages) {
    const id = msg.body?.connectionId;
    if (typeof id === 'string') {
      await recordFailure(env.DB, id, at, 'Steward gave up reading this tool after several tries in a row; it tries again at the next hourly run.', new Date(Date.now() + 3600_000).toISOString()).run();
    }
    msg.ack();
  }
}
