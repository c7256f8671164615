/**
 * The domain's fixed words, without any validation library: code that runs inside host
 * pages (the badge) imports these, so it stays small. The valibot schemas build on them.
 */
export const HORIZONS = ['now', 'next'] as const;
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const STATES = ['open', 'resolved', 'dropped'] as const;
export const VISIBILITIES = ['private', 'team', 'provider'] as const;
export const PROVIDER_STATUSES = ['acknowledged', 'in_progress', 'waiting_on_client', 'done'] as const;

/** Canonical key of a ticket, e.g. `zendesk:acme:4821`. */
export function ticketKey(ref: { tool: string; tenant: string; ticketId: string }): string {
  return `${ref.tool}:${ref.tenant}:${ref.ticketId}`;
}

/** Where a ticket's status puts it, whatever the tool calls it (shared/tickets/status.ts maps each tool's words). */
export const STATUS_CATEGORIES = ['new', 'open', 'waiting', 'resolved', 'closed'] as const;
/** Where a fact about a ticket came from: a page someone opened, the tool's API, or its webhook. */
export const FACT_SOURCES = ['page', 'api', 'webhook'] as const;
/** The fields a site adapter may find on a ticket page. */
export const READ_FIELDS = ['title', 'status', 'created', 'updated', 'assignee', 'priority'] as const;
export const TICKET_EVENT_KINDS = ['status_changed', 'reopened', 'assignee_changed', 'title_changed'] as const;
