import type { Annotation, AnnotationCreate, AnnotationPatch } from '../../shared/schemas';

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
