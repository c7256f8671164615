import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNow, connect, tagTicket } from './connector-helpers';
import { annotationBody, call, json, newWorkspace } from './helpers';

/**
 * The cloud tools, read through a local HTTP server that answers as each vendor documents
 * (tests/connector/tool-server.ts, fixtures/README.md): the connector really calls it.
 */

let admin = '';
let terms: Awaited<ReturnType<typeof newWorkspace>>['terms'];
const tools = (mode = 'ok') => `${env.CONNECTOR_LAB}/tools/${mode}`;

beforeAll(async () => {
  const ws = await newWorkspace('Cloud Co');
  admin = ws.admin.token;
  terms = ws.terms;
});

const tag = (tool: string, tenant: string, ticketId: string) =>
  tagTicket(admin, annotationBody(terms), { tool, tenant, ticketId, url: `https://${tenant.replace('/', '.')}.example/${ticketId}` });
const check = (id: string) => checkNow(admin, id);
const testIt = async (id: string) => json(call(`/api/v1/connections/${id}/test`, { method: 'POST', token: admin }));
const facts = async (key: string) => (await json(call(`/api/v1/tickets/facts?key=${encodeURIComponent(key)}`, { token: admin }))).ticket;
const dates = (key: string) => env.DB.prepare('SELECT first_answered_at, resolved_at, sla_breached_at FROM tickets WHERE ticket_key = ?').bind(key).first();
const callsTo = async () => (await fetch(`${env.CONNECTOR_LAB}/tools/_calls`)).json() as Promise<Record<string, number>>;

