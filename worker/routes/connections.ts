import { Hono } from 'hono';
import {
  ConnectionCheckSchema, ConnectionCreateSchema, ConnectionListSchema, ConnectionPatchSchema, ConnectionSavedSchema, ConnectionTestSchema,
  IdParam, PUSH_KINDS, type ConnectionCheck, type ConnectionKind, type ConnectionSaved,
} from '../../shared/schemas';
import { KINDS } from '../connector/kinds';
import { refusedAddress } from '../connector/http';
import type { ConnectorMessage } from '../connector/message';
import { pullConnection, testConnection, type SealedCredentials } from '../connector/pull';
import { audit } from '../db/audit';
import {
  deleteConnection, getConnection, insertConnection, listConnections, toConnection, updateConnection, type ConnectionRow,
} from '../db/connections';
import type { AppEnv, Env } from '../env';
import { ApiError, notFound } from '../errors';
import { hint, MissingKeyError, seal } from '../lib/crypto';
import { guard } from '../middleware/auth';
import { endpoint } from '../openapi';
import { validate } from '../validate';

const ADMIN = ['admin'] as const;

const list = endpoint({
  method: 'get', path: '/api/v1/connections', operationId: 'connections', access: ADMIN,
  summary: 'The workspace\'s connections to ticket tools, each with its last success, last error and next try. Credentials are never returned: only their last four characters.',
  responses: { 200: { description: 'Connections', schema: ConnectionListSchema } },
});
const create = endpoint({
  method: 'post', path: '/api/v1/connections', operationId: 'createConnection', access: ADMIN,
  summary: 'Connect a ticket tool\'s API. The credentials are stored encrypted and never shown again. For tools that call Steward back, the answer holds the webhook address and, once, the secret to paste into the tool.',
  body: ConnectionCreateSchema,
  responses: {
    201: { description: 'Connected', schema: ConnectionSavedSchema },
    422: { description: 'This deployment cannot store credentials (no STEWARD_CONNECTOR_KEY), or the tenant cannot be told from the address' },
  },
});
const change = endpoint({
  method: 'patch', path: '/api/v1/connections/{id}', operationId: 'updateConnection', access: ADMIN,
  summary: 'Change a connection: address, name, tenant, new credentials, webhook secret (pasted, or a new one made by Steward and shown once), on or off.',
  body: ConnectionPatchSchema,
  responses: { 200: { description: 'Changed', schema: ConnectionSavedSchema }, 422: { description: 'This deployment cannot store credentials (no STEWARD_CONNECTOR_KEY)' } },
});
const remove = endpoint({
  method: 'delete', path: '/api/v1/connections/{id}', operationId: 'deleteConnection', access: ADMIN,
  summary: 'Disconnect a tool: its credentials are deleted. Facts already read stay with their tickets.',
  responses: { 204: { description: 'Deleted' } },
});
const test = endpoint({
  method: 'post', path: '/api/v1/connections/{id}/test', operationId: 'testConnection', access: ADMIN,
  summary: 'One real call to the tool, answered in words: what was found ("Found ticket #12 \'Printer jam\' — open"), or what is wrong and how to fix it. Changes no facts.',
  responses: { 200: { description: 'What the tool answered', schema: ConnectionTestSchema } },
});
const check = endpoint({
  method: 'post', path: '/api/v1/connections/{id}/check', operationId: 'checkConnection', access: ADMIN,
  summary: 'Read the tagged tickets from the tool now instead of at the next hourly run: the connection goes on the connector queue the hourly run uses, and its last success or last error says how it went within a minute. A failure keeps every fact already known.',
  responses: {
    202: { description: 'On the queue: the connection shows the result when the read is done', schema: ConnectionCheckSchema },
    200: { description: 'Read at once (a deployment without the connector queue): what was read', schema: ConnectionCheckSchema },
    409: { description: 'The connection is turned off' },
  },
});

/** What the admin reads while a queued check runs. */
const CHECK_QUEUED = 'Checking now — results appear here in a minute.';

const publicUrl = (env: Env, reqUrl: string) => env.STEWARD_PUBLIC_URL || new URL(reqUrl).origin;

