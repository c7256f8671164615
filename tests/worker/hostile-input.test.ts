import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/schemas';
import { smtpTransport } from '../../worker/email/smtp';
import { renderDigestHtml, renderDigestText } from '../../worker/provider/digest-email';
import { annotationBody, call, joinAs, json, newWorkspace, postForm } from './helpers';

// Defects found by a hostile-input run (naughty strings, wrong types, oversize bodies,
// concurrent retries). Each test here failed before its fix.

interface Mail { subject: string; to: string; from: string; headers: Record<string, string>; html: string; text: string; envelope: { to: string[] } }

async function mailTo(address: string): Promise<Mail[]> {
  const all = (await (await fetch(`${env.MAIL_SINK_URL}/messages`)).json()) as Mail[];
  return all.filter((m) => m.envelope.to.includes(address));
}

/** Every `href` of an HTML document, entity-decoded the way a browser or mail client reads it. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"'));
}

/** Links that may appear: web addresses, in-page anchors, paths on this site, and the per-recipient placeholders. */
function expectOnlyWebLinks(html: string, where: string) {
  for (const href of hrefs(html)) expect(href, `${where}: ${href}`).toMatch(/^(https?:\/\/|#|\{\{|\/(?!\/))/i);
  expect(html, where).not.toMatch(/javascript:|vbscript:|data:text/i);
}

const HOSTILE_URLS = [
  'javascript:alert(document.domain)',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//evil.test/x',
];

describe('links that are not web addresses', () => {
  it('are refused in ticketRef.url and pageUrl, with the field named', async () => {
    const { admin, terms } = await newWorkspace('Acme Links');
    for (const url of HOSTILE_URLS) {
      const base = annotationBody(terms);
      const viaTicket = await call('/api/v1/annotations', { token: admin.token, body: { ...base, ticketRef: { ...(base.ticketRef as object), url } } });
      expect(viaTicket.status, url).toBe(400);
      expect((await json(viaTicket)).error.fields['ticketRef.url'], url).toMatch(/web address/);
      const viaPage = await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { ticketRef: undefined, pageUrl: url }) });
      expect(viaPage.status, url).toBe(400);
      expect((await json(viaPage)).error.fields.pageUrl, url).toMatch(/web address/);
    }
    // Plain web addresses are fine, in any case and with stray spaces around them.
    const ok = await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms, { ticketRef: undefined, pageUrl: '  HTTPS://intranet.example.com/meeting-notes  ' }) });
    expect(ok.status).toBe(201);
    expect((await json(ok)).pageUrl).toBe('HTTPS://intranet.example.com/meeting-notes');
  });

  it('are never rendered as links, even from rows stored before the check existed', async () => {
    const ws = await newWorkspace('Acme Old Rows');
    const execEmail = 'ceo-old-rows@example.com';
    await call('/api/v1/report-recipients', { token: ws.admin.token, body: { email: execEmail, name: 'Eve' } });
    const pat = await joinAs(ws.admin.token, { role: 'provider', name: 'Pat', providerCompany: 'BrightIT', email: 'pat-old-rows@brightit.test' });
    const ids: string[] = [];
    for (const [i, url] of HOSTILE_URLS.entries()) {
      const a = await json<Annotation>(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { visibility: 'provider', summary: `Old row ${i}` }) }));
      ids.push(a.id);
      // What an older Worker let through: written straight into D1.
      const ref = { ...a.ticketRef!, url };
      await env.DB.prepare('UPDATE annotations SET ticket_ref = ?, page_url = ? WHERE id = ?').bind(JSON.stringify(ref), url, a.id).run();
    }
    const page = await json<Annotation>(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { ticketRef: undefined, pageUrl: 'https://intranet.example.com/x', visibility: 'provider', summary: 'A page note' }) }));
    await env.DB.prepare('UPDATE annotations SET page_url = ? WHERE id = ?').bind(' JaVaScRiPt:alert(2)', page.id).run();

    const preview = await json(call('/api/v1/reports/preview', { token: ws.admin.token }));
    expectOnlyWebLinks(preview.html, 'preview email');
    expect(preview.text).not.toMatch(/javascript:|vbscript:|data:text/i);

    const sent = await json(call('/api/v1/reports/send', { token: ws.admin.token, body: {} }));
    expect(sent.sent).toBeGreaterThan(0);
    const [mail] = await mailTo(execEmail);
    expectOnlyWebLinks(mail!.html, 'sent email');
    expect(mail!.text).not.toMatch(/javascript:|vbscript:|data:text/i);

    const web = await (await call(new URL(sent.webViewUrl).pathname)).text();
    expectOnlyWebLinks(web, 'web view');
    const archived = await call(`/api/v1/reports/${sent.report.id}/view`, { token: ws.admin.token });
    expectOnlyWebLinks(await archived.text(), 'admin report view');
    expect(archived.headers.get('content-security-policy')).toMatch(/default-src 'none'/);

    const link = await json(call(`/api/v1/members/${pat.member.id}/provider-link`, { method: 'POST', token: ws.admin.token }));
    expectOnlyWebLinks(await (await call(new URL(link.url).pathname)).text(), 'provider page');

    const inbox = await json(call('/api/v1/provider/inbox', { token: pat.token }));
    const digest = {
      workspaceName: 'Acme', company: 'BrightIT', memberName: 'Pat', newlyShared: inbox.items, newlyOverdue: [],
      totals: { open: inbox.items.length, unanswered: inbox.items.length, overdue: 0 },
      viewUrl: 'https://steward.test/p/x', unsubscribeUrl: 'https://steward.test/p/x/unsubscribe',
    };
    expectOnlyWebLinks(renderDigestHtml(digest), 'provider digest');
    expect(renderDigestText(digest)).not.toMatch(/javascript:|vbscript:|data:text/i);
  });
});

