import type { Annotation, AnnotationCreate, ProviderStatus } from '../../../shared/schemas';
import type { AnnotationChanges } from './annotation-changes';

/** A provider's answer on an item shared with it: where it stands, by when, and a word. */
export interface ProviderAnswer {
  /** Made by the client: the Worker adds an answer once, however often it is sent. */
  id: string;
  status: ProviderStatus;
  eta?: string;
  note?: string;
}

/**
 * One change waiting to reach the Worker, written before any network call: a new tag
 * (`create`), an edit (`patch`), a deletion, a note on a tag's timeline, or a provider's
 * answer on it. Kept flat, like a table row; `PatchEntry`, `NoteEntry` and `AnswerEntry` name
 * the fields their kinds always carry.
 */
export interface OutboxEntry {
  /**
   * The entry's own id: the annotation id for a create, `patch:`/`delete:` + the annotation id,
   * `note:` + the note id, `answer:` + the answer id.
   */
  id: string;
  kind: 'create' | 'patch' | 'delete' | 'note' | 'answer';
  /**
   * The connection (workspace) it goes to, fixed when it is queued: switching workspaces
   * never sends it elsewhere. Empty only for entries queued before any connection existed.
   */
  connectionId: string;
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
  changes?: AnnotationChanges;
  /** patch: the version the user edited from; the Worker refuses the change if the tag moved on since. */
  baseVersion?: number;
  /** patch, after a refusal for that reason: the tag as it is now on the Worker, to show beside the user's change. */
  conflict?: Annotation;
  /** note: its client-made id (so a retry adds it once) and text. */
  note?: { id: string; text: string };
  /** answer: the provider's answer. */
  answer?: ProviderAnswer;
}

export type PatchEntry = OutboxEntry & { kind: 'patch'; annotationId: string; changes: AnnotationChanges; baseVersion: number };
export type NoteEntry = OutboxEntry & { kind: 'note'; annotationId: string; note: { id: string; text: string } };
export type AnswerEntry = OutboxEntry & { kind: 'answer'; annotationId: string; answer: ProviderAnswer };
export const isPatch = (e: OutboxEntry): e is PatchEntry => e.kind === 'patch';
export const isNote = (e: OutboxEntry): e is NoteEntry => e.kind === 'note';
export const isAnswer = (e: OutboxEntry): e is AnswerEntry => e.kind === 'answer';

/** The tag an outbox entry is about. */
export const annotationIdOf = (e: OutboxEntry): string => e.annotationId ?? e.id;

/** A change a person makes to a tag they see (the `base`, as they saw it). */
export type AnnotationChange =
  | { kind: 'patch'; base: Annotation; changes: AnnotationChanges }
  | { kind: 'delete'; base: Annotation }
  | { kind: 'note'; base: Annotation; note: { id: string; text: string } }
  /** A provider's answer on an item shared with its company. */
  | { kind: 'answer'; base: Annotation; answer: ProviderAnswer };

/** What the user chose for an entry the Worker refused. */
export type Resolution =
  /** Send my change again, on top of the tag as it is now. */
  | { kind: 'keep-mine' }
  /** Drop my change; keep the tag as it is now. */
  | { kind: 'use-theirs' }
  /** Send my change, edited further (`changes` on top of mine), on top of the tag as it is now. */
  | { kind: 'edit'; changes: AnnotationChanges }
  /** Forget the entry (and, for a new tag, what was queued on it). */
  | { kind: 'discard' }
  /** Try again as it is (after, say, an admin fixed a permission). */
  | { kind: 'retry' };
