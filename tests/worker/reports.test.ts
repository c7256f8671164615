import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { lastScheduledSend } from '../../shared/schedule';
import { getWorkspace } from '../../worker/db/workspaces';
import { smtpTransport } from '../../worker/email/smtp';
import type { Transport } from '../../worker/email/transport';
import { buildReport, runSchedule } from '../../worker/report/service';
import { annotationBody, call, join, json, newWorkspace } from './helpers';

interface Mail { subject: string; to: string; contentType: string; mimeTypes: string[]; listUnsubscribePost: string | null; text: string; html: string; listUnsubscribe: string | null; headers: Record<string, string>; size: number; envelope: { to: string[] } }

async function mailTo(address: string): Promise<Mail[]> {
  const all = (await (await fetch(`${env.MAIL_SINK_URL}/messages`)).json()) as Mail[];
  return all.filter((m) => m.envelope.to.includes(address));
}

/** A workspace with a weekly Monday 08:00 report in Chicago and two recipients. */
async function reportingWorkspace(name: string) {
  const ws = await newWorkspace(name);
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  const execEmail = `ceo-${slug}@example.com`;
  const extra = `board-${slug}@example.com`;
  const inv = await json(call('/api/v1/invites', { token: ws.admin.token, body: { role: 'executive', name: 'Eve Exec', email: execEmail } }));
  await call('/api/v1/auth/redeem', { body: { code: inv.code } });
  await call('/api/v1/report-recipients', { token: ws.admin.token, body: { email: extra, name: 'Board' } });
  await call('/api/v1/workspace', { method: 'PATCH', token: ws.admin.token, body: { timeZone: 'America/Chicago', schedule: { cadence: 'weekly', weekday: 1, hour: 8 } } });
  return { ...ws, execEmail, extra };
}

/** The scheduled send moments of the last few weeks (Mondays 08:00 Chicago), oldest first. */
function pastMondays(n: number): Date[] {
  const schedule = { cadence: 'weekly' as const, weekday: 1, monthDay: null, hour: 8 };
  const out: Date[] = [];
  let t = new Date(Date.now() - 60_000);
  for (let i = 0; i < n; i++) {
    const last = lastScheduledSend(t, schedule, 'America/Chicago');
    out.unshift(new Date(last.at.getTime() + 5 * 60_000));
    t = new Date(last.at.getTime() - 60_000);
  }
  return out;
}