describe('a ticket address the tool gave', () => {
  it('that is not a web address is never rendered as a link, in the report items or Check these', async () => {
    const ws = await newWorkspace('Acme Fact Links');
    await call('/api/v1/report-recipients', { token: ws.admin.token, body: { email: 'ceo-fact-links@example.com' } });
    for (const [i, url] of HOSTILE_URLS.entries()) {
      const id = String(100 + i);
      const ticketRef = { tool: 'rt', tenant: 'rt.example.com', ticketId: id, url: `https://rt.example.com/Ticket/Display.html?id=${id}`, observedAt: '2026-11-20T10:00:00Z' };
      expect((await call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { summary: `Fact link ${i}`, ticketRef }) })).status).toBe(201);
      // Facts as the observation route stores them, with an address no check stopped (resolved
      // long ago, so each is in "Check these" too).
      await env.DB.prepare(
        `INSERT INTO tickets (workspace_id, ticket_key, tool, tenant, ticket_id, url, status, category, status_since, status_since_kind,
           first_seen_at, last_seen_at, observed_at, source)
         VALUES (?, ?, 'rt', 'rt.example.com', ?, ?, 'resolved', 'resolved', '2026-10-01T10:00:00.000Z', 'seen', '2026-10-01T10:00:00.000Z', ?, ?, 'page')`,
      ).bind(ws.workspace.id, `rt:rt.example.com:${id}`, id, url, new Date().toISOString(), new Date().toISOString()).run();
    }
    const preview = await json(call('/api/v1/reports/preview', { token: ws.admin.token }));
    expect(preview.text).toContain('Ticket tool:');
    expectOnlyWebLinks(preview.html, 'preview email');
    expect(preview.text).not.toMatch(/javascript:|vbscript:|data:text/i);
    const sent = await json(call('/api/v1/reports/send', { token: ws.admin.token, body: {} }));
    const web = await (await call(new URL(sent.webViewUrl).pathname)).text();
    expect(web).toContain('Check these');
    expectOnlyWebLinks(web, 'web view');
    expectOnlyWebLinks(await (await call(`/api/v1/reports/${sent.report.id}/view`, { token: ws.admin.token })).text(), 'admin report view');
  });
});

const INJECTED = 'Dr Crlf\r\nBcc: injected@evil.test\r\nX-Steward-Injected: 1';

