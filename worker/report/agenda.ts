import type { AgendaItem, ReportItem, ReportModel } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { html, type Html } from '../lib/html';
import { decisionWords } from './initiatives';

/**
 * The next dialogue meeting's agenda, built from the report itself (never typed): what
 * executives asked to discuss or asked about (with their words), decisions waiting on them,
 * items that stalled, items the provider has not answered or is late on, and action items of
 * earlier meetings that are still open. Each thing is on it once, under the first reason in
 * that order.
 */
export function buildAgenda(m: Pick<ReportModel, 'challenges' | 'continuity' | 'planning' | 'providers' | 'initiatives' | 'actionItems'>): AgendaItem[] {
  const out: AgendaItem[] = [];
  const seen = new Set<string>();
  const add = (a: AgendaItem) => {
    if (seen.has(a.ref)) return;
    seen.add(a.ref);
    out.push(a);
  };
  for (const d of m.initiatives?.decisions ?? []) {
    add({ kind: 'decision', ref: d.id, title: d.title, why: d.decision ? `Last time ${decisionWords(d.decision)}` : 'Waiting for a decision: approve, put off or reject' });
  }
  const answered: ReportItem[] = [...m.challenges.flatMap((g) => g.items), ...(m.continuity ?? []), ...m.planning];
  for (const kind of ['discuss', 'question'] as const) {
    for (const i of answered) {
      const f = i.lastFeedback;
      if (f?.answer !== kind) continue;
      const asked = kind === 'discuss' ? `${f.by} wants to discuss it` : `${f.by} has a question`;
      add({ kind, ref: i.id, title: i.summary, why: f.comment ? `${asked}: “${f.comment}”` : asked });
    }
  }
  for (const c of m.continuity ?? []) if (c.change === 'stalled') add({ kind: 'stalled', ref: c.id, title: c.summary, why: c.changeText });
  for (const p of m.providers) {
    for (const s of p.noResponse) add({ kind: 'provider_silent', ref: s.id, title: s.summary, why: s.days ? `${p.company} has not answered in ${s.days} day${s.days === 1 ? '' : 's'}` : `${p.company} has not answered yet` });
    for (const o of p.overdue) add({ kind: 'provider_overdue', ref: o.id, title: o.summary, why: `${p.company} promised it for ${shortDate(o.eta, true)}` });
  }
  for (const a of m.actionItems?.items ?? []) {
    if (a.status !== 'done') add(actionItemAgendaItem({ ...a, late: a.status === 'late' }));
  }
  return out;
}

/** An open action item of an earlier meeting as an agenda line (the report's agenda, and a meeting's when it starts). */
export function actionItemAgendaItem(a: { id: string; what: string; owner: string; meetingOn: string; dueOn: string; late: boolean }): AgendaItem {
  return {
    kind: 'action_item', ref: a.id, title: a.what,
    why: `From the meeting on ${shortDate(a.meetingOn)}: ${a.owner}, due ${shortDate(a.dueOn, true)}${a.late ? ' — late' : ''}`,
  };
}

const EMPTY = 'Nothing was asked or is waiting: use the meeting for what comes next.';

/** The agenda's section of the web view. */
export function agendaWeb(m: ReportModel): Html | '' {
  if (!m.agenda) return '';
  return html`<h2 id="agenda">Agenda for the dialogue meeting</h2>${m.agenda.length
    ? html`<ol class="agenda">${m.agenda.map((a) => html`<li><strong>${a.title}</strong><br><span class="meta">${a.why}</span></li>`)}</ol>`
    : html`<p class="empty">${EMPTY}</p>`}`;
}

/** The agenda's rows of the email (inside its section table), at most `limit`; the rest are in the web view. */
export function agendaEmailRows(m: ReportModel, limit: number, colors: { text: string; muted: string; line: string }): Html[] {
  const items = m.agenda ?? [];
  if (!items.length) return [html`<tr><td style="padding:8px 0;font-size:14px;color:${colors.muted}">${EMPTY}</td></tr>`];
  return items.slice(0, limit).map((a, n) => html`<tr><td style="padding:8px 0;border-top:1px solid ${colors.line}">
<div style="font-size:15px;line-height:21px;color:${colors.text}">${n + 1}. <strong>${a.title}</strong></div>
<div style="font-size:13px;line-height:19px;color:${colors.muted}">${a.why}</div></td></tr>`);
}

/** The agenda's lines of the plain-text email. */
export function agendaText(m: ReportModel, limit: number): string[] {
  if (!m.agenda) return [];
  const lines = m.agenda.slice(0, limit).map((a, n) => `  ${n + 1}. ${a.title} — ${a.why}`);
  if (m.agenda.length > limit) lines.push(`  …and ${m.agenda.length - limit} more in the web view.`);
  return ['', 'AGENDA FOR THE DIALOGUE MEETING', ...(lines.length ? lines : [`  ${EMPTY}`])];
}
