import {
  PROVIDER_OPEN_LONG_DAYS, type CheckItem, type FeedbackAnswer, type Priority, type ProviderStatus, type ProviderTicketFacts, type ReportModel,
  type TicketChange, type TicketFactsLine,
} from '../../shared/schemas';
import { shortDate } from '../../shared/schedule';
import { isFinished } from '../../shared/tickets/status';
import { TOOL_NAMES } from '../../shared/tool-names';

export const PROVIDER_WORDS: Record<ProviderStatus, string> = {
  acknowledged: 'acknowledged', in_progress: 'in progress', waiting_on_client: 'waiting on us', done: 'done',
};

export const ANSWER_WORDS: Record<FeedbackAnswer, string> = { ok: 'OK', discuss: "Let's discuss", question: 'I have a question' };

/** Background and text colour per priority; both readable in light and dark mail clients. */
export const PRIORITY_COLORS: Record<Priority, [string, string]> = {
  critical: ['#b91c1c', '#ffffff'], high: ['#b45309', '#ffffff'], medium: ['#1d4ed8', '#ffffff'], low: ['#4b5563', '#ffffff'],
};

/** The subject states the bottom line: what needs attention, in a dozen words. */
export function subjectOf(m: ReportModel): string {
  const c = m.counts;
  const parts = [`${c.challenges} challenge${c.challenges === 1 ? '' : 's'}${c.critical ? ` (${c.critical} critical)` : ''}`];
  if (c.resolvedSince) parts.push(`${c.resolvedSince} resolved`);
  if (c.needsDecision) parts.push(`${c.needsDecision} need${c.needsDecision === 1 ? 's' : ''} you`);
  if (m.checks?.total) parts.push(`${m.checks.total} to check`);
  return `IT dialogue, ${m.period.label.replace(/^Week of/, 'week of')}: ${parts.join(', ')}`;
}

/** "opened today", "open 1 day", "open 12 days". */
export function ageWords(days: number): string {
  return days <= 0 ? 'opened today' : `open ${days} day${days === 1 ? '' : 's'}`;
}

/** A median time to answer: "under 1 hour", "5 hours", "3 days". */
export function hoursWords(hours: number | null, short = false): string {
  if (hours === null) return short ? '–' : 'no answers yet';
  if (hours < 1) return short ? '< 1 h' : 'under 1 hour';
  if (hours < 48) return short ? `${Math.round(hours)} h` : `${Math.round(hours)} hours`;
  return short ? `${Math.round(hours / 24)} d` : `${Math.round(hours / 24)} days`;
}

/** "No response from X yet (shared today)" / "No response from X after 4 days". */
export function waitingWords(company: string, days: number): string {
  return days <= 0 ? `No response from ${company} yet (shared today)` : `No response from ${company} after ${days} day${days === 1 ? '' : 's'}`;
}

// Ticket facts. Every statement that comes from the ticket tool is written on a line of its
// own that starts with TOOL_MARK (in HTML, the same words as a label); every other line is
// what people wrote. The legend says so once, at the top.

export const TOOL_MARK = 'Ticket tool';
export const TOOL_LEGEND = `Lines marked “${TOOL_MARK}” are what the ticket tool itself shows (read from the ticket page when someone opened it, or from the tool); every other line is what your team or provider wrote.`;

/** True when the report states anything from a ticket tool (reports made before ticket facts never do). */
export function hasToolFacts(m: ReportModel): boolean {
  const items = [...m.challenges.flatMap((g) => g.items), ...(m.continuity ?? []), ...m.planning];
  return items.some((i) => i.ticket) || !!m.checks?.total || m.providers.some((p) => p.tickets?.known);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment as a day in the workspace's zone: "3 Dec", with the year when it is not the report's. */
function dayWords(iso: string, m: Pick<ReportModel, 'workspace' | 'period'>): string {
  const tz = m.workspace.timeZone;
  let f = dateFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric' });
    dateFormats.set(tz, f);
  }
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso.slice(0, 10);
  const parts = f.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  const date = `${part('year')}-${part('month').padStart(2, '0')}-${part('day').padStart(2, '0')}`;
  return shortDate(date, date.slice(0, 4) !== m.period.end.slice(0, 4));
}

const toolName = (tool: TicketFactsLine['tool']) => (tool === 'custom' ? 'the ticket tool' : TOOL_NAMES[tool]);

/** Where a fact came from: a page someone opened, or the tool itself. */
function sourceWords(t: TicketFactsLine): string {
  return t.source === 'page' ? 'seen on the ticket page' : `from ${toolName(t.tool)}`;
}

type Day = (iso: string) => string;

/**
 * The status with its date: "Solved 3 Dec" when the tool said when, "Solved by 3 Dec" when it
 * was first seen so (it happened then or before); "Open since 1 Dec", "Open since at least
 * 1 Dec"; "Open (reopened on 4 Dec)".
 */
function statusWords(t: TicketFactsLine, day: Day): string {
  if (!t.status) return 'status not shown';
  const finished = isFinished(t.category);
  if (t.reopenedAt && !finished && (!t.since || t.reopenedAt >= t.since)) return `${t.status} (reopened on ${day(t.reopenedAt)})`;
  if (!t.since) return t.status;
  const happened = t.sinceKind === 'happened';
  if (finished) return happened ? `${t.status} ${day(t.since)}` : `${t.status} by ${day(t.since)}`;
  return happened ? `${t.status} since ${day(t.since)}` : `${t.status} since at least ${day(t.since)}`;
}

