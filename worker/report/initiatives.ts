import type {
  Decision, DecisionAnswer, InitiativeState, ProviderFacts, ReportInitiative, ReportInitiatives, ReportKpiLine, ReportModel,
} from '../../shared/schemas';
import { DECISION_ANSWERS, DECISION_WORDS, INITIATIVE_STATE_WORDS } from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { kpiOutcome, type InitiativeJson } from '../db/initiatives';
import { html, join, type Html, type HtmlValue } from '../lib/html';
import { PROVIDER_WORDS } from './words';

/**
 * The report's initiative sections: *Decisions needed* (proposed), *Initiatives in progress*
 * and *Did it work?* (delivered, a KPI date passed), built from what report-inputs read (pure),
 * and their words for the email, the text part and the web view.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function toReportInitiative(r: InitiativeJson): ReportInitiative {
  const budget = r.budget_one_off === null && r.budget_monthly === null ? null : { oneOff: r.budget_one_off, monthly: r.budget_monthly, currency: r.currency };
  return {
    id: r.id,
    title: r.title,
    gap: r.gap,
    state: r.state,
    evidence: r.evidence,
    budget,
    targetQuarter: r.target_quarter,
    providerCompany: r.provider_company,
    deliveredAt: r.delivered_at,
    providerAnswer: r.provider_answer ? { status: r.provider_answer.status, eta: r.provider_answer.eta, note: r.provider_answer.note, at: r.provider_answer.at } : null,
    kpis: r.kpis.map((k): ReportKpiLine => ({
      name: k.name, unit: k.unit, direction: k.direction, baseline: k.baseline, target: k.target, targetOn: k.targetOn, latest: k.latest, outcome: kpiOutcome(k, k.after),
    })),
    decision: r.decision,
  };
}

/** How many initiatives each section lists at most (the email may show fewer). */
const SECTION_LIMIT = 50;

/** Sorts the initiatives the report read into its three sections (`asOf`: the report's end). */
export function initiativeSections(rows: InitiativeJson[], asOf: Date): ReportInitiatives {
  const today = asOf.toISOString().slice(0, 10);
  const decisions: ReportInitiative[] = [];
  const inProgress: ReportInitiative[] = [];
  const outcomes: ReportInitiative[] = [];
  for (const r of rows) {
    const i = toReportInitiative(r);
    if (i.state === 'proposed') decisions.push(i);
    else if ((i.state === 'delivered' || i.state === 'measured') && i.kpis.some((k) => k.targetOn <= today)) outcomes.push(i);
    else if (i.state !== 'measured') inProgress.push(i);
  }
  return { decisions: decisions.slice(0, SECTION_LIMIT), inProgress: inProgress.slice(0, SECTION_LIMIT), outcomes: outcomes.slice(0, SECTION_LIMIT) };
}

/**
 * Each provider company's initiatives, for *Provider accountability*: on time (delivered by
 * its expected date, or by the target quarter's end when it gave none; or not delivered yet
 * with that date still ahead), late (delivered after it, or not delivered with it passed) and
 * no answer yet (not delivered, and the provider never answered).
 */
export function withInitiativeCounts(providers: ProviderFacts[], sections: ReportInitiatives, asOf: Date): ProviderFacts[] {
  const today = asOf.toISOString().slice(0, 10);
  const counts = new Map<string, NonNullable<ProviderFacts['initiatives']>>();
  for (const i of [...sections.inProgress, ...sections.outcomes]) {
    if (!i.providerCompany) continue;
    const c = counts.get(i.providerCompany) ?? { total: 0, onTime: 0, late: 0, noAnswer: 0 };
    c.total++;
    const due = i.providerAnswer?.eta ?? quarterEnd(i.targetQuarter);
    if (i.deliveredAt) {
      if (!due || i.deliveredAt.slice(0, 10) <= due) c.onTime++;
      else c.late++;
    } else if (!i.providerAnswer) c.noAnswer++;
    else if (due && today > due) c.late++;
    else c.onTime++;
    counts.set(i.providerCompany, c);
  }
  const out = providers.map((p) => (counts.has(p.company) ? { ...p, initiatives: counts.get(p.company)! } : p));
  for (const [company, c] of counts) {
    if (!out.some((p) => p.company === company)) {
      out.push({ company, shared: 0, acknowledged: 0, medianHoursToAcknowledge: null, open: 0, medianOpenDays: null, noResponse: [], overdue: [], initiatives: c });
    }
  }
  return out;
}

