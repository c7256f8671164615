import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PUSH_KINDS } from '../../shared/schemas';
import { callJson, refusedAddress, ToolError } from '../connector/http';
import { readHook } from '../connector/payloads';
import { applyTickets } from '../connector/pull';
import { checkAutotask, checkConnectwise, checkGithub, checkJira, checkZammad, checkZendesk, type SignedRequest } from '../connector/signatures';
import { connectionById, countBadSignature, firstDelivery, isTagged, keyPrefix, recordFailure, type ConnectionRow } from '../db/connections';
import type { AppEnv, Env } from '../env';
import { ApiError } from '../errors';
import { unseal } from '../lib/crypto';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';

/** A webhook body is one ticket event: a few KB, a GitHub one with its repository ~30 KB. */
const MAX_HOOK_BYTES = 1024 * 1024;

const receive = endpoint({
  method: 'post', path: '/hooks/{id}', operationId: 'receiveWebhook', access: 'public',
  summary: 'Where a ticket tool sends its webhooks (the address a connection shows). Each delivery must carry the tool\'s signature under the connection\'s secret; a bad or missing one is refused and counted. A delivery seen before changes nothing; events for tickets no tag points at are dropped without being stored.',
  responses: {
    200: { description: 'Kept (or a replay: nothing changed)' },
    202: { description: 'Signed correctly, but about no tagged ticket: dropped' },
    401: { description: 'Bad or missing signature' },
    404: { description: 'No connection with this id takes webhooks' },
  },
  notInClient: { usedBy: 'tooling', reason: 'Called by the ticket tools themselves (GitHub, Zendesk, Jira, Autotask, Zammad, ConnectWise), signed with the connection\'s secret; never by the extension.' },
});

async function verify(env: Env, row: ConnectionRow, r: SignedRequest): Promise<string | null> {
  if (row.kind === 'connectwise') {
    // Production refuses private addresses outright; only an address the deployment opened on purpose passes both checks differently.
    const privateAllowed = refusedAddress(row.address, undefined) !== null && refusedAddress(row.address, env.STEWARD_CONNECTOR_ALLOW_PRIVATE) === null;
    return checkConnectwise(r, { address: row.address, privateAllowed }, async (url) => {
      try {
        const res = await callJson<{ signing_key?: unknown }>({ toolName: 'ConnectWise', allowPrivate: env.STEWARD_CONNECTOR_ALLOW_PRIVATE }, url, { headers: {}, what: 'the callback signing key' });
        const key = res?.data.signing_key;
        return typeof key === 'string' && key ? { key } : { problem: 'its answer has no signing_key.' };
      } catch (err) {
        if (err instanceof ToolError) return { problem: err.message };
        throw err;
      }
    });
  }
  if (!row.webhook_sealed) return 'This connection has no webhook secret yet: make one in Steward and paste it into the tool.';
  const secret = await unseal(row.webhook_sealed, env.STEWARD_CONNECTOR_KEY, `${row.workspace_id}/${row.id}/hook`);
  switch (row.kind) {
    case 'github': return checkGithub(r, secret);
    case 'zendesk': return checkZendesk(r, secret);
    case 'jira': return checkJira(r, secret);
    case 'autotask': return checkAutotask(r, secret);
    case 'zammad': return checkZammad(r, secret);
    default: return 'This tool does not send webhooks.';
  }
}

export const hooks = new Hono<AppEnv>()
  .use(bodyLimit({ maxSize: MAX_HOOK_BYTES, onError: () => { throw new ApiError(413, 'payload_too_large', `A webhook body may be at most ${MAX_HOOK_BYTES / 1024} KB.`); } }))
  .post('/:id', guard(receive), async (c) => {
    const id = c.req.param('id');
    const row = id.length <= 64 ? await connectionById(c.env.DB, id) : null;
    if (row?.enabled !== 1 || !(PUSH_KINDS as readonly string[]).includes(row.kind)) {
      throw new ApiError(404, 'not_found', 'No connection with this id takes webhooks here: copy the webhook address again from Steward\'s Connections.');
    }
    const now = new Date();
    const body = await c.req.text();
    const signed: SignedRequest = { header: (n) => c.req.header(n), body, now: now.getTime() };
    const problem = await verify(c.env, row, signed);
    if (problem) {
      await countBadSignature(c.env.DB, row.id, now.toISOString(), `A webhook was refused: ${problem}`).run();
      throw new ApiError(401, 'unauthorized', 'The webhook signature is missing or wrong.');
    }
    let payload: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(body);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      payload = parsed as Record<string, unknown>;
    } catch {
      await recordFailure(c.env.DB, row.id, now.toISOString(), 'A webhook body was not JSON: check the webhook\'s content type in the tool (JSON).', row.next_try_at ?? now.toISOString()).run();
      throw new ApiError(400, 'bad_request', 'The webhook body is not JSON.');
    }
    const reading = readHook(row.kind, payload, (n) => c.req.header(n), { tenant: row.tenant, address: row.address.replace(/\/+$/, '') });
    const prefix = keyPrefix(row.kind, row.tenant);
    const kept: Parameters<typeof applyTickets>[3] = [];
    for (const t of reading.tickets) {
      const key = `${row.kind}:${t.tenant}:${t.ticket.ticketId}`;
      if (key.startsWith(prefix) && (await isTagged(c.env.DB, row.workspace_id, key))) kept.push({ key, tenant: t.tenant, ticket: t.ticket });
    }
    if (!kept.length) return c.json({ kept: 0 }, 202);
    // Only deliveries that would store something are remembered, so the table holds tagged tickets' deliveries alone.
    if (reading.deliveryId && !(await firstDelivery(c.env.DB, row.id, reading.deliveryId, now.toISOString()))) return c.json({ kept: 0, replay: true }, 200);
    const changed = await applyTickets(c.env.DB, row.workspace_id, row.kind, kept, 'webhook', now.toISOString());
    return c.json({ kept: kept.length, changed }, 200);
  });
