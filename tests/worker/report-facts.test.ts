import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Annotation, ReportModel, Workspace } from '../../shared/schemas';
import type { Period } from '../../shared/schedule';
import { getWorkspace } from '../../worker/db/workspaces';
import { renderWebView } from '../../worker/report/render-web';
import { buildReport, ensureReport } from '../../worker/report/service';
import { annotationBody, call, join, json, newWorkspace, type TestTerms } from './helpers';

// The report states what the ticket tool shows (issue 12). Facts are written straight into
// `tickets` and `ticket_events`, as the observation route stores them; tags go through the API.

/** Weekly periods (Monday to Monday) in Europe/Paris, the test workspaces' zone; all in the past. */
const WEEK = (start: string, end: string): Period => ({ cadence: 'weekly', start, end });
const P1 = WEEK('2026-11-02', '2026-11-09');
const P2 = WEEK('2026-11-09', '2026-11-16');
const P3 = WEEK('2026-11-16', '2026-11-23');
/** Just after a period ends: the report's "as of" is the period's end. */
const dayAfter = (p: Period) => new Date(`${p.end}T06:00:00Z`);

interface Facts {
  title?: string | null;
  status?: string | null;
  category?: 'new' | 'open' | 'waiting' | 'resolved' | 'closed' | null;
  statusSince?: string | null;
  statusSinceKind?: 'happened' | 'seen' | null;
  createdAt?: string | null;
  assignee?: string | null;
  firstSeenAt?: string;
  lastSeenAt?: string;
  source?: 'page' | 'api' | 'webhook';
  reopenedCount?: number;
  url?: string;
}

const zendesk = (id: string) => ({
  tool: 'zendesk', tenant: 'acme', ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, observedAt: '2026-10-01T10:00:00Z',
});

