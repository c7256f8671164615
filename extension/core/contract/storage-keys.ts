import type { Annotation, Member, Priority, ProviderCompany, ProviderInbox, Taxonomy, TicketRef, Workspace } from '../../../shared/schemas';
import type { PatternMatcher } from '../../../shared/tickets/custom';
import type { FactsCache, ObservationQueue } from './observation-entry';
import type { OutboxEntry } from './outbox-entry';

/**
 * Every value the extension stores, declared once: where it lives and what it reads as when
 * nothing is stored. The background and extension pages use these through the storage
 * library (`storage.ts`, which adds versions and migrations); code injected into host pages
 * reads them with `storage.local` alone (`page/page-storage.ts`), so it stays small. Plain
 * object literals, so a bundle keeps only the ones it uses.
 */
export interface StoredValue<T> {
  /** `area:name`, as WXT's storage names it; the browser keeps the value under `name` in that area. */
  key: `local:${string}` | `session:${string}`;
  fallback: T;
}

/** The browser's own name for a stored value: what `storage.local.get` and `storage.onChanged` use. */
export const rawKey = (value: StoredValue<unknown>): string => value.key.split(':')[1]!;

/** Where the extension is connected, and as whom. The token never leaves the background. */
export interface Connection {
  workerUrl: string;
  token: string;
  member: Member;
  workspace: Workspace;
  /** Set when the Worker refused the token: the user must reconnect. */
  revokedAt?: string;
}

/**
 * One workspace on one Steward server is one connection, whoever signs in to it: a new invite
 * for the same workspace replaces the old sign-in and inherits what was queued for it.
 * Derived, not stored, so it cannot drift and older stored connections need no migration.
 */
export const connectionIdOf = (c: Pick<Connection, 'workerUrl'> & { workspace: Pick<Workspace, 'id'> }): string => `${c.workerUrl}#${c.workspace.id}`;

/**
 * The connection in use (the side panel, popup and options page show its workspace). Other
 * workspaces this browser is signed in to wait in `OTHER_CONNECTIONS`. The active one keeps
 * the key it always had, so nothing that reads it had to change.
 */
export const CONNECTION: StoredValue<Connection | null> = { key: 'local:connection', fallback: null };

/** Further workspaces signed in to (a provider's person working for several clients). */
export const OTHER_CONNECTIONS: StoredValue<Connection[]> = { key: 'local:otherConnections', fallback: [] };

/** Changes waiting to reach the Worker, oldest first (written by `background/outbox.ts` only). */
export const OUTBOX: StoredValue<OutboxEntry[]> = { key: 'local:outbox', fallback: [] };

/** What the Worker last said about a ticket's annotations, for instant and offline display. */
export interface TicketCache {
  items: Annotation[];
  fetchedAt: string;
  /** The connection it was fetched through: another workspace's tags are never shown as this one's. */
  connectionId?: string;
}

/**
 * The active connection's tags per ticket (the badge reads it as it is), written by
 * `background/ticket-cache.ts` only. Switching workspaces empties it: the next look at a
 * ticket fetches that workspace's tags.
 */
export const TICKET_CACHE: StoredValue<Record<string, TicketCache>> = { key: 'local:ticketCache', fallback: {} };

/** What the badge on a ticket page shows: the ticket's tags as they will be once queued changes are sent. */
export interface BadgeSummary {
  /** Tags on this ticket that are still open (stored or waiting to be sent). */
  open: number;
  /** All tags on this ticket, whatever their state. */
  total: number;
  /** The most urgent priority among the open ones. */
  urgent: Priority | null;
  /** Changes not yet confirmed by the Worker. */
  pending: number;
  /** Changes the Worker refused; the user must look at them. */
  stuck: number;
  /** Open tags shared with the provider that the provider has not answered yet. */
  awaitingProvider: number;
}

/**
 * The badge's counts for every ticket with a tag or a queued change (any other ticket has none
 * to show), derived from `TICKET_CACHE` and `OUTBOX` and written by `background/badge-counts.ts`
 * only. A ticket page reads this small value, once, instead of every cached ticket's tags.
 */
export const BADGE_COUNTS: StoredValue<Record<string, BadgeSummary>> = { key: 'local:badgeCounts', fallback: {} };

/** The ticket each tab shows, reported by the content script (cleared with the session). */
export const TAB_TICKETS: StoredValue<Record<string, TicketRef>> = { key: 'session:tabTickets', fallback: {} };

/**
 * Self-hosted sites the user turned Steward on for, as `scheme://host` (every port). The
 * browser's host permission is the real grant; this list is what to register the ticket
 * script for, and what to re-register when a browser dropped the registration.
 */
export interface EnabledSite {
  origin: string;
  enabledAt: string;
}

export const ENABLED_SITES: StoredValue<EnabledSite[]> = { key: 'local:enabledSites', fallback: [] };

/** Ticket addresses of tools Steward does not know, as the user typed them (see shared/tickets/custom.ts). */
export interface SavedPattern {
  id: string;
  pattern: string;
  addedAt: string;
}

export const CUSTOM_PATTERNS: StoredValue<SavedPattern[]> = { key: 'local:customPatterns', fallback: [] };

/**
 * The saved patterns, checked and kept as data the ticket script matches addresses with, so
 * the script in ticket pages carries no pattern compiler (written by
 * `background/custom-matchers.ts` only, whenever the patterns change).
 */
export const CUSTOM_MATCHERS: StoredValue<PatternMatcher[]> = { key: 'local:customMatchers', fallback: [] };

/** Something fetched from one workspace, kept so pages open instantly and work offline. */
interface Cached<T> {
  value: T;
  fetchedAt: string;
}

/** Cached values per connection id: one workspace's lists are never shown as another's. */
export type PerConnection<T> = Record<string, Cached<T>>;

/** The workspaces' pick-lists, cached per connection so the tag form opens instantly and works offline. */
export const TAXONOMY: StoredValue<PerConnection<Taxonomy>> = { key: 'local:taxonomy', fallback: {} };

/** The provider companies staff may share an item with, cached per connection like the taxonomy. */
export const PROVIDER_COMPANIES: StoredValue<PerConnection<ProviderCompany[]>> = { key: 'local:providerCompanies', fallback: {} };

/** Each workspace's provider inbox as last fetched, so a provider sees what waits on them offline too. */
export const PROVIDER_INBOX: StoredValue<PerConnection<ProviderInbox>> = { key: 'local:providerInbox', fallback: {} };

/** Readings of tagged tickets' pages waiting to reach the Worker (written by `background/observations.ts` only). */
export const OBSERVATIONS: StoredValue<ObservationQueue> = { key: 'local:observations', fallback: { pending: {}, last: {}, readings: {} } };

/**
 * What the Worker last said about tickets (status, history…), by `connectionId|ticketKey`, for
 * the side panel to show at once and offline (written by `background/ticket-facts.ts` only).
 */
export const TICKET_FACTS: StoredValue<Record<string, FactsCache>> = { key: 'local:ticketFacts', fallback: {} };