describe('email headers', () => {
  it('refuses line breaks and control characters in names, titles and companies', async () => {
    const { admin, terms } = await newWorkspace('Acme Headers');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/report-recipients', { email: 'crlf@example.com', name: INJECTED }, 'name'],
      ['POST', '/api/v1/invites', { role: 'staff', name: INJECTED }, 'name'],
      ['POST', '/api/v1/invites', { role: 'provider', name: 'Pat', providerCompany: 'Bright\nIT' }, 'providerCompany'],
      ['PATCH', '/api/v1/workspace', { name: 'Acme\r\nSubject: free money' }, 'name'],
      ['POST', '/api/v1/taxonomy/lines-of-business', { name: 'Sales\u0000' }, 'name'],
      ['POST', '/api/v1/taxonomy/stakeholders', { name: 'Dana', title: 'Head\u2028of Sales' }, 'title'],
      ['POST', '/api/v1/taxonomy/kpis', { name: 'Uptime', unit: '%\rof time', direction: 'higher_is_better' }, 'unit'],
      ['POST', '/api/v1/annotations', annotationBody(terms, { visibility: 'provider', sharedWith: 'Bright\r\nIT' }), 'sharedWith'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await call(path, { method, token: admin.token, body });
      expect(res.status, `${path} ${field}`).toBe(400);
      const err = (await json(res)).error;
      expect(err.fields[field], `${path} ${field}`).toMatch(/one line/);
      expect(err.message).toContain(field);
    }
    const ws = await json(call('/api/v1/workspaces', { token: 'test-operator-token', body: { name: 'Evil\r\nCorp', admin: { name: 'A' } } }));
    expect(ws.error.fields.name).toMatch(/one line/);
  });

  it('keeps a stored name with line breaks inside its own header when the report is sent', async () => {
    const { admin } = await newWorkspace('Acme Stored Crlf');
    const email = 'crlf-stored@example.com';
    await call('/api/v1/report-recipients', { token: admin.token, body: { email, name: 'Placeholder' } });
    // A name an older Worker accepted.
    await env.DB.prepare('UPDATE report_recipients SET name = ? WHERE email = ?').bind(INJECTED, email).run();
    await env.DB.prepare('UPDATE workspaces SET name = ? WHERE id = ?').bind('Acme\r\nX-Steward-Injected: 2', admin.workspace.id).run();
    const sent = await json(call('/api/v1/reports/send', { token: admin.token, body: {} }));
    expect(sent).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = await mailTo(email);
    expect(mail).toBeDefined();
    expect(Object.keys(mail!.headers)).not.toContain('bcc');
    expect(Object.keys(mail!.headers)).not.toContain('x-steward-injected');
    expect(mail!.to).toContain('Dr Crlf');
    expect((await mailTo('injected@evil.test'))).toHaveLength(0);
  });

  it('sends what the transport is given with every user value inside its header (subject and names)', async () => {
    const to = 'transport-crlf@example.com';
    await smtpTransport(env).send({
      from: { name: 'Steward\r\nX-Steward-Injected: 3', email: 'reports@steward.test' },
      to: { name: INJECTED, email: to },
      subject: 'Acme\r\nX-Steward-Injected: 4\r\n\r\nbody: new items shared',
      text: 'text', html: '<p>html</p>', headers: {},
    });
    const [mail] = await mailTo(to);
    expect(Object.keys(mail!.headers).filter((h) => h === 'bcc' || h.startsWith('x-steward'))).toEqual([]);
    expect(mail!.subject).toContain('new items shared');
    expect(mail!.text.trim()).toBe('text');
  });

  it('refuses to send without a configured sender, saying which setting is missing', async () => {
    const { fromAddress } = await import('../../worker/email/transport');
    expect(() => fromAddress({ ...env, STEWARD_EMAIL_FROM: undefined })).toThrow(/STEWARD_EMAIL_FROM/);
    expect(fromAddress(env).email).toBe('reports@steward.test');
  });
});

