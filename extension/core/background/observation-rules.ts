import * as v from 'valibot';
import { OBSERVATION_BATCH_MAX, TicketObservationSchema, ticketKey, type ObservationResult, type TicketObservation, type TicketRef } from '../../../shared/schemas';
import type { ObservationQueue, PageReading, QueuedObservation } from '../contract/observation-entry';
import { backoffMs, OFFLINE_MESSAGE, type Failure } from './outbox-rules';

/**
 * The observation queue's rules, as pure functions of the stored queue: how a page reading
 * becomes an observation, when one is worth sending (at most once per ticket per 15 minutes
 * unless something it shows changed), how readings of one ticket coalesce while they wait,
 * which go together in a batch, and what the Worker's answer does to the queue. No storage,
 * no network, no clock of their own: `background/observations.ts` keeps the queue and
 * `background/observation-flush.ts` sends it.
 */

export const THROTTLE_MS = 15 * 60_000;
/** A page's extra fields (created, assignee…) are used for a tag made this soon after. */
const READING_TTL_MS = 60 * 60_000;
const READINGS_MAX = 50;
/** Offline for days, on hundreds of tickets: the oldest readings go first (a newer one says more). */
export const PENDING_MAX = 500;

export interface Step<T> {
  queue: ObservationQueue;
  result: T;
}

/** Where a ticket's observation waits: one place per workspace and ticket. */
export const slotOf = (connectionId: string, key: string): string => `${connectionId}|${key}`;

/** What a reading says that matters for the throttle: a change in any of these is sent at once. */
function signatureOf(o: TicketObservation): string {
  return JSON.stringify([o.title ?? null, o.status ?? null, o.assignee ?? null, o.priority ?? null, o.updatedAt ?? null]);
}

const OPTIONAL = ['title', 'status', 'createdAt', 'updatedAt', 'assignee', 'priority'] as const;

/**
 * The observation a ticket page makes: identity, title and status from the ticket as detected,
 * the rest from the page's facts. A field the Worker would refuse (a date in the future, a
 * priority word too long) is left out rather than costing the whole reading; null when even
 * the ticket's identity would be refused.
 */
export function observationOf(ticket: TicketRef, facts: PageReading | undefined, now: Date): TicketObservation | null {
  const found = facts?.found ?? [...(ticket.title ? ['title' as const] : []), ...(ticket.status ? ['status' as const] : [])];
  const draft: Record<string, unknown> = {
    tool: ticket.tool, tenant: ticket.tenant, ticketId: ticket.ticketId, url: ticket.url,
    title: ticket.title, status: ticket.status,
    createdAt: facts?.createdAt, updatedAt: facts?.updatedAt, assignee: facts?.assignee, priority: facts?.priority,
    observedAt: now.toISOString(), found: [...new Set(found)],
  };
  for (const k of Object.keys(draft)) if (draft[k] === undefined || draft[k] === '') delete draft[k];
  let parsed = v.safeParse(TicketObservationSchema, draft);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const field = issue.path?.[0]?.key;
      if ((OPTIONAL as readonly unknown[]).includes(field)) delete draft[field as string];
    }
    parsed = v.safeParse(TicketObservationSchema, draft);
  }
  return parsed.success ? parsed.output : null;
}

/** Drops what is past its use: throttle marks older than 15 minutes, readings older than an hour, the oldest of too many waiting. */
export function prune(queue: ObservationQueue, nowMs: number): ObservationQueue {
  const fresh = <T extends { at: string }>(record: Record<string, T>, ms: number, max = Infinity) => {
    const all = Object.entries(record);
    // Times are written by toISOString(): as text they sort as they happened.
    const cutoff = new Date(nowMs - ms).toISOString();
    const kept = all.filter(([, x]) => x.at > cutoff);
    if (kept.length === all.length && kept.length <= max) return record;
    if (kept.length > max) kept.sort(([, a], [, b]) => b.at.localeCompare(a.at));
    return Object.fromEntries(kept.slice(0, max));
  };
  const waiting = Object.entries(queue.pending);
  const pending = waiting.length <= PENDING_MAX
    ? queue.pending
    : Object.fromEntries(waiting.sort(([, a], [, b]) => b.observation.observedAt.localeCompare(a.observation.observedAt)).slice(0, PENDING_MAX));
  return { ...queue, pending, last: fresh(queue.last, THROTTLE_MS), readings: fresh(queue.readings, READING_TTL_MS, READINGS_MAX) };
}

