import { sign } from '@octokit/webhooks-methods';
import examples from '@octokit/webhooks-examples/api.github.com/index.json';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import cwCallback from '../connector/fixtures/connectwise/callback_ticket_4821.json';
import cwKey from '../connector/fixtures/connectwise/signing_key.json';
import { connect, tagTicket } from './connector-helpers';
import { annotationBody, call, json, newWorkspace } from './helpers';

/**
 * Webhooks at /hooks/:connectionId: each tool's signature as its vendor documents it; GitHub
 * with its own recorded payloads (@octokit/webhooks-examples) signed by @octokit/webhooks-methods.
 */

type Example = { action: string; issue: { number: number }; repository: { full_name: string } };
const issueEvents = (examples as Array<{ name: string; examples: Example[] }>).find((e) => e.name === 'issues')!.examples;
const example = (action: string) => issueEvents.find((e) => e.action === action)!;

let admin = '';
let terms: Awaited<ReturnType<typeof newWorkspace>>['terms'];
beforeAll(async () => {
  const ws = await newWorkspace('Hooks Co');
  admin = ws.admin.token;
  terms = ws.terms;
});

async function hmac(algo: 'SHA-256' | 'SHA-1', secret: string, data: string, as: 'hex' | 'base64') {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: algo }, false, ['sign']);
  const bytes = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(data)));
  return as === 'hex' ? Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') : btoa(String.fromCharCode(...bytes));
}

