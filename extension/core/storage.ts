import { storage } from '#imports';
import type { Annotation, AnnotationCreate, AnnotationPatch, Member, TicketRef, Workspace } from '../../shared/schemas';

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

/**
 * One change waiting to reach the Worker, written before any network call: a new tag
 * (`create`), an edit (`patch`), a deletion, or a note on a tag's timeline. Kept flat, like a
 * table row; `PatchEntry` and `NoteEntry` name the fields their kinds always carry.
 */
export interface OutboxEntry {
  /** The entry's own id: the annotation id for a create, `patch:`/`delete:` + the annotation id, `note:` + the note id. */
  id: string;
  kind: 'create' | 'patch' | 'delete' | 'note';
  /** The tag a patch, delete or note is about (a create's tag is its own id). */
  annotationId?: string;
  /**
   * The tag as it will read once this change lands (for a create, exactly what is sent), so
   * lists, the popup and the badge can show it before the Worker confirms it.
   */
  body: AnnotationCreate;
  ticketKey: string | null;
  queuedAt: string;
  /** Counts changes made to the entry while queued: a reply to an older revision must not settle a newer one. */
  rev?: number;
  attempts: number;
  nextAttemptAt: string;
  /** Why the last attempt failed, in words for the user. */
  lastError?: string;
  /** Whether that failure was Steward being unreachable (as opposed to Steward having trouble). */
  offline?: boolean;
  /** A rejection retrying cannot fix (bad input, conflict): kept for the user to act on. */
  stuck?: { code: string; message: string; fields?: Record<string, string> };
  /** patch: only the fields the user changed. */
  changes?: Omit<AnnotationPatch, 'version'>;
  /** patch: the version the user edited from; the Worker refuses the change if the tag moved on since. */
  baseVersion?: number;
  /** patch, after a refusal for that reason: the tag as it is now on the Worker, to show beside the user's change. */
  conflict?: Annotation;
  /** note: its client-made id (so a retry adds it once) and text. */
  note?: { id: string; text: string };
}

export type PatchEntry = OutboxEntry & { kind: 'patch'; annotationId: string; changes: Omit<AnnotationPatch, 'version'>; baseVersion: number };
export type NoteEntry = OutboxEntry & { kind: 'note'; annotationId: string; note: { id: string; text: string } };
export const isPatch = (e: OutboxEntry): e is PatchEntry => e.kind === 'patch';
export const isNote = (e: OutboxEntry): e is NoteEntry => e.kind === 'note';

/** The tag an outbox entry is about. */
export const annotationIdOf = (e: OutboxEntry): string => e.annotationId ?? e.id;

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