describe('error messages', () => {
  it('name the field whatever its name, __proto__ and constructor included', async () => {
    const { admin, terms } = await newWorkspace('Acme Proto');
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const body = `{${JSON.stringify(key)}: {"x": 1}, ${JSON.stringify(annotationBody(terms)).slice(1)}`;
      const res = await call('/api/v1/annotations', { token: admin.token, body });
      expect(res.status, key).toBe(400);
      const err = (await json(res)).error;
      expect(Object.keys(err.fields), key).toEqual([key]);
      expect(err.message, key).toContain(`${key} is not a known field; remove it`);
    }
    const res = await call('/api/v1/invites', { token: admin.token, body: { role: 'staff', name: 'Sam', constructor: 'x' } });
    expect((await json(res)).error.fields).toEqual({ constructor: 'is not a known field; remove it' });
  });

  it('say what to fix when the body is not JSON or not an object', async () => {
    const { admin } = await newWorkspace('Acme Not Json');
    const broken = await call('/api/v1/annotations', { token: admin.token, body: '{"summary": "half' });
    expect(broken.status).toBe(400);
    expect((await json(broken)).error.message).toMatch(/not valid JSON: check for a missing quote/);
    for (const body of ['"text"', 'null', '42']) {
      const res = await call('/api/v1/annotations', { token: admin.token, body });
      expect(res.status, body).toBe(400);
      expect((await json(res)).error.message, body).toMatch(/must be a JSON object/);
    }
  });

  it('say in plain words what to fix instead of valibot\'s wording', async () => {
    const { admin } = await newWorkspace('Acme Plain');
    const res = await call('/api/v1/taxonomy/stakeholders', { token: admin.token, body: { name: 'Dana', lineOfBusinessId: 'x'.repeat(75) } });
    expect(res.status).toBe(400);
    const err = (await json(res)).error;
    expect(err.fields.lineOfBusinessId).toBe('is not a valid id');
    const weird = await call('/api/v1/report-recipients', { token: admin.token, body: { email: `${'x'.repeat(300)}@example.com` } });
    const werr = (await json(weird)).error;
    expect(werr.message).not.toMatch(/Invalid|Expected|received/);
    expect(werr.fields.email).toMatch(/email address|at most 254/);
  });
});

describe('forms outside the API', () => {
  it('refuse a body over 16 KB with a page that says what happened', async () => {
    const { admin, terms } = await newWorkspace('Acme Big Form');
    await call('/api/v1/report-recipients', { token: admin.token, body: { email: 'ceo-big-form@example.com' } });
    await call('/api/v1/annotations', { token: admin.token, body: annotationBody(terms) });
    const sent = await json(call('/api/v1/reports/send', { token: admin.token, body: {} }));
    const huge = 'x'.repeat(1024 * 1024);
    const feedback = await postForm(`${new URL(sent.webViewUrl).pathname}/feedback`, { item: 'x', answer: 'ok', comment: huge });
    expect(feedback.status).toBe(413);
    expect(await feedback.text()).toMatch(/too long[\s\S]*shorten your comment/);

    const pat = await joinAs(admin.token, { role: 'provider', name: 'Pat', providerCompany: 'BrightIT' });
    const link = await json(call(`/api/v1/members/${pat.member.id}/provider-link`, { method: 'POST', token: admin.token }));
    const respond = await postForm(`${new URL(link.url).pathname}/respond`, { item: 'x', status: 'done', note: huge });
    expect(respond.status).toBe(413);
    expect(respond.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});

describe('identical creates racing each other', () => {
  it('all succeed with the same annotation, one row and one activity entry', async () => {
    const { admin, terms } = await newWorkspace('Acme Race');
    for (let round = 0; round < 5; round++) {
      const body = annotationBody(terms, { summary: `Race round ${round}` });
      const answers = await Promise.all(Array.from({ length: 16 }, () => call('/api/v1/annotations', { token: admin.token, body })));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 201), statuses.join()).toHaveLength(1);
      expect(statuses.filter((s) => s === 200), statuses.join()).toHaveLength(15);
      const ids = new Set(await Promise.all(answers.map(async (r) => (await json(r)).id)));
      expect([...ids]).toEqual([body.id]);
      const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM annotations WHERE id = ?').bind(body.id).first<{ n: number }>();
      expect(rows!.n).toBe(1);
      const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ? AND action = 'annotation.create'").bind(body.id).first<{ n: number }>();
      expect(audits!.n).toBe(1);
    }
    // A different content under a taken id is still a clash.
    const body = annotationBody(terms);
    await call('/api/v1/annotations', { token: admin.token, body });
    const clash = await call('/api/v1/annotations', { token: admin.token, body: { ...body, summary: 'Something else' } });
    expect(clash.status).toBe(409);
  });
});
