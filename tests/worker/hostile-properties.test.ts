import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AnnotationCreateSchema, RecipientCreateSchema, isHttpUrl, type Annotation } from '../../shared/schemas';
import { smtpTransport } from '../../worker/email/smtp';
import { annotationBody, call, joinAs, json, newWorkspace } from './helpers';

// Property-based checks over the schemas, the renderers and the mail path. Seeded and
// bounded: a failure prints its seed and shrunk input, and re-running gives the same cases.
const SEED = 20261129;

/** Strings people (and attackers) paste: markup, quotes, SQL, control characters, odd Unicode. */
const NAUGHTY = [
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; DROP TABLE annotations; --", '&lt;b&gt;', '&amp;&#0;',
  '{{7*7}}', '$' + '{7*7}', '<!--', ']]>', '\u0000', '\r\n', '\u2028\u2029', '\u202e', '\ufeff', 'null', 'undefined', 'NaN',
  '__proto__', 'constructor', '𝕿𝖊𝖘𝖙 😀', 'ﷺ', 'Ω≈ç√∫', '\t', ' ', '<a href="javascript:alert(1)">x</a>', '<svg onload=alert(1)>',
];

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(...NAUGHTY),
  fc.tuple(fc.constantFrom(...NAUGHTY), fc.string({ maxLength: 20 }), fc.constantFrom(...NAUGHTY)).map((p) => p.join('')),
);

/** The text as HTML escaping writes it (what an inert rendering must contain, if it shows it). */
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('any text in any field', () => {
  it('is refused with the field named, or stored and shown as inert text in every email and page', async () => {
    const ws = await newWorkspace('Acme Props');
    await call('/api/v1/report-recipients', { token: ws.admin.token, body: { email: 'ceo-props@example.com' } });
    const pat = await joinAs(ws.admin.token, { role: 'provider', name: 'Pat', providerCompany: 'BrightIT' });
    const link = new URL((await json(call(`/api/v1/members/${pat.member.id}/provider-link`, { method: 'POST', token: ws.admin.token }))).url).pathname;
    const fields = ['summary', 'detail', 'lineOfBusiness', 'impact'] as const;
    const stored: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), text, async (field, value) => {
        const res = await call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { visibility: 'provider', [field]: value }) });
        if (res.status >= 400) {
          expect(res.status).toBeLessThan(500);
          const err = (await json(res)).error;
          expect(Object.keys(err.fields ?? {}), `${res.status} ${err.message}`).toContain(field);
          expect(err.message).toContain(field);
          return;
        }
        expect(res.status).toBe(201);
        const a = await json<Annotation>(res);
        if (field === 'summary') {
          expect(a.summary).toBe(value.trim());
          stored.push(a.summary);
        }
        if (field === 'detail') expect(a.detail).toBe(value);
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(stored.length).toBeGreaterThan(5);
    const preview = await json(call('/api/v1/reports/preview', { token: ws.admin.token }));
    const sent = await json(call('/api/v1/reports/send', { token: ws.admin.token, body: {} }));
    const pages = {
      'email HTML': preview.html as string,
      'web view': await (await call(new URL(sent.webViewUrl).pathname)).text(),
      'provider page': await (await call(link)).text(),
    };
    for (const summary of stored) {
      for (const [where, page] of Object.entries(pages)) {
        // Apostrophes may be written as entities or not; both are inert.
        const html = page.replace(/&#39;|&#x27;/g, "'");
        // Inert: markup in a value never reaches the page as markup, only escaped.
        if (/[<>"&]/.test(summary)) expect(html.includes(summary), `${where}: ${JSON.stringify(summary)}`).toBe(false);
        // The email and the provider page show the top items only; the web view shows all.
        if (where === 'web view') expect(html.includes(escaped(summary)), `${where} shows ${JSON.stringify(summary)}`).toBe(true);
      }
    }
    for (const html of Object.values(pages)) expect(html).not.toMatch(/<script|<svg|<img/i);
  });
});

