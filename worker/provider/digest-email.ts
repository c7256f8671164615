import type { ActionItem, Annotation, Initiative } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { safeHref } from '../../shared/schemas';
import { html, join, raw, type Html, type HtmlValue } from '../lib/html';
import { PRIORITY_COLORS } from '../report/words';
import type { ActionItemNews } from './action-items';
import { statusWords } from './page';

export interface DigestItem {
  annotation: Annotation;
  sharedAt: string;
}

/** An initiative the company delivers, as the digest tells it (never with the client's budget). */
export interface DigestInitiative {
  initiative: Initiative;
  /** When it came to the provider (its approval). */
  approvedAt: string;
  /** The date the provider gave, else the target quarter's last day; null when neither is known. */
  dueOn: string | null;
  /** The target date passed and the provider did not answer "done". */
  late: boolean;
}

/** What the digest says about the company's initiatives (see digest.ts). */
export interface InitiativeNews {
  /** Approved since the last digest. */
  newlyApproved: DigestInitiative[];
  /** Whose target date passed since the last digest, not answered "done". */
  newlyOverdue: DigestInitiative[];
  open: number;
  overdue: number;
}

export interface DigestEmail {
  workspaceName: string;
  company: string;
  memberName: string;
  /** Shared with the company since the last digest. */
  newlyShared: DigestItem[];
  /** Answered with a date that has passed since the last digest. */
  newlyOverdue: DigestItem[];
  totals: { open: number; unanswered: number; overdue: number };
  /** The dialogue meeting's action items the company owns (null or absent: none open). */
  actionItems?: ActionItemNews | null;
  /** The initiatives the company delivers (null or absent: none approved and open). */
  initiatives?: InitiativeNews | null;
  viewUrl: string;
  unsubscribeUrl: string;
}

/** How many items each list shows; the rest are on the provider's page. */
const DIGEST_LIST_LIMIT = 20;

// Raw: a constant whose quotes must reach the style attribute as they are.
const FONT = raw(`font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif`);
const C = { text: '#1f2937', muted: '#4b5563', line: '#e5e7eb', bg: '#f3f4f6', card: '#ffffff', accent: '#0f766e', link: '#0e7490' };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function digestSubject(d: DigestEmail): string {
  const parts: string[] = [];
  if (d.newlyShared.length) parts.push(`${plural(d.newlyShared.length, 'new item')} shared with ${d.company}`);
  if (d.newlyOverdue.length) parts.push(`${plural(d.newlyOverdue.length, 'item')} past the date you gave`);
  if (d.actionItems?.newlyAssigned.length) parts.push(`${plural(d.actionItems.newlyAssigned.length, 'new action item')} from the dialogue meeting`);
  if (d.actionItems?.newlyOverdue.length) parts.push(`${plural(d.actionItems.newlyOverdue.length, 'action item')} past ${d.actionItems.newlyOverdue.length === 1 ? 'its' : 'their'} due date`);
  const ini = d.initiatives;
  if (ini?.newlyApproved.length) parts.push(`${plural(ini.newlyApproved.length, 'initiative')} approved for you to deliver`);
  if (ini?.newlyOverdue.length) parts.push(`${plural(ini.newlyOverdue.length, 'initiative')} past ${ini.newlyOverdue.length === 1 ? 'its' : 'their'} target date`);
  return `${d.workspaceName}: ${parts.join(', ')}`;
}

/** "Agreed on 3 Dec, due 10 Dec; your answer: in progress". */
function actionItemNote(d: DigestEmail, i: ActionItem): string {
  const a = i.providerAnswer;
  const answer = a ? `your answer: ${statusWords(d.workspaceName)[a.status].toLowerCase()}${a.eta ? `, expected by ${shortDate(a.eta, true)}` : ''}` : 'no answer from you yet';
  return `agreed on ${shortDate(i.meetingOn)}, due ${shortDate(i.dueOn, true)}${i.late ? ' (passed)' : ''}; ${answer}`;
}

/** The shared items' totals, unless only action items or initiatives are open (nothing is shared). */
const sharedTotals = (d: DigestEmail): string | null => (d.totals.open || (!d.actionItems && !d.initiatives) ? totalsLine(d) : null);

