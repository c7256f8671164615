import type { Annotation, AnnotationCreate } from '../../../shared/schemas';
import { ticketKey } from '../../../shared/vocabulary';
import { applyToBody, bodyOf, changesBetween, isEmpty, withoutNoops } from '../contract/annotation-changes';
import { annotationIdOf, isPatch, type AnnotationChange, type OutboxEntry, type Resolution } from '../contract/outbox-entry';

/**
 * The outbox's rules, as pure functions of the queued entries: how a change folds into what is
 * queued, which entry goes next, what a failed send means, and what the queue looks like once
 * the Worker answered. No storage, no network, no clock of their own: `background/outbox.ts`
 * keeps the queue and `background/outbox-flush.ts` sends it.
 */

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 10 * 60_000;

/** What the user may not see in the wording: the Worker's conflict message speaks of versions. */
export const CONFLICT_MESSAGE = 'Someone else changed this tag while your change was waiting. Choose which version to keep.';
export const GONE_MESSAGE = 'This tag was deleted by someone else, so your change could not be saved.';
export const UNSHARED_MESSAGE = 'This item is no longer shared with you (or was deleted), so your answer could not be recorded.';
export const OFFLINE_MESSAGE = 'Offline: will send when Steward is reachable again.';

/** Exponential backoff with jitter: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function backoffMs(attempts: number, random = Math.random): number {
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.75 + random() * 0.5));
}

/** The queue after a change, and what the caller asked for. */
export interface Step<T> {
  entries: OutboxEntry[];
  result: T;
}

const fresh = (now: Date) => ({ attempts: 0, nextAttemptAt: now.toISOString(), lastError: undefined, offline: undefined, stuck: undefined });
const bump = (e: OutboxEntry) => (e.rev ?? 0) + 1;
const keyOf = (body: AnnotationCreate) => (body.ticketRef ? ticketKey(body.ticketRef) : null);

/** A new tag for workspace `to`. Idempotent by its id: the same tag again replaces what was queued. */
export function queueCreate(entries: OutboxEntry[], body: AnnotationCreate, now: Date, to: string): Step<OutboxEntry> {
  const existing = entries.find((e) => e.kind === 'create' && e.id === body.id);
  const entry: OutboxEntry = existing
    ? { ...existing, body, rev: bump(existing), ...fresh(now) }
    : { id: body.id, kind: 'create', connectionId: to, body, ticketKey: keyOf(body), queuedAt: now.toISOString(), rev: 0, ...fresh(now) };
  return { entries: existing ? entries.map((e) => (e === existing ? entry : e)) : [...entries, entry], result: entry };
}

/**
 * An edit, a deletion, a note or a provider's answer, folded into what is already queued for
 * the tag: an edit of a tag not sent yet changes what will be created; two edits become one,
 * sent against the version the first was made from; a deletion replaces everything queued for
 * the tag; notes and answers are each sent as made. The result is the entry that will carry
 * the change (null when nothing is left to send).
 */
