import { ApiRequestError, NetworkError } from '../../shared/api/client';
import type { Annotation, AnnotationCreate } from '../../shared/schemas';
import { ticketKey } from '../../shared/schemas';
import { liveClient, markRevoked } from './connection';
import { outboxItem, ticketCacheItem, type OutboxEntry } from './storage';

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 10 * 60_000;

/** Exponential backoff with jitter: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function backoffMs(attempts: number, random = Math.random): number {
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.75 + random() * 0.5));
}

/** Writes a save to storage before anything touches the network. */
export async function enqueue(body: AnnotationCreate, now = new Date()): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    id: body.id,
    kind: 'create',
    body,
    ticketKey: body.ticketRef ? ticketKey(body.ticketRef) : null,
    queuedAt: now.toISOString(),
    attempts: 0,
    nextAttemptAt: now.toISOString(),
  };
  const entries = await outboxItem.getValue();
  // Saving the same id again replaces the queued body (an edit before it was sent).
  await outboxItem.setValue([...entries.filter((e) => e.id !== entry.id), entry]);
  return entry;
}

/** Puts a stored annotation into the per-ticket cache the badge and side panel read. */
export async function rememberAnnotation(saved: Annotation): Promise<void> {
  if (!saved.ticketKey) return;
  const cache = await ticketCacheItem.getValue();
  const current = cache[saved.ticketKey] ?? { items: [], fetchedAt: new Date(0).toISOString() };
  const items = [saved, ...current.items.filter((a) => a.id !== saved.id)];
  await ticketCacheItem.setValue({ ...cache, [saved.ticketKey]: { ...current, items } });
}

type Outcome =
  | { kind: 'sent'; saved: Annotation }
  | { kind: 'retry'; error: string }
  | { kind: 'stuck'; code: string; message: string; fields?: Record<string, string> }
  | { kind: 'revoked' };

let flushing: Promise<{ pending: number }> | null = null;

/**
 * Sends what is due. Only one flush runs at a time in this worker; a second caller shares
 * the running one. Entries leave the outbox only after the Worker confirmed them, and the
 * Worker treats a repeated id as the same annotation, so a send interrupted by the service
 * worker stopping is simply sent again.
 */
export function flushOutbox(fetchImpl?: typeof fetch, now: () => number = Date.now): Promise<{ pending: number }> {
  flushing ??= runFlush(fetchImpl, now).finally(() => {
    flushing = null;
  });
  return flushing;
}

async function runFlush(fetchImpl: typeof fetch | undefined, now: () => number): Promise<{ pending: number }> {
  const live = await liveClient(fetchImpl);
  const due = (await outboxItem.getValue()).filter((e) => !e.stuck && Date.parse(e.nextAttemptAt) <= now());
  if (live) {
    for (const entry of due) {
      const outcome = await sendOne(live.client, entry);
      await settle(entry, outcome, now());
      if (outcome.kind === 'revoked') break;
      if (outcome.kind === 'retry') break; // offline or server trouble: the rest would fail too
    }
  }
  return { pending: (await outboxItem.getValue()).length };
}

async function sendOne(client: NonNullable<Awaited<ReturnType<typeof liveClient>>>['client'], entry: OutboxEntry): Promise<Outcome> {
  try {
    return { kind: 'sent', saved: await client.createAnnotation(entry.body) };
  } catch (err) {
    if (err instanceof NetworkError) return { kind: 'retry', error: 'Offline: will send when Steward is reachable again.' };
    if (err instanceof ApiRequestError) {
      if (err.status === 401) return { kind: 'revoked' };
      if (err.status === 429 || err.status >= 500 || err.code === 'bad_response') {
        return { kind: 'retry', error: `Steward is having trouble (${err.message}); will try again.` };
      }
      return { kind: 'stuck', code: err.code, message: err.message, fields: err.fields };
    }
    return { kind: 'retry', error: err instanceof Error ? err.message : String(err) };
  }
}

/** Applies one outcome to the stored outbox, re-read so saves queued meanwhile survive. */
async function settle(entry: OutboxEntry, outcome: Outcome, nowMs: number): Promise<void> {
  if (outcome.kind === 'revoked') {
    await markRevoked();
    return;
  }
  if (outcome.kind === 'sent') await rememberAnnotation(outcome.saved);
  const entries = await outboxItem.getValue();
  const current = entries.find((e) => e.id === entry.id);
  // A newer save of the same id replaced this entry while it was in flight: keep the newer one.
  if (!current || current.queuedAt !== entry.queuedAt) return;
  let next: OutboxEntry[];
  if (outcome.kind === 'sent') {
    next = entries.filter((e) => e.id !== entry.id);
  } else {
    const attempts = current.attempts + 1;
    const updated: OutboxEntry =
      outcome.kind === 'retry'
        ? { ...current, attempts, lastError: outcome.error, nextAttemptAt: new Date(nowMs + backoffMs(attempts)).toISOString() }
        : { ...current, attempts, lastError: outcome.message, stuck: { code: outcome.code, message: outcome.message, fields: outcome.fields } };
    next = entries.map((e) => (e.id === entry.id ? updated : e));
  }
  await outboxItem.setValue(next);
}

/** Drops a stuck entry the user chose to discard, or re-queues it after they fixed it. */
export async function discard(id: string): Promise<void> {
  await outboxItem.setValue((await outboxItem.getValue()).filter((e) => e.id !== id));
}
