import type { Meeting, Workspace } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import type { OutgoingEmail } from '../email/message';
import { fromAddress, transportFor } from '../email/transport';
import type { Env } from '../env';
import { html, raw, type Html } from '../lib/html';
import type { Attendee } from './plan';

/**
 * The minutes of a held dialogue meeting, as an email in plain words for executives: the date,
 * the decision on each agenda item, then the action items with who does them and by when. A
 * correction says at the top what was corrected. HTML and text, well under 100 KB.
 */

export interface RenderedMinutes {
  subject: string;
  html: string;
  text: string;
}

export interface Correction {
  /** What the person correcting said, in their words. */
  note: string;
  /** What changed, computed ("Due date of “…”: 10 Dec → 17 Dec"). */
  changes: string[];
}

/** Gmail clips messages over 102 KB; the minutes stay well under it whatever was typed. */
const BUDGET_BYTES = 90_000;

const FONT = raw(`font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif`);
const C = { text: '#1f2937', muted: '#4b5563', line: '#e5e7eb', bg: '#f3f4f6', card: '#ffffff', accent: '#0f766e', warn: '#b45309' };

const STATE_WORDS = { open: '', done: ' — done', dropped: ' — dropped' } as const;

function parts(ws: Pick<Workspace, 'name'>, m: Meeting, correction: Correction | null, limit: number) {
  const decided = new Map(m.decisions.map((d) => [d.ref, d]));
  // Agenda order first; a decision on an item no longer on the agenda still counts.
  const onAgenda = new Set(m.agenda.map((a) => a.ref));
  const decisions = [
    ...m.agenda.flatMap((a) => (decided.has(a.ref) ? [{ title: a.title, text: decided.get(a.ref)!.text }] : [])),
    ...m.decisions.filter((d) => !onAgenda.has(d.ref)).map((d) => ({ title: d.title, text: d.text })),
  ];
  const undecided = m.agenda.filter((a) => !decided.has(a.ref)).map((a) => a.title);
  const items = m.actionItems.filter((i) => i.state !== 'dropped').map((i) => ({
    what: i.what, owner: i.owner.name, due: shortDate(i.dueOn, true), state: STATE_WORDS[i.state],
  }));
  const when = shortDate(m.heldOn, true);
  return {
    subject: `${correction ? 'Corrected minutes' : 'Minutes'}: dialogue meeting for ${ws.name}, ${when}`,
    intro: `The dialogue meeting of ${ws.name} was held on ${when}${m.reportLabel ? `, on the agenda of the IT report for ${m.reportLabel}` : ''}. ${m.startedBy} ran it.`,
    decisions: decisions.slice(0, limit),
    moreDecisions: Math.max(0, decisions.length - limit),
    undecided: undecided.slice(0, limit),
    moreUndecided: Math.max(0, undecided.length - limit),
    items: items.slice(0, limit),
    moreItems: Math.max(0, items.length - limit),
    more: (n: number, what: string) => `…and ${n} more ${what}: ask ${m.startedBy} for the full list.`,
  };
}

function renderText(p: ReturnType<typeof parts>, correction: Correction | null): string {
  const out: string[] = [];
  if (correction) {
    out.push('CORRECTION', `  ${correction.note}`);
    if (correction.changes.length) out.push('  What changed:', ...correction.changes.map((c) => `  - ${c}`));
    out.push('  These corrected minutes replace the ones sent before.', '');
  }
  out.push(p.intro, '', 'DECISIONS');
  if (!p.decisions.length) out.push('  No decision was recorded.');
  for (const d of p.decisions) out.push(`  - ${d.title}`, `    Decided: ${d.text}`);
  if (p.moreDecisions) out.push(`  ${p.more(p.moreDecisions, 'decisions')}`);
  if (p.undecided.length) {
    out.push('', '  Also discussed, with no decision recorded:', ...p.undecided.map((t) => `  - ${t}`));
    if (p.moreUndecided) out.push(`  ${p.more(p.moreUndecided, 'items')}`);
  }
  out.push('', 'ACTION ITEMS');
  if (!p.items.length) out.push('  No action item was agreed.');
  for (const i of p.items) out.push(`  - ${i.what}`, `    ${i.owner}, due ${i.due}${i.state}`);
  if (p.moreItems) out.push(`  ${p.more(p.moreItems, 'action items')}`);
  out.push('', 'Open action items come back in the next IT report, marked done, late or open.',
    'Steward sent these minutes to the meeting\'s attendees. Any change to them is sent to you as a correction.', '');
  return out.join('\n');
}

