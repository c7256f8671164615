import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { annotationBody, call, join, joinAs, json, newWorkspace } from './helpers';

const RT = { tool: 'rt', tenant: 'rt.example.com', url: 'https://rt.example.com/Ticket/Display.html?id=42' };

/** An observation of RT ticket `id` at `at`, with whatever the page showed. */
function seen(at: string, over: Record<string, unknown> = {}, id = '42') {
  return { ...RT, ticketId: id, url: `https://rt.example.com/Ticket/Display.html?id=${id}`, title: 'CRM times out', status: 'open', observedAt: at, found: ['title', 'status'], ...over };
}

const observe = (token: string, observations: unknown[]) => call('/api/v1/tickets/observations', { token, body: { observations } });
const factsOf = async (token: string, key = 'rt:rt.example.com:42') => (await json(call(`/api/v1/tickets/facts?key=${encodeURIComponent(key)}`, { token }))).ticket;

async function taggedWorkspace(name: string) {
  const ws = await newWorkspace(name);
  expect((await call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms) })).status).toBe(201);
  return ws;
}

describe('ticket facts from the page', () => {
  it('keeps the newest reading, builds the history, and treats repeats and older readings as no-ops', async () => {
    const ws = await taggedWorkspace('Facts Order');
    const t = ws.admin.token;
    let res = await json(observe(t, [seen('2026-11-01T09:00:00Z', { assignee: 'Ana', createdAt: '2026-10-30T08:00:00Z', found: ['title', 'status', 'assignee', 'created'] })]));
    expect(res).toEqual({ accepted: [{ index: 0, key: 'rt:rt.example.com:42', changed: true }], refused: [] });
    // The same observation again changes nothing.
    res = await json(observe(t, [seen('2026-11-01T09:00:00Z', { assignee: 'Ana', createdAt: '2026-10-30T08:00:00Z', found: ['title', 'status', 'assignee', 'created'] })]));
    expect(res.accepted[0].changed).toBe(false);

    // Resolved, then reopened and reassigned, sent in one batch out of order.
    res = await json(observe(t, [
      seen('2026-11-05T09:00:00Z', { status: 'open', assignee: 'Bo', title: 'CRM times out on quotes' }),
      seen('2026-11-03T09:00:00Z', { status: 'resolved', assignee: 'Ana' }),
    ]));
    expect(res.accepted.map((a: { index: number }) => a.index)).toEqual([0, 1]);
    // An older reading arriving late never overwrites newer facts.
    res = await json(observe(t, [seen('2026-11-02T09:00:00Z', { status: 'stalled' })]));
    expect(res.accepted[0].changed).toBe(false);

    const f = await factsOf(t);
    expect(f).toMatchObject({
      status: 'open', category: 'open', assignee: 'Bo', title: 'CRM times out on quotes', reopenedCount: 1,
      createdAt: '2026-10-30T08:00:00.000Z', firstSeenAt: '2026-11-01T09:00:00.000Z', lastSeenAt: '2026-11-05T09:00:00.000Z',
      statusSince: '2026-11-05T09:00:00.000Z', statusSinceKind: 'seen', source: 'page',
    });
    expect(f.events.map((e: { kind: string; to: string; at: string }) => `${e.at.slice(5, 10)} ${e.kind} ${e.to}`)).toEqual([
      '11-03 status_changed resolved',
      '11-05 status_changed open',
      '11-05 reopened open',
      '11-05 assignee_changed Bo',
      '11-05 title_changed CRM times out on quotes',
    ]);
    expect(f.events[0]).toMatchObject({ atKind: 'seen', source: 'page', seenBy: 'Facts Order Admin', from: 'open' });

    // A moment sent with an offset is the same moment: stored in UTC, compared as such.
    res = await json(observe(t, [seen('2026-11-05T10:00:00+01:00', { status: 'open', assignee: 'Bo', title: 'CRM times out on quotes' })]));
    expect(res.accepted[0].changed).toBe(false);

    // Fields a page did not show never erase what is known.
    await observe(t, [seen('2026-11-06T09:00:00Z', { title: undefined, status: undefined, assignee: undefined, found: [] })]);
    expect(await factsOf(t)).toMatchObject({ status: 'open', assignee: 'Bo', title: 'CRM times out on quotes', lastSeenAt: '2026-11-06T09:00:00.000Z' });
  });

  it('stores one row and one event set when the same readings race', async () => {
    const ws = await taggedWorkspace('Facts Race');
    const batch = [seen('2026-11-01T09:00:00Z'), seen('2026-11-02T09:00:00Z', { status: 'resolved' })];
    const answers = await Promise.all(Array.from({ length: 8 }, () => observe(ws.admin.token, batch)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM tickets WHERE workspace_id = ?').bind(ws.workspace.id).first<{ n: number }>();
    const events = await env.DB.prepare('SELECT COUNT(*) AS n FROM ticket_events WHERE workspace_id = ?').bind(ws.workspace.id).first<{ n: number }>();
    expect(rows!.n).toBe(1);
    expect(events!.n).toBe(1);
    expect(await factsOf(ws.admin.token)).toMatchObject({ status: 'resolved', category: 'resolved' });
  });

  it('refuses each bad observation with what to fix, and keeps the rest of the batch', async () => {
    const ws = await taggedWorkspace('Facts Bad Input');
    const t = ws.admin.token;
    const future = new Date(Date.now() + 3600_000).toISOString();
    const res = await observe(t, [
      seen('2026-11-01T09:00:00Z'),
      seen('2026-11-01T09:00:00Z', { tool: 'remedy' }),
      seen('2026-11-01T09:00:00Z', { ticketId: 'a b:c' }),
      seen(future),
      seen('1999-12-31T23:00:00Z'),
      seen('2026-11-01T09:00:00Z', { title: 'x'.repeat(501) }),
      seen('2026-11-01T09:00:00Z', { status: 's'.repeat(101) }),
      seen('2026-11-01T09:00:00Z', {}, '7'),
      seen('2026-11-01T09:00:00Z', { createdAt: 'yesterday' }),
      seen('2026-11-01T09:00:00Z', { url: 'javascript:alert(1)' }),
      'not an object',
    ]);
    expect(res.status).toBe(200);
    const body = await res.json() as { accepted: Array<{ index: number }>; refused: Array<{ index: number; code: string; message: string; fields: Record<string, string> }> };
    expect(body.accepted.map((a) => a.index)).toEqual([0]);
    const why = Object.fromEntries(body.refused.map((r) => [r.index, r]));
    expect(Object.keys(why).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(why[1]!.fields.tool).toMatch(/must be one of: connectwise/);
    expect(why[2]!.message).toMatch(/names no valid ticket/);
    expect(why[3]!.fields.observedAt).toMatch(/in the future/);
    expect(why[4]!.fields.observedAt).toMatch(/before the year 2000/);
    expect(why[5]!.fields.title).toMatch(/at most 500/);
    expect(why[6]!.fields.status).toMatch(/at most 100/);
    expect(why[7]!.code).toBe('not_found');
    expect(why[7]!.message).toMatch(/tag it first/);
    expect(why[8]!.fields.createdAt).toMatch(/ISO 8601/);
    expect(why[9]!.fields.url).toMatch(/https?:\/\//);
    expect(why[10]!.message).toMatch(/Observation 10/);

    // More than 100 is refused as a whole, saying what to do.
    const tooMany = await observe(t, Array.from({ length: 101 }, (_, i) => seen(`2026-11-01T09:00:${String(i % 60).padStart(2, '0')}Z`)));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json() as { error: { fields: Record<string, string> } }).error.fields.observations).toMatch(/at most 100 .*another request/);

    // When nothing could be stored, the answer is an error naming each one.
    const none = await observe(t, [seen('2026-11-01T09:00:00Z', {}, '8'), seen('2026-11-01T09:00:00Z', {}, '9')]);
    expect(none.status).toBe(404);
    const err = (await none.json()) as { error: { code: string; message: string; fields: Record<string, string>; refused: unknown[] } };
    expect(err.error.code).toBe('not_found');
    expect(Object.keys(err.error.fields)).toEqual(['observations.0.ticketId', 'observations.1.ticketId']);
    expect(err.error.refused).toHaveLength(2);
    const invalid = await observe(t, [{ tool: 'rt' }]);
    expect(invalid.status).toBe(400);
    expect((await invalid.json() as { error: { message: string } }).error.message).toMatch(/Observation 0 has errors: tenant/);
    // Nothing from the refused ones was stored.
    const keys = await env.DB.prepare('SELECT ticket_key FROM tickets WHERE workspace_id = ?').bind(ws.workspace.id).all<{ ticket_key: string }>();
    expect(keys.results.map((r) => r.ticket_key)).toEqual(['rt:rt.example.com:42']);
  });

  it('shows facts only to members who may see a tag on the ticket, and never across workspaces', async () => {
    const ws = await newWorkspace('Facts Visibility');
    const other = await taggedWorkspace('Facts Elsewhere');
    const staff = await join(ws.admin.token, 'staff', 'Sam');
    const bright = await joinAs(ws.admin.token, { role: 'provider', name: 'Pat', providerCompany: 'BrightIT' });
    const net = await joinAs(ws.admin.token, { role: 'provider', name: 'Nia', providerCompany: 'NetCare' });
    const exec = await join(ws.admin.token, 'executive', 'Eve');
    const tag = (token: string, id: string, over: Record<string, unknown>) =>
      call('/api/v1/annotations', { token, body: annotationBody(ws.terms, { ...over, ticketRef: { ...RT, ticketId: id, url: `https://rt.example.com/Ticket/Display.html?id=${id}`, observedAt: '2026-11-01T08:00:00Z' } }) });
    expect((await tag(ws.admin.token, '1', { visibility: 'private' })).status).toBe(201);
    expect((await tag(ws.admin.token, '2', { visibility: 'team' })).status).toBe(201);
    expect((await tag(ws.admin.token, '3', { visibility: 'provider', sharedWith: 'BrightIT' })).status).toBe(201);
    expect((await observe(ws.admin.token, ['1', '2', '3'].map((id) => seen('2026-11-01T09:00:00Z', {}, id)))).status).toBe(200);

    const key = (id: string) => `rt:rt.example.com:${id}`;
    const sees = async (token: string) => {
      const out: string[] = [];
      for (const id of ['1', '2', '3']) if (await factsOf(token, key(id))) out.push(id);
      return out;
    };
    expect(await sees(ws.admin.token)).toEqual(['1', '2', '3']);
    expect(await sees(staff.token)).toEqual(['2', '3']);
    expect(await sees(bright.token)).toEqual(['3']);
    expect(await sees(net.token)).toEqual([]);
    expect(await sees(other.admin.token)).toEqual([]);
    expect((await call(`/api/v1/tickets/facts?key=${key('2')}`, { token: exec.token })).status).toBe(403);
    expect((await call(`/api/v1/tickets/facts?key=${key('2')}`)).status).toBe(401);
    expect((await call('/api/v1/tickets/facts?key=not-a-key', { token: ws.admin.token })).status).toBe(400);

    // Writing follows the same rule: the other provider and the other workspace cannot add facts.
    expect((await observe(net.token, [seen('2026-11-02T09:00:00Z', { status: 'resolved' }, '3')])).status).toBe(404);
    // The other workspace tagged RT #42 only: its browser cannot add facts to this workspace's #2.
    expect((await observe(other.admin.token, [seen('2026-11-02T09:00:00Z', { status: 'resolved' }, '2')])).status).toBe(404);
    expect((await observe(bright.token, [seen('2026-11-02T09:00:00Z', { status: 'resolved' }, '3')])).status).toBe(200);
    expect(await factsOf(ws.admin.token, key('3'))).toMatchObject({ status: 'resolved' });
    expect(await factsOf(ws.admin.token, key('2'))).toMatchObject({ status: 'open' });
  });

  it('reports reading health per tool, and exports and deletes facts with the workspace', async () => {
    const ws = await taggedWorkspace('Facts Health');
    const t = ws.admin.token;
    await observe(t, [
      seen('2026-11-20T09:00:00Z'),
      seen('2026-11-21T09:00:00Z', { status: undefined, found: ['title'] }),
      seen('2026-11-22T09:00:00Z', { status: 'Quarantined by Finance', found: ['title', 'status'] }),
    ].map((o) => ({ ...o, observedAt: new Date(Date.now() - (3 - Number(o.observedAt.slice(8, 10)) + 20) * 3600_000).toISOString() })));
    const health = await json(call('/api/v1/tickets/reading-health', { token: t }));
    expect(health.items).toEqual([expect.objectContaining({ tool: 'rt', views: 3, titleFound: 3, statusFound: 2, unknownStatuses: ['Quarantined by Finance'] })]);
    const provider = await joinAs(t, { role: 'provider', name: 'Pat', providerCompany: 'BrightIT' });
    expect((await call('/api/v1/tickets/reading-health', { token: provider.token })).status).toBe(403);

    const exported = await json(call('/api/v1/export', { token: t }));
    expect(exported.tickets).toEqual([expect.objectContaining({ key: 'rt:rt.example.com:42', status: 'Quarantined by Finance' })]);
    expect(exported.ticketEvents.map((e: { kind: string }) => e.kind)).toEqual(['status_changed']);
    const csv = await (await call('/api/v1/export?format=csv&table=tickets', { token: t })).text();
    expect(csv.split('\r\n')[1]).toMatch(/^rt:rt\.example\.com:42,rt,/);
    const eventsCsv = await (await call('/api/v1/export?format=csv&table=ticket-events', { token: t })).text();
    expect(eventsCsv).toMatch(/status_changed,open,Quarantined by Finance/);

    expect((await call('/api/v1/workspace', { method: 'DELETE', token: t, body: { confirm: ws.workspace.name } })).status).toBe(204);
    for (const table of ['tickets', 'ticket_events', 'ticket_observations']) {
      const left = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE workspace_id = ?`).bind(ws.workspace.id).first<{ n: number }>();
      expect(left!.n, table).toBe(0);
    }
  });
});