export function queueChange(entries: OutboxEntry[], change: AnnotationChange, now: Date, to: string): Step<OutboxEntry | null> {
  const id = change.base.id;
  const create = entries.find((e) => e.kind === 'create' && e.id === id);
  const replace = (old: OutboxEntry | undefined, next: OutboxEntry) =>
    old ? entries.map((e) => (e === old ? next : e)) : [...entries, next];
  const common = { connectionId: to, ticketKey: change.base.ticketKey, queuedAt: now.toISOString(), rev: 0, ...fresh(now) };
  // A tag on its way out takes no more edits or notes (a stale panel may still offer them).
  if (change.kind !== 'delete' && entries.some((e) => e.kind === 'delete' && !e.stuck && annotationIdOf(e) === id)) {
    return { entries, result: null };
  }

  if (change.kind === 'patch') {
    if (isEmpty(change.changes)) return { entries, result: null };
    if (create) {
      // Not on the Worker yet: the edit is part of what gets created (and may fix a refused one).
      const next: OutboxEntry = { ...create, body: applyToBody(create.body, change.changes), rev: bump(create), ...fresh(now) };
      return { entries: replace(create, next), result: next };
    }
    const queued = entries.filter(isPatch).find((e) => e.annotationId === id);
    if (queued) {
      // Later values win; the version stays the one the first edit was made from. A change
      // waiting for the user's choice between two versions keeps waiting: this edit does not
      // answer it. One refused for what it said (say, a provider that is not one) is
      // corrected by this edit, and tried again.
      const next: OutboxEntry = {
        ...queued, changes: { ...queued.changes, ...change.changes }, body: applyToBody(queued.body, change.changes), rev: bump(queued),
        ...(queued.conflict ? {} : fresh(now)),
      };
      return { entries: replace(queued, next), result: next };
    }
    const next: OutboxEntry = {
      id: `patch:${id}`, kind: 'patch', annotationId: id, changes: change.changes, baseVersion: change.base.version,
      body: applyToBody(bodyOf(change.base), change.changes), ...common,
    };
    return { entries: [...entries, next], result: next };
  }

  if (change.kind === 'delete') {
    // Whatever else was queued for the tag no longer matters. Even a tag whose create is
    // queued gets a delete: its create may be on the wire right now (a 404 counts as done).
    const others = entries.filter((e) => annotationIdOf(e) !== id);
    const next: OutboxEntry = { id: `delete:${id}`, kind: 'delete', annotationId: id, body: create?.body ?? bodyOf(change.base), ...common };
    return { entries: [...others, next], result: next };
  }

  if (change.kind === 'answer') {
    const next: OutboxEntry = { id: `answer:${change.answer.id}`, kind: 'answer', annotationId: id, answer: change.answer, body: bodyOf(change.base), ...common };
    return { entries: replace(entries.find((e) => e.id === next.id), next), result: next };
  }

  const pending = entries.filter((e) => annotationIdOf(e) === id && e.kind !== 'note' && e.kind !== 'answer').at(-1);
  const next: OutboxEntry = {
    id: `note:${change.note.id}`, kind: 'note', annotationId: id, note: change.note,
    body: pending?.body ?? bodyOf(change.base), ...common, ticketKey: pending?.ticketKey ?? change.base.ticketKey,
  };
  const existing = entries.find((e) => e.id === next.id);
  return { entries: replace(existing, next), result: next };
}

/**
 * The user's choice for an entry the Worker refused: what is queued now, if anything, and —
 * when they chose the Worker's version — the tag as the Worker holds it, for the ticket's list.
 */
export function resolve(
  entries: OutboxEntry[], entryId: string, resolution: Resolution, now: Date,
): Step<OutboxEntry | null> & { theirs?: { annotation: Annotation; connectionId: string } } {
  const entry = entries.find((e) => e.id === entryId);
  if (!entry) return { entries, result: null };
  const without = entries.filter((e) => e !== entry);
  const again = (): Step<OutboxEntry> => {
    const next: OutboxEntry = { ...entry, rev: bump(entry), ...fresh(now) };
    return { entries: entries.map((e) => (e === entry ? next : e)), result: next };
  };
  switch (resolution.kind) {
    case 'discard':
      // Notes on a tag that will never be created would only fail.
      return { entries: entry.kind === 'create' ? without.filter((e) => annotationIdOf(e) !== entry.id) : without, result: null };
    case 'retry':
      return again();
    case 'use-theirs':
      return { entries: without, result: null, ...(entry.conflict ? { theirs: { annotation: entry.conflict, connectionId: entry.connectionId } } : {}) };
    case 'keep-mine':
    case 'edit': {
      if (!isPatch(entry) || !entry.conflict) return again();
      const theirs = entry.conflict;
      const mine = resolution.kind === 'edit' ? { ...entry.changes, ...resolution.changes } : entry.changes;
      const changes = withoutNoops(mine, theirs);
      if (isEmpty(changes)) return { entries: without, result: null };
      const { conflict: _seen, ...rest } = entry;
      const next: OutboxEntry = {
        ...rest, changes, baseVersion: theirs.version, body: applyToBody(bodyOf(theirs), changes), rev: bump(entry), ...fresh(now),
      };
      return { entries: entries.map((e) => (e === entry ? next : e)), result: next };
    }
  }
}

