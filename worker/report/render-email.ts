import type { CheckItem, ContinuityItem, ReportItem, ReportModel, TicketChange, TicketFactsLine } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { safeHref } from '../../shared/schemas';
import { html, join, raw, type Html, type HtmlValue } from '../lib/html';
import { actionItemsEmailRows, providerActionItemLines } from './action-items';
import { agendaEmailRows } from './agenda';
import { initiativesEmail, providerInitiativeLines } from './initiatives';
import {
  ageWords, ANSWER_WORDS, checkWords, CHECKS_INTRO, daysWords, hasToolFacts, hoursWords, PRIORITY_COLORS, PROVIDER_WORDS, slaWords, staleWords, subjectOf, ticketFactParts,
  TOOL_LEGEND, TOOL_MARK, waitingWords,
} from './words';

/** Placeholders replaced per recipient when sending (links differ, content does not). */
export const WEB_VIEW_URL = '{{web_view_url}}';
export const UNSUBSCRIBE_URL = '{{unsubscribe_url}}';

/** Gmail clips messages over 102 KB; stay clear of it whatever the data. */
const EMAIL_BUDGET_BYTES = 95_000;

// Raw: a constant whose quotes must reach the style attribute as they are (escaping them
// would only make every item longer).
const FONT = raw(`font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif`);
const C = { text: '#1f2937', muted: '#4b5563', line: '#e5e7eb', bg: '#f3f4f6', card: '#ffffff', accent: '#0f766e', link: '#0e7490', tool: '#3730a3' };

function pill(text: string, color: string, fg = '#ffffff'): Html {
  return html`<span style="display:inline-block;padding:1px 8px;border-radius:10px;background:${color};color:${fg};font-size:12px;font-weight:600;line-height:18px">${text}</span>`;
}

/** The mark every statement from the ticket tool starts with (see TOOL_LEGEND). */
function toolMark(): Html {
  return html`<span style="display:inline-block;padding:0 5px;border:1px solid ${C.tool};border-radius:3px;color:${C.tool};font-size:10px;font-weight:700;line-height:15px;letter-spacing:.04em;text-transform:uppercase">${TOOL_MARK}</span>`;
}

/** A line of what the ticket tool shows, marked as such; the ticket's label links to it. */
function toolLine(t: TicketFactsLine, m: ReportModel, href: string | null, opts: { title?: boolean; changes?: TicketChange[] } = {}): Html {
  return html`<div style="font-size:13px;line-height:19px;color:${C.tool};margin-top:3px">${toolMark()} ${join([
    href ? html`<a href="${href}" style="color:${C.link}">${t.label}</a>` : t.label,
    ...ticketFactParts(t, m, opts),
  ], ' &middot; ')}</div>`;
}

function itemMeta(i: ReportItem): Html[] {
  // With the tool's facts, the ticket's link is on their line.
  const href = i.ticket ? null : safeHref(i.ticketUrl);
  return join([
    i.stakeholders.length ? i.stakeholders.join(', ') : null,
    i.impact,
    i.horizon === 'next' && i.eventDate ? `on ${shortDate(i.eventDate, true)}` : ageWords(i.ageDays),
    i.provider ? `provider: ${PROVIDER_WORDS[i.provider.status]}${i.provider.eta ? `, expected ${shortDate(i.provider.eta)}` : ''}` : null,
    href ? html`<a href="${href}" style="color:${C.link}">${i.ticketLabel ?? 'Evidence'}</a>` : null,
  ], ' &middot; ');
}

function itemRow(m: ReportModel, i: ReportItem, note?: string): Html {
  const [bg, fg] = PRIORITY_COLORS[i.priority];
  const fb = i.lastFeedback;
  const feedback = fb
    ? html`<div style="font-size:13px;color:${C.muted};margin-top:4px">Last time ${fb.by} said: <strong>${ANSWER_WORDS[fb.answer]}</strong>${fb.comment ? html` &ldquo;${fb.comment}&rdquo;` : ''}</div>`
    : '';
  return html`<tr><td style="padding:10px 0;border-top:1px solid ${C.line}">
<div style="font-size:15px;line-height:21px;color:${C.text}">${pill(i.priority, bg, fg)} ${note ? html`<strong>${note}:</strong> ` : ''}${i.summary}</div>
<div style="font-size:13px;line-height:19px;color:${C.muted};margin-top:2px">${itemMeta(i)} &middot; <a href="${WEB_VIEW_URL}#item-${i.id}" style="color:${C.link}">Answer</a></div>${
  i.ticket ? toolLine(i.ticket, m, safeHref(i.ticket.url ?? i.ticketUrl), { changes: (i as Partial<ContinuityItem>).ticketChanges }) : ''}${feedback}
</td></tr>`;
}

