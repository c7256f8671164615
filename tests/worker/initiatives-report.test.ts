import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Initiative, InitiativeDetail, ReportModel } from '../../shared/schemas';
import { getWorkspace } from '../../worker/db/workspaces';
import { renderWebView } from '../../worker/report/render-web';
import { buildReport, reportLinks } from '../../worker/report/service';
import { annotationBody, call, join, json, newWorkspace, postForm } from './helpers';

/** The report's initiative sections, and executives deciding from the web view. */

async function workspaceWithRecipients(name: string) {
  const ws = await newWorkspace(name);
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  const inv = await json(call('/api/v1/invites', { token: ws.admin.token, body: { role: 'executive', name: 'Eve Exec', email: `ceo-${slug}@example.com` } }));
  await call('/api/v1/auth/redeem', { body: { code: inv.code } });
  await call('/api/v1/report-recipients', { token: ws.admin.token, body: { email: `board-${slug}@example.com`, name: 'Bob Board' } });
  return ws;
}

/** Each recipient's web-view path of a sent report, by name. */
async function webViews(reportId: string): Promise<Record<string, string>> {
  const { results } = await env.DB.prepare('SELECT id, COALESCE(name, email) AS who FROM deliveries WHERE report_id = ?').bind(reportId).all<{ id: string; who: string }>();
  const out: Record<string, string> = {};
  for (const d of results) out[d.who] = new URL((await reportLinks(env, d.id, 'http://steward.test')).webView).pathname;
  return out;
}

const page = async (path: string) => (await call(path)).text();

