// The observation queue's rules as pure functions: no storage, no network, no fake browser.
// How a page reading becomes an observation, how readings of one ticket coalesce while
// offline, the 15-minute throttle that never swallows a change, batches of at most 100, and
// what the Worker's answer does to the queue.
import { describe, expect, it } from 'vitest';
import {
  batchOutcomeOf, nextBatch, observationOf, PENDING_MAX, prune, queueObservation, readingOf, rememberReading, settleBatch, slotOf, THROTTLE_MS,
  type Batch,
} from '../../extension/core/background/observation-rules';
import type { ObservationQueue } from '../../extension/core/contract/observation-entry';
import { OFFLINE_MESSAGE } from '../../extension/core/background/outbox-rules';
import type { TicketObservation, TicketRef } from '../../shared/schemas';

const A = 'https://steward.example.com#w1';
const B = 'https://other.example.com#w9';
const T0 = new Date('2026-11-20T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const EMPTY: ObservationQueue = { pending: {}, last: {}, readings: {} };

const ticket = (id = '7', over: Partial<TicketRef> = {}): TicketRef => ({
  tool: 'zendesk', tenant: 'acme', ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, title: 'Printer jams', status: 'Open',
  observedAt: T0.toISOString(), ...over,
});
const obs = (id: string, when: Date, over: Partial<TicketObservation> = {}): TicketObservation => ({
  ...observationOf(ticket(id), { assignee: 'Ana Ruiz', priority: 'High', found: ['title', 'status', 'assignee', 'priority'] }, when)!, ...over,
});
const key = (id: string) => `zendesk:acme:${id}`;

/** Queues readings one after another, as a page would report them. */
function queueAll(readings: Array<[string, TicketObservation]>, start: ObservationQueue = EMPTY): { queue: ObservationQueue; results: string[] } {
  let queue = start;
  const results: string[] = [];
  for (const [conn, o] of readings) {
    const step = queueObservation(queue, conn, o, new Date(o.observedAt));
    queue = step.queue;
    results.push(step.result);
  }
  return { queue, results };
}

/** A queue already holding these readings, each waiting since it was made (built at once: queueing hundreds one by one is slow). */
function waitingQueue(readings: Array<[string, TicketObservation]>): ObservationQueue {
  return {
    ...EMPTY,
    pending: Object.fromEntries(readings.map(([conn, o]) => [slotOf(conn, `zendesk:acme:${o.ticketId}`), { connectionId: conn, observation: o, rev: 0, attempts: 0, nextAttemptAt: o.observedAt }])),
  };
}

/** The Worker took every item of the batch. */
const allAccepted = (batch: Batch) => ({
  kind: 'answered' as const,
  result: { accepted: batch.items.map((item, index) => ({ index, key: `zendesk:acme:${item.observation.ticketId}`, changed: true })), refused: [] },
});

describe('a page reading as an observation', () => {
  it('takes identity, title and status from the ticket and the rest from the page', () => {
    const o = observationOf(ticket('7'), { createdAt: '2026-11-02T08:00:00.000Z', updatedAt: '2026-11-19T16:30:00.000Z', assignee: 'Ana Ruiz', priority: 'Urgent', found: ['title', 'status', 'created', 'updated', 'assignee', 'priority'] }, T0);
    expect(o).toEqual({
      tool: 'zendesk', tenant: 'acme', ticketId: '7', url: 'https://acme.zendesk.com/agent/tickets/7', title: 'Printer jams', status: 'Open',
      createdAt: '2026-11-02T08:00:00.000Z', updatedAt: '2026-11-19T16:30:00.000Z', assignee: 'Ana Ruiz', priority: 'Urgent',
      observedAt: T0.toISOString(), found: ['title', 'status', 'created', 'updated', 'assignee', 'priority'],
    });
  });

  it('leaves out a field the Worker would refuse (a date in the future) instead of losing the whole reading', () => {
    const o = observationOf(ticket('7'), { createdAt: '2999-01-01T00:00:00.000Z', assignee: 'Ana Ruiz', found: ['title', 'status', 'created', 'assignee'] }, new Date());
    expect(o).not.toHaveProperty('createdAt');
    expect(o).toMatchObject({ assignee: 'Ana Ruiz', found: ['title', 'status', 'created', 'assignee'] });
  });

  it('without the page\'s facts, says it found what the ticket carries', () => {
    expect(observationOf(ticket('7', { status: undefined }), undefined, T0)?.found).toEqual(['title']);
  });

  it('makes none of a ticket the Worker could not name', () => {
    expect(observationOf(ticket('7', { ticketId: '' }), undefined, T0)).toBeNull();
  });
});

describe('queueing while offline', () => {
  it('coalesces readings of one ticket to the latest, per workspace, and keeps other tickets apart', () => {
    const { queue, results } = queueAll([
      [A, obs('7', at(0), { status: 'Open' })],
      [A, obs('7', at(1 * MIN), { status: 'Pending' })],
      [A, obs('8', at(2 * MIN))],
      [A, obs('7', at(3 * MIN), { status: 'Solved' })],
      [B, obs('7', at(4 * MIN))],
    ]);
    expect(results).toEqual(['queued', 'coalesced', 'queued', 'coalesced', 'queued']);
    expect(Object.keys(queue.pending).sort()).toEqual([slotOf(A, key('7')), slotOf(A, key('8')), slotOf(B, key('7'))].sort());
    expect(queue.pending[slotOf(A, key('7'))]).toMatchObject({ rev: 2, observation: { status: 'Solved', observedAt: at(3 * MIN).toISOString() } });
  });

  it('keeps a waiting reading\'s retry time when a newer one replaces it, so a busy page cannot hammer a Worker in trouble', () => {
    const first = queueAll([[A, obs('7', at(0))]]).queue;
    const slot = slotOf(A, key('7'));
    const failed = { ...first, pending: { [slot]: { ...first.pending[slot]!, attempts: 3, nextAttemptAt: at(10 * MIN).toISOString() } } };
    const { queue } = queueObservation(failed, A, obs('7', at(MIN), { status: 'Solved' }), at(MIN));
    expect(queue.pending[slot]).toMatchObject({ attempts: 3, nextAttemptAt: at(10 * MIN).toISOString(), observation: { status: 'Solved' } });
  });
});

describe('the 15-minute throttle', () => {
  /** A reading queued and then confirmed by the Worker: nothing waits, the throttle remembers it. */
  const sent = (queue: ObservationQueue) => ({ ...queue, pending: {} });

  it('sends a ticket viewed again and again at most once per 15 minutes while nothing changed', () => {
    let queue = sent(queueAll([[A, obs('7', at(0))]]).queue);
    for (const m of [1, 5, 14]) {
      const step = queueObservation(queue, A, obs('7', at(m * MIN)), at(m * MIN));
      expect(step.result, `after ${m} min`).toBe('throttled');
      queue = step.queue;
    }
    expect(queueObservation(queue, A, obs('7', at(THROTTLE_MS + MIN)), at(THROTTLE_MS + MIN)).result).toBe('queued');
  });

  it('never swallows a change: a new status, assignee, priority, title or updated time goes at once, and so does a change back', () => {
    let queue = sent(queueAll([[A, obs('7', at(0))]]).queue);
    const changes: Array<Partial<TicketObservation>> = [
      { status: 'Solved' }, { status: 'Open' }, { assignee: 'Bo Chen' }, { priority: 'Low' }, { title: 'Printer jams daily' }, { updatedAt: T0.toISOString() },
    ];
    let last: Partial<TicketObservation> = {};
    changes.forEach((change, i) => {
      last = { ...last, ...change };
      const step = queueObservation(queue, A, obs('7', at((i + 1) * MIN), last), at((i + 1) * MIN));
      expect(step.result, JSON.stringify(change)).toBe('queued');
      queue = sent(step.queue);
    });
  });

  it('throttles each workspace on its own', () => {
    const queue = sent(queueAll([[A, obs('7', at(0))]]).queue);
    expect(queueObservation(queue, B, obs('7', at(MIN)), at(MIN)).result).toBe('queued');
  });

  it('forgets what it throttled once 15 minutes have passed, so the queue stays small', () => {
    const queue = sent(queueAll([[A, obs('7', at(0))], [A, obs('8', at(10 * MIN))]]).queue);
    expect(Object.keys(prune(queue, at(20 * MIN).getTime()).last)).toEqual([slotOf(A, key('8'))]);
  });
});

describe('batches', () => {
  const many = (n: number, conn = A, startMs = 0) => Array.from({ length: n }, (_, i) => [conn, obs(String(1000 + i), at(startMs + i * 1000))] as [string, TicketObservation]);
  const opts = (over: Partial<Parameters<typeof nextBatch>[1]> = {}) => ({ nowMs: at(60 * MIN).getTime(), sendable: () => true, held: () => false, tried: new Set<string>(), ...over });

  it('sends at most 100 per request, oldest first, until all are sent', () => {
    let queue = waitingQueue(many(250));
    const sizes: number[] = [];
    const firsts: string[] = [];
    for (let batch = nextBatch(queue, opts()); batch; batch = nextBatch(queue, opts())) {
      sizes.push(batch.items.length);
      firsts.push(batch.items[0]!.observation.ticketId);
      queue = settleBatch(queue, batch, allAccepted(batch), at(60 * MIN).getTime()).queue;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(firsts).toEqual(['1000', '1100', '1200']);
    expect(queue.pending).toEqual({});
  });

  it('keeps each batch to one workspace, one that cannot take them now waiting', () => {
    const { queue } = queueAll([...many(2, B, 0), ...many(3, A, 10_000)]);
    expect(nextBatch(queue, opts())).toMatchObject({ connectionId: B, items: [{}, {}] });
    expect(nextBatch(queue, opts({ sendable: (id) => id !== B }))).toMatchObject({ connectionId: A, items: [{}, {}, {}] });
  });

  it('holds a ticket whose tag is still on its way, and one not due yet, and each revision is tried once per flush', () => {
    const { queue } = queueAll(many(3));
    const held = nextBatch(queue, opts({ held: (_id, k) => k === key('1000') }))!;
    expect(held.items.map((i) => i.observation.ticketId)).toEqual(['1001', '1002']);
    expect(nextBatch(queue, opts({ nowMs: T0.getTime() - 1 }))).toBeNull();
    const tried = new Set(held.items.map((i) => `${i.slot}#${i.rev}`));
    expect(nextBatch(queue, opts({ tried }))!.items.map((i) => i.observation.ticketId)).toEqual(['1000']);
  });
});

describe('the Worker\'s answer', () => {
  const queued = () => queueAll([[A, obs('7', at(0))], [A, obs('8', at(1000))], [A, obs('9', at(2000))]]).queue;
  const batchOf = (queue: ObservationQueue) => nextBatch(queue, { nowMs: at(MIN).getTime(), sendable: () => true, held: () => false, tried: new Set() })!;

  it('takes accepted and refused ones out of the queue, logging the refusals for debugging, and reports what changed', () => {
    const queue = queued();
    const batch = batchOf(queue);
    const step = settleBatch(queue, batch, {
      kind: 'answered',
      result: {
        accepted: [{ index: 0, key: key('7'), changed: true }, { index: 2, key: key('9'), changed: false }],
        refused: [{ index: 1, code: 'not_found', message: 'Observation 1: No tag you can see points at this ticket.' }],
      },
    }, at(MIN).getTime());
    expect(step.queue.pending).toEqual({});
    expect(step.result.changed).toEqual([key('7')]);
    expect(step.queue.lastError).toMatchObject({ refused: [{ ticket: key('8'), code: 'not_found', message: expect.stringMatching(/No tag/) }] });
  });

  it('keeps a reading that replaced the one on the wire: the newer one is sent next', () => {
    const queue = queued();
    const batch = batchOf(queue);
    const meanwhile = queueObservation(queue, A, obs('7', at(30_000), { status: 'Solved' }), at(30_000)).queue;
    const after = settleBatch(meanwhile, batch, allAccepted(batch), at(MIN).getTime()).queue;
    expect(Object.values(after.pending).map((q) => q.observation.status)).toEqual(['Solved']);
  });

  it('keeps them with a backoff while Steward cannot be reached or is in trouble', () => {
    const queue = queued();
    const batch = batchOf(queue);
    const offline = settleBatch(queue, batch, batchOutcomeOf({ kind: 'network' }), at(MIN).getTime(), () => 0.5).queue;
    expect(Object.values(offline.pending).map((q) => [q.attempts, q.nextAttemptAt, q.lastError])).toEqual(
      Array(3).fill([1, at(MIN + 5000).toISOString(), OFFLINE_MESSAGE]),
    );
    const trouble = batchOutcomeOf({ kind: 'answer', status: 503, code: 'internal', message: 'Down for maintenance' });
    expect(trouble.kind).toBe('retry');
    const again = settleBatch(offline, batch, trouble, at(2 * MIN).getTime(), () => 0.5).queue;
    expect(Object.values(again.pending).map((q) => q.attempts)).toEqual([2, 2, 2]);
    expect(batchOutcomeOf({ kind: 'answer', status: 429, code: 'rate_limited', message: 'Slow down' }).kind).toBe('retry');
  });

  it('keeps everything as it is when the sign-in was refused (sent after reconnecting)', () => {
    const queue = queued();
    const outcome = batchOutcomeOf({ kind: 'answer', status: 401, code: 'unauthorized', message: 'Reconnect' });
    expect(outcome).toEqual({ kind: 'revoked' });
    expect(settleBatch(queue, batchOf(queue), outcome, at(MIN).getTime()).queue).toBe(queue);
  });

  it('drops a batch refused as a whole (none could be stored, or a Worker without the route), logging why', () => {
    const queue = queued();
    const outcome = batchOutcomeOf({ kind: 'answer', status: 404, code: 'not_found', message: 'No tag you can see points at this ticket.' });
    const after = settleBatch(queue, batchOf(queue), outcome, at(MIN).getTime()).queue;
    expect(after.pending).toEqual({});
    expect(after.lastError?.message).toMatch(/refused 3 observations: No tag you can see points at this ticket\. \(not_found\)/);
  });

  it('sends again later what an answer did not mention', () => {
    const queue = queued();
    const batch = batchOf(queue);
    const after = settleBatch(queue, batch, { kind: 'answered', result: { accepted: [{ index: 0, key: key('7'), changed: false }], refused: [] } }, at(MIN).getTime(), () => 0.5).queue;
    expect(Object.values(after.pending).map((q) => [q.observation.ticketId, q.attempts])).toEqual([['8', 1], ['9', 1]]);
  });
});

describe('what stays in storage', () => {
  it('keeps the page\'s facts for an hour, for a tag made on the ticket soon after', () => {
    const { queue } = rememberReading(EMPTY, key('7'), { assignee: 'Ana Ruiz', found: ['title', 'assignee'] }, T0);
    expect(readingOf(queue, key('7'), at(59 * MIN))).toEqual({ assignee: 'Ana Ruiz', found: ['title', 'assignee'] });
    expect(readingOf(queue, key('7'), at(61 * MIN))).toBeUndefined();
  });

  it('keeps at most 500 waiting readings, the newest', () => {
    const full = waitingQueue(Array.from({ length: PENDING_MAX }, (_, i) => [A, obs(String(i), at(i * 1000))] as [string, TicketObservation]));
    const { queue } = queueAll(Array.from({ length: 20 }, (_, i) => [A, obs(String(PENDING_MAX + i), at((PENDING_MAX + i) * 1000))] as [string, TicketObservation]), full);
    const ids = Object.values(queue.pending).map((q) => Number(q.observation.ticketId));
    expect(ids).toHaveLength(PENDING_MAX);
    expect(Math.min(...ids)).toBe(20);
  });
});