const deliver = (id: string, body: string, headers: Record<string, string>) =>
  call(`/hooks/${id}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const connection = async (id: string) => (await json(call('/api/v1/connections', { token: admin }))).items.find((c: { id: string }) => c.id === id);
const facts = async (key: string) => (await json(call(`/api/v1/tickets/facts?key=${encodeURIComponent(key)}`, { token: admin }))).ticket;

describe('GitHub', () => {
  let id = '';
  let secret = '';
  let key = '';
  beforeAll(async () => {
    key = await tagTicket(admin, annotationBody(terms), { tool: 'github', tenant: 'codertocat/hello-world', ticketId: '1', url: 'https://github.com/Codertocat/Hello-World/issues/1' });
    const made = await connect(admin, { kind: 'github', address: `${env.CONNECTOR_LAB}/tools/ok`, tenant: 'Codertocat', credentials: { auth: 'token', secret: 'good-secret' } });
    id = made.connection.id;
    secret = made.webhookSecret;
  });

  it('keeps a correctly signed delivery for a tagged issue; a replay of it is a no-op', async () => {
    const body = JSON.stringify(example('opened'));
    const headers = { 'x-github-event': 'issues', 'x-github-delivery': 'delivery-opened-1', 'x-hub-signature-256': await sign(secret, body) };
    const res = await deliver(id, body, headers);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ kept: 1, changed: 1 });
    expect(await facts(key)).toMatchObject({ title: 'Spelling error in the README file', status: 'open', source: 'webhook', createdAt: '2019-05-15T15:20:18.000Z' });
    const replay = await deliver(id, body, headers);
    expect(await json(replay)).toEqual({ kept: 0, replay: true });
    // A later event (reopened, 2021) moves the facts on.
    const later = JSON.stringify(example('reopened'));
    expect(await json(deliver(id, later, { 'x-github-delivery': 'delivery-reopened-1', 'x-hub-signature-256': await sign(secret, later) }))).toEqual({ kept: 1, changed: 1 });
  });

  it('refuses a bad or missing signature with 401 and counts it on the connection', async () => {
    const body = JSON.stringify(example('edited'));
    const before = (await connection(id)).badSignatures;
    expect((await deliver(id, body, { 'x-github-delivery': 'bad-1', 'x-hub-signature-256': await sign('someone-else', body) })).status).toBe(401);
    expect((await deliver(id, body, { 'x-github-delivery': 'bad-2' })).status).toBe(401);
    const after = await connection(id);
    expect(after.badSignatures).toBe(before + 2);
    expect(after.lastError.message).toBe('A webhook was refused: GitHub sent no X-Hub-Signature-256 header: set the webhook secret in GitHub.');
  });

  it('drops events for issues no tag points at, storing nothing', async () => {
    const body = JSON.stringify(example('transferred')); // octo-org/octo-repo#1: not tagged, not this owner
    expect((await deliver(id, body, { 'x-github-delivery': 'other-1', 'x-hub-signature-256': await sign(secret, body) })).status).toBe(202);
    const demilestoned = JSON.stringify(example('demilestoned')); // Codertocat/Hello-World#2: this owner, not tagged
    expect(await json(deliver(id, demilestoned, { 'x-github-delivery': 'other-2', 'x-hub-signature-256': await sign(secret, demilestoned) }))).toEqual({ kept: 0 });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM tickets WHERE ticket_key IN ('github:octo-org/octo-repo:1', 'github:codertocat/hello-world:2')").first('n')).toBe(0);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM connection_deliveries WHERE delivery_id LIKE ?').bind('other-%').first('n')).toBe(0);
  });

  it('answers a body that is not JSON with 400 and says so on the connection, losing no fact', async () => {
    const body = 'action=opened&issue=1';
    const res = await deliver(id, body, { 'x-github-delivery': 'form-1', 'x-hub-signature-256': await sign(secret, body) });
    expect(res.status).toBe(400);
    expect((await connection(id)).lastError.message).toMatch(/was not JSON/);
    expect(await facts(key)).toMatchObject({ source: 'webhook', status: 'open' });
  });

  it('knows no connection it was not given', async () => {
    expect((await deliver('no-such-connection', '{}', {})).status).toBe(404);
  });
});

describe('Zendesk, Jira, Autotask, Zammad', () => {
  it('Zendesk: HMAC-SHA256 over timestamp + body, within 5 minutes', async () => {
    const key = await tagTicket(admin, annotationBody(terms), { tool: 'zendesk', tenant: 'hooks-zd', ticketId: '1051', url: 'https://hooks-zd.zendesk.com/agent/tickets/1051' });
    const signing = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
    const made = await connect(admin, { kind: 'zendesk', address: 'https://hooks-zd.zendesk.com', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' }, webhookSecret: signing });
    expect(made.webhookSecret).toBeNull(); // Zendesk made it; the admin pasted it
    // https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/#ticket-status-changed
    const event = { type: 'zen:event-type:ticket.status_changed', account_id: 1, id: 'evt-1', time: '2026-11-25T10:00:00Z', zendesk_event_version: '2022-11-06', subject: 'zen:ticket:1051',
      detail: { id: '1051', subject: 'VPN drops every hour', status: 'SOLVED', priority: 'HIGH', created_at: '2026-11-02T08:15:00Z', updated_at: '2026-11-25T10:00:00Z' }, event: { current: 'SOLVED', previous: 'OPEN' } };
    const body = JSON.stringify(event);
    const now = new Date().toISOString();
    const ok = await deliver(made.connection.id, body, { 'x-zendesk-webhook-invocation-id': 'inv-1', 'x-zendesk-webhook-signature-timestamp': now, 'x-zendesk-webhook-signature': await hmac('SHA-256', signing, now + body, 'base64') });
    expect(ok.status).toBe(200);
    expect(await facts(key)).toMatchObject({ status: 'solved', category: 'resolved', source: 'webhook' });
    const old = new Date(Date.now() - 6 * 60_000).toISOString();
    const stale = await deliver(made.connection.id, body, { 'x-zendesk-webhook-invocation-id': 'inv-2', 'x-zendesk-webhook-signature-timestamp': old, 'x-zendesk-webhook-signature': await hmac('SHA-256', signing, old + body, 'base64') });
    expect(stale.status).toBe(401);
    expect((await connection(made.connection.id)).lastError.message).toMatch(/older than 5 minutes/);
  });

  it('Jira: X-Hub-Signature sha256', async () => {
    const key = await tagTicket(admin, annotationBody(terms), { tool: 'jira', tenant: 'hooks-jira', ticketId: 'SUP-7', url: 'https://hooks-jira.atlassian.net/browse/SUP-7' });
    const made = await connect(admin, { kind: 'jira', address: 'https://hooks-jira.atlassian.net', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    const body = JSON.stringify({ timestamp: 1764064800000, webhookEvent: 'jira:issue_updated', issue: { id: '10007', key: 'SUP-7', fields: { summary: 'Badge reader', status: { name: 'Done' }, created: '2026-11-20T09:00:00.000+0000', updated: '2026-11-25T10:00:00.000+0000', resolutiondate: '2026-11-25T10:00:00.000+0000' } } });
    const good = `sha256=${await hmac('SHA-256', made.webhookSecret, body, 'hex')}`;
    expect((await deliver(made.connection.id, body, { 'x-atlassian-webhook-identifier': 'j-1', 'x-hub-signature': good })).status).toBe(200);
    expect(await facts(key)).toMatchObject({ status: 'Done', source: 'webhook' });
    expect((await deliver(made.connection.id, body, { 'x-atlassian-webhook-identifier': 'j-2', 'x-hub-signature': `sha1=${await hmac('SHA-1', made.webhookSecret, body, 'hex')}` })).status).toBe(401);
  });

  it('Autotask: X-Hook-Signature, HMAC-SHA1', async () => {
    const key = await tagTicket(admin, annotationBody(terms), { tool: 'autotask', tenant: 'ww5.autotask.net', ticketId: '31', url: 'https://ww5.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?ticketId=31' });
    const made = await connect(admin, { kind: 'autotask', address: 'https://ww5.autotask.net', credentials: { auth: 'basic', username: 'api@acme.test', secret: 'good-secret', extra: 'code' } });
    const body = JSON.stringify({ Action: 'Update', Guid: '2f0e3f1c-webhook', EntityType: 'Ticket', Id: 31, Fields: { Title: 'Backup job failed', Status: 'Complete' }, EventTime: '2026-11-25T10:00:00Z', SequenceNumber: 3, PersonID: 29682885 });
    expect((await deliver(made.connection.id, body, { 'x-hook-signature': `sha1=${await hmac('SHA-1', made.webhookSecret, body, 'base64')}` })).status).toBe(200);
    expect(await facts(key)).toMatchObject({ status: 'Complete', source: 'webhook' });
    expect((await deliver(made.connection.id, body, { 'x-hook-signature': 'sha1=AAAA' })).status).toBe(401);
  });

  it('Autotask: status and priority ids in the payload read as the words and categories of Autotask\'s defaults', async () => {
    const key = await tagTicket(admin, annotationBody(terms), { tool: 'autotask', tenant: 'ww14.autotask.net', ticketId: '7696', url: 'https://ww14.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?ticketId=7696' });
    const made = await connect(admin, { kind: 'autotask', address: 'https://ww14.autotask.net', credentials: { auth: 'basic', username: 'api@acme.test', secret: 'good-secret', extra: 'code' } });
    let sequence = 0;
    const send = async (fields: Record<string, unknown>, at: string) => {
      // REST field names, picklists as ids (numbers, or numbers as text).
      const body = JSON.stringify({ Action: 'Update', Guid: 'a7f3c9e2-webhook', EntityType: 'Ticket', Id: 7696, Fields: { id: 7696, ...fields }, EventTime: at, SequenceNumber: ++sequence, PersonID: 29682885 });
      const res = await deliver(made.connection.id, body, { 'x-hook-signature': `sha1=${await hmac('SHA-1', made.webhookSecret, body, 'base64')}` });
      expect(res.status).toBe(200);
      return facts(key);
    };
    expect(await send({ title: 'Printer offline in reception', status: 1, priority: 2 }, '2026-11-24T08:00:00Z')).toMatchObject({ status: 'New', category: 'new', priority: 'Medium', source: 'webhook' });
    expect(await send({ status: 8 }, '2026-11-24T09:00:00Z')).toMatchObject({ status: 'In Progress', category: 'open' });
    expect(await send({ status: '7' }, '2026-11-24T10:00:00Z')).toMatchObject({ status: 'Waiting Customer', category: 'waiting' });
    const done = await send({ status: 5 }, '2026-11-24T11:00:00Z');
    expect(done).toMatchObject({ status: 'Complete', category: 'resolved', title: 'Printer offline in reception' });
    expect(done.events.map((e: { kind: string; from: string; to: string }) => [e.kind, e.from, e.to])).toEqual([
      ['status_changed', 'New', 'In Progress'], ['status_changed', 'In Progress', 'Waiting Customer'], ['status_changed', 'Waiting Customer', 'Complete'],
    ]);
    // An account's own status (ids past the defaults) is named by its id, not guessed.
    expect(await send({ status: 21 }, '2026-11-24T12:00:00Z')).toMatchObject({ status: 'Status 21' });
  });

  it('Zammad: X-Hub-Signature sha1', async () => {
    const key = await tagTicket(admin, annotationBody(terms), { tool: 'zammad', tenant: 'helpdesk.acme.test', ticketId: '9', url: 'https://helpdesk.acme.test/#ticket/zoom/9' });
    const made = await connect(admin, { kind: 'zammad', address: 'https://helpdesk.acme.test', credentials: { auth: 'token', secret: 'good-secret' } });
    const body = JSON.stringify({ ticket: { id: 9, number: '31009', title: 'Shared drive full', state: 'closed', priority: '2 normal', owner: { firstname: 'Zoe', lastname: 'Zammad' }, created_at: '2026-11-06T10:00:00.000Z', updated_at: '2026-11-25T10:00:00.000Z', close_at: '2026-11-25T10:00:00.000Z' }, article: {} });
    expect((await deliver(made.connection.id, body, { 'x-zammad-delivery': 'z-1', 'x-hub-signature': `sha1=${await hmac('SHA-1', made.webhookSecret, body, 'hex')}` })).status).toBe(200);
    expect(await facts(key)).toMatchObject({ status: 'closed', assignee: 'Zoe Zammad', source: 'webhook' });
  });

  it('ConnectWise: the signing key is fetched only from the connection\'s own *.myconnectwise.net host', async () => {
    const made = await connect(admin, { kind: 'connectwise', address: 'https://na.myconnectwise.net', credentials: { auth: 'basic', username: 'acme+pub', secret: 'good-secret', extra: 'client' } });
    const body = JSON.stringify({ MessageId: 'm-1', Action: 'updated', Type: 'Ticket', ID: 4821, Entity: '{}', Metadata: { key_url: `${env.CONNECTOR_LAB}/tools/ok/key` } });
    const res = await deliver(made.connection.id, body, { 'x-content-signature': 'c2lnbmVk' });
    expect(res.status).toBe(401);
    expect((await connection(made.connection.id)).lastError.message).toMatch(/fetch its signing key from 127\.0\.0\.1:\d+, which is not this connection's own \*\.myconnectwise\.net host/);
  });
});

describe('ConnectWise: the signing key from the connection\'s own host', () => {
  /** As ConnectWise signs: base64(HMAC-SHA256(body)) keyed with the SHA-256 of the signing key (tests/connector/fixtures/README.md). */
  async function cwSign(signingKey: string, body: string) {
    const keyed = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(signingKey));
    const key = await crypto.subtle.importKey('raw', keyed, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)))));
  }
  // The lab stands in for the tool's site: under local development its private address is allowed on purpose.
  const site = `${env.CONNECTOR_LAB}/tools/ok`;
  const callback = (keyUrl: string, messageId: string) => JSON.stringify({ ...cwCallback, MessageId: messageId, FromUrl: site, Metadata: { key_url: keyUrl } });

  let id = '';
  let key = '';
  beforeAll(async () => {
    const tenant = new URL(site).host;
    key = await tagTicket(admin, annotationBody(terms), { tool: 'connectwise', tenant, ticketId: '4821', url: `${site}/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=4821` });
    id = (await connect(admin, { kind: 'connectwise', address: site, credentials: { auth: 'basic', username: 'acme+pub', secret: 'good-secret', extra: 'client' } })).connection.id;
  });

  it('keeps a callback signed with the key its host serves', async () => {
    const body = callback(`${site}/connectwise/signing-key`, 'cw-good-1');
    const res = await deliver(id, body, { 'x-content-signature': await cwSign(cwKey.signing_key, body) });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ kept: 1, changed: 1 });
    expect(await facts(key)).toMatchObject({ title: 'Server room AC alarm', status: 'In Progress', assignee: 'Jo Doe', source: 'webhook' });
    expect((await connection(id)).badSignatures).toBe(0);
  });

  it('refuses a wrongly signed callback with 401 and counts it, keeping the facts it had', async () => {
    const body = callback(`${site}/connectwise/signing-key`, 'cw-bad-1');
    // Signed with another key, and with the right key used as the HMAC key itself (without its SHA-256).
    expect((await deliver(id, body, { 'x-content-signature': await cwSign('someone-elses-key', body) })).status).toBe(401);
    const rawKeyed = await hmac('SHA-256', cwKey.signing_key, body, 'base64');
    expect((await deliver(id, body, { 'x-content-signature': rawKeyed })).status).toBe(401);
    const after = await connection(id);
    expect(after.badSignatures).toBe(2);
    expect(after.lastError.message).toBe('A webhook was refused: The ConnectWise signature does not match the key its server gave.');
    expect(await facts(key)).toMatchObject({ status: 'In Progress', source: 'webhook' });
  });

  it('never fetches the key from another origin, even one on the same machine', async () => {
    const elsewhere = `http://127.0.0.1:${Number(new URL(site).port) === 1 ? 2 : 1}/connectwise/signing-key`;
    const body = callback(elsewhere, 'cw-elsewhere-1');
    expect((await deliver(id, body, { 'x-content-signature': await cwSign(cwKey.signing_key, body) })).status).toBe(401);
    expect((await connection(id)).lastError.message).toMatch(/fetch its signing key from 127\.0\.0\.1:\d, which is not this connection's own/);
  });

  it('in production, takes the key only over https from the connection\'s own *.myconnectwise.net site', async () => {
    const made = await connect(admin, { kind: 'connectwise', address: 'https://na.myconnectwise.net', credentials: { auth: 'basic', username: 'acme+pub', secret: 'good-secret', extra: 'client' } });
    for (const keyUrl of ['http://api-na.myconnectwise.net/key', 'https://eu.myconnectwise.net/key', 'https://na.myconnectwise.net.example.com/key', `${site}/connectwise/signing-key`]) {
      const body = callback(keyUrl, `cw-prod-${keyUrl}`);
      expect((await deliver(made.connection.id, body, { 'x-content-signature': await cwSign(cwKey.signing_key, body) })).status, keyUrl).toBe(401);
      expect((await connection(made.connection.id)).lastError.message, keyUrl).toMatch(/which is not this connection's own \*\.myconnectwise\.net host: refused/);
    }
  });
});