/** The tenant a connection covers: given, or told from the address (as the extension keys that tool's tickets). */
function tenantFor(kind: ConnectionKind, address: string, given: string | undefined): string {
  if (given) return kind === 'github' ? given.toLowerCase() : given;
  const tenant = KINDS[kind].tenantOf(new URL(address));
  if (!tenant) {
    throw new ApiError(422, 'unprocessable', `Steward cannot tell from ${address} which ${KINDS[kind].name} tickets this is. ${KINDS[kind].tenantHint ?? 'Give the tenant.'}`, { tenant: KINDS[kind].tenantHint ?? 'is required for this address' });
  }
  return tenant;
}

function checkAddress(env: Env, address: string): void {
  const refused = refusedAddress(address, env.STEWARD_CONNECTOR_ALLOW_PRIVATE);
  if (refused) throw new ApiError(400, 'validation_failed', `The address is refused: ${refused}`, { address: refused });
}

function checkAuth(kind: ConnectionKind, auth: string): void {
  const allowed = KINDS[kind].auths;
  if (!allowed.includes(auth as never)) {
    throw new ApiError(400, 'validation_failed', `${KINDS[kind].name} connects with ${allowed.join(' or ')}, not ${auth}.`, { 'credentials.auth': `must be ${allowed.join(' or ')} for ${KINDS[kind].name}` });
  }
}

async function sealOrRefuse(env: Env, plain: string, boundTo: string): Promise<string> {
  try {
    return await seal(plain, env.STEWARD_CONNECTOR_KEY, boundTo);
  } catch (err) {
    if (err instanceof MissingKeyError) throw new ApiError(422, 'unprocessable', err.message);
    throw err;
  }
}

/** A webhook secret made by Steward: 32 random bytes, hex (every tool accepts hex). */
function newWebhookSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const isPush = (kind: ConnectionKind) => (PUSH_KINDS as readonly string[]).includes(kind);

async function mustGet(db: D1Database, workspaceId: string, id: string): Promise<ConnectionRow> {
  const row = await getConnection(db, workspaceId, id);
  if (!row) throw notFound('A connection with this id');
  return row;
}

