import { ticketKey, type AnnotationCreate, type TicketRef } from '../../../shared/schemas';
import type { PageFacts } from '../contract/messages';
import type { ObservationQueue } from '../contract/observation-entry';
import { connectionIdOf, connectionItem, observationsItem, ticketCacheItem } from '../contract/storage';
import { inTurn } from './in-turn';
import { observationOf, queueObservation, readingOf, rememberReading, type Queued, type Step } from './observation-rules';

/**
 * The one writer of the observation queue: what tagged tickets' pages showed, waiting to reach
 * the Worker, written to storage before anything touches the network (the rules are in
 * `observation-rules.ts`, sending is `observation-flush.ts`). Pages tell the background what
 * they show with `ticket:seen`; only tickets that carry a tag of the workspace are observed.
 */

const serial = inTurn();

/** Changes the stored queue with `fn`, in turn with every other change; answers `fn`'s result. */
export function updateObservations<T>(fn: (queue: ObservationQueue) => Promise<Step<T>> | Step<T>): Promise<T> {
  return serial(async () => {
    const before = await observationsItem.getValue();
    const { queue, result } = await fn(before);
    if (queue !== before) await observationsItem.setValue(queue);
    return result;
  });
}

/** Whether the per-ticket cache knows a tag of workspace `connectionId` on the ticket. */
async function carriesTag(key: string, connectionId: string): Promise<boolean> {
  const cached = (await ticketCacheItem.getValue())[key];
  if (!cached || (cached.connectionId && cached.connectionId !== connectionId)) return false;
  return cached.items.some((a) => !a.deletedAt);
}

/**
 * A ticket page reported what it shows: remembered for a tag made soon after, and queued as an
 * observation when the ticket carries a tag of the tab's workspace (the active one). Answers
 * what became of it (null: not observed).
 */
export async function observeSeen(ticket: TicketRef, facts: PageFacts, now = new Date()): Promise<Queued | null> {
  const key = ticketKey(ticket);
  const active = await connectionItem.getValue();
  const connectionId = active ? connectionIdOf(active) : null;
  const tagged = connectionId !== null && (await carriesTag(key, connectionId));
  return updateObservations<Queued | null>((queue) => {
    const remembered = rememberReading(queue, key, facts, now).queue;
    const observation = tagged ? observationOf(ticket, facts, now) : null;
    if (!observation || !connectionId) return { queue: remembered, result: null };
    return queueObservation(remembered, connectionId, observation, now);
  });
}

/**
 * The user just tagged a ticket: what its page showed goes with it (from the last reading of
 * the page, when there was one), to the workspace the tag went to.
 */
export function observeTagged(body: AnnotationCreate, connectionId: string, now = new Date()): Promise<Queued | null> {
  const ticket = body.ticketRef;
  if (!ticket || !connectionId) return Promise.resolve(null);
  return updateObservations<Queued | null>((queue) => {
    const observation = observationOf(ticket, readingOf(queue, ticketKey(ticket), now), now);
    return observation ? queueObservation(queue, connectionId, observation, now) : { queue, result: null };
  });
}