describe('any text in the facts of a ticket', () => {
  it('is shown as inert text in every email and page: the ticket title, status word and assignee', async () => {
    const ws = await newWorkspace('Acme Facts Props');
    await call('/api/v1/report-recipients', { token: ws.admin.token, body: { email: 'ceo-facts-props@example.com' } });
    const shown: string[] = [];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(text, text, text, async (title, status, assignee) => {
        const id = String(9000 + n++);
        const ticketRef = { tool: 'zendesk', tenant: 'acme', ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, observedAt: '2026-11-20T10:00:00Z' };
        const res = await call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { ticketRef, summary: `Facts ${id}` }) });
        expect(res.status).toBe(201);
        // What a ticket page could show, stored as the observation route stores facts; closed
        // long ago, so each is also a contradiction in "Check these" (title shown there).
        await env.DB.prepare(
          `INSERT INTO tickets (workspace_id, ticket_key, tool, tenant, ticket_id, url, title, status, category, status_since, status_since_kind,
             assignee, first_seen_at, last_seen_at, observed_at, source)
           VALUES (?, ?, 'zendesk', 'acme', ?, ?, ?, ?, 'closed', '2026-10-01T10:00:00.000Z', 'seen', ?, '2026-10-01T10:00:00.000Z', ?, ?, 'page')`,
        ).bind(ws.workspace.id, `zendesk:acme:${id}`, id, ticketRef.url, title, status, assignee, new Date().toISOString(), new Date().toISOString()).run();
        shown.push(title, status, assignee);
      }),
      { seed: SEED, numRuns: 12 },
    );
    const preview = await json(call('/api/v1/reports/preview', { token: ws.admin.token }));
    expect(preview.text).toContain('Ticket tool: Zendesk #9000');
    const sent = await json(call('/api/v1/reports/send', { token: ws.admin.token, body: {} }));
    const pages = {
      'email HTML': preview.html as string,
      'web view': await (await call(new URL(sent.webViewUrl).pathname)).text(),
      'archived view': await (await call(`/api/v1/reports/${sent.report.id}/view`, { token: ws.admin.token })).text(),
    };
    expect(pages['web view']).toContain('Check these');
    for (const value of shown) {
      for (const [where, page] of Object.entries(pages)) {
        const html = page.replace(/&#39;|&#x27;/g, "'");
        if (/[<>"&]/.test(value)) expect(html.includes(value), `${where}: ${JSON.stringify(value)}`).toBe(false);
        // The web view shows every item with its ticket's title, status and assignee.
        if (where !== 'email HTML' && value.trim()) expect(html.includes(escaped(value)), `${where} shows ${JSON.stringify(value)}`).toBe(true);
      }
    }
    for (const html of Object.values(pages)) expect(html).not.toMatch(/<script|<svg|<img/i);
  });
});

describe('addresses', () => {
  const scheme = fc.oneof(
    fc.constantFrom('javascript', 'JaVaScRiPt', ' javascript', 'java\tscript', 'data', 'vbscript', 'file', 'ftp', 'about', 'chrome-extension', 'blob'),
    fc.stringMatching(/^[a-z][a-z0-9+.-]{0,10}$/).filter((s) => s !== 'http' && s !== 'https'),
  );

  it('that are not http(s) are refused by every schema that takes one', () => {
    const ticket = (url: string) => ({ ...annotationBody({ sales: 'a', support: 'b', dana: 'c', revenue: 'd', customers: 'e', kpi: 'f' }), ticketRef: { tool: 'rt', tenant: 'rt.example.com', ticketId: '1', url, observedAt: '2026-11-20T10:00:00Z' } });
    fc.assert(
      fc.property(scheme, fc.string({ maxLength: 40 }), (s, rest) => {
        const url = `${s}:${rest}`;
        expect(isHttpUrl(url)).toBe(false);
        const viaTicket = v.safeParse(AnnotationCreateSchema, ticket(url));
        expect(viaTicket.success).toBe(false);
        const viaPage = v.safeParse(AnnotationCreateSchema, { ...ticket('https://x.test/'), ticketRef: undefined, pageUrl: url });
        expect(viaPage.success).toBe(false);
      }),
      { seed: SEED, numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https'] }), (url) => {
        expect(v.safeParse(AnnotationCreateSchema, ticket(url)).success).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('names in email headers', () => {
  it('with a control character are refused by the schema', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 0, max: 0x1f }), fc.string({ maxLength: 20 }), (a, code, b) => {
        const name = `x${a}${String.fromCharCode(code)}${b}x`;
        const r = v.safeParse(RecipientCreateSchema, { email: 'a@example.com', name });
        expect(r.success).toBe(false);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('never make a header of their own in a sent message, read back over real SMTP', async () => {
    const allowed = new Set(['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type', 'list-unsubscribe', 'list-unsubscribe-post', 'list']);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(text, text, text, async (name, fromName, subject) => {
        const to = `prop-${n++}@headers.test`;
        await smtpTransport(env).send({
          from: { name: `Steward ${fromName}`, email: 'reports@steward.test' },
          to: { name: `R ${name}`, email: to },
          subject: `S ${subject}`,
          text: 'body', html: '<p>body</p>',
          headers: { 'List-Unsubscribe': '<https://steward.test/u>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        const all = (await (await fetch(`${env.MAIL_SINK_URL}/messages`)).json()) as { envelope: { to: string[] }; headers: Record<string, string>; text: string }[];
        const mail = all.find((m) => m.envelope.to.includes(to));
        expect(mail, to).toBeDefined();
        const extra = Object.keys(mail!.headers).filter((h) => !allowed.has(h));
        expect(extra, JSON.stringify({ name, fromName, subject })).toEqual([]);
        expect(mail!.text.trim()).toBe('body');
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});

describe('identical creates sent at once', () => {
  it('all succeed and leave one row, whatever the number and content', async () => {
    const { admin, terms } = await newWorkspace('Acme Props Race');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 12 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0), async (count, summary) => {
        const body = annotationBody(terms, { summary });
        const statuses = (await Promise.all(Array.from({ length: count }, () => call('/api/v1/annotations', { token: admin.token, body })))).map((r) => r.status);
        expect(statuses.filter((s) => s === 201)).toHaveLength(1);
        expect(statuses.filter((s) => s === 200)).toHaveLength(count - 1);
        const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM annotations WHERE id = ?').bind(body.id).first<{ n: number }>();
        expect(row!.n).toBe(1);
      }),
      { seed: SEED, numRuns: 8 },
    );
  });
});
