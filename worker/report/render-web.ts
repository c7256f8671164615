import type { CheckItem, ContinuityItem, FeedbackAnswer, ReportItem, ReportModel, TicketChange, TicketFactsLine } from '../../shared/schemas';
import { FEEDBACK_ANSWERS } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { safeHref } from '../../shared/schemas';
import { html, join, raw, type Html } from '../lib/html';
import { actionItemsWeb, providerActionItemLines } from './action-items';
import { agendaWeb } from './agenda';
import { initiativesWeb, providerInitiativeLines, type DecisionOptions } from './initiatives';
import {
  ageWords, ANSWER_WORDS, checkWords, CHECKS_INTRO, daysWords, hasToolFacts, hoursWords, PROVIDER_WORDS, slaWords, staleWords, subjectOf, ticketFactParts, TOOL_LEGEND,
  TOOL_MARK, waitingWords,
} from './words';

export interface WebViewOptions extends DecisionOptions {
  /** Where feedback forms post; null when the viewer cannot answer (an admin preview). */
  feedbackAction: string | null;
  /** This viewer's answers so far, by item. */
  answers: Map<string, { answer: FeedbackAnswer; comment: string | null }>;
  archiveUrl: string | null;
  notice?: string;
  /** The dialogue meeting as an .ics download, when the workspace holds one. */
  meetingIcsUrl?: string | null;
}

// Raw: the page's own stylesheet, a constant (its quotes and `>` must stay as written).
const CSS = raw(`
:root{color-scheme:light dark;--fg:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#f9fafb;--card:#fff;--accent:#0f766e;--link:#0e7490;--tool:#3730a3}
@media (prefers-color-scheme:dark){:root{--fg:#f3f4f6;--muted:#d1d5db;--line:#374151;--bg:#111827;--card:#1f2937;--accent:#2dd4bf;--link:#67e8f9;--tool:#c7d2fe}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:760px;margin:0 auto;padding:24px 16px 48px}a{color:var(--link)}
.kicker{color:var(--muted);font-size:14px;margin:0}h1{font-size:26px;margin:4px 0 12px}h2{font-size:19px;margin:32px 0 8px;padding-top:8px;border-top:2px solid var(--line)}
h3{font-size:13px;letter-spacing:.05em;text-transform:uppercase;color:var(--accent);margin:16px 0 4px}
.bottom{border-left:4px solid var(--accent);padding:4px 14px;margin:0 0 8px;background:var(--card)}.bottom p{margin:4px 0}
.item{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:8px 0;break-inside:avoid}
.item:target{outline:3px solid var(--accent)}
.summary{margin:0;font-weight:600}.meta{margin:4px 0 0;color:var(--muted);font-size:14px}.change{font-weight:700}
.tool{margin:4px 0 0;color:var(--tool);font-size:14px}.mark{display:inline-block;border:1px solid var(--tool);border-radius:3px;padding:0 5px;margin-right:4px;color:var(--tool);font-size:11px;font-weight:700;line-height:16px;letter-spacing:.04em;text-transform:uppercase;vertical-align:1px}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:700;color:#fff;margin-right:6px;vertical-align:1px}
.p-critical{background:#b91c1c}.p-high{background:#b45309}.p-medium{background:#1d4ed8}.p-low{background:#4b5563}
form.answer{margin:10px 0 0;display:flex;flex-wrap:wrap;gap:8px;align-items:center}
form.answer button{font:inherit;font-size:14px;border:1px solid var(--line);background:var(--bg);color:var(--fg);border-radius:6px;padding:4px 12px;cursor:pointer}
form.answer button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff}
form.answer input{font:inherit;font-size:14px;flex:1;min-width:180px;padding:4px 8px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg)}
:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
table{width:100%;border-collapse:collapse;font-size:14px;background:var(--card)}th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:right}th:first-child,td:first-child{text-align:left}
.notice{background:var(--card);border-left:4px solid var(--accent);padding:8px 12px}.empty{color:var(--muted)}
footer{margin-top:40px;color:var(--muted);font-size:14px}
@media print{body{background:#fff;color:#000;font-size:11pt}main{max-width:none;padding:0}form.answer,footer .noprint{display:none}
.item{border:1px solid #ccc}a{color:#000;text-decoration:none}a[href^="http"]::after{content:" (" attr(href) ")";font-size:9pt;color:#555;word-break:break-all}
h2{break-after:avoid}@page{margin:16mm}}
`);