function section(title: string, body: HtmlValue): Html {
  return html`<tr><td style="padding:20px 24px 4px"><h2 style="margin:0;font-size:17px;line-height:24px;color:${C.text};${FONT}">${title}</h2></td></tr>
<tr><td style="padding:0 24px 8px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="${FONT}">${body}</table></td></tr>`;
}

function more(n: number): Html | '' {
  return n > 0
    ? html`<tr><td style="padding:8px 0;font-size:13px;color:${C.muted}"><a href="${WEB_VIEW_URL}" style="color:${C.link}">${n} more in the web view</a></td></tr>`
    : '';
}

function note(text: string): Html {
  return html`<tr><td style="padding:8px 0;font-size:14px;color:${C.muted}">${text}</td></tr>`;
}

function checkRow(m: ReportModel, c: CheckItem): Html {
  return html`<tr><td style="padding:10px 0;border-top:1px solid ${C.line}">
<div style="font-size:15px;line-height:21px;color:${C.text}"><strong>${checkWords(c, m)}:</strong> ${c.summary}</div>
${toolLine(c.ticket, m, safeHref(c.ticket.url), { title: true })}
</td></tr>`;
}

/** Renders the email with at most `limit` items per section. */
function renderWithLimit(m: ReportModel, limit: number): string {
  const challengeItems = m.challenges.flatMap((g) => g.items);
  let shown = 0;
  const challengeRows: Html[] = [];
  for (const g of m.challenges) {
    if (shown >= limit) break;
    const take = g.items.slice(0, limit - shown);
    shown += take.length;
    challengeRows.push(
      html`<tr><td style="padding:12px 0 2px;font-size:13px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:${C.accent}">${g.lineOfBusiness}</td></tr>`,
      ...take.map((i) => itemRow(m, i)),
    );
  }
  const challenges = challengeItems.length ? [challengeRows, more(m.counts.challenges - shown)] : note('No open challenges.');

  const cont = m.continuity;
  const previous = cont === null
    ? note('This is the first report: from the next one on, this section follows up every item listed here.')
    : cont.length
      ? [cont.slice(0, limit).map((c: ContinuityItem) => itemRow(m, c, c.changeText)), more(cont.length - limit)]
      : note('Nothing was open in the last report.');

  const planning = m.planning.length
    ? [m.planning.slice(0, limit).map((p) => itemRow(m, p, p.soon ? 'Coming up' : undefined)), more(m.counts.planned - Math.min(limit, m.planning.length))]
    : note('No planned events.');

  const providers = m.providers.length
    ? html`<tr><td><table role="presentation" width="100%" cellpadding="6" cellspacing="0" style="font-size:13px;color:${C.text};border-collapse:collapse">
<tr style="background:${C.bg}"><th align="left">Provider</th><th align="right">Shared</th><th align="right">Answered</th><th align="right">Time to answer</th><th align="right">Open (median age)</th><th align="right">No response</th><th align="right">Late</th></tr>
${m.providers.map((p) => html`<tr style="border-top:1px solid ${C.line}"><td>${p.company}</td><td align="right">${p.shared}</td><td align="right">${p.acknowledged}</td><td align="right">${hoursWords(p.medianHoursToAcknowledge, true)}</td><td align="right">${p.open}${p.medianOpenDays === null ? '' : ` (${Math.round(p.medianOpenDays)} d)`}</td><td align="right">${p.noResponse.length}</td><td align="right">${p.overdue.length}</td></tr>`)}
</table></td></tr>${m.providers.flatMap((p) => p.noResponse.slice(0, 3).map((x) => note(`${waitingWords(p.company, x.days)}: ${x.summary}`))).slice(0, limit)}`
    : note('Nothing is shared with a provider.');

  const withTickets = m.providers.filter((p) => p.tickets?.known);
  const providerTickets = withTickets.length
    ? html`<tr><td style="padding:12px 0 4px;font-size:13px;color:${C.tool}">${toolMark()} From the tickets of the items shared with each provider, this period:</td></tr>
<tr><td><table role="presentation" width="100%" cellpadding="6" cellspacing="0" style="font-size:13px;color:${C.text};border-collapse:collapse">
<tr style="background:${C.bg}"><th align="left">Provider</th><th align="right">Closed</th><th align="right">Median time to close</th><th align="right">Reopened</th><th align="right">Open over 30 days</th></tr>
${withTickets.map((p) => html`<tr style="border-top:1px solid ${C.line}"><td>${p.company}</td><td align="right">${p.tickets!.closed}</td><td align="right">${p.tickets!.medianDaysToClose === null ? html`&ndash;` : daysWords(p.tickets!.medianDaysToClose)}</td><td align="right">${p.tickets!.reopened}</td><td align="right">${p.tickets!.openOver30Days}</td></tr>`)}
</table></td></tr>${withTickets.flatMap((p) => { const sla = slaWords(p.tickets!); return sla ? [note(`${p.company}: ${sla}.`)] : []; })}`
    : '';
  const providerSection = [providers, providerTickets, [...providerInitiativeLines(m), ...providerActionItemLines(m)].map(note)];
  const ini = initiativesEmail(m, limit, WEB_VIEW_URL);

  const facts = hasToolFacts(m);
  const checkList = m.checks?.items.slice(0, limit) ?? [];
  const stale = (m.staleSources ?? []).map((s) => note(`${staleWords(s)}.`));
  const checks = !facts || !m.checks
    ? stale
    : section('Check these', [
      stale,
      note(CHECKS_INTRO),
      m.checks.total
        ? [checkList.map((c) => checkRow(m, c)), more(m.checks.total - checkList.length)]
        : note('No tag disagrees with what its ticket shows.'),
    ]);

  const kpis = m.kpis.length
    ? html`<tr><td><table role="presentation" width="100%" cellpadding="6" cellspacing="0" style="font-size:13px;color:${C.text};border-collapse:collapse">
<tr style="background:${C.bg}"><th align="left">KPI</th><th align="right">Latest</th><th align="right">Target</th><th align="left">Status</th><th align="right">Open items</th></tr>
${m.kpis.slice(0, limit).map((k) => html`<tr style="border-top:1px solid ${C.line}"><td>${k.name}</td><td align="right">${k.latest ? html`${k.latest.value} ${k.unit}` : html`&ndash;`}</td><td align="right">${k.target === null ? html`&ndash;` : html`${k.direction === 'higher_is_better' ? html`&ge;` : html`&le;`} ${k.target} ${k.unit}`}</td><td>${k.onTarget === null ? 'No reading' : k.onTarget ? 'On target' : html`<strong>Off target</strong>`}</td><td align="right">${k.openItems}</td></tr>`)}
</table></td></tr>`
    : note('No KPIs set up.');

  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
<title>${subjectOf(m)}</title>
<style>@media (prefers-color-scheme: dark){.sw-bg{background:#111827!important}.sw-card{background:#1f2937!important}.sw-card td,.sw-card th,.sw-card div,.sw-card h1,.sw-card h2{color:#f3f4f6!important}.sw-card a{color:#67e8f9!important}}</style>
</head>
<body class="sw-bg" style="margin:0;padding:0;background:${C.bg}">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${m.bottomLine.join(' ')}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" class="sw-bg" style="background:${C.bg}"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" class="sw-card" style="width:100%;max-width:640px;background:${C.card};border-radius:8px;${FONT}">
<tr><td style="padding:20px 24px 0;font-size:13px;color:${C.muted}">${m.workspace.name} &middot; IT dialogue &middot; ${m.period.label}</td></tr>
<tr><td style="padding:4px 24px 0"><h1 style="margin:0;font-size:22px;line-height:30px;color:${C.text}">The bottom line</h1></td></tr>
<tr><td style="padding:8px 24px 4px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-left:4px solid ${C.accent}">
${m.bottomLine.map((l) => html`<tr><td style="padding:3px 12px;font-size:15px;line-height:22px;color:${C.text}">${l}</td></tr>`)}
</table></td></tr>
${facts ? html`<tr><td style="padding:6px 24px 0;font-size:12px;line-height:18px;color:${C.muted}">${toolMark()} ${TOOL_LEGEND}</td></tr>` : ''}
${checks}
${ini ? section('Decisions needed', ini.decisions) : ''}
${section('Current challenges', challenges)}
${section('Status of previous issues', [previous, actionItemsEmailRows(m, limit, C)])}
${section('Planning for future events', planning)}
${ini ? [section('Initiatives in progress', ini.inProgress), section('Did it work?', ini.outcomes)] : ''}
${section('Provider accountability', providerSection)}
${section('KPIs', kpis)}
${m.agenda ? [section('Agenda for the dialogue meeting', agendaEmailRows(m, limit, C)), more(m.agenda.length - limit)] : ''}
<tr><td style="padding:16px 24px 24px;font-size:13px;line-height:19px;color:${C.muted};border-top:1px solid ${C.line}">
<a href="${WEB_VIEW_URL}" style="color:${C.link};font-weight:600">Open the full report and answer item by item</a><br>
You receive this because you are on the IT report list of ${m.workspace.name}. <a href="${UNSUBSCRIBE_URL}" style="color:${C.link}">Unsubscribe</a>.
</td></tr>
</table></td></tr></table>
</body></html>`.toString();
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/**
 * The email's HTML: every section shows its top items; when the message would grow past
 * the budget, fewer items are shown and the rest are a link away in the web view.
 */
export function renderEmailHtml(m: ReportModel, placeholderUrlLength = 200): string {
  const pad = (html: string) => byteLength(html) + (html.split('{{').length - 1) * placeholderUrlLength;
  let limit = 15;
  let html = renderWithLimit(m, limit);
  while (pad(html) > EMAIL_BUDGET_BYTES && limit > 1) {
    limit = Math.max(1, Math.floor(limit / 2));
    html = renderWithLimit(m, limit);
  }
  return html;
}