export const connections = new Hono<AppEnv>()
  .get('/', guard(list), async (c) => {
    const rows = await listConnections(c.env.DB, c.var.caller.workspace.id);
    return c.json({ items: rows.map((r) => toConnection(r, publicUrl(c.env, c.req.url))) });
  })
  .post('/', guard(create), validate('json', create.body), async (c) => {
    const caller = c.var.caller;
    const body = c.req.valid('json');
    checkAddress(c.env, body.address);
    checkAuth(body.kind, body.credentials.auth);
    const tenant = tenantFor(body.kind, body.address, body.tenant || undefined);
    const id = crypto.randomUUID();
    const ws = caller.workspace.id;
    const now = new Date().toISOString();
    const creds: SealedCredentials = { secret: body.credentials.secret, ...(body.credentials.extra ? { extra: body.credentials.extra } : {}) };
    const madeSecret = isPush(body.kind) && !body.webhookSecret ? newWebhookSecret() : null;
    const webhookSecret = body.webhookSecret ?? madeSecret;
    const row = {
      id, workspace_id: ws, kind: body.kind, name: body.name || `${KINDS[body.kind].name} (${tenant})`, address: body.address.replace(/\/+$/, ''), tenant,
      auth: body.credentials.auth, username: body.credentials.username || null,
      credentials_sealed: await sealOrRefuse(c.env, JSON.stringify(creds), `${ws}/${id}`), secret_hint: hint(body.credentials.secret),
      webhook_sealed: webhookSecret && isPush(body.kind) ? await sealOrRefuse(c.env, webhookSecret, `${ws}/${id}/hook`) : null,
      webhook_hint: webhookSecret && isPush(body.kind) ? hint(webhookSecret) : null,
      enabled: 1, created_at: now, updated_at: now, next_try_at: null,
    };
    await c.env.DB.batch([
      insertConnection(c.env.DB, row),
      audit(c.env.DB, ws, caller, 'connection.create', { type: 'connection', id }, { kind: body.kind, address: row.address, tenant }, now),
    ]);
    const saved = await mustGet(c.env.DB, ws, id);
    return c.json({ connection: toConnection(saved, publicUrl(c.env, c.req.url)), webhookSecret: madeSecret } satisfies ConnectionSaved, 201);
  })
  .patch('/:id', guard(change), validate('param', IdParam), validate('json', change.body), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace.id;
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const row = await mustGet(c.env.DB, ws, id);
    const now = new Date().toISOString();
    const changed: Parameters<typeof updateConnection>[3] = {};
    const what: string[] = [];
    if (body.address !== undefined) {
      checkAddress(c.env, body.address);
      changed.address = body.address.replace(/\/+$/, '');
      what.push('address');
    }
    if (body.tenant !== undefined || body.address !== undefined) {
      changed.tenant = tenantFor(row.kind, changed.address ?? row.address, body.tenant || (body.address === undefined ? row.tenant : undefined));
    }
    if (body.name) {
      changed.name = body.name;
      what.push('name');
    }
    if (body.credentials) {
      checkAuth(row.kind, body.credentials.auth);
      const creds: SealedCredentials = { secret: body.credentials.secret, ...(body.credentials.extra ? { extra: body.credentials.extra } : {}) };
      changed.credentials_sealed = await sealOrRefuse(c.env, JSON.stringify(creds), `${ws}/${id}`);
      changed.secret_hint = hint(body.credentials.secret);
      changed.auth = body.credentials.auth;
      changed.username = body.credentials.username || null;
      // New credentials deserve a try at the next run, whatever the backoff said.
      changed.next_try_at = null;
      what.push('credentials');
    }
    let madeSecret: string | null = null;
    if (isPush(row.kind) && (body.webhookSecret || body.newWebhookSecret)) {
      madeSecret = body.webhookSecret ? null : newWebhookSecret();
      const secret = body.webhookSecret ?? madeSecret!;
      changed.webhook_sealed = await sealOrRefuse(c.env, secret, `${ws}/${id}/hook`);
      changed.webhook_hint = hint(secret);
      what.push('webhook secret');
    }
    if (body.enabled !== undefined) {
      changed.enabled = body.enabled ? 1 : 0;
      what.push(body.enabled ? 'turned on' : 'turned off');
    }
    if (Object.keys(changed).length) {
      await c.env.DB.batch([
        updateConnection(c.env.DB, ws, id, changed, now),
        audit(c.env.DB, ws, caller, 'connection.update', { type: 'connection', id }, { kind: row.kind, changed: what }, now),
      ]);
    }
    const saved = await mustGet(c.env.DB, ws, id);
    return c.json({ connection: toConnection(saved, publicUrl(c.env, c.req.url)), webhookSecret: madeSecret } satisfies ConnectionSaved, 200);
  })
  .delete('/:id', guard(remove), validate('param', IdParam), async (c) => {
    const caller = c.var.caller;
    const ws = caller.workspace.id;
    const { id } = c.req.valid('param');
    const row = await mustGet(c.env.DB, ws, id);
    const now = new Date().toISOString();
    await c.env.DB.batch([
      deleteConnection(c.env.DB, ws, id),
      audit(c.env.DB, ws, caller, 'connection.delete', { type: 'connection', id }, { kind: row.kind, address: row.address }, now),
    ]);
    return c.body(null, 204);
  })
  .post('/:id/test', guard(test), validate('param', IdParam), async (c) => {
    const row = await mustGet(c.env.DB, c.var.caller.workspace.id, c.req.valid('param').id);
    return c.json(await testConnection(c.env, row));
  })
  .post('/:id/check', guard(check), validate('param', IdParam), async (c) => {
    const ws = c.var.caller.workspace.id;
    const row = await mustGet(c.env.DB, ws, c.req.valid('param').id);
    if (row.enabled !== 1) throw new ApiError(409, 'conflict', 'This connection is turned off: turn it on to read the tool.');
    if (c.env.CONNECTOR_QUEUE) {
      // The same message the hourly run sends: one consumer reads it, with the queue's retries.
      await c.env.CONNECTOR_QUEUE.send({ connectionId: row.id } satisfies ConnectorMessage);
      return c.json({ queued: true, ok: true, message: CHECK_QUEUED, connection: toConnection(row, publicUrl(c.env, c.req.url)) } satisfies ConnectionCheck, 202);
    }
    const result = await pullConnection(c.env, row);
    const after = await mustGet(c.env.DB, ws, row.id);
    return c.json({ queued: false, ok: result.ok, message: result.message, connection: toConnection(after, publicUrl(c.env, c.req.url)) } satisfies ConnectionCheck);
  });
