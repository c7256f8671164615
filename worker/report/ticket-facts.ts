import {
  FACTS_STALE_AFTER_DAYS, safeHref, type CheckItem, type ProviderTicketFacts, type TicketChange, type TicketFactsLine,
} from '../../shared/schemas';
import { TOOL_NAMES } from '../../shared/tool-names';
import type { CheckRow, PreviousRow, ProviderTicketsRow, TicketRow } from '../db/report-inputs';

const DAY = 86_400_000;

/** "Zendesk #1042"; a tool of the user's own is just "Ticket #…". */
export function ticketLabel(tool: TicketRow['tool'], ticketId: string): string {
  return `${tool === 'custom' ? 'Ticket' : TOOL_NAMES[tool]} #${ticketId.split('/').pop()}`;
}

/** A ticket's facts as the report states them, measured against the report's end. */
export function factsLine(t: TicketRow, asOf: Date): TicketFactsLine {
  return {
    tool: t.tool,
    label: ticketLabel(t.tool, t.ticket_id),
    url: safeHref(t.url),
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
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Ticket facts per provider company. `owner` says whose a row with no company named is (the
 * same rule as for the shared items), so two rows may add up to one company.
 */
export function providerTickets(rows: ProviderTicketsRow[], owner: (company: string | null) => string): Map<string, ProviderTicketFacts> {
  const sums = new Map<string, { known: number; closed: number; days: number[]; reopened: number; openOver30Days: number }>();
  for (const r of rows) {
    const key = owner(r.company);
    const s = sums.get(key) ?? { known: 0, closed: 0, days: [], reopened: 0, openOver30Days: 0 };
    s.known += r.known;
    s.closed += r.closed;
    // A created date after the close (a tool's import, a clock) counts as closed the day it opened.
    s.days.push(...r.closed_days.map((d) => Math.max(0, d)));
    s.reopened += r.reopened;
    s.openOver30Days += r.open_over_30;
    sums.set(key, s);
  }
  return new Map([...sums].map(([company, s]) => [company, {
    known: s.known, closed: s.closed, medianDaysToClose: median(s.days), reopened: s.reopened, openOver30Days: s.openOver30Days,
  }]));
}