function answerForm(i: ReportItem, o: WebViewOptions): Html | '' {
  if (!o.feedbackAction) return '';
  const mine = o.answers.get(i.id);
  return html`<form class="answer" method="post" action="${o.feedbackAction}">
<input type="hidden" name="item" value="${i.id}">
${FEEDBACK_ANSWERS.map((a) => html`<button type="submit" name="answer" value="${a}" aria-pressed="${String(mine?.answer === a)}">${ANSWER_WORDS[a]}</button>`)}
<label class="sr" style="position:absolute;left:-9999px" for="c-${i.id}">Comment (optional)</label>
<input id="c-${i.id}" name="comment" maxlength="1000" placeholder="Comment (optional)" value="${mine?.comment ?? ''}">
</form>`;
}

const mark = () => html`<span class="mark">${TOOL_MARK}</span>`;

/** A line of what the ticket tool shows, marked as such (see TOOL_LEGEND); the label links to the ticket. */
function toolLine(t: TicketFactsLine, m: ReportModel, href: string | null, changes?: TicketChange[]): Html {
  return html`<p class="tool">${mark()}${join([href ? html`<a href="${href}">${t.label}</a>` : t.label, ...ticketFactParts(t, m, { title: true, changes })], ' · ')}</p>`;
}

function check(c: CheckItem, m: ReportModel): Html {
  return html`<article class="item"><p class="summary"><span class="change">${checkWords(c, m)}:</span> ${c.summary}</p>${toolLine(c.ticket, m, safeHref(c.ticket.url))}</article>`;
}

function item(i: ReportItem, m: ReportModel, o: WebViewOptions, change?: string): Html {
  // With the tool's facts, the ticket's link is on their line.
  const href = i.ticket ? null : safeHref(i.ticketUrl);
  const meta = join([
    i.stakeholders.length ? i.stakeholders.join(', ') : null,
    i.lineOfBusiness,
    i.impact,
    i.horizon === 'next' && i.eventDate ? `on ${shortDate(i.eventDate, true)}` : ageWords(i.ageDays),
    i.provider ? `provider: ${PROVIDER_WORDS[i.provider.status]}${i.provider.eta ? `, expected ${shortDate(i.provider.eta)}` : ''}` : null,
    href ? html`<a href="${href}">${i.ticketLabel ?? 'Evidence'}</a>` : null,
  ], ' · ');
  const last = i.lastFeedback;
  const fb = last
    ? html`<p class="meta">Last time ${last.by} said: <strong>${ANSWER_WORDS[last.answer]}</strong>${last.comment ? html` “${last.comment}”` : ''}</p>`
    : '';
  return html`<article class="item" id="item-${i.id}">
<p class="summary"><span class="pill p-${i.priority}">${i.priority}</span>${change ? html`<span class="change">${change}:</span> ` : ''}${i.summary}</p>
<p class="meta">${meta}</p>${i.ticket ? toolLine(i.ticket, m, safeHref(i.ticket.url ?? i.ticketUrl), (i as Partial<ContinuityItem>).ticketChanges) : ''}${fb}${answerForm(i, o)}
</article>`;
}