describe('the executive report over real SMTP', () => {
  it('sends a multipart email whose links open the web view, where an executive answers; staff see it; the next report carries it', async () => {
    const { admin, terms, execEmail } = await reportingWorkspace('Acme Send');
    const a = await json(call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { priority: 'critical', summary: 'Quotes take two days because the CRM times out.' }) }));

    const res = await call('/api/v1/reports/send', { token: admin.token, body: {} });
    expect(res.status).toBe(200);
    const sent = await json(res);
    expect(sent).toMatchObject({ sent: 2, failed: 0 });

    const [mail] = await mailTo(execEmail);
    expect(mail).toBeDefined();
    // A text and an HTML version of the same message, as alternatives.
    expect(mail!.mimeTypes).toEqual(expect.arrayContaining(['multipart/alternative', 'text/plain', 'text/html']));
    expect(mail!.mimeTypes.indexOf('multipart/alternative')).toBeLessThan(mail!.mimeTypes.indexOf('text/plain'));
    expect(mail!.subject).toBe(sent.report.subject);
    expect(mail!.subject).toMatch(/1 challenge \(1 critical\)/);
    expect(mail!.text).toContain('Quotes take two days because the CRM times out.');
    expect(mail!.html).toContain('The bottom line');
    expect(mail!.html).not.toMatch(/<script/i);
    expect(mail!.listUnsubscribe).toMatch(/\/r\/[^/]+\/unsubscribe/);
    expect(mail!.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');

    // Every link in the message resolves: the ticket link is the evidence, the web view opens.
    const links = [...mail!.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links).toContain('https://rt.example.com/Ticket/Display.html?id=42');
    const webView = links.find((l) => /^http:\/\/steward\.test\/r\/[^/#]+$/.test(l))!;
    expect(webView).toBeDefined();
    for (const link of new Set(links.filter((l) => l.startsWith('http://steward.test/')))) {
      const r = await call(new URL(link).pathname);
      expect(r.status, link).toBe(200);
    }
    const page = await (await call(new URL(webView).pathname)).text();
    expect(page).toContain('Quotes take two days');
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script/i);

    // One click: "Let's discuss", with a comment.
    const form = new URLSearchParams({ item: a.id, answer: 'discuss', comment: 'Can sales use the old tool meanwhile?' });
    const answer = await call(`${new URL(webView).pathname}/feedback`, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(answer.status, await answer.clone().text()).toBe(303);
    const after = await (await call(`${new URL(answer.headers.get('location')!, 'http://steward.test').pathname}?saved=1`)).text();
    expect(after).toContain('your answer was recorded');
    expect(after).toMatch(/value="discuss" aria-pressed="true"/);

    const detail = await json(call(`/api/v1/annotations/${a.id}`, { token: admin.token }));
    expect(detail.feedback).toMatchObject([{ answer: 'discuss', comment: 'Can sales use the old tool meanwhile?', by: 'Eve Exec' }]);

    const ws = (await getWorkspace(env.DB, detail.annotation.workspaceId))!;
    const next = await buildReport(env, ws, { cadence: 'weekly', start: '2099-01-05', end: '2099-01-12' });
    expect(next.text).toContain('Last time Eve Exec said: Let\'s discuss "Can sales use the old tool meanwhile?"');
  });

  it('rejects forged and tampered links with a plain page', async () => {
    expect((await call('/r/not-a-token')).status).toBe(404);
    const { admin, terms, execEmail } = await reportingWorkspace('Acme Forge');
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms) });
    await call('/api/v1/reports/send', { token: admin.token, body: {} });
    const [mail] = await mailTo(execEmail);
    const link = /href="http:\/\/steward\.test(\/r\/[^"#/]+)"/.exec(mail!.html)![1]!;
    const tampered = link.slice(0, -3) + (link.endsWith('AAA') ? 'BBB' : 'AAA');
    const res = await call(tampered);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('not valid');
  });

  it('stops sending to an address that unsubscribed', async () => {
    const { admin, terms, extra } = await reportingWorkspace('Acme Unsub');
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms) });
    await call('/api/v1/reports/send', { token: admin.token, body: {} });
    const [mail] = await mailTo(extra);
    const unsub = new URL(mail!.listUnsubscribe!.replace(/[<>]/g, ''));
    // RFC 8058 one-click: a POST to the List-Unsubscribe address.
    expect((await call(unsub.pathname, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(200);
    const list = await json(call('/api/v1/report-recipients', { token: admin.token }));
    expect(list.items.find((r: { email: string }) => r.email === extra).unsubscribed).toBe(true);
    await call('/api/v1/reports/send', { token: admin.token, body: { date: '2026-01-07' } });
    expect(await mailTo(extra)).toHaveLength(1);
  });
});

