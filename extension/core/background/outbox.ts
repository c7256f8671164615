import { ApiRequestError, NetworkError, type StewardClient } from '../../shared/api/client';
import type { Annotation, AnnotationCreate } from '../../shared/schemas';
import { ticketKey } from '../../shared/schemas';
import { applyToBody, bodyOf, changesBetween, isEmpty, withoutNoops, type AnnotationChanges } from './annotation-changes';
import { allConnections, liveClient, markRevoked } from './connection';
import type { ProviderAnswer } from './outbox-entry';
import { refreshInbox } from './provider-inbox';
import { annotationIdOf, connectionIdOf, connectionItem, isAnswer, isNote, isPatch, outboxItem, ticketCacheItem, type OutboxEntry } from './storage';

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 10 * 60_000;

/** What the user may not see in the wording: the Worker's conflict message speaks of versions. */
const CONFLICT_MESSAGE = 'Someone else changed this tag while your change was waiting. Choose which version to keep.';
const GONE_MESSAGE = 'This tag was deleted by someone else, so your change could not be saved.';
const UNSHARED_MESSAGE = 'This item is no longer shared with you (or was deleted), so your answer could not be recorded.';
const OFFLINE_MESSAGE = 'Offline: will send when Steward is reachable again.';

/** Exponential backoff with jitter: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function backoffMs(attempts: number, random = Math.random): number {
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.75 + random() * 0.5));
}

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

// Every read-modify-write of the outbox runs in turn: a save made while a reply is being
// settled must not be lost to the settle's write of the list it read before.
let queue: Promise<unknown> = Promise.resolve();
function mutate<T>(fn: (entries: OutboxEntry[]) => Promise<{ entries: OutboxEntry[]; result: T }> | { entries: OutboxEntry[]; result: T }): Promise<T> {
  const run = queue.then(async () => {
    const before = await outboxItem.getValue();
    const { entries, result } = await fn(before);
    if (entries !== before) await outboxItem.setValue(entries);
    return result;
  });
  queue = run.catch(() => undefined);
  return run;
}

const fresh = (now: Date) => ({ attempts: 0, nextAttemptAt: now.toISOString(), lastError: undefined, offline: undefined, stuck: undefined });
const bump = (e: OutboxEntry) => (e.rev ?? 0) + 1;
const keyOf = (body: AnnotationCreate) => (body.ticketRef ? ticketKey(body.ticketRef) : null);

/** The workspace a change goes to when the page did not say: the active one. */
async function activeId(): Promise<string> {
  const active = await connectionItem.getValue();
  return active ? connectionIdOf(active) : '';
}

/**
 * Writes a new tag to storage before anything touches the network. Idempotent by its id. It
 * goes to the workspace `connectionId` names (default: the active one).
 */
export async function enqueue(body: AnnotationCreate, now = new Date(), connectionId?: string): Promise<OutboxEntry> {
  const to = connectionId ?? (await activeId());
  return mutate((entries) => {
    const existing = entries.find((e) => e.kind === 'create' && e.id === body.id);
    const entry: OutboxEntry = existing
      ? { ...existing, body, rev: bump(existing), ...fresh(now) }
      : { id: body.id, kind: 'create', connectionId: to, body, ticketKey: keyOf(body), queuedAt: now.toISOString(), rev: 0, ...fresh(now) };
    return { entries: existing ? entries.map((e) => (e === existing ? entry : e)) : [...entries, entry], result: entry };
  });
}

/**
 * Queues an edit, a deletion, a note or a provider's answer, folding it into what is already
 * queued for the tag: an edit of a tag not sent yet changes what will be created; two edits
 * become one, sent against the version the first was made from; a deletion replaces everything
 * queued for the tag; notes and answers are each sent as made. Answers the entry that will
 * carry the change (null when nothing is left to send). It goes to the workspace
 * `connectionId` names (default: the active one); a tag's id is unique across workspaces.
 */
export async function enqueueChange(change: AnnotationChange, now = new Date(), connectionId?: string): Promise<OutboxEntry | null> {
  const to = connectionId ?? (await activeId());
  return mutate((entries) => {
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
  });
}