/**
 * Every change waiting for a retry made due at `now` rather than at its backoff time (a
 * refused one still waits for the user). The result counts the ones brought forward.
 */
export function expedite(entries: OutboxEntry[], now: Date): Step<number> {
  const at = now.toISOString();
  const due = (e: OutboxEntry) => e.stuck || e.nextAttemptAt <= at;
  const later = entries.filter((e) => !due(e)).length;
  return { entries: later ? entries.map((e) => (due(e) ? e : { ...e, nextAttemptAt: at })) : entries, result: later };
}

/** Entries queued before Steward knew several workspaces, with none connected then, given to connection `id`. */
export function adopt(entries: OutboxEntry[], id: string): Step<number> {
  const orphans = entries.filter((e) => !e.connectionId).length;
  return { entries: orphans ? entries.map((e) => (e.connectionId ? e : { ...e, connectionId: id })) : entries, result: orphans };
}

/** One send of one revision of an entry: a flush tries each at most once. */
export const attemptOf = (e: OutboxEntry): string => `${e.id}#${e.rev ?? 0}`;

/**
 * The entry to send next: the oldest that is due, whose workspace can take it now (`sendable`)
 * and that was not tried in this flush. A refused entry waits for the user, and a change to a
 * tag whose create is still queued waits for that create.
 */
export function nextEntry(entries: OutboxEntry[], opts: { nowMs: number; sendable(connectionId: string): boolean; tried: ReadonlySet<string> }): OutboxEntry | undefined {
  const unsent = new Set(entries.filter((e) => e.kind === 'create').map((e) => e.id));
  return entries.find(
    (e) =>
      opts.sendable(e.connectionId) &&
      !e.stuck && Date.parse(e.nextAttemptAt) <= opts.nowMs && !opts.tried.has(attemptOf(e)) &&
      (e.kind === 'create' || !unsent.has(annotationIdOf(e))),
  );
}

/** What came of sending one entry. */
export type Outcome =
  | { kind: 'sent'; saved?: Annotation }
  /** A create the Worker already had (an earlier send landed unseen): what it holds. */
  | { kind: 'landed'; saved: Annotation }
  | { kind: 'conflict'; current: Annotation }
  | { kind: 'retry'; error: string; offline: boolean }
  | { kind: 'stuck'; code: string; message: string; fields?: Record<string, string> }
  | { kind: 'revoked' };

/** Why a send failed, as plain data: Steward unreachable, an answer from it, or something else. */
export type Failure =
  | { kind: 'network' }
  | { kind: 'answer'; status: number; code: string; message: string; fields?: Record<string, string>; current?: Annotation }
  | { kind: 'other'; message: string };

/**
 * A create refused because its id is taken: most often by this very tag, sent before by a
 * worker that stopped before it heard back. The caller then looks up what the Worker holds.
 */
export const mayHaveLanded = (failure: Failure, entry: OutboxEntry): boolean =>
  failure.kind === 'answer' && failure.status === 409 && entry.kind === 'create';

/**
 * What a failed send means for the entry: try again later (offline, Steward in trouble), stop
 * for the user (a refusal retrying cannot fix), stop the workspace (sign-in refused), or done
 * after all. `mine` is the sender's own tag found under a create's taken id (see `mayHaveLanded`).
 */
export function outcomeOf(failure: Failure, entry: OutboxEntry, mine?: Annotation | null): Outcome {
  if (failure.kind === 'network') return { kind: 'retry', error: OFFLINE_MESSAGE, offline: true };
  if (failure.kind === 'other') return { kind: 'retry', error: failure.message, offline: false };
  const { status, code, message, fields } = failure;
  if (status === 401) return { kind: 'revoked' };
  if (status === 429 || status >= 500 || code === 'bad_response') {
    return { kind: 'retry', error: `Steward is having trouble (${message}); will try again.`, offline: false };
  }
  if (status === 409 && isPatch(entry) && failure.current) return { kind: 'conflict', current: failure.current };
  // The taken id is this very tag's, sent before: what was edited since goes as a change to it (see `settle`).
  if (status === 409 && entry.kind === 'create' && mine) return { kind: 'landed', saved: mine };
  if (status === 404 && entry.kind === 'delete') return { kind: 'sent' };
  if (status === 404 && entry.kind === 'answer') return { kind: 'stuck', code, message: UNSHARED_MESSAGE };
  if (status === 404 && entry.kind !== 'create') return { kind: 'stuck', code, message: GONE_MESSAGE };
  return { kind: 'stuck', code, message, fields };
}

