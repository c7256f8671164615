import { ApiRequestError, NetworkError, type StewardClient } from '../../../shared/api/client';
import { errorText } from '../contract/errors';
import { annotationIdOf, isAnswer, isNote, isPatch, type OutboxEntry } from '../contract/outbox-entry';
import { connectionIdOf, outboxItem } from '../contract/storage';
import { allConnections, liveClient, markRevoked } from './connection';
import { updateOutbox } from './outbox';
import { attemptOf, mayHaveLanded, nextEntry, outcomeOf, settle, type Failure, type Outcome } from './outbox-rules';
import { refreshInbox } from './provider-inbox';
import { forgetAnnotation, rememberAnnotation } from './ticket-cache';

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
  const sendable = (connectionId: string) => clients.has(connectionId) && !halted.has(connectionId);
  for (;;) {
    // Read again each time: what was queued or settled meanwhile counts.
    const entry = nextEntry(await outboxItem.getValue(), { nowMs: now(), sendable, tried });
    if (!entry) break;
    tried.add(attemptOf(entry));
    const live = clients.get(entry.connectionId)!;
    const outcome = await sendOne(live.client, live.conn.member.id, entry);
    await apply(entry, outcome, now());
    if (outcome.kind === 'sent' && entry.kind === 'answer') answered.add(entry.connectionId);
    // Offline, server trouble or a refused sign-in: the rest for that workspace would fail too.
    if (outcome.kind === 'revoked' || outcome.kind === 'retry') halted.add(entry.connectionId);
  }
  // The inbox shows the provider's latest answer as the Worker has it.
  await Promise.all([...answered].map((id) => refreshInbox(id, fetchImpl)));
  return { pending: (await outboxItem.getValue()).length };
}

function failureOf(err: unknown): Failure {
  if (err instanceof NetworkError) return { kind: 'network' };
  if (err instanceof ApiRequestError) return { kind: 'answer', status: err.status, code: err.code, message: err.message, fields: err.fields, current: err.current };
  return { kind: 'other', message: errorText(err) };
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
    const failure = failureOf(err);
    if (!mayHaveLanded(failure, entry)) return outcomeOf(failure, entry);
    const stored = await client.getAnnotation(id).then((d) => d.annotation, () => null);
    return outcomeOf(failure, entry, stored?.author.id === memberId ? stored : null);
  }
}

/** Applies one outcome to the stored outbox, re-read so changes queued meanwhile survive. */
async function apply(sent: OutboxEntry, outcome: Outcome, nowMs: number): Promise<void> {
  if (outcome.kind === 'revoked') {
    await markRevoked(sent.connectionId);
    return;
  }
  await updateOutbox(async (entries) => {
    const step = settle(entries, sent, outcome, nowMs);
    for (const news of step.cache) {
      if (news.kind === 'forget') await forgetAnnotation(news.ticketKey, news.annotationId);
      else await rememberAnnotation(news.annotation, sent.connectionId);
    }
    return step;
  });
}
