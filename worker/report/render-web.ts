import type { FeedbackAnswer, ReportItem, ReportModel } from '../../shared/schemas';
import { FEEDBACK_ANSWERS } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { safeHref } from '../../shared/schemas';
import { escapeHtml as e } from './html';
import { ageWords, ANSWER_WORDS, hoursWords, PROVIDER_WORDS, subjectOf, waitingWords } from './words';

export interface WebViewOptions {
  /** Where feedback forms post; null when the viewer cannot answer (an admin preview). */
  feedbackAction: string | null;
  /** This viewer's answers so far, by item. */
  answers: Map<string, { answer: FeedbackAnswer; comment: string | null }>;
  archiveUrl: string | null;
  notice?: string;
}

const CSS = `
:root{color-scheme:light dark;--fg:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#f9fafb;--card:#fff;--accent:#0f766e;--link:#0e7490}
@media (prefers-color-scheme:dark){:root{--fg:#f3f4f6;--muted:#d1d5db;--line:#374151;--bg:#111827;--card:#1f2937;--accent:#2dd4bf;--link:#67e8f9}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:760px;margin:0 auto;padding:24px 16px 48px}a{color:var(--link)}
.kicker{color:var(--muted);font-size:14px;margin:0}h1{font-size:26px;margin:4px 0 12px}h2{font-size:19px;margin:32px 0 8px;padding-top:8px;border-top:2px solid var(--line)}
h3{font-size:13px;letter-spacing:.05em;text-transform:uppercase;color:var(--accent);margin:16px 0 4px}
.bottom{border-left:4px solid var(--accent);padding:4px 14px;margin:0 0 8px;background:var(--card)}.bottom p{margin:4px 0}
.item{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:8px 0;break-inside:avoid}
.item:target{outline:3px solid var(--accent)}
.summary{margin:0;font-weight:600}.meta{margin:4px 0 0;color:var(--muted);font-size:14px}.change{font-weight:700}
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
`;

function answerForm(i: ReportItem, o: WebViewOptions): string {
  if (!o.feedbackAction) return '';
  const mine = o.answers.get(i.id);
  return `<form class="answer" method="post" action="${e(o.feedbackAction)}">
<input type="hidden" name="item" value="${e(i.id)}">
${FEEDBACK_ANSWERS.map((a) => `<button type="submit" name="answer" value="${a}" aria-pressed="${mine?.answer === a}">${e(ANSWER_WORDS[a])}</button>`).join('')}
<label class="sr" style="position:absolute;left:-9999px" for="c-${e(i.id)}">Comment (optional)</label>
<input id="c-${e(i.id)}" name="comment" maxlength="1000" placeholder="Comment (optional)" value="${e(mine?.comment ?? '')}">
</form>`;
}

function item(i: ReportItem, o: WebViewOptions, change?: string): string {
  const meta = [
    i.stakeholders.length ? e(i.stakeholders.join(', ')) : null,
    e(i.lineOfBusiness),
    e(i.impact),
    i.horizon === 'next' && i.eventDate ? `on ${e(shortDate(i.eventDate, true))}` : ageWords(i.ageDays),
    i.provider ? `provider: ${e(PROVIDER_WORDS[i.provider.status])}${i.provider.eta ? `, expected ${e(shortDate(i.provider.eta))}` : ''}` : null,
    safeHref(i.ticketUrl) ? `<a href="${e(safeHref(i.ticketUrl) ?? "")}">${e(i.ticketLabel ?? 'Evidence')}</a>` : null,
  ].filter(Boolean).join(' · ');
  const fb = i.lastFeedback
    ? `<p class="meta">Last time ${e(i.lastFeedback.by)} said: <strong>${e(ANSWER_WORDS[i.lastFeedback.answer])}</strong>${i.lastFeedback.comment ? ` “${e(i.lastFeedback.comment)}”` : ''}</p>`
    : '';
  return `<article class="item" id="item-${e(i.id)}">
<p class="summary"><span class="pill p-${i.priority}">${e(i.priority)}</span>${change ? `<span class="change">${e(change)}:</span> ` : ''}${e(i.summary)}</p>
<p class="meta">${meta}</p>${fb}${answerForm(i, o)}
</article>`;
}

