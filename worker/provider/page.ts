import type { AnnotationUpdate, ProviderInbox, ProviderInboxItem, ProviderStatus } from '../../shared/schemas';
import { PROVIDER_STATUSES } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { safeHref } from '../../shared/schemas';
import { html, join, raw, type Html } from '../lib/html';

/** How the provider's own choices read on its page (the client is named, not "us"). */
export function statusWords(client: string): Record<ProviderStatus, string> {
  return { acknowledged: 'Acknowledged', in_progress: 'In progress', waiting_on_client: `Waiting on ${client} (the client)`, done: 'Done' };
}

const DAY = 86_400_000;

/** "shared today", "shared yesterday", "shared 12 days ago". */
function sharedWords(sharedAt: string, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(sharedAt)) / DAY));
  return days === 0 ? 'shared today' : days === 1 ? 'shared yesterday' : `shared ${days} days ago`;
}

// Raw: the page's own stylesheet, a constant (its quotes and `>` must stay as written).
const CSS = raw(`
:root{color-scheme:light dark;--fg:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#f9fafb;--card:#fff;--accent:#0f766e;--link:#0e7490;--warn:#b45309}
@media (prefers-color-scheme:dark){:root{--fg:#f3f4f6;--muted:#d1d5db;--line:#374151;--bg:#111827;--card:#1f2937;--accent:#2dd4bf;--link:#67e8f9;--warn:#fbbf24}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:760px;margin:0 auto;padding:24px 16px 48px}a{color:var(--link)}
.kicker{color:var(--muted);font-size:14px;margin:0}h1{font-size:24px;margin:4px 0 8px}h2{font-size:19px;margin:32px 0 8px;padding-top:8px;border-top:2px solid var(--line)}
.counts{margin:0 0 8px;color:var(--muted)}
.item{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:10px 0;break-inside:avoid}
.item:target{outline:3px solid var(--accent)}
.summary{margin:0;font-weight:600}.meta{margin:4px 0 0;color:var(--muted);font-size:14px}.detail{margin:6px 0 0;font-size:15px;white-space:pre-wrap}
.answer-now{margin:6px 0 0;font-size:15px}.waiting{color:var(--warn);font-weight:600}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:700;color:#fff;margin-right:6px;vertical-align:1px}
.p-critical{background:#b91c1c}.p-high{background:#b45309}.p-medium{background:#1d4ed8}.p-low{background:#4b5563}
ol.timeline{margin:8px 0 0;padding-left:18px;font-size:14px;color:var(--muted)}ol.timeline li{margin:2px 0}
form.respond{margin:12px 0 0;padding-top:10px;border-top:1px dashed var(--line)}
form.respond fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px 14px}form.respond legend{font-weight:600;font-size:14px;margin-bottom:4px;padding:0}
form.respond label{font-size:14px}.row{display:flex;flex-wrap:wrap;gap:8px 16px;margin-top:8px;align-items:flex-end}.row label{display:flex;flex-direction:column;gap:2px}
form.respond input[type=date],form.respond textarea{font:inherit;font-size:14px;padding:4px 8px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg)}
form.respond textarea{min-width:260px;width:100%;min-height:56px}.grow{flex:1}
form.respond button{font:inherit;font-size:14px;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:6px;padding:5px 14px;cursor:pointer}
:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
.notice{background:var(--card);border-left:4px solid var(--accent);padding:8px 12px}.empty{color:var(--muted)}
footer{margin-top:40px;color:var(--muted);font-size:14px}
@media print{body{background:#fff;color:#000;font-size:11pt}main{max-width:none;padding:0}form.respond,.notice,footer .noprint{display:none}
.item{border:1px solid #ccc}a{color:#000;text-decoration:none}a[href^="http"]::after{content:" (" attr(href) ")";font-size:9pt;color:#555;word-break:break-all}
h2{break-after:avoid}@page{margin:16mm}}
`);

export interface ProviderPageOptions {
  workspaceName: string;
  memberName: string;
  inbox: ProviderInbox;
  timelines: Map<string, AnnotationUpdate[]>;
  /** Where the answer forms post. */
  respondAction: string;
  now: Date;
  notice?: string;
  /** The initiatives the provider delivers (worker/provider/initiatives.ts), answered with the same form. */
  initiativesSection?: Html | '';
  /** The dialogue meeting's action items the provider owns (worker/provider/action-items.ts), answered with the same form. */
  actionItemsSection?: Html | '';
}

function timelineLine(u: AnnotationUpdate, words: Record<ProviderStatus, string>): Html {
  const when = shortDate(u.createdAt.slice(0, 10));
  const what = u.kind === 'provider_status' && u.providerStatus
    ? `${words[u.providerStatus]}${u.eta ? `, expected by ${shortDate(u.eta, true)}` : ''}${u.note ? `: “${u.note}”` : ''}`
    : u.kind === 'state' && u.state
      ? (u.state === 'open' ? 'reopened the item' : u.state === 'resolved' ? 'marked it resolved' : 'dropped it')
      : u.note ? `“${u.note}”` : '';
  return html`<li>${when} · ${u.author.name}: ${what}</li>`;
}