describe('scheduling and exactly-once delivery', () => {
  it('follows an item across three reports: raised, progressing, resolved', async () => {
    const { admin, terms, workspace } = await reportingWorkspace('Acme Continuity');
    const provider = await join(admin.token, 'provider', 'Pat Kim', 'BrightIT');
    const [w1, w2, w3] = pastMondays(3);
    const a = await json(call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { visibility: 'provider', summary: 'Front desk printer jams every morning.' }) }));

    await runSchedule(env, w1!);
    await call(`/api/v1/annotations/${a.id}/updates`, { token: provider.token, body: { providerStatus: 'in_progress', eta: '2099-01-10' } });
    await runSchedule(env, w2!);
    await call(`/api/v1/annotations/${a.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, state: 'resolved' } });
    await runSchedule(env, w3!);

    const { results } = await env.DB.prepare('SELECT snapshot FROM reports WHERE workspace_id = ? ORDER BY period_start').bind(workspace.id).all<{ snapshot: string }>();
    const [r1, r2, r3] = results.map((r) => JSON.parse(r.snapshot));
    expect(r1.continuity).toBeNull();
    expect(r1.challenges[0].items[0]).toMatchObject({ id: a.id, summary: 'Front desk printer jams every morning.' });
    expect(r2.continuity).toMatchObject([{ id: a.id, change: 'provider_update', changeText: 'Provider: in progress, expected 10 Jan' }]);
    expect(r2.challenges[0].items[0].id).toBe(a.id);
    expect(r3.continuity).toMatchObject([{ id: a.id, change: 'resolved', changeText: expect.stringMatching(/^Resolved on /) }]);
    expect(r3.challenges).toEqual([]);
    expect(r3.bottomLine[0]).toMatch(/1 item resolved since the last report/);
    expect(r3.providers[0]).toMatchObject({ company: 'BrightIT', acknowledged: 1 });
  });

  it('sends one report and one email per recipient when two cron runs overlap', async () => {
    const { admin, terms, workspace, execEmail, extra } = await reportingWorkspace('Acme Overlap');
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms) });
    const [due] = pastMondays(1);
    await Promise.all([runSchedule(env, due!), runSchedule(env, due!), runSchedule(env, new Date(due!.getTime() + 60_000))]);
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM reports WHERE workspace_id = ?').bind(workspace.id).first<{ n: number }>();
    expect(count?.n).toBe(1);
    expect(await mailTo(execEmail)).toHaveLength(1);
    expect(await mailTo(extra)).toHaveLength(1);
    // A later run in the same hour sends nothing more.
    await runSchedule(env, new Date(due!.getTime() + 30 * 60_000));
    expect(await mailTo(execEmail)).toHaveLength(1);
  });

  it('after a run that failed half-way, a retry sends only to those not yet sent', async () => {
    const { admin, terms, workspace, execEmail, extra } = await reportingWorkspace('Acme Retry');
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms) });
    const real = smtpTransport(env);
    const flaky: Transport = {
      name: 'flaky',
      send: (m) => (m.to.email === extra ? Promise.reject(new Error('Connection reset by the mail server')) : real.send(m)),
    };
    const [due] = pastMondays(1);
    const first = await runSchedule(env, due!, flaky);
    expect(first).toMatchObject({ sent: 1, failed: 1 });
    const pending = await env.DB.prepare(`SELECT status, attempts, last_error FROM deliveries WHERE workspace_id = ? AND email = ?`).bind(workspace.id, extra).first();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_error: 'Connection reset by the mail server' });

    const second = await runSchedule(env, new Date(due!.getTime() + 3_600_000));
    expect(second.sent).toBeGreaterThanOrEqual(1);
    expect(await mailTo(execEmail)).toHaveLength(1);
    expect(await mailTo(extra)).toHaveLength(1);
    const archive = await json(call('/api/v1/reports', { token: admin.token }));
    expect(archive.items[0].deliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);
  });

  it('sends each workspace at its own local hour', async () => {
    const chicago = await reportingWorkspace('Acme Chicago');
    const paris = await reportingWorkspace('Acme Paris');
    await call('/api/v1/workspace', { method: 'PATCH', token: paris.admin.token, body: { timeZone: 'Europe/Paris' } });
    // Monday 08:05 in Chicago is 15:05 in Paris: Paris's 08:00 report is 7 hours old by then,
    // still within the day's grace, so it goes too — but at 08:05 Paris, Chicago is not due yet.
    const parisMorning = new Date(lastScheduledSend(new Date(), { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, 'Europe/Paris').at.getTime() + 5 * 60_000);
    await runSchedule(env, parisMorning);
    expect(await mailTo(paris.execEmail)).toHaveLength(1);
    expect(await mailTo(chicago.execEmail)).toHaveLength(0);
  });
});

describe('report content', () => {
  it('stays under 100 KB with 10 000 annotations and points to the web view for the rest', async () => {
    const { admin, terms, workspace } = await newWorkspace('Acme Big');
    const author = (await json(call('/api/v1/me', { token: admin.token }))).member.id;
    const now = new Date().toISOString();
    const stmt = env.DB.prepare(
      `INSERT INTO annotations (id, workspace_id, horizon, line_of_business, stakeholders, impact, priority, kpis, summary, state, visibility, author_id, created_at, updated_at, event_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, '[]', ?, 'open', 'team', ?, ?, ?, ?)`,
    );
    const priorities = ['critical', 'high', 'medium', 'low'];
    for (let start = 0; start < 10_000; start += 500) {
      await env.DB.batch(Array.from({ length: 500 }, (_, k) => {
        const i = start + k;
        return stmt.bind(crypto.randomUUID(), workspace.id, i % 5 ? 'now' : 'next', i % 2 ? terms.sales : terms.support, JSON.stringify([terms.dana]),
          terms.revenue, priorities[i % 4], `Item ${i}: ${'a long plain-language sentence about what the business cannot do '.repeat(4).slice(0, 270)}`, author, now, now, i % 5 ? null : '2099-03-01');
      }));
    }
    const ws = (await getWorkspace(env.DB, workspace.id))!;
    const built = await buildReport(env, ws, { cadence: 'weekly', start: '2026-11-16', end: '2026-11-23' });
    const bytes = new TextEncoder().encode(built.html.replaceAll('{{web_view_url}}', `https://steward.example.com/r/${'x'.repeat(150)}`)).length;
    expect(bytes).toBeLessThan(100_000);
    expect(built.model.counts.challenges).toBe(8000);
    expect(built.html).toMatch(/\d+ more in the web view/);
    expect(built.subject).toContain('8000 challenges (2000 critical)');
  });

  it('escapes every user text in the email, the text part and the web view', async () => {
    const { admin, terms, workspace } = await reportingWorkspace('Acme <b>Escape</b>');
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quoted"`;
    const lob = await json(call('/api/v1/taxonomy/lines-of-business', { token: admin.token, body: { name: `</td><script>lob()</script>` } }));
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { summary: evil, lineOfBusiness: lob.id }) });
    const ws = (await getWorkspace(env.DB, workspace.id))!;
    const built = await buildReport(env, ws, { cadence: 'weekly', start: '2026-11-16', end: '2026-11-23' });
    expect(built.html).not.toMatch(/<script|<img src=x/i);
    expect(built.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(built.html).toContain('Acme &lt;b&gt;Escape&lt;/b&gt;');
    expect(built.text).toContain(evil);
    const send = await json(call('/api/v1/reports/send', { token: admin.token, body: {} }));
    const page = await (await call(new URL(send.webViewUrl).pathname)).text();
    expect(page).not.toMatch(/<script|<img src=x/i);
    expect(page).toContain('&lt;/td&gt;&lt;script&gt;lob()&lt;/script&gt;');
  });

  it('previews for admins only, and says who is missing before sending', async () => {
    const { admin, terms } = await newWorkspace('Acme Preview');
    const staff = await join(admin.token, 'staff', 'Sam');
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { visibility: 'private', summary: 'A private draft' }) });
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { summary: 'A team item' }) });
    const preview = await json(call('/api/v1/reports/preview', { token: admin.token }));
    expect(preview.html).toContain('A team item');
    expect(preview.html).not.toContain('A private draft');
    expect(preview.bottomLine).toHaveLength(3);
    expect((await call('/api/v1/reports/preview', { token: staff.token })).status).toBe(403);
    const noOne = await call('/api/v1/reports/send', { token: admin.token, body: {} });
    expect(noOne.status).toBe(422);
    expect((await json(noOne)).error.message).toMatch(/Nobody receives the report yet/);
  });

  it('flags jargon in summaries with the workspace word list', async () => {
    const { admin, terms } = await newWorkspace('Acme Jargon');
    const a = await json(call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { summary: 'The VLAN and DNS changes broke the till' }) }));
    expect(a.jargon).toEqual(['DNS', 'VLAN']);
    await call('/api/v1/workspace', { method: 'PATCH', token: admin.token, body: { jargonWords: ['till'] } });
    const b = await json(call(`/api/v1/annotations/${a.id}`, { token: admin.token }));
    expect(b.annotation.jargon).toEqual(['till']);
  });
});
