import { storage } from '#imports';
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

export const connectionItem = storage.defineItem<Connection | null>('local:connection', {
  fallback: null,
  version: 1,
});

export type { NoteEntry, OutboxEntry, PatchEntry } from './outbox-entry';
export { annotationIdOf, isNote, isPatch } from './outbox-entry';

export const outboxItem = storage.defineItem<OutboxEntry[]>('local:outbox', {
  fallback: [],
  version: 1,
});

/** What the Worker last said about a ticket's annotations, for instant and offline display. */
export interface TicketCache {
  items: Annotation[];
  fetchedAt: string;
}

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
