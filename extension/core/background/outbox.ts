import type { AnnotationCreate } from '../../../shared/schemas';
import type { AnnotationChange, OutboxEntry, Resolution } from '../contract/outbox-entry';
import { connectionIdOf, connectionItem, outboxItem } from '../contract/storage';
import { inTurn } from './in-turn';
import { adopt, expedite, queueChange, queueCreate, resolve, type Step } from './outbox-rules';
import { rememberAnnotation } from './ticket-cache';

/**
 * The one writer of the outbox: changes waiting to reach the Worker, written to storage before
 * anything touches the network. What each change does to the queue is in `outbox-rules.ts`;
 * sending is `outbox-flush.ts`.
 */

// Every read-modify-write of the outbox runs in turn: a save made while a reply is being
// settled must not be lost to the settle's write of the list it read before.
const serial = inTurn();

/** Changes the stored queue with `fn`, in turn with every other change; answers `fn`'s result. */
export function updateOutbox<T>(fn: (entries: OutboxEntry[]) => Promise<Step<T>> | Step<T>): Promise<T> {
  return serial(async () => {
    const before = await outboxItem.getValue();
    const { entries, result } = await fn(before);
    if (entries !== before) await outboxItem.setValue(entries);
    return result;
  });
}

/** The workspace a change goes to when the page did not say: the active one. */
async function activeId(): Promise<string> {
  const active = await connectionItem.getValue();
  return active ? connectionIdOf(active) : '';
}

/**
 * Queues a new tag. Idempotent by its id. It goes to the workspace `connectionId` names
 * (default: the active one).
 */
export async function enqueue(body: AnnotationCreate, now = new Date(), connectionId?: string): Promise<OutboxEntry> {
  const to = connectionId ?? (await activeId());
  return updateOutbox((entries) => queueCreate(entries, body, now, to));
}

/**
 * Queues an edit, a deletion, a note or a provider's answer, folded into what is already
 * queued for the tag (see `queueChange`). Answers the entry that will carry the change (null
 * when nothing is left to send). It goes to the workspace `connectionId` names (default: the
 * active one); a tag's id is unique across workspaces.
 */
export async function enqueueChange(change: AnnotationChange, now = new Date(), connectionId?: string): Promise<OutboxEntry | null> {
  const to = connectionId ?? (await activeId());
  return updateOutbox((entries) => queueChange(entries, change, now, to));
}

/** Acts on the user's choice for an entry the Worker refused. Answers what is queued now, if anything. */
export function resolveEntry(entryId: string, resolution: Resolution, now = new Date()): Promise<OutboxEntry | null> {
  return updateOutbox(async (entries) => {
    const step = resolve(entries, entryId, resolution, now);
    if (step.theirs) await rememberAnnotation(step.theirs.annotation, step.theirs.connectionId);
    return step;
  });
}

/**
 * Steward answered again: makes every change waiting for a retry due now rather than at its
 * backoff time (a refused one still waits for the user). In turn with other changes, so a
 * change queued at the same moment is kept. Answers how many were brought forward.
 */
export function expediteRetries(now = new Date()): Promise<number> {
  return updateOutbox((entries) => expedite(entries, now));
}

/** Entries queued before Steward knew several workspaces, with none connected then, go to the first connection made. */
export async function adoptUnassigned(id: string): Promise<void> {
  await updateOutbox((entries) => adopt(entries, id));
}
