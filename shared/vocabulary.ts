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