describe('Zendesk', () => {
  it('reads tagged tickets only, with the assignee, the first reply and the SLA breach from paged metric events', async () => {
    const key = await tag('zendesk', 'acme-zd', '1051');
    const missing = await tag('zendesk', 'acme-zd', '9999');
    const { connection } = await connect(admin, { kind: 'zendesk', address: tools(), tenant: 'acme-zd', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    expect(await testIt(connection.id)).toEqual({ ok: true, message: "Found ticket #1051 'VPN drops every hour' — solved (resolved). Zendesk answers and the credentials work." });
    const result = await check(connection.id);
    expect(result).toMatchObject({ ok: true, tickets: 2, changed: 1 });
    expect(result.message).toBe('Read 1 of 2 tagged tickets from Zendesk; 1 changed. 1 was not found (deleted or moved, or these credentials may not see it).');
    expect(await facts(key)).toMatchObject({ title: 'VPN drops every hour', status: 'solved', category: 'resolved', assignee: 'Alex Agent', priority: 'high', source: 'api', createdAt: '2026-11-02T08:15:00.000Z' });
    expect(await dates(key)).toEqual({ first_answered_at: '2026-11-02T10:02:00.000Z', resolved_at: null, sla_breached_at: '2026-11-02T09:15:00.000Z' });
    expect(await facts(missing)).toBeNull();
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM tickets WHERE ticket_key LIKE 'zendesk:acme-zd:1052'").first('n')).toBe(0);
  });

  it('says the token was refused (401), and keeps the facts it had', async () => {
    const key = await tag('zendesk', 'acme-401', '1051');
    const { connection } = await connect(admin, { kind: 'zendesk', address: tools(), tenant: 'acme-401', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    await check(connection.id);
    await call(`/api/v1/connections/${connection.id}`, { method: 'PATCH', token: admin, body: { credentials: { auth: 'basic', username: 'it@acme.test', secret: 'revoked-token' } } });
    const failed = await check(connection.id);
    expect(failed).toMatchObject({ ok: false, message: 'Zendesk answered 401: the credentials were refused (wrong, expired or revoked); paste new ones.' });
    expect(failed.connection.lastError.message).toBe(failed.message);
    expect(failed.connection.lastSuccessAt).toEqual(expect.any(String));
    expect(await facts(key)).toMatchObject({ status: 'solved', source: 'api' });
  });

  it('waits as Retry-After asks when a 429 is short, and hands a long one back for later', async () => {
    const key = await tag('zendesk', 'acme-slow', '1051');
    const slow = await connect(admin, { kind: 'zendesk', address: tools('slow'), tenant: 'acme-slow', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    const started = Date.now();
    expect(await check(slow.connection.id)).toMatchObject({ ok: true, changed: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect((await callsTo())['slow/api/v2/tickets/show_many.json']).toBe(2);
    expect(await facts(key)).toMatchObject({ status: 'solved' });

    await tag('zendesk', 'acme-busy', '1051');
    const busy = await connect(admin, { kind: 'zendesk', address: tools('busy'), tenant: 'acme-busy', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    const r = await check(busy.connection.id);
    expect(r).toMatchObject({ ok: false, message: 'Zendesk asked Steward to slow down (429) for 120 seconds; Steward tries again then.' });
    const next = Date.parse(r.connection.nextTryAt) - Date.now();
    expect(next).toBeGreaterThan(100_000);
    expect(next).toBeLessThan(130_000);
  });

  it('refuses a web page instead of data, and a 10 MB answer, in words', async () => {
    await tag('zendesk', 'acme-html', '1051');
    const html = await connect(admin, { kind: 'zendesk', address: tools('html'), tenant: 'acme-html', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    expect((await check(html.connection.id)).message).toBe("Zendesk answered with a web page instead of data (text/html): check that the address is the tool's own address and that its API is turned on.");
    await tag('zendesk', 'acme-huge', '1051');
    const huge = await connect(admin, { kind: 'zendesk', address: tools('huge'), tenant: 'acme-huge', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    expect((await check(huge.connection.id)).message).toBe("Zendesk sent an answer larger than 5 MB; Steward stopped reading it. Check that the address points at the tool's API.");
  });
});

describe('Jira', () => {
  it('follows the search\'s pages and reads the SLA breach from the service-desk API', async () => {
    const one = await tag('jira', 'acme-jira', 'SUP-1');
    const two = await tag('jira', 'acme-jira', 'SUP-2');
    const { connection } = await connect(admin, { kind: 'jira', address: tools(), tenant: 'acme-jira', credentials: { auth: 'basic', username: 'it@acme.test', secret: 'good-secret' } });
    expect((await testIt(connection.id)).message).toBe("Found ticket #SUP-1 'Payroll export fails' — Done (resolved). Jira answers and the credentials work.");
    expect(await check(connection.id)).toMatchObject({ ok: true, tickets: 2, changed: 2 });
    expect(await facts(one)).toMatchObject({ status: 'Done', assignee: 'Sam Support', source: 'api' });
    expect(await facts(two)).toMatchObject({ status: 'In Progress', category: 'open' });
    expect(await dates(one)).toEqual({ first_answered_at: null, resolved_at: '2026-11-19T15:30:00.000Z', sla_breached_at: '2026-11-08T09:00:00.000Z' });
    expect((await dates(two))!.sla_breached_at).toBeNull();
  });
});

describe('the other tools, one tagged ticket each', () => {
  const cases = [
    { kind: 'github', tenant: 'codertocat', keyTenant: 'codertocat/hello-world', id: '1', auth: 'token', status: 'open', title: 'Spelling error in the README file' },
    { kind: 'freshservice', tenant: 'acme-fs', id: '77', auth: 'token', status: 'Resolved', title: 'Email bounces for sales@', breach: '2026-11-06T07:00:00.000Z' },
    { kind: 'servicenow', tenant: 'acme-sn', id: 'incident/9d385017c611228701d22104cc95c371', auth: 'basic', status: 'Resolved', title: 'Warehouse scanner offline', breach: '2026-11-06T08:00:00.000Z' },
    { kind: 'connectwise', tenant: 'cw.acme.test', id: '4821', auth: 'basic', extra: 'client-id-1', status: '>Closed', title: 'Server room AC alarm' },
    { kind: 'autotask', tenant: 'at.acme.test', id: '31', auth: 'basic', extra: 'integration-code', status: 'Complete', title: 'Backup job failed', breach: '2026-11-08T21:00:00.000Z' },
    { kind: 'halopsa', tenant: 'acme-halo', id: '512', auth: 'oauth', status: 'In Progress', title: 'Teams calls drop', breach: '2026-11-15T09:00:00.000Z' },
    { kind: 'zammad', tenant: 'zammad.acme.test', id: '9', auth: 'token', status: 'closed', title: 'Shared drive full', breach: '2026-11-06T12:00:00.000Z' },
  ] as const;
  it.each(cases.map((c) => [c.kind, c] as const))('%s', async (_, c) => {
    const key = await tag(c.kind, 'keyTenant' in c ? c.keyTenant : c.tenant, c.id);
    const { connection } = await connect(admin, {
      kind: c.kind, address: tools(), tenant: c.tenant,
      credentials: { auth: c.auth, username: 'api-user', secret: 'good-secret', ...('extra' in c ? { extra: c.extra } : {}) },
    });
    const test = await testIt(connection.id);
    expect(test.ok, test.message).toBe(true);
    expect(test.message).toMatch(/^Found ticket #/);
    const result = await check(connection.id);
    expect(result, result.message).toMatchObject({ ok: true, tickets: 1, changed: 1 });
    expect(await facts(key)).toMatchObject({ title: c.title, status: c.status, source: 'api' });
    if ('breach' in c) expect((await dates(key))!.sla_breached_at).toBe(c.breach);
  });
});
