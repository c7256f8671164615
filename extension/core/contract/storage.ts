import { storage } from '#imports';
import { browser } from 'wxt/browser';
import type { Annotation, Member, TicketRef, Workspace } from '../../shared/schemas';
import type { OutboxEntry } from './outbox-entry';

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
 * workspaces this browser is signed in to wait in `otherConnectionsItem`. The active one
 * keeps the key it always had, so nothing that reads it had to change.
 */
export const connectionItem = storage.defineItem<Connection | null>('local:connection', {
  fallback: null,
  version: 1,
});

/** Further workspaces signed in to (a provider's person working for several clients). */
export const otherConnectionsItem = storage.defineItem<Connection[]>('local:otherConnections', {
  fallback: [],
  version: 1,
});

export type { AnswerEntry, NoteEntry, OutboxEntry, PatchEntry } from './outbox-entry';
export { annotationIdOf, isAnswer, isNote, isPatch } from './outbox-entry';

export const outboxItem = storage.defineItem<OutboxEntry[]>('local:outbox', {
  fallback: [],
  version: 2,
  migrations: {
    // v2: each entry names the connection it belongs to. Until then there was one connection,
    // and entries went to whichever it was: they belong to the one connected now. With none,
    // they are left unassigned and the next connection made takes them, as before.
    2: async (entries: OutboxEntry[]) => {
      const raw = (await browser.storage.local.get('connection')).connection as Connection | null | undefined;
      const id = raw ? connectionIdOf(raw) : '';
      return entries.map((e) => (e.connectionId !== undefined ? e : { ...e, connectionId: id }));
    },
  },
});

/** What the Worker last said about a ticket's annotations, for instant and offline display. */
export interface TicketCache {
  items: Annotation[];
  fetchedAt: string;
  /** The connection it was fetched through: another workspace's tags are never shown as this one's. */
  connectionId?: string;
}

/**
 * The active connection's tags per ticket (the badge reads it as it is). Switching workspaces
 * empties it: the next look at a ticket fetches that workspace's tags.
 */
export const ticketCacheItem = storage.defineItem<Record<string, TicketCache>>('local:ticketCache', {
  fallback: {},
  version: 1,
});

/** The ticket each tab shows, reported by the content script (cleared with the session). */
export const tabTicketsItem = storage.defineItem<Record<string, TicketRef>>('session:tabTickets', {
  fallback: {},
});

/**
 * Self-hosted sites the user turned Steward on for, as `scheme://host` (every port). The
 * browser's host permission is the real grant; this list is what to register the ticket
 * script for, and what to re-register when a browser dropped the registration.
 */
export interface EnabledSite {
  origin: string;
  enabledAt: string;
}

export const enabledSitesItem = storage.defineItem<EnabledSite[]>('local:enabledSites', {
  fallback: [],
  version: 1,
});

/** Ticket addresses of tools Steward does not know, as the user typed them (see shared/tickets/custom.ts). */
export interface SavedPattern {
  id: string;
  pattern: string;
  addedAt: string;
}

export const customPatternsItem = storage.defineItem<SavedPattern[]>('local:customPatterns', {
  fallback: [],
  version: 1,
});
