import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { checkNow, connect, tagTicket } from './connector-helpers';
import { annotationBody, call, json, newWorkspace } from './helpers';

/**
 * The fan-out: the hourly cron puts one message per due connection on the Cloudflare Queue
 * (wrangler.toml), and the consumer pulls that connection. Retries come from Queues.
 */

let admin = '';
let terms: Awaited<ReturnType<typeof newWorkspace>>['terms'];
const tools = (mode: string) => `${env.CONNECTOR_LAB}/tools/${mode}`;
const connection = async (id: string) => (await json(call('/api/v1/connections', { token: admin }))).items.find((c: { id: string }) => c.id === id);

beforeAll(async () => {
  const ws = await newWorkspace('Queue Co');
  admin = ws.admin.token;
  terms = ws.terms;
});

async function zendesk(tenant: string, mode: string, secret = 'good-secret') {
  await tagTicket(admin, annotationBody(terms), { tool: 'zendesk', tenant, ticketId: '1051', url: `https://${tenant}.zendesk.com/agent/tickets/1051` });
  return (await connect(admin, { kind: 'zendesk', address: tools(mode), tenant, credentials: { auth: 'basic', username: 'it@acme.test', secret } })).connection.id as string;
}

/** The consumer as the runtime calls it (with an execution context, which getQueueResult reads). */
const queue = worker.queue as unknown as (batch: unknown, env: unknown, ctx: ExecutionContext) => Promise<void>;

async function consume(ids: string[]) {
  const batch = createMessageBatch('steward-connector', ids.map((connectionId, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts: 1, body: { connectionId } })));
  const ctx = createExecutionContext();
  await queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe('the queue consumer', () => {
  it('acknowledges a pull that worked and one the admin must fix; asks Queues to retry a 429 after its Retry-After', async () => {
    const ok = await zendesk('q-ok', 'ok');
    const revoked = await zendesk('q-revoked', 'ok', 'revoked-token');
    const busy = await zendesk('q-busy', 'busy');
    const result = await consume([ok, revoked, busy, 'gone-connection']);
    expect(result.explicitAcks.sort()).toEqual(['m-0', 'm-1', 'm-3']);
    // (getQueueResult does not report the delay; the connection's next try says it.)
    expect((result.retryMessages as Array<{ msgId: string }>).map((m) => m.msgId)).toEqual(['m-2']);
    const wait = Date.parse((await connection(busy)).nextTryAt) - Date.now();
    expect(wait).toBeGreaterThan(100_000);
    expect(wait).toBeLessThan(130_000);
    expect((await connection(ok)).lastSuccessAt).toEqual(expect.any(String));
    expect((await connection(revoked)).lastError.message).toMatch(/answered 401/);
  });

  it('notes a message that used up its retries (dead-letter queue) on the connection', async () => {
    const id = await zendesk('q-dead', 'busy');
    const batch = createMessageBatch('steward-connector-dlq', [{ id: 'd-1', timestamp: new Date(), attempts: 1, body: { connectionId: id } }]);
    const ctx = createExecutionContext();
    await queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['d-1']);
    expect((await connection(id)).lastError.message).toMatch(/gave up reading this tool after several tries/);
  });
});

describe('the hourly cron', () => {
  it('puts due connections on the real queue, whose consumer reads them', async () => {
    const id = await zendesk('q-cron', 'ok');
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: '0 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    // The local queue delivers after its batch timeout (a few seconds): wait for the consumer's mark.
    const deadline = Date.now() + 20_000;
    let seen = await connection(id);
    while (!seen.lastSuccessAt && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await connection(id);
    }
    expect(seen).toMatchObject({ lastTickets: 1, lastError: null });
    expect(Date.parse(seen.nextTryAt) - Date.now()).toBeGreaterThan(55 * 60_000);
  }, 30_000);
});

describe('Check now', () => {
  it('puts the connection on the same queue, whose consumer reads it; the connection then says what it found', async () => {
    const id = await zendesk('q-check', 'ok');
    const asked = await call(`/api/v1/connections/${id}/check`, { method: 'POST', token: admin });
    expect(asked.status).toBe(202);
    const answer = await json(asked);
    expect(answer).toMatchObject({ queued: true, ok: true, message: 'Checking now — results appear here in a minute.' });
    // Answered before anything was read: the tool is not called in the request.
    expect(answer.connection).toMatchObject({ lastSuccessAt: null, lastResult: null, lastTickets: null });
    const deadline = Date.now() + 20_000;
    let seen = await connection(id);
    while (!seen.lastSuccessAt && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await connection(id);
    }
    expect(seen).toMatchObject({ lastTickets: 1, lastError: null, lastResult: 'Read 1 of 1 tagged ticket from Zendesk; 1 changed.' });
    // A second check reads again, and says nothing changed.
    expect(await checkNow(admin, id)).toMatchObject({ ok: true, tickets: 1, changed: 0, message: 'Read 1 of 1 tagged ticket from Zendesk; 0 changed.' });
  }, 30_000);

  it('is refused for a connection that is turned off (the queue would skip it)', async () => {
    const id = await zendesk('q-off', 'ok');
    await call(`/api/v1/connections/${id}`, { method: 'PATCH', token: admin, body: { enabled: false } });
    const res = await call(`/api/v1/connections/${id}/check`, { method: 'POST', token: admin });
    expect(res.status).toBe(409);
    expect((await json(res)).error.message).toBe('This connection is turned off: turn it on to read the tool.');
  });
});