function renderHtml(p: ReturnType<typeof parts>, correction: Correction | null): string {
  const row = (body: Html) => html`<tr><td style="padding:8px 0;border-top:1px solid ${C.line}">${body}</td></tr>`;
  const section = (title: string, rows: Html[]) => html`<tr><td style="padding:18px 24px 4px"><h2 style="margin:0;font-size:17px;line-height:24px;color:${C.text}">${title}</h2></td></tr>
<tr><td style="padding:0 24px 8px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="${FONT}">${rows}</table></td></tr>`;
  const muted = (text: string) => html`<tr><td style="padding:8px 0;font-size:14px;color:${C.muted}">${text}</td></tr>`;
  const decisions = [
    ...(p.decisions.length ? [] : [muted('No decision was recorded.')]),
    ...p.decisions.map((d) => row(html`<div style="font-size:15px;line-height:21px;color:${C.text}"><strong>${d.title}</strong></div>
<div style="font-size:15px;line-height:21px;color:${C.text};margin-top:2px;white-space:pre-wrap">Decided: ${d.text}</div>`)),
    ...(p.moreDecisions ? [muted(p.more(p.moreDecisions, 'decisions'))] : []),
    ...(p.undecided.length ? [muted(`Also discussed, with no decision recorded: ${p.undecided.join('; ')}${p.moreUndecided ? ` ${p.more(p.moreUndecided, 'items')}` : ''}`)] : []),
  ];
  const items = [
    ...(p.items.length ? [] : [muted('No action item was agreed.')]),
    ...p.items.map((i) => row(html`<div style="font-size:15px;line-height:21px;color:${C.text}">${i.what}</div>
<div style="font-size:13px;line-height:19px;color:${C.muted};margin-top:2px"><strong>${i.owner}</strong>, due ${i.due}${i.state}</div>`)),
    ...(p.moreItems ? [muted(p.more(p.moreItems, 'action items'))] : []),
  ];
  const top = correction
    ? html`<tr><td style="padding:16px 24px 0"><div style="border-left:4px solid ${C.warn};padding:6px 12px;background:#fffbeb;color:${C.text};font-size:15px;line-height:22px">
<strong>Correction:</strong> ${correction.note}${correction.changes.length ? html`<ul style="margin:6px 0 0;padding-left:18px">${correction.changes.map((c) => html`<li>${c}</li>`)}</ul>` : ''}
<div style="font-size:13px;color:${C.muted};margin-top:4px">These corrected minutes replace the ones sent before.</div></div></td></tr>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${p.subject}</title></head>
<body style="margin:0;padding:0;background:${C.bg}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${C.bg}"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="width:100%;max-width:640px;background:${C.card};border-radius:8px;${FONT}">
${top}
<tr><td style="padding:20px 24px 0"><h1 style="margin:0;font-size:21px;line-height:28px;color:${C.text}">${p.subject}</h1></td></tr>
<tr><td style="padding:8px 24px 0;font-size:15px;line-height:22px;color:${C.text}">${p.intro}</td></tr>
${section('Decisions', decisions)}
${section('Action items', items)}
<tr><td style="padding:12px 24px 20px;font-size:12px;line-height:18px;color:${C.muted};border-top:1px solid ${C.line}">
Open action items come back in the next IT report, marked done, late or open. Steward sent these minutes to the meeting’s attendees; any change to them is sent to you as a correction.
</td></tr>
</table></td></tr></table>
</body></html>`.toString();
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** The minutes (or corrected minutes) of a meeting; fewer lines when what was typed would pass the budget. */
export function renderMinutes(ws: Pick<Workspace, 'name'>, m: Meeting, correction: Correction | null = null): RenderedMinutes {
  let limit = 200;
  for (;;) {
    const p = parts(ws, m, correction, limit);
    const out = { subject: p.subject, html: renderHtml(p, correction), text: renderText(p, correction) };
    if (bytes(out.html) + bytes(out.text) <= BUDGET_BYTES || limit <= 1) return out;
    limit = Math.max(1, Math.floor(limit / 2));
  }
}

export interface MinutesOutcome { email: string; status: 'sent' | 'failed' | 'not_sent'; error: string | null }

/** Sends the minutes to each attendee, one message each; says what happened to each. */
export async function sendMinutes(env: Env, attendees: Attendee[], minutes: RenderedMinutes): Promise<MinutesOutcome[]> {
  if (!attendees.length) return [];
  let from: OutgoingEmail['from'];
  try {
    from = fromAddress(env);
  } catch (err) {
    return attendees.map((a) => ({ email: a.email, status: 'not_sent', error: (err as Error).message }));
  }
  const transport = await transportFor(env);
  if (!transport) {
    const why = 'No email transport is configured (STEWARD_EMAIL_TRANSPORT), so the minutes were stored but not sent.';
    return attendees.map((a) => ({ email: a.email, status: 'not_sent', error: why }));
  }
  return Promise.all(attendees.map(async (a): Promise<MinutesOutcome> => {
    try {
      await transport.send({ from, to: a, subject: minutes.subject, text: minutes.text, html: minutes.html, headers: {} });
      return { email: a.email, status: 'sent', error: null };
    } catch (err) {
      return { email: a.email, status: 'failed', error: `The mail server refused it: ${(err as Error).message}` };
    }
  }));
}
