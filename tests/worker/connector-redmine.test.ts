import { beforeAll, describe, expect, it } from 'vitest';
import { checkNow, connect, lab, labTool, tagTicket } from './connector-helpers';
import { annotationBody, call, json, newWorkspace } from './helpers';

/** A real Redmine 5 (Debian's package, tests/connector/redmine-server.mjs), started once per run by the lab. */
const redmine = await labTool<{ baseUrl: string; apiKey: string }>('redmine');

describe.skipIf(!!redmine.missing)(`the connector and a real Redmine${redmine.missing ? ` (skipped: ${redmine.missing})` : ''}`, () => {
  let admin = '';
  let key = '';
  let issue: { id: number; url: string };
  let connectionId = '';

  beforeAll(async () => {
    const ws = await newWorkspace('Redmine Co');
    admin = ws.admin.token;
    issue = await lab('POST', '/redmine/issues', { subject: 'Quote template broken' });
    key = await tagTicket(admin, annotationBody(ws.terms), { tool: 'redmine', tenant: new URL(redmine.baseUrl).host, ticketId: String(issue.id), url: issue.url });
    connectionId = (await connect(admin, { kind: 'redmine', address: redmine.baseUrl, credentials: { auth: 'token', secret: redmine.apiKey } })).connection.id;
  }, 180_000);

  it('reads the tagged issue, then its closing with the date Redmine gives', async () => {
    expect(await json(call(`/api/v1/connections/${connectionId}/test`, { method: 'POST', token: admin }))).toMatchObject({ ok: true, message: expect.stringMatching(/^Found ticket #\d+ '.+' — New\. Redmine answers/) });
    expect(await checkNow(admin, connectionId)).toMatchObject({ ok: true, tickets: 1, changed: 1 });
    expect((await json(call(`/api/v1/tickets/facts?key=${encodeURIComponent(key)}`, { token: admin }))).ticket).toMatchObject({ title: 'Quote template broken', status: 'New', priority: 'Normal', source: 'api' });
    // Redmine stamps changes to the second: let the closing be a later second than the creation.
    await new Promise((r) => setTimeout(r, 1100));
    await lab('PUT', `/redmine/issues/${issue.id}`, { status_id: 5, notes: 'Fixed the template.' });
    expect(await checkNow(admin, connectionId)).toMatchObject({ ok: true, changed: 1 });
    const facts = (await json(call(`/api/v1/tickets/facts?key=${encodeURIComponent(key)}`, { token: admin }))).ticket;
    expect(facts).toMatchObject({ status: 'Closed', category: 'closed', source: 'api' });
    expect(facts.events.map((e: { kind: string; to: string }) => [e.kind, e.to])).toEqual([['status_changed', 'Closed']]);
  }, 60_000);

  it('says a wrong API key is refused', async () => {
    await call(`/api/v1/connections/${connectionId}`, { method: 'PATCH', token: admin, body: { credentials: { auth: 'token', secret: 'not-the-key-0000' } } });
    expect(await json(call(`/api/v1/connections/${connectionId}/test`, { method: 'POST', token: admin }))).toEqual({ ok: false, message: 'Redmine answered 401: the credentials were refused (wrong, expired or revoked); paste new ones.' });
  });
});