function changeWords(c: TicketChange, day: Day): string {
  if (c.kind === 'reopened') return `reopened on ${day(c.at)}`;
  return `${c.to ?? 'status changed'} ${c.atKind === 'happened' ? day(c.at) : `by ${day(c.at)}`}`;
}

/**
 * What the tool shows about a ticket, after its label: its status with the date and the
 * source; a fact not seen for 30 days is given as a past reading ("not seen since …; then: …").
 * `changes` (Status of previous issues): what the tool showed since the previous report.
 */
export function ticketFactParts(t: TicketFactsLine, m: Pick<ReportModel, 'workspace' | 'period'>, opts: { title?: boolean; changes?: TicketChange[] } = {}): string[] {
  const day: Day = (iso) => dayWords(iso, m);
  const parts: string[] = [];
  if (opts.title && t.title) parts.push(`“${t.title}”`);
  const changes = opts.changes ?? [];
  const last = changes[changes.length - 1];
  // The latest change already says what the status is now.
  const saidByChanges = !!last && ((last.kind === 'reopened' && last.at === t.reopenedAt) || (last.kind === 'status_changed' && last.to === t.status));
  if (changes.length) parts.push(`since the last report: ${changes.map((c) => changeWords(c, day)).join(', then ')}`);
  const now = [saidByChanges ? null : statusWords(t, day), t.assignee ? `assigned to ${t.assignee}` : null].filter((x): x is string => !!x).join(', ');
  if (t.stale) parts.push(`not seen since ${day(t.lastSeenAt)}${now ? `; then: ${now}` : ''}`);
  else if (now) parts.push(now);
  parts.push(sourceWords(t));
  return parts;
}

/** The text line of a ticket's facts: "Ticket tool: Zendesk #1051 · solved 3 Dec · from Zendesk". */
export function ticketFactText(t: TicketFactsLine, m: Pick<ReportModel, 'workspace' | 'period'>, opts: Parameters<typeof ticketFactParts>[2] = {}): string {
  return `${TOOL_MARK}: ${[t.label, ...ticketFactParts(t, m, opts)].join(' · ')}`;
}

/** What a check is about, in plain words ("Tag open, but solved in Zendesk for 12 days"). */
export function checkWords(c: CheckItem, m: Pick<ReportModel, 'workspace' | 'period'>): string {
  const tool = toolName(c.ticket.tool);
  switch (c.kind) {
    case 'closed_while_open': {
      const word = c.ticket.category === 'closed' ? 'closed' : 'resolved';
      if (c.finishedDays === null) return `Tag open, but ${word} in ${tool}`;
      return `Tag open, but ${word} in ${tool} for ${c.ticket.sinceKind === 'seen' ? 'at least ' : ''}${c.finishedDays} day${c.finishedDays === 1 ? '' : 's'}`;
    }
    case 'reopened_after_resolved':
      return `Tag resolved${c.tagResolvedAt ? ` on ${dayWords(c.tagResolvedAt, m)}` : ''}, but reopened in ${tool}${c.ticket.reopenedAt ? ` on ${dayWords(c.ticket.reopenedAt, m)}` : ''}`;
    case 'gone':
      return `Tag open, but the ticket is gone or moved (${tool} says “${c.ticket.status ?? ''}”)`;
  }
}

export const CHECKS_INTRO = 'Where a tag and its ticket disagree. Ask the team which one is right, and fix the other.';

/** A provider's ticket facts in a sentence, for the text part. */
export function providerTicketWords(t: ProviderTicketFacts): string {
  const median = t.medianDaysToClose === null ? '' : ` (median ${daysWords(t.medianDaysToClose)} from opened to closed)`;
  const sla = slaWords(t);
  return `${t.closed} closed this period${median}, ${t.reopened} reopened, ${t.openOver30Days} open longer than ${PROVIDER_OPEN_LONG_DAYS} days; ${t.known} ticket${t.known === 1 ? '' : 's'} known${sla ? `; ${sla}` : ''}`;
}

/** "Facts from Zendesk are 3 days old: Steward's last tries to read it failed (see Connections)." */
export function staleWords(s: NonNullable<ReportModel['staleSources']>[number]): string {
  const name = TOOL_NAMES[s.tool];
  if (s.days === null) return `Facts from ${name} could not be read yet: the connection fails (an admin can see why under Connections)`;
  return `Facts from ${name} are ${s.days} day${s.days === 1 ? '' : 's'} old: Steward's last tries to read it failed (an admin can see why under Connections)`;
}

/** "3 of 14 shared tickets breached the tool's SLA", counting the tickets whose SLA the tool's API reports (null: none). */
export function slaWords(t: ProviderTicketFacts): string | null {
  if (!t.slaKnown) return null;
  return `${t.slaBreached ?? 0} of ${t.slaKnown} shared ticket${t.slaKnown === 1 ? '' : 's'} breached the tool's SLA`;
}

/** A median number of days: "under 1 day", "1 day", "4 days". */
export function daysWords(days: number): string {
  if (days < 1) return 'under 1 day';
  const n = Math.round(days);
  return `${n} day${n === 1 ? '' : 's'}`;
}
