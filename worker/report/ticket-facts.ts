import {
  FACTS_STALE_AFTER_DAYS, safeHref, type CheckItem, type ProviderTicketFacts, type TicketChange, type TicketFactsLine,
} from '../../shared/schemas';
import { TOOL_NAMES } from '../../shared/tool-names';
import type { CheckRow, PreviousRow, SharedRow, SharedTicket, TicketRow } from '../db/report-inputs';

const DAY = 86_400_000;

/** "Zendesk #1042"; a tool of the user's own is just "Ticket #…". */
export function ticketLabel(tool: TicketRow['tool'], ticketId: string): string {
  return `${tool === 'custom' ? 'Ticket' : TOOL_NAMES[tool]} #${ticketId.split('/').pop()}`;
}

/**
 * A ticket's facts as the report states them, measured against the report's end. `url`: its
 * address as a link, when the caller already checked that same address.
 */
export function factsLine(t: TicketRow, asOf: Date, url = safeHref(t.url)): TicketFactsLine {
  return {
    tool: t.tool,
    label: ticketLabel(t.tool, t.ticket_id),
    url,
    title: t.title,
    status: t.status,
    category: t.category,
    since: t.status_since,
    sinceKind: t.status_since ? t.status_since_kind ?? 'seen' : null,
    assignee: t.assignee,
    source: t.source,
    lastSeenAt: t.last_seen_at,
    stale: asOf.getTime() - Date.parse(t.last_seen_at) > FACTS_STALE_AFTER_DAYS * DAY,
    reopenedAt: t.reopened_at,
  };
}

/**
 * The ticket changes of a previous item, oldest first. A reopening is usually also a status
 * change at the same moment; it is said once, as the reopening.
 */
export function ticketChanges(row: PreviousRow): TicketChange[] {
  const all = (row.ticket_changes ?? []).map(([kind, to, at, atKind]) => ({ kind, to, at, atKind }));
  const reopenedAt = new Set(all.filter((c) => c.kind === 'reopened').map((c) => c.at));
  return all.filter((c) => c.kind === 'reopened' || !reopenedAt.has(c.at));
}

export function checkItem(r: CheckRow, asOf: Date): CheckItem {
  return {
    kind: r.kind,
    itemId: r.id,
    summary: r.summary,
    tagState: r.state,
    tagResolvedAt: r.resolved_at,
    finishedDays: r.kind === 'closed_while_open' && r.ticket.status_since
      ? Math.max(0, Math.floor((asOf.getTime() - Date.parse(r.ticket.status_since)) / DAY)) : null,
    ticket: factsLine(r.ticket, asOf),
  };
}

export const median = (values: number[]): number | null => {
  if (!values.length) return null;
  // A typed array sorts numbers as numbers, several times faster than with a comparator (thousands of days).
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * What the tickets of one provider's shared items say over the period (measured in SQL, see
 * SHARED_TICKET): each ticket once, however many of its items are shared. Null when the
 * tool's facts of none are known.
 */
export function providerTicketFacts(rows: SharedRow[]): ProviderTicketFacts | null {
  const tickets = new Map<number, SharedTicket>();
  for (const r of rows) if (r.ticket) tickets.set(r.ticket.id, r.ticket);
  if (!tickets.size) return null;
  const days: number[] = [];
  let reopened = 0;
  let openOver30Days = 0;
  let slaKnown = 0;
  let slaBreached = 0;
  for (const t of tickets.values()) {
    if (t.sla) slaKnown++;
    if (t.sla === 'breached') slaBreached++;
    // A created date after the close (an import, a clock) counts as closed the day it opened.
    if (t.closedDays !== null) days.push(Math.max(0, t.closedDays));
    reopened += t.reopened;
    if (t.openLong) openOver30Days++;
  }
  return { known: tickets.size, closed: days.length, medianDaysToClose: median(days), reopened, openOver30Days, ...(slaKnown ? { slaKnown, slaBreached } : {}) };
}