/** Keeps what a ticket's page showed, for a tag made on it soon after. */
export function rememberReading(queue: ObservationQueue, key: string, facts: PageReading, now: Date): Step<undefined> {
  return { queue: prune({ ...queue, readings: { ...queue.readings, [key]: { facts, at: now.toISOString() } } }, now.getTime()), result: undefined };
}

/** What the ticket's page showed lately, if it did. */
export function readingOf(queue: ObservationQueue, key: string, now: Date): PageReading | undefined {
  const r = queue.readings[key];
  return r && now.getTime() - Date.parse(r.at) < READING_TTL_MS ? r.facts : undefined;
}

export type Queued = 'queued' | 'coalesced' | 'throttled';

/**
 * A reading of a tagged ticket for workspace `connectionId`. One still waiting for the ticket
 * is replaced (the latest says most; its retry time is kept so a busy page cannot hammer a
 * Worker in trouble). Otherwise it is queued unless the same was queued less than 15 minutes
 * ago: any change in title, status, assignee, priority or the tool's "updated" time goes at once.
 */
export function queueObservation(queue: ObservationQueue, connectionId: string, observation: TicketObservation, now: Date): Step<Queued> {
  const slot = slotOf(connectionId, ticketKey(observation));
  const signature = signatureOf(observation);
  const mark = { at: now.toISOString(), signature };
  const waiting = queue.pending[slot];
  if (waiting) {
    const next: QueuedObservation = { ...waiting, observation, rev: waiting.rev + 1 };
    return { queue: prune({ ...queue, pending: { ...queue.pending, [slot]: next }, last: { ...queue.last, [slot]: mark } }, now.getTime()), result: 'coalesced' };
  }
  const last = queue.last[slot];
  if (last && last.signature === signature && now.getTime() - Date.parse(last.at) < THROTTLE_MS) return { queue, result: 'throttled' };
  const next: QueuedObservation = { connectionId, observation, rev: 0, attempts: 0, nextAttemptAt: now.toISOString() };
  return { queue: prune({ ...queue, pending: { ...queue.pending, [slot]: next }, last: { ...queue.last, [slot]: mark } }, now.getTime()), result: 'queued' };
}

/** One request's worth: up to 100 observations for one workspace, each with the revision sent. */
export interface Batch {
  connectionId: string;
  items: Array<{ slot: string; rev: number; observation: TicketObservation }>;
}

/**
 * The next batch: due observations of the workspace whose oldest reading waits longest, oldest
 * first, at most 100. A workspace that cannot take them now (`sendable`) and a ticket whose
 * tag is still on its way (`held`: the Worker would refuse a reading of a ticket it does not
 * know as tagged) wait; each revision is tried once per flush (`tried`).
 */
export function nextBatch(queue: ObservationQueue, opts: {
  nowMs: number; sendable(connectionId: string): boolean; held(connectionId: string, key: string): boolean; tried: ReadonlySet<string>;
}): Batch | null {
  const due = Object.entries(queue.pending)
    .filter(([slot, q]) =>
      opts.sendable(q.connectionId) && Date.parse(q.nextAttemptAt) <= opts.nowMs && !opts.tried.has(`${slot}#${q.rev}`) &&
      !opts.held(q.connectionId, ticketKey(q.observation)))
    .sort(([, a], [, b]) => a.observation.observedAt.localeCompare(b.observation.observedAt));
  const first = due[0];
  if (!first) return null;
  const connectionId = first[1].connectionId;
  const items = due
    .filter(([, q]) => q.connectionId === connectionId)
    .slice(0, OBSERVATION_BATCH_MAX)
    .map(([slot, q]) => ({ slot, rev: q.rev, observation: q.observation }));
  return { connectionId, items };
}

/** What came of sending a batch. */
export type BatchOutcome =
  /** The Worker answered item by item. */
  | { kind: 'answered'; result: ObservationResult }
  /** The Worker refused the whole batch (none could be stored, or an older Worker without the route). */
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'retry'; error: string }
  | { kind: 'revoked' };

