import { ApiRequestError, NetworkError } from '../../../shared/api/client';
import { errorText } from '../contract/errors';
import { connectionIdOf, observationsItem, outboxItem } from '../contract/storage';
import { allConnections, liveClient, markRevoked } from './connection';
import { batchOutcomeOf, forgetConnections, nextBatch, settleBatch, type BatchOutcome } from './observation-rules';
import { updateObservations } from './observations';
import { flushOutbox } from './outbox-flush';
import type { Failure } from './outbox-rules';
import { refreshCachedFacts } from './ticket-facts';

let flushing: Promise<{ pending: number }> | null = null;

/**
 * Sends the waiting observations, up to 100 per request, each to the workspace it was queued
 * for. One flush at a time in this worker; a second caller shares the running one. The same
 * observation twice is a no-op for the Worker, so a batch interrupted by the service worker
 * stopping is simply sent again.
 */
export function flushObservations(fetchImpl?: typeof fetch, now: () => number = Date.now): Promise<{ pending: number }> {
  flushing ??= runFlush(fetchImpl, now).finally(() => {
    flushing = null;
  });
  return flushing;
}

/**
 * Everything waiting, as one trigger (the alarm, a reconnect, a save): the outbox first, since
 * the Worker keeps readings of tagged tickets only and a new tag must land before them.
 */
export async function flushAll(fetchImpl?: typeof fetch): Promise<void> {
  try {
    await flushOutbox(fetchImpl);
  } finally {
    await flushObservations(fetchImpl).catch((err: unknown) => console.warn('Steward: could not send ticket observations', err));
  }
}

function failureOf(err: unknown): Failure {
  if (err instanceof NetworkError) return { kind: 'network' };
  if (err instanceof ApiRequestError) return { kind: 'answer', status: err.status, code: err.code, message: err.message, fields: err.fields };
  return { kind: 'other', message: errorText(err) };
}

async function runFlush(fetchImpl: typeof fetch | undefined, now: () => number): Promise<{ pending: number }> {
  const connections = await allConnections();
  await updateObservations((queue) => forgetConnections(queue, new Set(connections.map(connectionIdOf))));
  const clients = new Map<string, NonNullable<Awaited<ReturnType<typeof liveClient>>>>();
  for (const conn of connections) {
    const live = await liveClient(fetchImpl, connectionIdOf(conn));
    if (live) clients.set(live.id, live);
  }
  const halted = new Set<string>();
  const tried = new Set<string>();
  const changed = new Set<string>();
  for (;;) {
    // Read again each time: what was queued meanwhile counts, and so does a tag that landed.
    const [queue, outbox] = await Promise.all([observationsItem.getValue(), outboxItem.getValue()]);
    const batch = nextBatch(queue, {
      nowMs: now(),
      sendable: (id) => clients.has(id) && !halted.has(id),
      // The Worker keeps readings of tagged tickets only: a tag still on its way comes first.
      held: (id, key) => outbox.some((e) => e.kind === 'create' && e.connectionId === id && e.ticketKey === key),
      tried,
    });
    if (!batch) break;
    for (const item of batch.items) tried.add(`${item.slot}#${item.rev}`);
    let outcome: BatchOutcome;
    try {
      outcome = { kind: 'answered', result: await clients.get(batch.connectionId)!.client.sendObservations(batch.items.map((i) => i.observation)) };
    } catch (err) {
      outcome = batchOutcomeOf(failureOf(err));
    }
    if (outcome.kind === 'revoked') await markRevoked(batch.connectionId);
    if (outcome.kind === 'revoked' || outcome.kind === 'retry') halted.add(batch.connectionId);
    const settled = await updateObservations((q) => settleBatch(q, batch, outcome, now()));
    for (const key of settled.changed) changed.add(`${batch.connectionId}|${key}`);
  }
  // What the Worker now knows differs from what a side panel may show: fetch those again.
  if (changed.size) await refreshCachedFacts([...changed], fetchImpl).catch((err: unknown) => console.warn('Steward: could not refresh ticket facts', err));
  return { pending: Object.keys((await observationsItem.getValue()).pending).length };
}