function form(i: ProviderInboxItem, o: ProviderPageOptions, words: Record<ProviderStatus, string>): Html {
  const id = i.annotation.id;
  const now = i.annotation.providerStatus;
  return html`<form class="respond" method="post" action="${o.respondAction}">
<input type="hidden" name="item" value="${id}"><input type="hidden" name="nonce" value="${crypto.randomUUID()}">
<fieldset><legend>Your answer</legend>
${join(PROVIDER_STATUSES.map((s) => html`<label><input type="radio" name="status" value="${s}" required${now?.status === s ? html` checked` : ''}> ${words[s]}</label>`), '\n')}
</fieldset>
<div class="row"><label for="eta-${id}">Expected by (optional)<input type="date" id="eta-${id}" name="eta" value="${now?.eta ?? ''}"></label>
<label class="grow" for="note-${id}">Note for ${o.workspaceName} (optional)<textarea id="note-${id}" name="note" maxlength="2000"></textarea></label>
<button type="submit">Send answer</button></div>
</form>`;
}

function item(i: ProviderInboxItem, o: ProviderPageOptions, words: Record<ProviderStatus, string>): Html {
  const a = i.annotation;
  const ticket = safeHref(a.ticketRef?.url ?? a.pageUrl);
  const meta = join([
    a.labels.lineOfBusiness,
    a.labels.stakeholders.length ? a.labels.stakeholders.join(', ') : null,
    a.horizon === 'next' && a.eventDate ? `planned for ${shortDate(a.eventDate, true)}` : sharedWords(i.sharedAt, o.now),
    ticket ? html`<a href="${ticket}" rel="noreferrer">${a.ticketRef ? `Ticket ${a.ticketRef.ticketId}` : 'Where it was noted'}</a>` : null,
  ], ' · ');
  const p = a.providerStatus;
  const answer = a.state !== 'open'
    ? html`<p class="answer-now">${a.state === 'resolved' ? 'Resolved' : 'Dropped'} by ${o.workspaceName}: nothing more to do.</p>`
    : p
      ? html`<p class="answer-now${i.overdue ? ' waiting' : ''}">Your latest answer: ${words[p.status]}${p.eta ? `, expected by ${shortDate(p.eta, true)}` : ''}${i.overdue ? ' — that date has passed' : ''}.</p>`
      : html`<p class="answer-now waiting">No answer from you yet.</p>`;
  const timeline = o.timelines.get(a.id) ?? [];
  return html`<article class="item" id="item-${a.id}">
<p class="summary"><span class="pill p-${a.priority}">${a.priority}</span>${a.summary}</p>
<p class="meta">${meta}</p>
${a.detail ? html`<p class="detail">${a.detail}</p>` : ''}${answer}
${timeline.length ? html`<ol class="timeline">${timeline.map((u) => timelineLine(u, words))}</ol>` : ''}
${a.state === 'open' ? form(i, o, words) : ''}
</article>`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The provider's page: what the client shared with its company, each item answerable with a
 * plain form. No scripts (the CSP forbids them), prints cleanly.
 */
export function renderProviderPage(o: ProviderPageOptions): string {
  const words = statusWords(o.workspaceName);
  const company = o.inbox.company;
  const open = o.inbox.items.filter((i) => i.annotation.state === 'open');
  const closed = o.inbox.items.filter((i) => i.annotation.state !== 'open').slice(0, 20);
  const c = o.inbox.counts;
  const counts = open.length
    ? `${plural(c.open, 'open item')}: ${c.unanswered ? `${c.unanswered} without an answer from you` : 'you have answered all of them'}${c.overdue ? `, ${c.overdue} past the date you gave` : ''}.`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${`${o.workspaceName} · shared with ${company}`}</title><style>${CSS}</style></head>
<body><main>
<p class="kicker">${o.workspaceName} · shared with ${company} · for ${o.memberName}</p>
<h1>What ${o.workspaceName} asks of ${company}</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
${counts ? html`<p class="counts">${counts}</p>` : ''}
<p class="meta noprint">For each item, say where it stands: acknowledged, in progress, waiting on ${o.workspaceName}, or done — with a date if you can give one. ${o.workspaceName}’s IT team sees your answer at once, and it goes into their regular IT report.</p>
<h2>Open items</h2>
${open.length ? join(open.map((i) => item(i, o, words)), '\n') : html`<p class="empty">Nothing is waiting on ${company} right now.</p>`}
${o.actionItemsSection ?? ''}
${o.initiativesSection ?? ''}
${closed.length ? html`<h2>Closed lately</h2>${join(closed.map((i) => item(i, o, words)), '\n')}` : ''}
<footer><p>Made by Steward for ${o.workspaceName}.</p>
<p class="noprint">This page is personal to ${o.memberName}: anyone with its address can answer as you. If it reached the wrong person, ask ${o.workspaceName}’s IT team for a new link; the old one stops working at once.</p></footer>
</main></body></html>`.toString();
}