/** The report's web view: the whole report, answerable item by item, printable to PDF. No scripts. */
export function renderWebView(m: ReportModel, o: WebViewOptions): string {
  const empty = (t: string) => `<p class="empty">${e(t)}</p>`;
  const challenges = m.challenges.length
    ? m.challenges.map((g) => `<h3>${e(g.lineOfBusiness)}</h3>${g.items.map((i) => item(i, o)).join('')}`).join('')
      + (m.counts.challenges > m.challenges.reduce((n, g) => n + g.items.length, 0) ? empty(`The ${m.counts.challenges - m.challenges.reduce((n, g) => n + g.items.length, 0)} least urgent items are not listed.`) : '')
    : empty('No open challenges.');
  const continuity = m.continuity === null
    ? empty('This is the first report: from the next one on, this section follows up every item listed here.')
    : m.continuity.length ? m.continuity.map((c) => item(c, o, c.changeText)).join('') : empty('Nothing was open in the last report.');
  const planning = m.planning.length ? m.planning.map((p) => item(p, o, p.soon ? 'Coming up' : undefined)).join('') : empty('No planned events.');
  const providers = m.providers.length
    ? `<table><thead><tr><th scope="col">Provider</th><th scope="col">Shared</th><th scope="col">Answered</th><th scope="col">Median time to answer</th><th scope="col">Open (median age)</th><th scope="col">No response</th><th scope="col">Past their ETA</th></tr></thead><tbody>
${m.providers.map((p) => `<tr><td>${e(p.company)}</td><td>${p.shared}</td><td>${p.acknowledged}</td><td>${e(hoursWords(p.medianHoursToAcknowledge))}</td><td>${p.open}${p.medianOpenDays === null ? '' : ` (${Math.round(p.medianOpenDays)} days)`}</td><td>${p.noResponse.length}</td><td>${p.overdue.length}</td></tr>`).join('')}
</tbody></table>${m.providers.flatMap((p) => [
      ...p.noResponse.map((x) => `<p class="meta">${e(waitingWords(p.company, x.days))}: ${e(x.summary)}</p>`),
      ...p.overdue.map((x) => `<p class="meta">${e(p.company)} expected to finish by ${e(shortDate(x.eta))}: ${e(x.summary)}</p>`),
    ]).join('')}`
    : empty('Nothing is shared with a provider.');
  const kpis = m.kpis.length
    ? `<table><thead><tr><th scope="col">KPI</th><th scope="col">Latest</th><th scope="col">Before</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Open items</th></tr></thead><tbody>
${m.kpis.map((k) => `<tr><td>${e(k.name)}</td><td>${k.latest ? `${e(String(k.latest.value))} ${e(k.unit)}` : '–'}</td><td>${k.previous ? `${e(String(k.previous.value))} ${e(k.unit)}` : '–'}</td><td>${k.target === null ? '–' : `${k.direction === 'higher_is_better' ? '≥' : '≤'} ${e(String(k.target))} ${e(k.unit)}`}</td><td>${k.onTarget === null ? 'No reading' : k.onTarget ? 'On target' : '<strong>Off target</strong>'}</td><td>${k.openItems}</td></tr>`).join('')}
</tbody></table>`
    : empty('No KPIs set up.');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${e(subjectOf(m))}</title><style>${CSS}</style></head>
<body><main>
<p class="kicker">${e(m.workspace.name)} · IT dialogue · ${e(m.period.label)}</p>
<h1>The bottom line</h1>
${o.notice ? `<p class="notice" role="status">${e(o.notice)}</p>` : ''}
<div class="bottom">${m.bottomLine.map((l) => `<p>${e(l)}</p>`).join('')}</div>
${o.feedbackAction ? '<p class="meta">Answer any item with one click: OK, let’s discuss, or a question. Your answer goes to the IT team and into the next report.</p>' : ''}
<h2>Current challenges</h2>${challenges}
<h2>Status of previous issues</h2>${continuity}
<h2>Planning for future events</h2>${planning}
<h2>Provider accountability</h2>${providers}
<h2>KPIs</h2>${kpis}
<footer><p>Made ${e(m.generatedAt.slice(0, 10))} by Steward from the IT team’s notes on each ticket. Every line links to its ticket.</p>
${o.archiveUrl ? `<p class="noprint"><a href="${e(o.archiveUrl)}">Earlier reports</a></p>` : ''}</footer>
</main></body></html>`;
}