/** "Approved: Online check-in — you deliver it". */
const approvedTitle = (i: DigestInitiative) => `Approved: ${i.initiative.title} — you deliver it`;

/** Where the provider stands on it: its latest answer, or none yet. */
function initiativeAnswer(d: DigestEmail, i: Initiative): string {
  const a = i.providerAnswer;
  return a ? `your answer: ${statusWords(d.workspaceName)[a.status].toLowerCase()}${a.eta ? `, expected by ${shortDate(a.eta, true)}` : ''}` : 'no answer from you yet';
}

/** "approved on 3 Dec, for 2027-Q2; no answer from you yet". */
function approvedNote(d: DigestEmail, x: DigestInitiative): string {
  const i = x.initiative;
  return `approved on ${shortDate(x.approvedAt.slice(0, 10))}${i.targetQuarter ? `, for ${i.targetQuarter}` : ''}; ${initiativeAnswer(d, i)}`;
}

/** "you expected to deliver it by 1 Dec 2026; your answer: in progress", or "due by the end of 2026-Q2 (30 Jun 2026); no answer from you yet". */
function overdueInitiativeNote(d: DigestEmail, x: DigestInitiative): string {
  const a = x.initiative.providerAnswer;
  const due = shortDate(x.dueOn!, true);
  const when = a?.eta ? `you expected to deliver it by ${due}` : `due by the end of ${x.initiative.targetQuarter} (${due})`;
  return `${when}; ${a ? `your answer: ${statusWords(d.workspaceName)[a.status].toLowerCase()}` : 'no answer from you yet'}`;
}

function initiativesLine(d: DigestEmail): string | null {
  const n = d.initiatives;
  if (!n) return null;
  return `${plural(n.open, 'initiative')} you deliver for ${d.workspaceName} ${n.open === 1 ? 'is' : 'are'} open: ${n.overdue} past the target date.`;
}

function initiativeRows(d: DigestEmail, items: DigestInitiative[], title: (i: DigestInitiative) => string, note: (i: DigestInitiative) => string): HtmlValue {
  const shown = items.slice(0, DIGEST_LIST_LIMIT);
  const rows = shown.map((x) => html`<tr><td style="padding:10px 0;border-top:1px solid ${C.line}">
<div style="font-size:15px;line-height:21px;color:${C.text}">${title(x)}</div>
<div style="font-size:13px;line-height:19px;color:${C.muted};margin-top:2px">${join([note(x), html`<a href="${d.viewUrl}#item-${x.initiative.id}" style="color:${C.link}">Answer</a>`], ' &middot; ')}</div></td></tr>`);
  const more = items.length > shown.length
    ? html`<tr><td style="padding:8px 0;font-size:13px"><a href="${d.viewUrl}" style="color:${C.link}">${items.length - shown.length} more on your page</a></td></tr>`
    : '';
  return [rows, more];
}

function actionItemsLine(d: DigestEmail): string | null {
  const n = d.actionItems;
  if (!n) return null;
  return `${plural(n.open, 'action item')} from the dialogue meeting ${n.open === 1 ? 'is' : 'are'} open for ${d.company}: ${n.overdue} past the due date.`;
}

function actionItemRows(d: DigestEmail, items: ActionItem[]): HtmlValue {
  const shown = items.slice(0, DIGEST_LIST_LIMIT);
  const rows = shown.map((i) => html`<tr><td style="padding:10px 0;border-top:1px solid ${C.line}">
<div style="font-size:15px;line-height:21px;color:${C.text}">${i.what}</div>
<div style="font-size:13px;line-height:19px;color:${C.muted};margin-top:2px">${join([actionItemNote(d, i), html`<a href="${d.viewUrl}#action-${i.id}" style="color:${C.link}">Answer</a>`], ' &middot; ')}</div></td></tr>`);
  const more = items.length > shown.length
    ? html`<tr><td style="padding:8px 0;font-size:13px"><a href="${d.viewUrl}" style="color:${C.link}">${items.length - shown.length} more on your page</a></td></tr>`
    : '';
  return [rows, more];
}

function answerWords(d: DigestEmail, a: Annotation): string {
  const p = a.providerStatus;
  if (!p) return 'no answer from you yet';
  return `your answer: ${statusWords(d.workspaceName)[p.status].toLowerCase()}${p.eta ? `, expected by ${shortDate(p.eta, true)}` : ''}`;
}