/** The report's web view: the whole report, answerable item by item, printable to PDF. No scripts. */
export function renderWebView(m: ReportModel, o: WebViewOptions): string {
  const empty = (t: string) => html`<p class="empty">${t}</p>`;
  const listed = m.challenges.reduce((n, g) => n + g.items.length, 0);
  const challenges = m.challenges.length
    ? [
      m.challenges.map((g) => html`<h3>${g.lineOfBusiness}</h3>${g.items.map((i) => item(i, m, o))}`),
      m.counts.challenges > listed ? empty(`The ${m.counts.challenges - listed} least urgent items are not listed.`) : '',
    ]
    : empty('No open challenges.');
  const continuity = m.continuity === null
    ? empty('This is the first report: from the next one on, this section follows up every item listed here.')
    : m.continuity.length ? m.continuity.map((c) => item(c, m, o, c.changeText)) : empty('Nothing was open in the last report.');
  const planning = m.planning.length ? m.planning.map((p) => item(p, m, o, p.soon ? 'Coming up' : undefined)) : empty('No planned events.');
  const providers = m.providers.length
    ? html`<table><thead><tr><th scope="col">Provider</th><th scope="col">Shared</th><th scope="col">Answered</th><th scope="col">Median time to answer</th><th scope="col">Open (median age)</th><th scope="col">No response</th><th scope="col">Past their ETA</th></tr></thead><tbody>
${m.providers.map((p) => html`<tr><td>${p.company}</td><td>${p.shared}</td><td>${p.acknowledged}</td><td>${hoursWords(p.medianHoursToAcknowledge)}</td><td>${p.open}${p.medianOpenDays === null ? '' : ` (${Math.round(p.medianOpenDays)} days)`}</td><td>${p.noResponse.length}</td><td>${p.overdue.length}</td></tr>`)}
</tbody></table>${m.providers.flatMap((p) => [
      ...p.noResponse.map((x) => html`<p class="meta">${waitingWords(p.company, x.days)}: ${x.summary}</p>`),
      ...p.overdue.map((x) => html`<p class="meta">${p.company} expected to finish by ${shortDate(x.eta)}: ${x.summary}</p>`),
    ])}`
    : empty('Nothing is shared with a provider.');
  const withTickets = m.providers.filter((p) => p.tickets?.known);
  const providerTickets = withTickets.length
    ? html`<p class="tool">${mark()}From the tickets of the items shared with each provider, this period:</p>
<table><thead><tr><th scope="col">Provider</th><th scope="col">Closed</th><th scope="col">Median time from opened to closed</th><th scope="col">Reopened</th><th scope="col">Open longer than 30 days</th><th scope="col">Tickets known</th></tr></thead><tbody>
${withTickets.map((p) => html`<tr><td>${p.company}</td><td>${p.tickets!.closed}</td><td>${p.tickets!.medianDaysToClose === null ? '–' : daysWords(p.tickets!.medianDaysToClose)}</td><td>${p.tickets!.reopened}</td><td>${p.tickets!.openOver30Days}</td><td>${p.tickets!.known}</td></tr>`)}
</tbody></table>${withTickets.flatMap((p) => { const sla = slaWords(p.tickets!); return sla ? [html`<p class="meta">${p.company}: ${sla}.</p>`] : []; })}`
    : '';
  const facts = hasToolFacts(m);
  const stale = (m.staleSources ?? []).map((s) => html`<p class="meta">${staleWords(s)}.</p>`);
  const checks = facts && m.checks
    ? html`${stale}<h2>Check these</h2><p class="meta">${CHECKS_INTRO}</p>${m.checks.total
      ? [m.checks.items.map((c) => check(c, m)), m.checks.total > m.checks.items.length ? empty(`${m.checks.total - m.checks.items.length} more are not listed.`) : '']
      : empty('No tag disagrees with what its ticket shows.')}`
    : stale;
  const kpis = m.kpis.length
    ? html`<table><thead><tr><th scope="col">KPI</th><th scope="col">Latest</th><th scope="col">Before</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Open items</th></tr></thead><tbody>
${m.kpis.map((k) => html`<tr><td>${k.name}</td><td>${k.latest ? html`${k.latest.value} ${k.unit}` : '–'}</td><td>${k.previous ? html`${k.previous.value} ${k.unit}` : '–'}</td><td>${k.target === null ? '–' : html`${k.direction === 'higher_is_better' ? '≥' : '≤'} ${k.target} ${k.unit}`}</td><td>${k.onTarget === null ? 'No reading' : k.onTarget ? 'On target' : html`<strong>Off target</strong>`}</td><td>${k.openItems}</td></tr>`)}
</tbody></table>`
    : empty('No KPIs set up.');
  const ini = initiativesWeb(m, o);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${subjectOf(m)}</title><style>${CSS}</style></head>
<body><main>
<p class="kicker">${m.workspace.name} · IT dialogue · ${m.period.label}</p>
<h1>The bottom line</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
<div class="bottom">${m.bottomLine.map((l) => html`<p>${l}</p>`)}</div>
${facts ? html`<p class="meta">${mark()}${TOOL_LEGEND}</p>` : ''}
${o.feedbackAction ? html`<p class="meta">Answer any item with one click: OK, let’s discuss, or a question. Your answer goes to the IT team and into the next report.</p>` : ''}
${checks}
${ini.decisions}
<h2>Current challenges</h2>${challenges}
<h2>Status of previous issues</h2>${continuity}${actionItemsWeb(m)}
<h2>Planning for future events</h2>${planning}
${ini.later}
<h2>Provider accountability</h2>${providers}${providerTickets}${[...providerInitiativeLines(m), ...providerActionItemLines(m)].map((l) => html`<p class="meta">${l}.</p>`)}
<h2>KPIs</h2>${kpis}
${agendaWeb(m)}
<footer><p>Made ${m.generatedAt.slice(0, 10)} by Steward from the IT team’s notes on each ticket. Every line links to its ticket.</p>
${o.meetingIcsUrl ? html`<p class="noprint"><a href="${o.meetingIcsUrl}" download="dialogue-meeting.ics">Add the dialogue meeting to your calendar (.ics)</a></p>` : ''}
${o.archiveUrl ? html`<p class="noprint"><a href="${o.archiveUrl}">Earlier reports</a></p>` : ''}</footer>
</main></body></html>`.toString();
}