function quarterEnd(q: string | null): string | null {
  const m = q ? /^(\d{4})-Q([1-4])$/.exec(q) : null;
  if (!m) return null;
  const ends = ['03-31', '06-30', '09-30', '12-31'];
  return `${m[1]}-${ends[Number(m[2]) - 1]}`;
}

// ---------------------------------------------------------------------------------------
// Words.

const number = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${Math.round(amount)} ${currency}`;
  }
}

/** "Raised 14 times by 3 lines of business since March 2026". */
function evidenceWords(i: ReportInitiative): string {
  const e = i.evidence;
  if (!e.tags) return 'No tickets linked yet';
  const since = e.since ? ` since ${MONTHS[Number(e.since.slice(5, 7)) - 1]} ${e.since.slice(0, 4)}` : '';
  return `Raised ${e.tags === 1 ? 'once' : `${e.tags} times`} by ${plural(e.linesOfBusiness, 'line of business', 'lines of business')}${since}`;
}

/** "Cost: $12,000 once + $300 a month". */
function costWords(i: ReportInitiative): string {
  const b = i.budget;
  if (!b) return 'No budget given yet';
  const parts = [b.oneOff !== null ? `${money(b.oneOff, b.currency)} once` : null, b.monthly !== null ? `${money(b.monthly, b.currency)} a month` : null].filter(Boolean);
  return `Cost: ${parts.join(' + ')}`;
}

/** "Expected: check-in time from 9 min to 5 min by 30 Jun 2027". */
function effectWords(i: ReportInitiative): string {
  if (!i.kpis.length) return 'No KPI set yet: ask what it should change';
  return `Expected: ${i.kpis.map((k) => `${k.name} from ${number(k.baseline)} to ${number(k.target)} ${k.unit} by ${shortDate(k.targetOn, true)}`).join('; ')}`;
}

/** "Check-in time: 9 → 7.2 (3 May) → target 5 min". */
function progressWords(k: ReportKpiLine): string {
  const latest = k.latest ? `${number(k.latest.value)} (${shortDate(k.latest.recordedOn)})` : 'no reading yet';
  return `${k.name}: ${number(k.baseline)} → ${latest} → target ${number(k.target)} ${k.unit}`;
}

/** "Check-in time 4.5 min, target 5 — met" (the reading on or after the target date). */
function outcomeWords(k: ReportKpiLine): string {
  if (k.outcome === 'waiting') return `${k.name}: no reading since ${shortDate(k.targetOn, true)} yet, target ${number(k.target)} ${k.unit}`;
  const value = k.latest ? number(k.latest.value) : '?';
  return `${k.name} ${value} ${k.unit}, target ${number(k.target)} — ${k.outcome === 'met' ? 'met' : 'not met'}`;
}

function answerWords(i: ReportInitiative): string {
  const a = i.providerAnswer;
  if (!i.providerCompany) return 'No provider named';
  if (!a) return `${i.providerCompany}: no answer yet`;
  return `${i.providerCompany}: ${PROVIDER_WORDS[a.status]}${a.eta ? `, expected ${shortDate(a.eta, true)}` : ''}${a.note ? ` — ${a.note}` : ''}`;
}

const DECIDED: Record<DecisionAnswer, string> = { approve: 'approved it', not_now: 'said not now', discuss: 'asked to discuss it' };
export const decisionWords = (d: Decision) => `${d.by} ${DECIDED[d.answer]} on ${shortDate(d.at.slice(0, 10), true)}${d.comment ? `: “${d.comment}”` : ''}`;

const sections = (m: ReportModel): ReportInitiatives => m.initiatives ?? { decisions: [], inProgress: [], outcomes: [] };

// ---------------------------------------------------------------------------------------
// Plain text.

/** The text part's initiative sections, in report order: [decisions, in progress + did it work]. */
export function initiativesText(m: ReportModel, limit: number, webViewUrl: string): { decisions: string[]; later: string[] } {
  const s = sections(m);
  if (!m.initiatives) return { decisions: [], later: [] };
  const more = (n: number) => (n > 0 ? [`  … ${n} more in the web view: ${webViewUrl}`] : []);
  const decisions = ['DECISIONS NEEDED'];
  if (!s.decisions.length) decisions.push('  No initiative waits for your decision.');
  for (const i of s.decisions.slice(0, limit)) {
    decisions.push(`  - ${i.title}: ${i.gap}`, `    ${evidenceWords(i)} · ${costWords(i)}`, `    ${effectWords(i)}`);
    if (i.decision) decisions.push(`    Last time ${decisionWords(i.decision)}`);
  }
  decisions.push(...more(s.decisions.length - limit), `  Approve, say not now, or ask to discuss: ${webViewUrl}`, '');
  const later = ['INITIATIVES IN PROGRESS'];
  if (!s.inProgress.length) later.push('  None.');
  for (const i of s.inProgress.slice(0, limit)) {
    later.push(`  - ${i.title} (${INITIATIVE_STATE_WORDS[i.state]})`, `    ${answerWords(i)}`, ...i.kpis.map((k) => `    ${progressWords(k)}`));
  }
  later.push(...more(s.inProgress.length - limit), '', 'DID IT WORK?');
  if (!s.outcomes.length) later.push('  Nothing delivered has reached its KPI date yet.');
  for (const i of s.outcomes.slice(0, limit)) later.push(`  - ${i.title}`, ...i.kpis.map((k) => `    ${outcomeWords(k)}`));
  later.push(...more(s.outcomes.length - limit), '');
  return { decisions, later };
}

// ---------------------------------------------------------------------------------------
// Email (tables, inline styles): rows for the email's `section()`.

const E = { text: '#1f2937', muted: '#4b5563', line: '#e5e7eb', link: '#0e7490', met: '#047857', miss: '#b91c1c' };

function emailRow(title: string, lines: Html[], link: Html | ''): Html {
  return html`<tr><td style="padding:10px 0;border-top:1px solid ${E.line}">