/** What the per-ticket cache learns from an answer. */
export type CacheNews = { kind: 'remember'; annotation: Annotation } | { kind: 'forget'; ticketKey: string | null; annotationId: string };

/**
 * The queue once the Worker answered `sent` (an entry as it was sent; the queue may have changed
 * since), and what the per-ticket cache learns. Entries leave only once confirmed; one edited
 * while on the wire continues as a change to the version the Worker answered with; a conflict
 * or a refusal stays for the user; a retry waits its backoff.
 */
export function settle(entries: OutboxEntry[], sent: OutboxEntry, outcome: Exclude<Outcome, { kind: 'revoked' }>, nowMs: number, random = Math.random): Step<undefined> & { cache: CacheNews[] } {
  const current = entries.find((e) => e.id === sent.id);
  const changedSince = !current || (current.rev ?? 0) !== (sent.rev ?? 0);
  const id = annotationIdOf(sent);
  const deleting = entries.some((e) => e.kind === 'delete' && annotationIdOf(e) === id);
  const without = entries.filter((e) => e.id !== sent.id);
  const done = (next: OutboxEntry[], cache: CacheNews[] = []) => ({ entries: next, result: undefined, cache });

  if (outcome.kind === 'sent' || outcome.kind === 'landed') {
    const cache: CacheNews[] =
      sent.kind === 'delete'
        ? [{ kind: 'forget', ticketKey: sent.ticketKey, annotationId: id }]
        : outcome.saved && !deleting ? [{ kind: 'remember', annotation: outcome.saved }] : [];
    if (!current) return done(entries, cache); // deleted or discarded meanwhile
    if (!outcome.saved || (!changedSince && outcome.kind === 'sent')) return done(without, cache);
    // The tag was edited while this was on the wire (or the Worker had an older copy of it):
    // what is still different goes as a change to the version the Worker just answered with.
    const saved = outcome.saved;
    const rest = isPatch(current) ? withoutNoops(current.changes, saved) : changesBetween(saved, current.body);
    if (isEmpty(rest)) return done(without, cache);
    const next: OutboxEntry = {
      id: `patch:${id}`, kind: 'patch', connectionId: current.connectionId, annotationId: id, changes: rest, baseVersion: saved.version, body: current.body,
      ticketKey: current.ticketKey, queuedAt: current.queuedAt, rev: 0, ...fresh(new Date(nowMs)),
    };
    // It takes the place of the entry it continues, so the order things were queued in holds.
    return done(entries.filter((e) => e === current || e.id !== next.id).map((e) => (e === current ? next : e)), cache);
  }

  if (outcome.kind === 'conflict') {
    const theirs = outcome.current;
    const cache: CacheNews[] = [{ kind: 'remember', annotation: theirs }];
    if (!current || !isPatch(current)) return done(entries, cache);
    // Someone else's edit already says what mine says: nothing to decide.
    if (isEmpty(withoutNoops(current.changes, theirs))) return done(without, cache);
    const next: OutboxEntry = {
      ...current, attempts: current.attempts + 1, conflict: theirs, lastError: CONFLICT_MESSAGE,
      stuck: { code: 'conflict', message: CONFLICT_MESSAGE },
    };
    return done(entries.map((e) => (e === current ? next : e)), cache);
  }

  // A newer revision replaced this one while it was on the wire: the newer one is tried next.
  if (!current || changedSince) return done(entries);
  const attempts = current.attempts + 1;
  const next: OutboxEntry =
    outcome.kind === 'retry'
      ? { ...current, attempts, lastError: outcome.error, offline: outcome.offline, nextAttemptAt: new Date(nowMs + backoffMs(attempts, random)).toISOString() }
      : { ...current, attempts, lastError: outcome.message, offline: undefined, stuck: { code: outcome.code, message: outcome.message, fields: outcome.fields } };
  return done(entries.map((e) => (e === current ? next : e)));
}