function totalsLine(d: DigestEmail): string {
  const t = d.totals;
  return `In all, ${plural(t.open, 'open item is', 'open items are')} shared with ${d.company}: ${t.unanswered} without an answer from you, ${t.overdue} past the date you gave.`;
}

function htmlList(d: DigestEmail, items: DigestItem[], note: (i: DigestItem) => string): HtmlValue {
  const shown = items.slice(0, DIGEST_LIST_LIMIT);
  const rows = shown.map(({ annotation: a, sharedAt }) => {
    const [bg, fg] = PRIORITY_COLORS[a.priority];
    const ticket = safeHref(a.ticketRef?.url ?? a.pageUrl);
    const meta = join([
      a.labels.lineOfBusiness,
      `shared ${shortDate(sharedAt.slice(0, 10))}`,
      note({ annotation: a, sharedAt }),
      ticket ? html`<a href="${ticket}" style="color:${C.link}">${a.ticketRef ? `Ticket ${a.ticketRef.ticketId}` : 'Where it was noted'}</a>` : null,
      html`<a href="${d.viewUrl}#item-${a.id}" style="color:${C.link}">Answer</a>`,
    ], ' &middot; ');
    return html`<tr><td style="padding:10px 0;border-top:1px solid ${C.line}">
<div style="font-size:15px;line-height:21px;color:${C.text}"><span style="display:inline-block;padding:1px 8px;border-radius:10px;background:${bg};color:${fg};font-size:12px;font-weight:600;line-height:18px">${a.priority}</span> ${a.summary}</div>
<div style="font-size:13px;line-height:19px;color:${C.muted};margin-top:2px">${meta}</div></td></tr>`;
  });
  const more = items.length > shown.length
    ? html`<tr><td style="padding:8px 0;font-size:13px"><a href="${d.viewUrl}" style="color:${C.link}">${items.length - shown.length} more on your page</a></td></tr>`
    : '';
  return [rows, more];
}

function section(title: string, body: HtmlValue): Html {
  return html`<tr><td style="padding:18px 24px 4px"><h2 style="margin:0;font-size:17px;line-height:24px;color:${C.text}">${title}</h2></td></tr>
<tr><td style="padding:0 24px 8px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="${FONT}">${body}</table></td></tr>`;
}

const overdueNote = (i: DigestItem) => `you expected to finish by ${shortDate(i.annotation.providerStatus?.eta ?? '', true)}`;

