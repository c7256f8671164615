import { storage } from '#imports';
import type { Annotation, AnnotationCreate, Member, TicketRef, Workspace } from '../../shared/schemas';

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

/** One save waiting to reach the Worker. Written before any network call. */
export interface OutboxEntry {
  id: string;
  kind: 'create';
  body: AnnotationCreate;
  ticketKey: string | null;
  queuedAt: string;
  attempts: number;
  nextAttemptAt: string;
  /** Why the last attempt failed, in words for the user. */
  lastError?: string;
  /** A rejection retrying cannot fix (bad input, conflict): kept for the user to act on. */
  stuck?: { code: string; message: string; fields?: Record<string, string> };
}

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