<div style="font-size:15px;line-height:21px;color:${E.text}"><strong>${title}</strong></div>
${lines.map((l) => html`<div style="font-size:13px;line-height:19px;color:${E.muted};margin-top:2px">${l}</div>`)}${link}
</td></tr>`;
}

const emailNote = (text: string) => html`<tr><td style="padding:8px 0;font-size:14px;color:${E.muted}">${text}</td></tr>`;
const emailMore = (n: number, webViewUrl: string) =>
  n > 0 ? html`<tr><td style="padding:8px 0;font-size:13px;color:${E.muted}"><a href="${webViewUrl}" style="color:${E.link}">${n} more in the web view</a></td></tr>` : '';

/** The email's three initiative sections' bodies, at most `limit` items each; null when the report predates initiatives. */
export function initiativesEmail(m: ReportModel, limit: number, webViewUrl: string): { decisions: HtmlValue; inProgress: HtmlValue; outcomes: HtmlValue } | null {
  if (!m.initiatives) return null;
  const s = sections(m);
  const decisions = s.decisions.length
    ? [...s.decisions.slice(0, limit).map((i) => emailRow(i.title, [html`${i.gap}`, html`${join([evidenceWords(i), costWords(i)], ' &middot; ')}`, html`${effectWords(i)}`],
      html`<div style="font-size:13px;margin-top:4px"><a href="${webViewUrl}#initiative-${i.id}" style="color:${E.link};font-weight:600">Approve, not now, or let’s discuss</a></div>`)),
      emailMore(s.decisions.length - limit, webViewUrl)]
    : [emailNote('No initiative waits for your decision.')];
  const inProgress = s.inProgress.length
    ? [...s.inProgress.slice(0, limit).map((i) => emailRow(`${i.title} (${INITIATIVE_STATE_WORDS[i.state]})`, [html`${answerWords(i)}`, ...i.kpis.map((k) => html`${progressWords(k)}`)], '')),
      emailMore(s.inProgress.length - limit, webViewUrl)]
    : [emailNote('None.')];
  const outcomes = s.outcomes.length
    ? [...s.outcomes.slice(0, limit).map((i) => emailRow(i.title, i.kpis.map((k) => html`<span style="color:${k.outcome === 'met' ? E.met : k.outcome === 'not_met' ? E.miss : E.muted}">${outcomeWords(k)}</span>`), '')),
      emailMore(s.outcomes.length - limit, webViewUrl)]
    : [emailNote('Nothing delivered has reached its KPI date yet.')];
  return { decisions, inProgress, outcomes };
}

// ---------------------------------------------------------------------------------------
// Web view: decisions are answered here, once per initiative and report.

/** What the web view knows now about each initiative of *Decisions needed* (read when the page is opened). */
interface LiveDecision {
  state: InitiativeState;
  /** The decision on this initiative from this report, if any (the first answer wins). */
  here: Decision | null;
  /** The latest decision from any report. */
  latest: Decision | null;
}

export interface DecisionOptions {
  /** Where decision forms post; null when the viewer cannot decide (an admin preview). */
  decideAction?: string | null;
  decisions?: Map<string, LiveDecision>;
}

function decisionBlock(i: ReportInitiative, o: DecisionOptions): Html | '' {
  const live = o.decisions?.get(i.id);
  if (live && live.state !== 'proposed' && live.latest) return html`<p class="meta"><strong>Decided:</strong> ${decisionWords(live.latest)}. Now ${INITIATIVE_STATE_WORDS[live.state].toLowerCase()}.</p>`;
  if (live && live.state !== 'proposed') return html`<p class="meta">Now ${INITIATIVE_STATE_WORDS[live.state].toLowerCase()}.</p>`;
  if (live?.here) return html`<p class="meta"><strong>Decided:</strong> ${decisionWords(live.here)}.</p>`;
  const earlier = live?.latest ?? i.decision;
  const before = earlier ? html`<p class="meta">Last time ${decisionWords(earlier)}.</p>` : '';
  if (!o.decideAction) return before;
  return html`${before}<form class="answer" method="post" action="${o.decideAction}">
