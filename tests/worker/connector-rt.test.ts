import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNow, connect, lab, labTool, tagTicket } from './connector-helpers';
import { annotationBody, call, json, newWorkspace } from './helpers';

/**
 * A real Request Tracker 5 (tests/connector/lab.ts starts one per run): tickets made and
 * changed through its REST 2.0 API, read by the connector, stated by the report.
 */
const rt = await labTool<{ baseUrl: string; user: string; password: string }>('rt');

describe.skipIf(!!rt.missing)(`the connector and a real Request Tracker${rt.missing ? ` (skipped: ${rt.missing})` : ''}`, () => {
  const base = rt.baseUrl ?? '';
  const tenant = base ? new URL(base).host : '';
  let admin = '';
  let terms: Awaited<ReturnType<typeof newWorkspace>>['terms'];
  let tagged: { id: number; key: string };
  let untagged: { id: number };
  let connectionId = '';

  beforeAll(async () => {
    const ws = await newWorkspace('RT Co');
    admin = ws.admin.token;
    terms = ws.terms;
    const a = await lab<{ id: number; url: string }>('POST', '/rt/tickets', { subject: 'Printer jam on 3rd floor' });
    untagged = await lab<{ id: number }>('POST', '/rt/tickets', { subject: 'Nobody tagged me' });
    tagged = { id: a.id, key: await tagTicket(admin, annotationBody(terms), { tool: 'rt', tenant, ticketId: String(a.id), url: a.url }) };
    const made = await connect(admin, { kind: 'rt', address: base, credentials: { auth: 'basic', username: rt.user, secret: rt.password } });
    connectionId = made.connection.id;
    expect(made.connection).toMatchObject({ kind: 'rt', tenant, secretHint: '…word', username: 'root', webhook: null });
  }, 120_000);

  it('Test connection says what it found, in words', async () => {
    const res = await json(call(`/api/v1/connections/${connectionId}/test`, { method: 'POST', token: admin }));
    expect(res).toEqual({ ok: true, message: `Found ticket #${untagged.id} 'Nobody tagged me' — new. Request Tracker answers and the credentials work.` });
  });

  it('reads the tagged ticket only, and follows a change made in RT', async () => {
    const first = await checkNow(admin, connectionId);
    expect(first).toMatchObject({ ok: true, tickets: 1, changed: 1, connection: { lastError: null, lastTickets: 1 } });
    expect(first.connection.lastSuccessAt).toEqual(expect.any(String));
    const facts = (await json(call(`/api/v1/tickets/facts?key=${encodeURIComponent(tagged.key)}`, { token: admin }))).ticket;
    expect(facts).toMatchObject({ title: 'Printer jam on 3rd floor', status: 'new', category: 'new', source: 'api' });
    const untaggedRow = await env.DB.prepare('SELECT 1 FROM tickets WHERE ticket_key = ?').bind(`rt:${tenant}:${untagged.id}`).first();
    expect(untaggedRow).toBeNull();

    // Nothing changed in RT: reading again changes nothing.
    expect(await checkNow(admin, connectionId)).toMatchObject({ ok: true, changed: 0 });

    await lab('PUT', `/rt/tickets/${tagged.id}`, { Status: 'resolved' });
    expect(await checkNow(admin, connectionId)).toMatchObject({ ok: true, changed: 1 });
    const after = (await json(call(`/api/v1/tickets/facts?key=${encodeURIComponent(tagged.key)}`, { token: admin }))).ticket;
    expect(after).toMatchObject({ status: 'resolved', category: 'resolved', source: 'api', statusSinceKind: 'happened' });
    expect(after.events.map((e: { kind: string; to: string; source: string }) => [e.kind, e.to, e.source])).toEqual([['status_changed', 'resolved', 'api']]);
    const dates = await env.DB.prepare('SELECT resolved_at FROM tickets WHERE ticket_key = ?').bind(tagged.key).first<{ resolved_at: string }>();
    expect(dates?.resolved_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    // The report states it without anyone opening the ticket.
    const preview = await json(call('/api/v1/reports/preview', { token: admin }));
    expect(preview.html).toContain(`Request Tracker #${tagged.id}`);
    expect(preview.html).toMatch(/resolved/);
  }, 60_000);

  it('says what is wrong when RT refuses the credentials, and keeps the facts it had', async () => {
    const patched = await call(`/api/v1/connections/${connectionId}`, { method: 'PATCH', token: admin, body: { credentials: { auth: 'basic', username: 'root', secret: 'not-the-password' } } });
    expect(patched.status).toBe(200);
    expect((await json(patched)).connection.secretHint).toBe('…word');
    const test = await json(call(`/api/v1/connections/${connectionId}/test`, { method: 'POST', token: admin }));
    expect(test).toEqual({ ok: false, message: 'Request Tracker answered 401: the credentials were refused (wrong, expired or revoked); paste new ones.' });
    const check = await checkNow(admin, connectionId);
    expect(check).toMatchObject({ ok: false, connection: { lastError: { message: test.message } } });
    expect(Date.parse(check.connection.nextTryAt)).toBeGreaterThan(Date.now());
    const facts = (await json(call(`/api/v1/tickets/facts?key=${encodeURIComponent(tagged.key)}`, { token: admin }))).ticket;
    expect(facts).toMatchObject({ status: 'resolved', source: 'api' });
    // Put the right password back for the tests that follow in this file.
    await call(`/api/v1/connections/${connectionId}`, { method: 'PATCH', token: admin, body: { credentials: { auth: 'basic', username: 'root', secret: 'password' } } });
  }, 60_000);
});