/** The digest as an HTML email: tables and inline styles, no scripts, a few KB. */
export function renderDigestHtml(d: DigestEmail): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${digestSubject(d)}</title></head>
<body style="margin:0;padding:0;background:${C.bg}">
<div style="display:none;max-height:0;overflow:hidden">${[sharedTotals(d), actionItemsLine(d), initiativesLine(d)].filter(Boolean).join(' ')}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${C.bg}"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="width:100%;max-width:640px;background:${C.card};border-radius:8px;${FONT}">
<tr><td style="padding:20px 24px 0;font-size:13px;color:${C.muted}">${d.workspaceName} &middot; for ${d.company}</td></tr>
<tr><td style="padding:4px 24px 0"><h1 style="margin:0;font-size:21px;line-height:28px;color:${C.text}">Hello ${d.memberName}, here is what changed</h1></td></tr>
${d.newlyShared.length ? section(`Newly shared with ${d.company}`, htmlList(d, d.newlyShared, (i) => answerWords(d, i.annotation))) : ''}
${d.newlyOverdue.length ? section('Past the date you gave', htmlList(d, d.newlyOverdue, overdueNote)) : ''}
${d.actionItems?.newlyAssigned.length ? section('New action items from the dialogue meeting', actionItemRows(d, d.actionItems.newlyAssigned)) : ''}
${d.actionItems?.newlyOverdue.length ? section('Action items past their due date', actionItemRows(d, d.actionItems.newlyOverdue)) : ''}
${d.initiatives?.newlyApproved.length ? section('Newly approved initiatives', initiativeRows(d, d.initiatives.newlyApproved, approvedTitle, (x) => approvedNote(d, x))) : ''}
${d.initiatives?.newlyOverdue.length ? section('Initiatives past their target date', initiativeRows(d, d.initiatives.newlyOverdue, (x) => x.initiative.title, (x) => overdueInitiativeNote(d, x))) : ''}
<tr><td style="padding:12px 24px 4px;font-size:14px;line-height:20px;color:${C.text}">${join([sharedTotals(d), actionItemsLine(d), initiativesLine(d)], '<br>')}</td></tr>
<tr><td style="padding:8px 24px 16px"><a href="${d.viewUrl}" style="display:inline-block;background:${C.accent};color:#ffffff;text-decoration:none;font-weight:600;padding:8px 16px;border-radius:6px">Open your list and answer</a></td></tr>
<tr><td style="padding:12px 24px 20px;font-size:12px;line-height:18px;color:${C.muted};border-top:1px solid ${C.line}">
You get this email at most once a day, and only when something changed. ${d.workspaceName} shares these items with ${d.company} through Steward; the link above is personal to you. <a href="${d.unsubscribeUrl}" style="color:${C.link}">Stop these emails</a>.
</td></tr>
</table></td></tr></table>
</body></html>`.toString();
}

export function renderDigestText(d: DigestEmail): string {
  const out = [`${d.workspaceName} · for ${d.company}`, '', `Hello ${d.memberName}, here is what changed.`, ''];
  const list = (title: string, items: DigestItem[], note: (i: DigestItem) => string) => {
    if (!items.length) return;
    out.push(title.toUpperCase());
    for (const i of items.slice(0, DIGEST_LIST_LIMIT)) {
      const ticket = safeHref(i.annotation.ticketRef?.url ?? i.annotation.pageUrl);
      out.push(`  - [${i.annotation.priority}] ${i.annotation.summary}`,
        `    ${i.annotation.labels.lineOfBusiness} · shared ${shortDate(i.sharedAt.slice(0, 10))} · ${note(i)}${ticket ? `\n    Ticket: ${ticket}` : ''}`);
    }
    if (items.length > DIGEST_LIST_LIMIT) out.push(`  … ${items.length - DIGEST_LIST_LIMIT} more on your page.`);
    out.push('');
  };
  list(`Newly shared with ${d.company}`, d.newlyShared, (i) => answerWords(d, i.annotation));
  list('Past the date you gave', d.newlyOverdue, overdueNote);
  const actions = (title: string, items: ActionItem[]) => {
    if (!items.length) return;
    out.push(title.toUpperCase());
    for (const i of items.slice(0, DIGEST_LIST_LIMIT)) out.push(`  - ${i.what}`, `    ${actionItemNote(d, i)}`);
    if (items.length > DIGEST_LIST_LIMIT) out.push(`  … ${items.length - DIGEST_LIST_LIMIT} more on your page.`);
    out.push('');
  };
  actions('New action items from the dialogue meeting', d.actionItems?.newlyAssigned ?? []);
  actions('Action items past their due date', d.actionItems?.newlyOverdue ?? []);
  const initiatives = (title: string, items: DigestInitiative[], line: (i: DigestInitiative) => string, note: (i: DigestInitiative) => string) => {
    if (!items.length) return;
    out.push(title.toUpperCase());
    for (const i of items.slice(0, DIGEST_LIST_LIMIT)) out.push(`  - ${line(i)}`, `    ${note(i)}`);
    if (items.length > DIGEST_LIST_LIMIT) out.push(`  … ${items.length - DIGEST_LIST_LIMIT} more on your page.`);
    out.push('');
  };
  initiatives('Newly approved initiatives', d.initiatives?.newlyApproved ?? [], approvedTitle, (x) => approvedNote(d, x));
  initiatives('Initiatives past their target date', d.initiatives?.newlyOverdue ?? [], (x) => x.initiative.title, (x) => overdueInitiativeNote(d, x));
  out.push(...[sharedTotals(d), actionItemsLine(d), initiativesLine(d)].filter((l): l is string => !!l), '', `Open your list and answer: ${d.viewUrl}`, '',
    'You get this email at most once a day, and only when something changed.', `Stop these emails: ${d.unsubscribeUrl}`, '');
  return out.join('\n');
}