describe('executives decide from the report\'s web view', () => {
  it('changes the state exactly once, even clicked twice or by two recipients: the first wins and the second sees who decided', async () => {
    const ws = await workspaceWithRecipients('Decide Co');
    const t1 = await json(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms) }));
    const t2 = await json(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { lineOfBusiness: ws.terms.support }) }));
    const proposed = await json<Initiative>(call('/api/v1/initiatives', {
      token: ws.admin.token,
      body: {
        title: 'Online quotes', gap: 'Sales cannot send a quote the same day.', annotationIds: [t1.id, t2.id], budget: { oneOff: 12000, monthly: 300 },
        kpis: [{ kpiId: ws.terms.kpi, baseline: 48, baselineOn: '2026-01-05', target: 24, targetOn: '2027-06-30' }],
      },
    }));
    const sent = await json(call('/api/v1/reports/send', { token: ws.admin.token, body: {} }));
    expect(sent.sent).toBe(2);
    const views = await webViews(sent.report.id);

    const before = await page(views['Eve Exec']!);
    expect(before).toContain('<h2>Decisions needed</h2>');
    expect(before).toContain('Sales cannot send a quote the same day.');
    expect(before).toMatch(/Raised 2 times by 2 lines of business since \w+ 20\d\d · Cost: \$12,000 once \+ \$300 a month/);
    expect(before).toContain('Expected: Quote turnaround from 48 to 24 hours by 30 Jun 2027');
    expect(before).toContain(`name="initiative" value="${proposed.id}"`);

    const approve = await postForm(`${views['Eve Exec']}/decide`, { initiative: proposed.id, answer: 'approve', comment: 'Go ahead.' });
    expect(approve.status).toBe(303);
    expect(approve.headers.get('location')).toMatch(/\?decided=1#initiative-/);
    // The same click again, and the other recipient a moment later.
    expect((await postForm(`${views['Eve Exec']}/decide`, { initiative: proposed.id, answer: 'approve' })).headers.get('location')).toMatch(/taken=/);
    const late = await postForm(`${views['Bob Board']}/decide`, { initiative: proposed.id, answer: 'not_now' });
    const lateLocation = late.headers.get('location')!;
    expect(lateLocation).toContain(`taken=${proposed.id}`);
    const lateView = await page(new URL(lateLocation, 'http://steward.test').pathname + new URL(lateLocation, 'http://steward.test').search);
    expect(lateView).toMatch(/This was already decided: Eve Exec approved it on \d+ \w+ 20\d\d: “Go ahead\.”\. Your answer was not recorded\./);
    expect(lateView).not.toContain(`name="initiative" value="${proposed.id}"`);

    const detail = await json<InitiativeDetail>(call(`/api/v1/initiatives/${proposed.id}`, { token: ws.admin.token }));
    expect(detail.initiative).toMatchObject({ state: 'approved', decision: { answer: 'approve', by: 'Eve Exec', comment: 'Go ahead.' } });
    expect(detail.timeline.filter((e) => e.kind === 'decision').map((e) => [e.text, e.by.name])).toEqual([['Approved in the report', 'Eve Exec']]);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM initiative_decisions WHERE initiative_id = ?').bind(proposed.id).first<{ n: number }>();
    expect(rows!.n).toBe(1);

    // A form for an initiative the report does not ask about is refused.
    expect((await postForm(`${views['Eve Exec']}/decide`, { initiative: crypto.randomUUID(), answer: 'approve' })).status).toBe(400);
    expect((await postForm(`${views['Eve Exec']}/decide`, { initiative: proposed.id, answer: 'maybe' })).status).toBe(400);
  });

  it('says so, and records nothing, when the IT team deleted or moved on the initiative after the report was sent', async () => {
    const ws = await workspaceWithRecipients('Withdrawn Co');
    const t1 = await json(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms) }));
    const body = (title: string) => ({ title, gap: `${title} is missing.`, annotationIds: [t1.id] });
    const deleted = await json<Initiative>(call('/api/v1/initiatives', { token: ws.admin.token, body: body('Kiosk check-in') }));
    const moved = await json<Initiative>(call('/api/v1/initiatives', { token: ws.admin.token, body: body('Online quotes') }));
    const sent = await json(call('/api/v1/reports/send', { token: ws.admin.token, body: {} }));
    const views = await webViews(sent.report.id);
    expect((await call(`/api/v1/initiatives/${deleted.id}`, { method: 'DELETE', token: ws.admin.token })).status).toBe(204);
    const rejected = await call(`/api/v1/initiatives/${moved.id}`, { method: 'PATCH', token: ws.admin.token, body: { state: 'rejected', reason: 'Bought with the new phone system.', version: moved.version } });
    expect(rejected.status).toBe(200);

    const viewAfter = async (res: Response) => {
      const url = new URL(res.headers.get('location')!, 'http://steward.test');
      return page(url.pathname + url.search);
    };
    const onDeleted = await postForm(`${views['Eve Exec']}/decide`, { initiative: deleted.id, answer: 'approve' });
    expect(onDeleted.headers.get('location')).toContain('moved=deleted');
    expect(await viewAfter(onDeleted)).toContain('The IT team withdrew this initiative after the report was sent. Your answer was not recorded.');
    const onMoved = await postForm(`${views['Eve Exec']}/decide`, { initiative: moved.id, answer: 'approve' });
    expect(await viewAfter(onMoved)).toContain('This initiative is no longer waiting for a decision');
    const after = await json<InitiativeDetail>(call(`/api/v1/initiatives/${moved.id}`, { token: ws.admin.token }));
    expect(after.initiative.state).toBe('rejected');
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM initiative_decisions WHERE workspace_id = ?').bind(ws.workspace.id).first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });

  it('"Let\'s discuss" keeps it proposed and shows staff who asked; "Not now" defers it with the reason', async () => {
    const ws = await workspaceWithRecipients('Discuss Co');
    const a = await json<Initiative>(call('/api/v1/initiatives', { token: ws.admin.token, body: { title: 'Kiosks', gap: 'Patients queue at the desk.' } }));
    const b = await json<Initiative>(call('/api/v1/initiatives', { token: ws.admin.token, body: { title: 'New phones', gap: 'Calls drop.' } }));
    const sent = await json(call('/api/v1/reports/send', { token: ws.admin.token, body: {} }));
    const views = await webViews(sent.report.id);
    await postForm(`${views['Bob Board']}/decide`, { initiative: a.id, answer: 'discuss', comment: 'What about tablets?' });
    await postForm(`${views['Bob Board']}/decide`, { initiative: b.id, answer: 'not_now' });
    const [ka, kb] = await Promise.all([a, b].map((i) => json<InitiativeDetail>(call(`/api/v1/initiatives/${i.id}`, { token: ws.admin.token }))));
    expect(ka!.initiative).toMatchObject({ state: 'proposed', decision: { answer: 'discuss', by: 'Bob Board', comment: 'What about tablets?' } });
    expect(kb!.initiative).toMatchObject({ state: 'deferred', stateReason: 'Bob Board answered “Not now” in the report.' });
    const view = await page(views['Eve Exec']!);
    expect(view).toContain('Bob Board asked to discuss it on');
    expect(view).toContain('Now not now.');
  });
});

