import type { TicketFacts, TicketObservation } from '../../../shared/schemas';

/** What a page showed beyond title and status: `PageFacts` of the message contract, as stored. */
export type PageReading = Pick<TicketObservation, 'createdAt' | 'updatedAt' | 'assignee' | 'priority' | 'found'>;

/**
 * What a tagged ticket's page showed, waiting to reach the Worker: one per workspace and
 * ticket (a newer reading of the ticket replaces a waiting one). Kept apart from the outbox:
 * these are the tool's facts, not the user's work, so a refused one is dropped and logged,
 * never put before the user.
 */
export interface QueuedObservation {
  /** The connection (workspace) it goes to, fixed when it is queued. */
  connectionId: string;
  observation: TicketObservation;
  /** Counts replacements while queued: an answer about an older reading must not clear a newer one. */
  rev: number;
  attempts: number;
  nextAttemptAt: string;
  /** Why the last attempt failed (offline, Steward in trouble). */
  lastError?: string;
}

/** The observation queue as stored (written by `background/observations.ts` only). */
export interface ObservationQueue {
  /** Waiting to be sent, by `connectionId|ticketKey`. */
  pending: Record<string, QueuedObservation>;
  /**
   * What was last queued per `connectionId|ticketKey` and when: a ticket viewed again within
   * 15 minutes with nothing changed is not sent again. Entries older than that are dropped.
   */
  last: Record<string, { at: string; signature: string }>;
  /**
   * What ticket pages showed beyond title and status, by ticket key, kept a short while: a tag
   * made right after opening a ticket sends what its page showed.
   */
  readings: Record<string, { facts: PageReading; at: string }>;
  /** The last refusal or failure, for debugging (never shown as the user's failed work). */
  lastError?: { at: string; message: string; refused?: Array<{ ticket: string; code: string; message: string }> };
}

/** A ticket's facts as the Worker last answered them, cached per workspace and ticket. */
export interface FactsCache {
  /** Null: the Worker knows nothing about the ticket yet. */
  value: TicketFacts | null;
  fetchedAt: string;
  connectionId: string;
}
