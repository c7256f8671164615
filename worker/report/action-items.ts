import type { ProviderFacts, ReportActionItem, ReportModel } from '../../shared/schemas';
import { localDate, shortDate } from '../../shared/schedule';
import type { ReportActionItemsJson } from '../db/action-items';
import { html, type Html } from '../lib/html';

/**
 * Action items of dialogue meetings in the report (computed, never retyped): under *Status of
 * previous issues* (done, late, open), counted per provider in *Provider accountability*, and
 * the open ones on the next meeting's agenda (see agenda.ts).
 */

const ORDER: Record<ReportActionItem['status'], number> = { late: 0, open: 1, done: 2 };

/** The report's action items; `endDay` is the report's last day (late: open and due before it). */
export function reportActionItems(json: ReportActionItemsJson, endDay: string): NonNullable<ReportModel['actionItems']> {
  const items = json.items.map(([id, what, ownerKind, company, owner, meetingOn, dueOn, state, doneAt]): ReportActionItem => ({
    id, what, owner, ownerKind, company, meetingOn, dueOn, doneAt,
    status: state === 'done' ? 'done' : dueOn < endDay ? 'late' : 'open',
  }));
  items.sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  return { items, lastMeetingOn: json.lastMeetingOn };
}

/**
 * Each provider company's action items, for *Provider accountability*: open (late ones
 * included), overdue, and done this period. A company with action items but nothing shared
 * gets a line of its own.
 */
export function withActionItemCounts(providers: ProviderFacts[], actionItems: ReportModel['actionItems']): ProviderFacts[] {
  const counts = new Map<string, NonNullable<ProviderFacts['actionItems']>>();
  for (const i of actionItems?.items ?? []) {
    if (i.ownerKind !== 'provider' || !i.company) continue;
    const key = providers.find((p) => p.company.toLowerCase() === i.company!.toLowerCase())?.company ?? i.company;
    const c = counts.get(key) ?? { open: 0, overdue: 0, doneInPeriod: 0 };
    if (i.status === 'done') c.doneInPeriod++;
    else c.open++;
    if (i.status === 'late') c.overdue++;
    counts.set(key, c);
  }
  const out = providers.map((p) => (counts.has(p.company) ? { ...p, actionItems: counts.get(p.company)! } : p));
  for (const [company, c] of counts) {
    if (!out.some((p) => p.company === company)) {
      out.push({ company, shared: 0, acknowledged: 0, medianHoursToAcknowledge: null, open: 0, medianOpenDays: null, noResponse: [], overdue: [], actionItems: c });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Words.

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function statusWords(i: ReportActionItem, m: Pick<ReportModel, 'workspace'>): string {
  if (i.status === 'done') return i.doneAt ? `done ${shortDate(localDate(new Date(i.doneAt), m.workspace.timeZone))}` : 'done';
  return i.status;
}

/** "From the meeting on 3 Dec: Replace the kiosk — Acme IT (provider), due 10 Dec — late". */
function actionItemWords(i: ReportActionItem, m: Pick<ReportModel, 'workspace'>): string {
  return `From the meeting on ${shortDate(i.meetingOn)}: ${i.what} — ${i.owner}, due ${shortDate(i.dueOn)} — ${statusWords(i, m)}`;
}

/** "Acme IT, 3 action items from the dialogue meeting: 2 open (1 overdue), 1 done this period". */
function providerActionItemWords(p: ProviderFacts): string | null {
  const c = p.actionItems;
  if (!c) return null;
  return `${p.company}, ${plural(c.open + c.doneInPeriod, 'action item')} from the dialogue meeting: ${c.open} open (${c.overdue ? `${c.overdue} overdue` : 'none overdue'}), ${c.doneInPeriod} done this period`;
}

/** Lines for *Provider accountability*, one per provider that owns action items. */
export const providerActionItemLines = (m: ReportModel): string[] => m.providers.flatMap((p) => providerActionItemWords(p) ?? []);

const itemsOf = (m: ReportModel) => m.actionItems?.items ?? [];
const TITLE = 'Action items from the dialogue meeting';

/** The web view's part of *Status of previous issues* (nothing when there are none). */
export function actionItemsWeb(m: ReportModel): Html | '' {
  const items = itemsOf(m);
  if (!items.length) return '';
  return html`<h3 id="action-items">${TITLE}</h3>${items.map((i) => html`<article class="item" id="action-${i.id}"><p class="summary">${
    i.status === 'late' ? html`<span class="change">Late:</span> ` : ''}${actionItemWords(i, m)}</p></article>`)}`;
}

/** The email's rows for *Status of previous issues*, at most `limit`. */
export function actionItemsEmailRows(m: ReportModel, limit: number, colors: { text: string; muted: string; line: string; accent: string }): Html[] {
  const items = itemsOf(m);
  if (!items.length) return [];
  const shown = items.slice(0, limit);
  return [
    html`<tr><td style="padding:12px 0 2px;font-size:13px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:${colors.accent}">${TITLE}</td></tr>`,
    ...shown.map((i) => html`<tr><td style="padding:8px 0;border-top:1px solid ${colors.line};font-size:15px;line-height:21px;color:${colors.text}">${
      i.status === 'late' ? html`<strong style="color:#b91c1c">Late:</strong> ` : ''}${actionItemWords(i, m)}</td></tr>`),
    ...(items.length > shown.length
      ? [html`<tr><td style="padding:8px 0;font-size:13px;color:${colors.muted}">${items.length - shown.length} more in the web view</td></tr>`]
      : []),
  ];
}

/** The text part's lines for *Status of previous issues*. */
export function actionItemsText(m: ReportModel, limit: number): string[] {
  const items = itemsOf(m);
  if (!items.length) return [];
  const lines = [`  ${TITLE}:`, ...items.slice(0, limit).map((i) => `  - ${actionItemWords(i, m)}`)];
  if (items.length > limit) lines.push(`  …and ${items.length - limit} more in the web view.`);
  return lines;
}
