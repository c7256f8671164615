import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../shared/schemas';
import { getWorkspace } from '../../worker/db/workspaces';
import { buildAgenda } from '../../worker/report/agenda';
import { renderWebView } from '../../worker/report/render-web';
import { buildReport, reportLinks } from '../../worker/report/service';
import { annotationBody, call, joinAs, json, newWorkspace, postForm } from './helpers';

describe('the meeting agenda in the report', () => {
  it('carries what executives answered on the web view, with their words, into the next report\'s agenda (email, text and web view)', async () => {
    const ws = await newWorkspace('Agenda Co');
    await joinAs(ws.admin.token, { role: 'executive', name: 'Eve Exec', email: 'eve@agenda.example' });
    const quotes = await json(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms) }));
    const printers = await json(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { summary: 'The printers jam every morning.', priority: 'medium' }) }));
    const fine = await json(call('/api/v1/annotations', { token: ws.admin.token, body: annotationBody(ws.terms, { summary: 'Backups run late.', priority: 'low' }) }));
    const sent = await json(call('/api/v1/reports/send', { token: ws.admin.token, body: {} }));
    const delivery = await env.DB.prepare('SELECT id FROM deliveries WHERE report_id = ? AND email = ?').bind(sent.report.id, 'eve@agenda.example').first<{ id: string }>();
    const view = new URL((await reportLinks(env, delivery!.id, 'http://steward.test')).webView).pathname;

    expect((await postForm(`${view}/feedback`, { item: quotes.id, answer: 'discuss', comment: 'Can sales use the old tool meanwhile?' })).status).toBe(303);
    expect((await postForm(`${view}/feedback`, { item: printers.id, answer: 'question', comment: 'Who pays for the new ones?' })).status).toBe(303);
    expect((await postForm(`${view}/feedback`, { item: fine.id, answer: 'ok' })).status).toBe(303);

    const workspace = (await getWorkspace(env.DB, ws.workspace.id))!;
    const next = await buildReport(env, workspace, { cadence: 'weekly', start: '2099-01-05', end: '2099-01-12' });
    expect(next.model.agenda).toEqual([
      { kind: 'discuss', ref: quotes.id, title: 'Quotes take two days because the CRM times out.', why: 'Eve Exec wants to discuss it: “Can sales use the old tool meanwhile?”' },
      { kind: 'question', ref: printers.id, title: 'The printers jam every morning.', why: 'Eve Exec has a question: “Who pays for the new ones?”' },
    ]);
    expect(next.text).toContain([
      'AGENDA FOR THE DIALOGUE MEETING',
      '  1. Quotes take two days because the CRM times out. — Eve Exec wants to discuss it: “Can sales use the old tool meanwhile?”',
      '  2. The printers jam every morning. — Eve Exec has a question: “Who pays for the new ones?”',
    ].join('\n'));
    expect(next.html).toContain('Agenda for the dialogue meeting</h2>');
    expect(next.html).toContain('2. <strong>The printers jam every morning.</strong>');
    const page = renderWebView(next.model, { feedbackAction: null, answers: new Map(), archiveUrl: null, decideAction: null, decisions: new Map() } as never);
    expect(page).toContain('<h2 id="agenda">Agenda for the dialogue meeting</h2><ol class="agenda"><li><strong>Quotes take two days because the CRM times out.</strong>');
    expect(page).not.toContain('Backups run late.</strong><br><span class="meta">');
  });

  it('lists decisions first, then answers, stalled items and the provider\'s silence or lateness, each thing once', () => {
    const item = (id: string, summary: string, extra: object = {}) => ({ id, summary, lastFeedback: null, ...extra });
    const agenda = buildAgenda({
      initiatives: { decisions: [{ id: 'i1', title: 'Online check-in', decision: null }], inProgress: [], outcomes: [] },
      challenges: [{ lineOfBusiness: 'Sales', items: [item('a1', 'Quotes are slow', { lastFeedback: { answer: 'question', comment: null, by: 'Dana', at: '2026-11-20T10:00:00Z' } })] }],
      continuity: [item('a1', 'Quotes are slow', { change: 'stalled', changeText: 'No update for 21 days' }), item('a2', 'VPN drops', { change: 'stalled', changeText: 'No update for 15 days' })],
      planning: [],
      providers: [{ company: 'Acme IT', noResponse: [{ id: 'a3', summary: 'Printer jam', days: 1 }, { id: 'a2', summary: 'VPN drops', days: 9 }, { id: 'a5', summary: 'Shared this morning', days: 0 }], overdue: [{ id: 'a4', summary: 'New laptops', eta: '2026-11-15' }] }],
    } as unknown as Pick<ReportModel, 'challenges' | 'continuity' | 'planning' | 'providers' | 'initiatives'>);
    expect(agenda.map((a) => `${a.kind} ${a.ref}: ${a.why}`)).toEqual([
      'decision i1: Waiting for a decision: approve, put off or reject',
      'question a1: Dana has a question',
      'stalled a2: No update for 15 days',
      'provider_silent a3: Acme IT has not answered in 1 day',
      'provider_silent a5: Acme IT has not answered yet',
      'provider_overdue a4: Acme IT promised it for 15 Nov 2026',
    ]);
  });
});