/** What a failed request means for a batch: retry later, stop the workspace, or drop it. */
export function batchOutcomeOf(failure: Failure): BatchOutcome {
  if (failure.kind === 'network') return { kind: 'retry', error: OFFLINE_MESSAGE };
  if (failure.kind === 'other') return { kind: 'retry', error: failure.message };
  if (failure.status === 401) return { kind: 'revoked' };
  if (failure.status === 429 || failure.status >= 500 || failure.code === 'bad_response') {
    return { kind: 'retry', error: `Steward is having trouble (${failure.message}); will try again.` };
  }
  return { kind: 'refused', code: failure.code, message: failure.message };
}

/**
 * The queue once a batch was answered. Accepted and refused observations leave it (a refusal is
 * logged in `lastError`, for whoever debugs a tool's readings); one replaced by a newer reading
 * while on the wire stays, as the newer one; a retry waits its backoff. A revoked workspace
 * keeps everything as it is, for after reconnecting.
 */
export function settleBatch(queue: ObservationQueue, batch: Batch, outcome: BatchOutcome, nowMs: number, random = Math.random): Step<{ changed: string[] }> {
  if (outcome.kind === 'revoked') return { queue, result: { changed: [] } };
  const at = new Date(nowMs).toISOString();
  const pending = { ...queue.pending };
  const unchanged = (slot: string, rev: number) => pending[slot]?.rev === rev;
  const keyOfItem = (i: number) => ticketKey(batch.items[i]!.observation);

  if (outcome.kind === 'retry') {
    for (const { slot, rev } of batch.items) {
      if (!unchanged(slot, rev)) continue;
      const attempts = pending[slot]!.attempts + 1;
      pending[slot] = { ...pending[slot]!, attempts, lastError: outcome.error, nextAttemptAt: new Date(nowMs + backoffMs(attempts, random)).toISOString() };
    }
    return { queue: { ...queue, pending, lastError: { at, message: outcome.error } }, result: { changed: [] } };
  }

  if (outcome.kind === 'refused') {
    for (const { slot, rev } of batch.items) if (unchanged(slot, rev)) delete pending[slot];
    return {
      queue: { ...queue, pending, lastError: { at, message: `Steward refused ${batch.items.length} observation${batch.items.length === 1 ? '' : 's'}: ${outcome.message} (${outcome.code})` } },
      result: { changed: [] },
    };
  }

  const { accepted, refused } = outcome.result;
  const settled = new Set<number>();
  const changed: string[] = [];
  for (const a of accepted) {
    const item = batch.items[a.index];
    if (!item) continue;
    settled.add(a.index);
    if (unchanged(item.slot, item.rev)) delete pending[item.slot];
    if (a.changed) changed.push(keyOfItem(a.index));
  }
  for (const r of refused) {
    const item = batch.items[r.index];
    if (!item) continue;
    settled.add(r.index);
    if (unchanged(item.slot, item.rev)) delete pending[item.slot];
  }
  // An answer that names some items not at all (it should not happen): those are sent again later.
  batch.items.forEach(({ slot, rev }, i) => {
    if (settled.has(i) || !unchanged(slot, rev)) return;
    const attempts = pending[slot]!.attempts + 1;
    pending[slot] = { ...pending[slot]!, attempts, nextAttemptAt: new Date(nowMs + backoffMs(attempts, random)).toISOString() };
  });
  const lastError = refused.length
    ? {
      at, message: `Steward refused ${refused.length} of ${batch.items.length} observations.`,
      refused: refused.filter((r) => batch.items[r.index]).map((r) => ({ ticket: keyOfItem(r.index), code: r.code, message: r.message })),
    }
    : queue.lastError;
  return { queue: { ...queue, pending, ...(lastError ? { lastError } : {}) }, result: { changed } };
}

/** Observations for workspaces this browser is no longer signed in to can never be sent. */
export function forgetConnections(queue: ObservationQueue, keep: ReadonlySet<string>): Step<number> {
  const gone = Object.entries(queue.pending).filter(([, q]) => !keep.has(q.connectionId));
  if (!gone.length) return { queue, result: 0 };
  return { queue: { ...queue, pending: Object.fromEntries(Object.entries(queue.pending).filter(([, q]) => keep.has(q.connectionId))) }, result: gone.length };
}