describe('the report\'s initiative sections over three periods', () => {
  it('asks for the decision, follows the delivery, then says whether it worked', async () => {
    const ws = await newWorkspace('Three Periods Co');
    const token = ws.admin.token;
    const provider = await join(token, 'provider', 'Pat Provider', 'Fixit Ltd');
    await call('/api/v1/initiatives/settings', { method: 'PATCH', token, body: { currency: 'EUR' } });
    const tags = [];
    for (const n of [1, 2, 3]) tags.push((await json(call('/api/v1/annotations', { token, body: annotationBody(ws.terms, { summary: `Quote ${n} was late` }) }))).id);
    const checkIn = await json(call('/api/v1/taxonomy/kpis', { token, body: { name: 'Check-in time', unit: 'min', target: 5, direction: 'lower_is_better' } }));
    const kpi = (id: string, baseline: number, target: number) => ({ kpiId: id, baseline, baselineOn: '2026-02-01', target, targetOn: '2026-06-30' });
    const fast = await json<Initiative>(call('/api/v1/initiatives', {
      token, body: { title: 'Self check-in', gap: 'The front desk cannot check patients in without a queue.', providerCompany: 'Fixit Ltd', targetQuarter: '2026-Q2',
        annotationIds: tags, budget: { oneOff: 8000 }, kpis: [kpi(checkIn.id, 9, 5)] },
    }));
    const quotes = await json<Initiative>(call('/api/v1/initiatives', {
      token, body: { title: 'Quotes from the CRM', gap: 'Sales cannot quote the same day.', providerCompany: 'Fixit Ltd', kpis: [kpi(ws.terms.kpi, 48, 24)] },
    }));
    const workspace = (await getWorkspace(env.DB, ws.workspace.id))!;
    const week = (start: string, end: string) => buildReport(env, workspace, { cadence: 'weekly', start, end });

    // Period 1: both wait for a decision.
    const p1 = await week('2026-03-02', '2026-03-09');
    expect(p1.model.initiatives!.decisions.map((i) => i.title)).toEqual(['Self check-in', 'Quotes from the CRM']);
    expect(p1.model.counts.needsDecision).toBe(2);
    expect(p1.text).toContain('DECISIONS NEEDED\n  - Self check-in: The front desk cannot check patients in without a queue.');
    expect(p1.text).toMatch(/Raised 3 times by 1 line of business since \w+ 20\d\d · Cost: €8,000 once/);
    expect(p1.text).toContain('Expected: Check-in time from 9 to 5 min by 30 Jun 2026');
    expect(p1.html).toContain('Decisions needed');
    expect(p1.html).toContain('#initiative-');

    // Period 2: approved and under way; the provider said when.
    let v = fast.version;
    for (const state of ['approved', 'in_progress']) v = (await json<Initiative>(call(`/api/v1/initiatives/${fast.id}`, { method: 'PATCH', token, body: { version: v, state } }))).version;
    await call(`/api/v1/initiatives/${quotes.id}`, { method: 'PATCH', token, body: { version: quotes.version, state: 'approved' } });
    await call(`/api/v1/initiatives/${fast.id}/answers`, { token: provider.token, body: { status: 'in_progress', eta: '2026-06-15', note: 'Kiosks ordered.' } });
    await call(`/api/v1/taxonomy/kpis/${checkIn.id}/readings`, { token, body: { value: 7.2, recordedOn: '2026-05-03' } });
    const p2 = await week('2026-05-04', '2026-05-11');
    expect(p2.model.initiatives!.decisions).toEqual([]);
    expect(p2.text).toContain('INITIATIVES IN PROGRESS\n  - Self check-in (In progress)\n    Fixit Ltd: in progress, expected 15 Jun 2026 — Kiosks ordered.\n    Check-in time: 9 → 7.2 (3 May) → target 5 min');
    expect(p2.text).toContain('Quotes from the CRM (Approved)\n    Fixit Ltd: no answer yet');
    expect(p2.text).toContain('Fixit Ltd, 2 initiatives: 1 on time, 0 late, 1 without an answer.');

    // Period 3: delivered; the reading after the KPI date says whether it worked.
    // The provider's answer made a new version: read it before changing the state.
    v = (await json<InitiativeDetail>(call(`/api/v1/initiatives/${fast.id}`, { token }))).initiative.version;
    expect((await json<Initiative>(call(`/api/v1/initiatives/${fast.id}`, { method: 'PATCH', token, body: { version: v, state: 'delivered' } }))).state).toBe('delivered');
    const q = await json<InitiativeDetail>(call(`/api/v1/initiatives/${quotes.id}`, { token }));
    await call(`/api/v1/initiatives/${quotes.id}`, { method: 'PATCH', token, body: { version: q.initiative.version, state: 'delivered', reason: 'The provider finished early.' } });
    await call(`/api/v1/taxonomy/kpis/${checkIn.id}/readings`, { token, body: { value: 4.5, recordedOn: '2026-07-01' } });
    await call(`/api/v1/taxonomy/kpis/${ws.terms.kpi}/readings`, { token, body: { value: 30, recordedOn: '2026-07-02' } });
    const p3 = await week('2026-07-06', '2026-07-13');
    expect(p3.model.initiatives!.outcomes.map((i) => i.title)).toEqual(['Self check-in', 'Quotes from the CRM']);
    expect(p3.text).toContain('DID IT WORK?\n  - Self check-in\n    Check-in time 4.5 min, target 5 — met\n  - Quotes from the CRM\n    Quote turnaround 30 hours, target 24 — not met');
    expect(p3.html).toContain('Check-in time 4.5 min, target 5 — met');
    const web = renderWebView(p3.model, { feedbackAction: null, answers: new Map(), archiveUrl: null });
    expect(web).toContain('<h2>Did it work?</h2>');
    expect(web).toContain('Quote turnaround 30 hours, target 24 — not met');
    // A week before the KPI date, the delivered initiative is still followed as under way.
    const earlier = await week('2026-06-15', '2026-06-22');
    expect(earlier.model.initiatives!.outcomes).toEqual([]);
    expect(earlier.text).toContain('Self check-in (Delivered)\n    Fixit Ltd: in progress, expected 15 Jun 2026 — Kiosks ordered.\n    Check-in time: 9 → 7.2 (3 May) → target 5 min');
  });

  it('keeps the email under 100 KB with dozens of long proposed initiatives', async () => {
    const ws = await newWorkspace('Many Ideas Co');
    const long = 'The front desk cannot check patients in without calling IT, and <b>every</b> "Monday" & more. '.repeat(10).slice(0, 1000);
    const body = (n: number) => ({ title: `Idea ${n} ${'x'.repeat(140)}`, gap: long, specification: Array.from({ length: 5 }, (_, i) => `Criterion ${i}`) });
    await Promise.all(Array.from({ length: 60 }, (_, n) => call('/api/v1/initiatives', { token: ws.admin.token, body: body(n) })));
    const workspace = (await getWorkspace(env.DB, ws.workspace.id))!;
    const built = await buildReport(env, workspace, { cadence: 'weekly', start: '2026-03-02', end: '2026-03-09' });
    const bytes = new TextEncoder().encode(built.html.replaceAll('{{web_view_url}}', `https://steward.example.com/r/${'x'.repeat(150)}`)).length;
    expect(bytes).toBeLessThan(100_000);
    expect(built.html).toContain('more in the web view');
    expect(built.html).not.toContain('<b>every</b>');
    expect((built.model as ReportModel).initiatives!.decisions).toHaveLength(50);
  }, 30_000);
});