/** Acts on the user's choice for an entry the Worker refused. Answers what is queued now, if anything. */
export function resolveEntry(entryId: string, resolution: Resolution, now = new Date()): Promise<OutboxEntry | null> {
  return mutate(async (entries) => {
    const entry = entries.find((e) => e.id === entryId);
    if (!entry) return { entries, result: null };
    const without = entries.filter((e) => e !== entry);
    switch (resolution.kind) {
      case 'discard': {
        // Notes on a tag that will never be created would only fail.
        const gone = entry.kind === 'create' ? without.filter((e) => annotationIdOf(e) !== entry.id) : without;
        return { entries: gone, result: null };
      }
      case 'retry': {
        const next: OutboxEntry = { ...entry, rev: bump(entry), ...fresh(now) };
        return { entries: entries.map((e) => (e === entry ? next : e)), result: next };
      }
      case 'use-theirs':
        if (entry.conflict) await rememberAnnotation(entry.conflict, entry.connectionId);
        return { entries: without, result: null };
      case 'keep-mine':
      case 'edit': {
        if (!isPatch(entry) || !entry.conflict) {
          const next: OutboxEntry = { ...entry, rev: bump(entry), ...fresh(now) };
          return { entries: entries.map((e) => (e === entry ? next : e)), result: next };
        }
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
  });
}

/**
 * Puts a stored annotation into the per-ticket cache the badge and side panel read, when it is
 * the active workspace's (that cache holds only the active workspace's tags).
 */
export async function rememberAnnotation(saved: Annotation, connectionId: string): Promise<void> {
  if (!saved.ticketKey || connectionId !== (await activeId())) return;
  const cache = await ticketCacheItem.getValue();
  const current = cache[saved.ticketKey] ?? { items: [], fetchedAt: new Date(0).toISOString(), connectionId };
  const at = current.items.findIndex((a) => a.id === saved.id);
  // An edit keeps the tag where it was in the list; a new one goes first.
  const items = at === -1 ? [saved, ...current.items] : current.items.map((a, i) => (i === at ? saved : a));
  await ticketCacheItem.setValue({ ...cache, [saved.ticketKey]: { ...current, items } });
}

/** Takes a deleted annotation out of the per-ticket cache. */
async function forgetAnnotation(ticket: string | null, id: string): Promise<void> {
  if (!ticket) return;
  const cache = await ticketCacheItem.getValue();
  const current = cache[ticket];
  if (!current?.items.some((a) => a.id === id)) return;
  await ticketCacheItem.setValue({ ...cache, [ticket]: { ...current, items: current.items.filter((a) => a.id !== id) } });
}

type Outcome =
  | { kind: 'sent'; saved?: Annotation }
  /** A create the Worker already had (an earlier send landed unseen): what it holds. */
  | { kind: 'landed'; saved: Annotation }
  | { kind: 'conflict'; current: Annotation }
  | { kind: 'retry'; error: string; offline: boolean }
  | { kind: 'stuck'; code: string; message: string; fields?: Record<string, string> }
  | { kind: 'revoked' };

let flushing: Promise<{ pending: number }> | null = null;

/**
 * Sends what is due, oldest first, each entry to the workspace it was queued for. Only one
 * flush runs at a time in this worker; a second caller shares the running one. Entries leave
 * the outbox only after the Worker confirmed them, and every kind is safe to send twice
 * (creates, notes and answers carry client-made ids, an edit carries the version it was made
 * from, a deletion of a deleted tag is done), so a send interrupted by the service worker
 * stopping is simply sent again.
 */
export function flushOutbox(fetchImpl?: typeof fetch, now: () => number = Date.now): Promise<{ pending: number }> {
  flushing ??= runFlush(fetchImpl, now).finally(() => {
    flushing = null;
  });
  return flushing;
}

async function runFlush(fetchImpl: typeof fetch | undefined, now: () => number): Promise<{ pending: number }> {
  const clients = new Map<string, NonNullable<Awaited<ReturnType<typeof liveClient>>>>();
  for (const conn of await allConnections()) {
    const live = await liveClient(fetchImpl, connectionIdOf(conn));
    if (live) clients.set(live.id, live);
  }
  // Workspaces that stopped answering (offline, server trouble) or refused the sign-in in this run.
  const halted = new Set<string>();
  const answered = new Set<string>();
  const tried = new Set<string>();
  for (;;) {
    // Read again each time: what was queued or settled meanwhile counts.
    const entries = await outboxItem.getValue();
    const unsent = new Set(entries.filter((e) => e.kind === 'create').map((e) => e.id));
    const entry = entries.find(
      (e) =>
        clients.has(e.connectionId) && !halted.has(e.connectionId) &&
        !e.stuck && Date.parse(e.nextAttemptAt) <= now() && !tried.has(`${e.id}#${e.rev ?? 0}`) &&
        // A note waits for its tag to be created.
        (e.kind === 'create' || !unsent.has(annotationIdOf(e))),
    );
    if (!entry) break;
    tried.add(`${entry.id}#${entry.rev ?? 0}`);
    const live = clients.get(entry.connectionId)!;
    const outcome = await sendOne(live.client, live.conn.member.id, entry);
    await settle(entry, outcome, now());
    if (outcome.kind === 'sent' && entry.kind === 'answer') answered.add(entry.connectionId);
    // Offline, server trouble or a refused sign-in: the rest for that workspace would fail too.
    if (outcome.kind === 'revoked' || outcome.kind === 'retry') halted.add(entry.connectionId);
  }
  // The inbox shows the provider's latest answer as the Worker has it.
  await Promise.all([...answered].map((id) => refreshInbox(id, fetchImpl)));
  return { pending: (await outboxItem.getValue()).length };
}

async function sendOne(client: StewardClient, memberId: string, entry: OutboxEntry): Promise<Outcome> {
  const id = annotationIdOf(entry);
  try {
    if (isPatch(entry)) return { kind: 'sent', saved: await client.patchAnnotation(id, { version: entry.baseVersion, ...entry.changes }) };
    if (isNote(entry)) {
      await client.addUpdate(id, { id: entry.note.id, note: entry.note.text });
      return { kind: 'sent' };
    }
    if (isAnswer(entry)) {
      const { id: answerId, status, eta, note } = entry.answer;
      await client.addUpdate(id, { id: answerId, providerStatus: status, ...(eta ? { eta } : {}), ...(note ? { note } : {}) });
      return { kind: 'sent' };
    }
    if (entry.kind === 'delete') {
      await client.deleteAnnotation(id);
      return { kind: 'sent' };
    }
    return { kind: 'sent', saved: await client.createAnnotation(entry.body) };
  } catch (err) {
    if (err instanceof NetworkError) return { kind: 'retry', error: OFFLINE_MESSAGE, offline: true };
    if (!(err instanceof ApiRequestError)) return { kind: 'retry', error: err instanceof Error ? err.message : String(err), offline: false };
    if (err.status === 401) return { kind: 'revoked' };
    if (err.status === 429 || err.status >= 500 || err.code === 'bad_response') {
      return { kind: 'retry', error: `Steward is having trouble (${err.message}); will try again.`, offline: false };
    }
    if (err.status === 409 && isPatch(entry) && err.current) return { kind: 'conflict', current: err.current };
    if (err.status === 409 && entry.kind === 'create') {
      // The id is taken: most often by this very tag, sent before by a worker that stopped
      // before it heard back, and edited since. Then the edits go as a change to it.
      const stored = await client.getAnnotation(id).then((d) => d.annotation, () => null);
      if (stored && stored.author.id === memberId) return { kind: 'landed', saved: stored };
    }
    if (err.status === 404 && entry.kind === 'delete') return { kind: 'sent' };
    if (err.status === 404 && entry.kind === 'answer') return { kind: 'stuck', code: err.code, message: UNSHARED_MESSAGE };
    if (err.status === 404 && entry.kind !== 'create') return { kind: 'stuck', code: err.code, message: GONE_MESSAGE };
    return { kind: 'stuck', code: err.code, message: err.message, fields: err.fields };
  }
}

/** Applies one outcome to the stored outbox, re-read so changes queued meanwhile survive. */
async function settle(sent: OutboxEntry, outcome: Outcome, nowMs: number): Promise<void> {
  if (outcome.kind === 'revoked') {
    await markRevoked(sent.connectionId);
    return;
  }
  await mutate(async (entries) => {
    const current = entries.find((e) => e.id === sent.id);
    const changedSince = !current || (current.rev ?? 0) !== (sent.rev ?? 0);
    const id = annotationIdOf(sent);
    const deleting = entries.some((e) => e.kind === 'delete' && annotationIdOf(e) === id);
    const without = entries.filter((e) => e.id !== sent.id);

    if (outcome.kind === 'sent' || outcome.kind === 'landed') {
      if (sent.kind === 'delete') await forgetAnnotation(sent.ticketKey, id);
      else if (outcome.saved && !deleting) await rememberAnnotation(outcome.saved, sent.connectionId);
      if (!current) return { entries, result: undefined }; // deleted or discarded meanwhile
      if (!outcome.saved || (!changedSince && outcome.kind === 'sent')) return { entries: without, result: undefined };
      // The tag was edited while this was on the wire (or the Worker had an older copy of it):
      // what is still different goes as a change to the version the Worker just answered with.
      const saved = outcome.saved;
      const rest = isPatch(current) ? withoutNoops(current.changes, saved) : changesBetween(saved, current.body);
      if (isEmpty(rest)) return { entries: without, result: undefined };
      const next: OutboxEntry = {
        id: `patch:${id}`, kind: 'patch', connectionId: current.connectionId, annotationId: id, changes: rest, baseVersion: saved.version, body: current.body,
        ticketKey: current.ticketKey, queuedAt: current.queuedAt, rev: 0, ...fresh(new Date(nowMs)),
      };
      // It takes the place of the entry it continues, so the order things were queued in holds.
      return { entries: entries.filter((e) => e === current || e.id !== next.id).map((e) => (e === current ? next : e)), result: undefined };
    }

    if (outcome.kind === 'conflict') {
      const theirs = outcome.current;
      await rememberAnnotation(theirs, sent.connectionId);
      if (!current || !isPatch(current)) return { entries, result: undefined };
      // Someone else's edit already says what mine says: nothing to decide.
      if (isEmpty(withoutNoops(current.changes, theirs))) return { entries: without, result: undefined };
      const next: OutboxEntry = {
        ...current, attempts: current.attempts + 1, conflict: theirs, lastError: CONFLICT_MESSAGE,
        stuck: { code: 'conflict', message: CONFLICT_MESSAGE },
      };
      return { entries: entries.map((e) => (e === current ? next : e)), result: undefined };
    }

    // A newer revision replaced this one while it was on the wire: the newer one is tried next.
    if (!current || changedSince) return { entries, result: undefined };
    const attempts = current.attempts + 1;
    const next: OutboxEntry =
      outcome.kind === 'retry'
        ? { ...current, attempts, lastError: outcome.error, offline: outcome.offline, nextAttemptAt: new Date(nowMs + backoffMs(attempts)).toISOString() }
        : { ...current, attempts, lastError: outcome.message, offline: undefined, stuck: { code: outcome.code, message: outcome.message, fields: outcome.fields } };
    return { entries: entries.map((e) => (e === current ? next : e)), result: undefined };
  });
}

/**
 * Steward answered again: makes every change waiting for a retry due now rather than at its
 * backoff time (a refused one still waits for the user). Under the outbox's lock, so a change
 * queued at the same moment is kept. Answers how many were brought forward.
 */
export function expediteRetries(now = new Date()): Promise<number> {
  return mutate((entries) => {
    const at = now.toISOString();
    const due = (e: OutboxEntry) => e.stuck || e.nextAttemptAt <= at;
    const later = entries.filter((e) => !due(e)).length;
    return { entries: later ? entries.map((e) => (due(e) ? e : { ...e, nextAttemptAt: at })) : entries, result: later };
  });
}

/** Drops an entry the user chose to discard. */
export async function discard(id: string): Promise<void> {
  await resolveEntry(id, { kind: 'discard' });
}