/** A tag on Zendesk ticket `id`, made through the API. */
async function tag(token: string, terms: TestTerms, id: string, overrides: Record<string, unknown> = {}): Promise<Annotation> {
  const res = await call('/api/v1/annotations', { token, body: annotationBody(terms, { ticketRef: zendesk(id), summary: `Item on ticket ${id}`, ...overrides }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return json<Annotation>(res);
}

/** The tool's facts about Zendesk ticket `id`, as the observation route stores them. */
async function facts(workspaceId: string, id: string, f: Facts) {
  const seen = f.lastSeenAt ?? '2026-11-20T09:00:00.000Z';
  await env.DB.prepare(
    `INSERT OR REPLACE INTO tickets (workspace_id, ticket_key, tool, tenant, ticket_id, url, title, status, category, status_since, status_since_kind,
       tool_created_at, assignee, first_seen_at, last_seen_at, observed_at, source, reopened_count)
     VALUES (?, ?, 'zendesk', 'acme', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).bind(
    workspaceId, `zendesk:acme:${id}`, id, f.url ?? `https://acme.zendesk.com/agent/tickets/${id}`, f.title ?? null, f.status ?? 'Open',
    f.category === undefined ? 'open' : f.category, f.statusSince ?? null, f.statusSince ? f.statusSinceKind ?? 'happened' : null, f.createdAt ?? null,
    f.assignee ?? null, f.firstSeenAt ?? '2026-10-01T10:00:00.000Z', seen, seen, f.source ?? 'page', f.reopenedCount ?? 0,
  ).run();
}

async function event(workspaceId: string, id: string, kind: 'status_changed' | 'reopened', to: string | null, at: string, atKind: 'happened' | 'seen' = 'seen') {
  await env.DB.prepare(
    `INSERT INTO ticket_events (id, workspace_id, ticket_key, kind, from_value, to_value, at, at_kind, source, created_at)
     VALUES (?, ?, ?, ?, NULL, ?, ?, ?, 'page', ?)`,
  ).bind(crypto.randomUUID(), workspaceId, `zendesk:acme:${id}`, kind, to, at, atKind, at).run();
}

async function workspaceOf(id: string): Promise<Workspace> {
  return (await getWorkspace(env.DB, id))!;
}

const webView = (m: ReportModel) => renderWebView(m, { feedbackAction: null, answers: new Map(), archiveUrl: null });
/** The text part's lines that state what the ticket tool shows. */
const toolLines = (text: string) => text.split('\n').filter((l) => l.trim().startsWith('Ticket tool:')).map((l) => l.trim());

describe('each item states its ticket as the tool shows it', () => {
  it('shows a ticket closed in the tool as closed, with its date and where the fact came from', async () => {
    const { admin, terms, workspace } = await newWorkspace('Facts Closed');
    await tag(admin.token, terms, '1051', { summary: 'Invoices go out late.', priority: 'critical' });
    await tag(admin.token, terms, '1052', { summary: 'Printer jams every morning.' });
    await tag(admin.token, terms, '1053', { summary: 'Nobody has looked at this ticket yet.' });
    await facts(workspace.id, '1051', { status: 'Closed', category: 'closed', statusSince: '2026-11-21T15:00:00.000Z', statusSinceKind: 'happened', source: 'api', assignee: 'Sam Agent' });
    await facts(workspace.id, '1052', { status: 'Solved', category: 'resolved', statusSince: '2026-11-20T09:00:00.000Z', statusSinceKind: 'seen', source: 'page' });

    const built = await buildReport(env, await workspaceOf(workspace.id), P3, dayAfter(P3));
    expect(toolLines(built.text)).toEqual(expect.arrayContaining([
      'Ticket tool: Zendesk #1051 · Closed 21 Nov, assigned to Sam Agent · from Zendesk',
      'Ticket tool: Zendesk #1052 · Solved by 20 Nov · seen on the ticket page',
    ]));
    // A ticket the tool has said nothing about gets no such line: nothing is made up.
    const untold = built.text.split('\n').findIndex((l) => l.includes('Nobody has looked at this ticket yet.'));
    expect(built.text.split('\n')[untold + 2]).not.toMatch(/Ticket tool/);
    expect(built.text).toContain('Lines marked “Ticket tool” are what the ticket tool itself shows');

    const item = built.model.challenges.flatMap((g) => g.items).find((i) => i.summary === 'Invoices go out late.')!;
    expect(item.ticket).toMatchObject({ label: 'Zendesk #1051', status: 'Closed', category: 'closed', since: '2026-11-21T15:00:00.000Z', source: 'api', stale: false });

    // The email and the web view say the same, marked, with the ticket linked from that line.
    for (const page of [built.html, webView(built.model)].map((p) => p.replaceAll('&middot;', '·'))) {
      expect(page).toMatch(/Ticket tool<\/span>\s*<a href="https:\/\/acme\.zendesk\.com\/agent\/tickets\/1051"[^>]*>Zendesk #1051<\/a> · Closed 21 Nov, assigned to Sam Agent · from Zendesk/);
      expect(page).toContain('Solved by 20 Nov');
    }
  });

  it('labels a ticket nobody has opened for 30 days as not seen since, never as its current state', async () => {
    const { admin, terms, workspace } = await newWorkspace('Facts Stale');
    await tag(admin.token, terms, '2001', { summary: 'Stale ticket' });
    await tag(admin.token, terms, '2002', { summary: 'Fresh ticket' });
    await facts(workspace.id, '2001', { status: 'Open', category: 'open', statusSince: '2026-10-01T10:00:00.000Z', statusSinceKind: 'seen', lastSeenAt: '2026-10-12T10:00:00.000Z' });
    await facts(workspace.id, '2002', { status: 'Pending', category: 'waiting', statusSince: '2026-11-10T10:00:00.000Z', lastSeenAt: '2026-11-14T10:00:00.000Z' });
    const built = await buildReport(env, await workspaceOf(workspace.id), P3, dayAfter(P3));
    const lines = toolLines(built.text);
    expect(lines).toContain('Ticket tool: Zendesk #2001 · not seen since 12 Oct; then: Open since at least 1 Oct · seen on the ticket page');
    // 9 days without a view is recent enough to be stated as it is.
    expect(lines).toContain('Ticket tool: Zendesk #2002 · Pending since 10 Nov · seen on the ticket page');
    const stale = built.model.challenges.flatMap((g) => g.items).find((i) => i.summary === 'Stale ticket')!;
    expect(stale.ticket!.stale).toBe(true);
    expect(webView(built.model)).toContain('not seen since 12 Oct; then: Open since at least 1 Oct');
  });
});

describe('Check these', () => {
  it('lists tags and tickets that disagree: closed for 3+ days with the tag open, reopened after the tag was resolved, gone or moved', async () => {
    const { admin, terms, workspace } = await newWorkspace('Facts Checks');
    const w = workspace.id;
    await tag(admin.token, terms, '3001', { summary: 'Closed ten days ago, tag open' });
    await tag(admin.token, terms, '3002', { summary: 'Closed yesterday, tag open' });
    await tag(admin.token, terms, '3003', { summary: 'Merged into another ticket' });
    const reopened = await tag(admin.token, terms, '3004', { summary: 'Reopened after we resolved it' });
    const before = await tag(admin.token, terms, '3005', { summary: 'Reopened before we resolved it' });
    const again = await tag(admin.token, terms, '3006', { summary: 'Reopened and solved again' });
    await tag(admin.token, terms, '3007', { summary: 'A private note on a closed ticket', visibility: 'private' });
    await tag(admin.token, terms, '3008', { summary: 'Still being worked on' });
    for (const a of [reopened, before, again]) {
      const res = await call(`/api/v1/annotations/${a.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, state: 'resolved' } });
      expect(res.status).toBe(200);
      // The tag was resolved on 15 Nov (its timeline says when).
      await env.DB.prepare(`UPDATE annotation_updates SET created_at = '2026-11-15T10:00:00.000Z' WHERE annotation_id = ? AND kind = 'state'`).bind(a.id).run();
    }
    await facts(w, '3001', { status: 'Solved', category: 'resolved', statusSince: '2026-11-12T10:00:00.000Z', statusSinceKind: 'happened', title: 'CRM times out' });
    await facts(w, '3002', { status: 'Solved', category: 'resolved', statusSince: '2026-11-21T10:00:00.000Z' });
    await facts(w, '3003', { status: 'Closed (merged)', category: 'closed', statusSince: '2026-11-21T10:00:00.000Z' });
    await facts(w, '3004', { status: 'Open', category: 'open', statusSince: '2026-11-18T10:00:00.000Z', reopenedCount: 1, source: 'webhook' });
    await event(w, '3004', 'reopened', 'Open', '2026-11-18T10:00:00.000Z', 'happened');
    await facts(w, '3005', { status: 'Open', category: 'open', statusSince: '2026-11-10T10:00:00.000Z', reopenedCount: 1 });
    await event(w, '3005', 'reopened', 'Open', '2026-11-10T10:00:00.000Z');
    await facts(w, '3006', { status: 'Solved', category: 'resolved', statusSince: '2026-11-20T10:00:00.000Z', reopenedCount: 1 });
    await event(w, '3006', 'reopened', 'Open', '2026-11-17T10:00:00.000Z');
    await facts(w, '3007', { status: 'Closed', category: 'closed', statusSince: '2026-11-01T10:00:00.000Z' });
    await facts(w, '3008', { status: 'Open', category: 'open', statusSince: '2026-11-01T10:00:00.000Z' });

    const built = await buildReport(env, await workspaceOf(w), P3, dayAfter(P3));
    expect(built.model.checks!.total).toBe(3);
    expect(built.model.checks!.items.map((c) => [c.kind, c.summary])).toEqual([
      ['reopened_after_resolved', 'Reopened after we resolved it'],
      ['gone', 'Merged into another ticket'],
      ['closed_while_open', 'Closed ten days ago, tag open'],
    ]);
    expect(built.subject).toMatch(/, 3 to check$/);
    const text = built.text.slice(built.text.indexOf('CHECK THESE'), built.text.indexOf('CURRENT CHALLENGES'));
    expect(text).toContain('  - Tag resolved on 15 Nov, but reopened in Zendesk on 18 Nov: Reopened after we resolved it\n    Ticket tool: Zendesk #3004 · Open (reopened on 18 Nov) · from Zendesk');
    expect(text).toContain('  - Tag open, but the ticket is gone or moved (Zendesk says “Closed (merged)”): Merged into another ticket');
    expect(text).toContain('  - Tag open, but resolved in Zendesk for 10 days: Closed ten days ago, tag open\n    Ticket tool: Zendesk #3001 · “CRM times out” · Solved 12 Nov · seen on the ticket page');
    for (const page of [built.html, webView(built.model)]) {
      expect(page).toContain('Check these');
      expect(page).toContain('Tag open, but resolved in Zendesk for 10 days:');
    }
    expect(text).not.toMatch(/Closed yesterday|before we resolved|solved again|private note|Still being worked on/);
  });

  it('lists ten and counts the rest', async () => {
    const { admin, terms, workspace } = await newWorkspace('Facts Many Checks');
    for (let i = 0; i < 13; i++) {
      const id = String(4000 + i);
      await tag(admin.token, terms, id);
      await facts(workspace.id, id, { status: 'Closed', category: 'closed', statusSince: `2026-11-${String(1 + i).padStart(2, '0')}T10:00:00.000Z` });
    }
    const built = await buildReport(env, await workspaceOf(workspace.id), P3, dayAfter(P3));
    expect(built.model.checks!.total).toBe(13);
    expect(built.model.checks!.items).toHaveLength(10);
    // The longest-standing first.
    expect(built.model.checks!.items[0]!.ticket.label).toBe('Zendesk #4000');
    expect(built.text).toContain('… 3 more in the web view');
    expect(built.html).toContain('3 more in the web view');
  });

  it('says so when every tag agrees with its ticket, and says nothing of tickets where no facts are known', async () => {
    const agreeing = await newWorkspace('Facts Agree');
    await tag(agreeing.admin.token, agreeing.terms, '5001');
    await facts(agreeing.workspace.id, '5001', { status: 'Open', category: 'open' });
    const built = await buildReport(env, await workspaceOf(agreeing.workspace.id), P3, dayAfter(P3));
    expect(built.text).toContain('CHECK THESE\n  Where a tag and its ticket disagree. Ask the team which one is right, and fix the other.\n  No tag disagrees with what its ticket shows.');

    const none = await newWorkspace('Facts None');
    await tag(none.admin.token, none.terms, '5002');
    const plain = await buildReport(env, await workspaceOf(none.workspace.id), P3, dayAfter(P3));
    for (const out of [plain.text, plain.html, webView(plain.model)]) expect(out).not.toMatch(/Check these|Ticket tool/i);
  });
});

describe('Status of previous issues', () => {
  it('says what the ticket tool showed since the last report, e.g. reopened on a date', async () => {
    const { admin, terms, workspace } = await newWorkspace('Facts Continuity');
    const w = workspace.id;
    await tag(admin.token, terms, '6001', { summary: 'Reopened since last time' });
    await tag(admin.token, terms, '6002', { summary: 'Nothing new in the tool' });
    await facts(w, '6001', { status: 'Solved', category: 'resolved', statusSince: '2026-11-05T10:00:00.000Z' });
    await facts(w, '6002', { status: 'Open', category: 'open', statusSince: '2026-11-02T10:00:00.000Z' });
    await event(w, '6001', 'status_changed', 'Solved', '2026-11-05T10:00:00.000Z');
    const ws = await workspaceOf(w);
    await ensureReport(env, ws, P2, dayAfter(P2));

    // After the report: the ticket was reopened, then put on hold.
    await event(w, '6001', 'status_changed', 'Open', '2026-11-18T09:00:00.000Z');
    await event(w, '6001', 'reopened', 'Open', '2026-11-18T09:00:00.000Z');
    await event(w, '6001', 'status_changed', 'On-hold', '2026-11-19T09:00:00.000Z');
    await facts(w, '6001', { status: 'On-hold', category: 'waiting', statusSince: '2026-11-19T09:00:00.000Z', reopenedCount: 1 });

    const built = await buildReport(env, ws, P3, dayAfter(P3));
    const reopened = built.model.continuity!.find((c) => c.summary === 'Reopened since last time')!;
    expect(reopened.ticketChanges).toEqual([
      { kind: 'reopened', to: 'Open', at: '2026-11-18T09:00:00.000Z', atKind: 'seen' },
      { kind: 'status_changed', to: 'On-hold', at: '2026-11-19T09:00:00.000Z', atKind: 'seen' },
    ]);
    const text = built.text.slice(built.text.indexOf('STATUS OF PREVIOUS ISSUES'));
    expect(text).toContain('Ticket tool: Zendesk #6001 · since the last report: reopened on 18 Nov, then On-hold by 19 Nov · seen on the ticket page');
    expect(built.model.continuity!.find((c) => c.summary === 'Nothing new in the tool')!.ticketChanges).toBeUndefined();
    expect(webView(built.model)).toContain('since the last report: reopened on 18 Nov, then On-hold by 19 Nov');
  });
});

describe('Provider accountability', () => {
  it('adds the facts of their tickets, period after period: closed, median days to close, reopened, open longer than 30 days', async () => {
    const { admin, terms, workspace } = await newWorkspace('Facts Provider');
    const w = workspace.id;
    await join(admin.token, 'provider', 'Pat Kim', 'BrightIT');
    const shared = { visibility: 'provider' };
    for (const id of ['7001', '7002', '7003', '7004', '7005', '7006']) await tag(admin.token, terms, id, shared);
    // A second tag on a ticket already shared: the ticket counts once.
    await tag(admin.token, terms, '7001', shared);
    // A ticket of a team-only tag is not the provider's.
    await tag(admin.token, terms, '7999');
    await facts(w, '7999', { status: 'Solved', category: 'resolved', statusSince: '2026-11-04T10:00:00.000Z' });
    const ws = await workspaceOf(w);
    const providerOf = async (p: Period) => (await buildReport(env, ws, p, dayAfter(p))).model.providers.find((x) => x.company === 'BrightIT')!;

    // Week 1: two tickets closed, 5 days (the tool's created date) and 4 days (first seen) after they opened.
    await facts(w, '7001', { status: 'Solved', category: 'resolved', createdAt: '2026-10-30T10:00:00.000Z', statusSince: '2026-11-04T10:00:00.000Z' });
    await facts(w, '7002', { status: 'Closed', category: 'closed', firstSeenAt: '2026-11-01T10:00:00.000Z', statusSince: '2026-11-05T10:00:00.000Z' });
    await facts(w, '7003', { status: 'Open', category: 'open', createdAt: '2026-11-03T10:00:00.000Z' });
    await facts(w, '7004', { status: 'Solved', category: 'resolved', createdAt: '2026-09-01T10:00:00.000Z', statusSince: '2026-10-20T10:00:00.000Z' });
    const first = await providerOf(P1);
    expect(first.tickets).toEqual({ known: 4, closed: 2, medianDaysToClose: 4.5, reopened: 0, openOver30Days: 0 });

    // Week 2: one closed after 9 days; the old one reopened and stays open (opened in September).
    await facts(w, '7003', { status: 'Solved', category: 'resolved', createdAt: '2026-11-03T10:00:00.000Z', statusSince: '2026-11-12T10:00:00.000Z' });
    await facts(w, '7004', { status: 'Open', category: 'open', createdAt: '2026-09-01T10:00:00.000Z', statusSince: '2026-11-11T10:00:00.000Z', reopenedCount: 1 });
    await event(w, '7004', 'reopened', 'Open', '2026-11-11T10:00:00.000Z');
    const second = await providerOf(P2);
    expect(second.tickets).toEqual({ known: 4, closed: 1, medianDaysToClose: 9, reopened: 1, openOver30Days: 1 });

    // Week 3: two more, 3 and 11 days; none reopened this week.
    await facts(w, '7005', { status: 'Solved', category: 'resolved', createdAt: '2026-11-17T10:00:00.000Z', statusSince: '2026-11-20T10:00:00.000Z' });
    await facts(w, '7006', { status: 'Closed', category: 'closed', createdAt: '2026-11-10T10:00:00.000Z', statusSince: '2026-11-21T10:00:00.000Z' });
    const third = await buildReport(env, ws, P3, dayAfter(P3));
    expect(third.model.providers.find((x) => x.company === 'BrightIT')!.tickets).toEqual({ known: 6, closed: 2, medianDaysToClose: 7, reopened: 0, openOver30Days: 1 });
    expect(third.text).toContain('    Ticket tool: 2 closed this period (median 7 days from opened to closed), 0 reopened, 1 open longer than 30 days; 6 tickets known.');
    for (const page of [third.html, webView(third.model)]) expect(page).toMatch(/<td>BrightIT<\/td><td( align="right")?>2<\/td><td( align="right")?>7 days<\/td><td( align="right")?>0<\/td><td( align="right")?>1<\/td>/);
  });
});

describe('the email with ticket facts', () => {
  it('stays under 100 KB with 10 000 tagged tickets whose facts are as long as allowed', async () => {
    const { admin, terms, workspace } = await newWorkspace('Facts Big');
    const author = (await json(call('/api/v1/me', { token: admin.token }))).member.id;
    const now = new Date().toISOString();
    const stmt = env.DB.prepare(
      `INSERT INTO annotations (id, workspace_id, ticket_key, ticket_ref, horizon, line_of_business, stakeholders, impact, priority, kpis, summary, state, visibility, author_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'now', ?, ?, ?, ?, '[]', ?, 'open', 'team', ?, ?, ?)`,
    );
    const priorities = ['critical', 'high', 'medium', 'low'];
    for (let start = 0; start < 10_000; start += 500) {
      await env.DB.batch(Array.from({ length: 500 }, (_, k) => {
        const i = start + k;
        const ref = zendesk(String(10_000 + i));
        return stmt.bind(crypto.randomUUID(), workspace.id, `zendesk:acme:${ref.ticketId}`, JSON.stringify(ref), i % 2 ? terms.sales : terms.support,
          JSON.stringify([terms.dana]), terms.revenue, priorities[i % 4], `Item ${i}: ${'what the business cannot do, in plain words '.repeat(7).slice(0, 280)}`, author, now, now);
      }));
    }
    // Every ticket closed in the tool long ago (so each is also a check), with the longest title,
    // status word and assignee the observation schema lets through.
    await env.DB.prepare(
      `INSERT INTO tickets (workspace_id, ticket_key, tool, tenant, ticket_id, url, title, status, category, status_since, status_since_kind,
         assignee, first_seen_at, last_seen_at, observed_at, source, reopened_count)
       SELECT workspace_id, ticket_key, 'zendesk', 'acme', json_extract(ticket_ref, '$.ticketId'), json_extract(ticket_ref, '$.url'),
         ?2, ?3, 'closed', '2026-11-01T10:00:00.000Z', 'happened', ?4, '2026-10-01T10:00:00.000Z', '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z', 'api', 1
       FROM annotations WHERE workspace_id = ?1`,
    ).bind(workspace.id, 'T'.repeat(500), 'S'.repeat(100), 'A'.repeat(200)).run();
    const built = await buildReport(env, await workspaceOf(workspace.id), P3, dayAfter(P3));
    const bytes = new TextEncoder().encode(built.html.replaceAll('{{web_view_url}}', `https://steward.example.com/r/${'x'.repeat(150)}`)).length;
    expect(bytes).toBeLessThan(100_000);
    expect(built.model.checks!.total).toBe(10_000);
    expect(built.html).toContain('Check these');
    expect(built.html).toMatch(/\d+ more in the web view/);
    expect(built.html).toContain('A'.repeat(200));
  }, 60_000);
});