<input type="hidden" name="initiative" value="${i.id}">
${DECISION_ANSWERS.map((a) => html`<button type="submit" name="answer" value="${a}">${DECISION_WORDS[a]}</button>`)}
<label style="position:absolute;left:-9999px" for="d-${i.id}">Comment (optional)</label>
<input id="d-${i.id}" name="comment" maxlength="1000" placeholder="Comment (optional)">
</form>`;
}

function webItem(id: string, title: string, lines: Html[], extra: Html | ''): Html {
  return html`<article class="item" id="initiative-${id}"><p class="summary">${title}</p>${lines.map((l) => html`<p class="meta">${l}</p>`)}${extra}</article>`;
}

/** The web view's three sections (headings included); empty when the report predates initiatives. */
export function initiativesWeb(m: ReportModel, o: DecisionOptions): { decisions: Html | ''; later: Html | '' } {
  if (!m.initiatives) return { decisions: '', later: '' };
  const s = sections(m);
  const empty = (t: string) => html`<p class="empty">${t}</p>`;
  const decisions = html`<h2>Decisions needed</h2>${s.decisions.length
    ? s.decisions.map((i) => webItem(i.id, i.title, [html`${i.gap}`, html`${evidenceWords(i)} · ${costWords(i)}`, html`${effectWords(i)}`], decisionBlock(i, o)))
    : empty('No initiative waits for your decision.')}`;
  const later = html`<h2>Initiatives in progress</h2>${s.inProgress.length
    ? s.inProgress.map((i) => webItem(i.id, `${i.title} (${INITIATIVE_STATE_WORDS[i.state]})`, [html`${answerWords(i)}`, ...i.kpis.map((k) => html`${progressWords(k)}`)], ''))
    : empty('None.')}
<h2>Did it work?</h2>${s.outcomes.length
    ? s.outcomes.map((i) => webItem(i.id, i.title, i.kpis.map((k) => html`<strong>${outcomeWords(k)}</strong>`), ''))
    : empty('Nothing delivered has reached its KPI date yet.')}`;
  return { decisions, later };
}

/** The ids executives may decide on in this report. */
export const decidableIds = (m: ReportModel): Set<string> => new Set(sections(m).decisions.map((i) => i.id));

/** "2 initiatives: 1 on time, 1 late, none without an answer". */
function providerInitiativeWords(p: ProviderFacts): string | null {
  const c = p.initiatives;
  if (!c) return null;
  return `${p.company}, ${plural(c.total, 'initiative')}: ${c.onTime} on time, ${c.late} late, ${c.noAnswer || 'none'} without an answer`;
}

/** Lines for *Provider accountability*, one per provider with initiatives. */
export const providerInitiativeLines = (m: ReportModel): string[] => m.providers.flatMap((p) => providerInitiativeWords(p) ?? []);
