// What tagged tickets' pages show, through the real path: a ticket page's `ticket:seen` →
// background handler → observation queue in storage → typed client → (a stand-in for) the
// Worker. Offline-safe like the outbox, but never the user's failed work; and the side panel's
// facts come back through `ticket:facts`, cached per ticket.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch } from '../../extension/core/background/handlers';
import { flushObservations } from '../../extension/core/background/observation-flush';
import { flushOutbox } from '../../extension/core/background/outbox-flush';
import { slotOf } from '../../extension/core/background/observation-rules';
import { observeSeen } from '../../extension/core/background/observations';
import { refreshTicket } from '../../extension/core/background/tickets';
import type { FactsView, PageFacts } from '../../extension/core/contract/messages';
import { connectionIdOf, connectionItem, observationsItem, outboxItem, ticketFactsItem, type Connection } from '../../extension/core/contract/storage';
import { summarise } from '../../extension/core/background/badge-counts';
import type { Annotation, Member, TicketFacts, TicketRef } from '../../shared/schemas';
import { fakeAnnotations, type FakeAnnotations } from './support/fake-annotations';

const sam: Member = { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null };
const conn: Connection = {
  workerUrl: 'https://steward.example.com', token: 'stw_x', member: sam,
  workspace: { id: 'w1', name: 'Acme Dental', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
};
const CONN = connectionIdOf(conn);
const ticket = (id: string, over: Partial<TicketRef> = {}): TicketRef => ({
  tool: 'zendesk', tenant: 'acme', ticketId: id, url: `https://acme.zendesk.com/agent/tickets/${id}`, title: 'Printer jams', status: 'Open',
  observedAt: new Date().toISOString(), ...over,
});
const keyOf = (id: string) => `zendesk:acme:${id}`;
const PAGE: PageFacts = { createdAt: '2026-11-02T08:00:00.000Z', assignee: 'Ana Ruiz', priority: 'Urgent', found: ['title', 'status', 'created', 'assignee', 'priority'] };

let worker: FakeAnnotations;
const posted = () => worker.calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/tickets/observations').map((c) => c.body.observations as Array<Record<string, unknown>>);
const queue = () => observationsItem.getValue();

/** A tag the Worker has on ticket `id`. */
function tagOn(id: string, over: Partial<Annotation> = {}): Annotation {
  const a = {
    id: crypto.randomUUID(), workspaceId: 'w1', ticketKey: keyOf(id), ticketRef: ticket(id), pageUrl: null, horizon: 'now', lineOfBusiness: 'front',
    stakeholders: [], impact: 'cust', priority: 'high', kpis: [], summary: 'Front desk cannot print', detail: null, eventDate: null, state: 'open',
    visibility: 'team', sharedWith: null, providerStatus: null, author: { id: sam.id, name: sam.name }, createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z', version: 1, deletedAt: null, jargon: [], labels: { lineOfBusiness: 'Front office', stakeholders: [], impact: 'Customers', kpis: [] },
    ...over,
  } as Annotation;
  worker.stored.set(a.id, a);
  return a;
}

/** The page of ticket `t` in tab `tabId` reports what it shows, as the ticket script does. */
const seen = (t: TicketRef, facts: PageFacts | undefined = PAGE, tabId = 1) =>
  dispatch({ type: 'ticket:seen', payload: { ticket: t, ...(facts ? { facts } : {}) } }, { tab: { id: tabId } });

/** The background has taken in what the page showed (it keeps every reading a while): a positive signal that it decided. */
const readingKept = (id: string) => vi.waitFor(async () => expect((await queue()).readings[keyOf(id)]).toBeDefined());

beforeEach(async () => {
  fakeBrowser.reset();
  worker = fakeAnnotations({ id: sam.id, name: sam.name });
  vi.stubGlobal('fetch', worker.fetch);
  await connectionItem.setValue(conn);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('observations from the background', () => {
  it('sends what a tagged ticket\'s page shows, with when it was seen and which fields were found', async () => {
    tagOn('7');
    const before = Date.now();
    await seen(ticket('7'), { ...PAGE, updatedAt: '2026-11-19T16:30:00.000Z' });
    await vi.waitFor(() => expect(posted()).toHaveLength(1));
    const [[o]] = posted() as [[Record<string, unknown>]];
    expect(o).toEqual({
      tool: 'zendesk', tenant: 'acme', ticketId: '7', url: 'https://acme.zendesk.com/agent/tickets/7', title: 'Printer jams', status: 'Open',
      createdAt: '2026-11-02T08:00:00.000Z', updatedAt: '2026-11-19T16:30:00.000Z', assignee: 'Ana Ruiz', priority: 'Urgent',
      observedAt: expect.any(String), found: ['title', 'status', 'created', 'assignee', 'priority'],
    });
    expect(Date.parse(o.observedAt as string)).toBeGreaterThanOrEqual(before);
    await vi.waitFor(async () => expect((await queue()).pending).toEqual({}));
    expect(worker.tickets.get(keyOf('7'))).toMatchObject({ status: 'Open', assignee: 'Ana Ruiz', priority: 'Urgent' });
  });

  it('sends a ticket viewed again within 15 minutes only when something it shows changed', async () => {
    tagOn('7');
    await seen(ticket('7'));
    await vi.waitFor(() => expect(posted()).toHaveLength(1));
    const first = (await queue()).readings[keyOf('7')]!.at;
    await seen(ticket('7'));
    await vi.waitFor(async () => expect((await queue()).readings[keyOf('7')]!.at > first).toBe(true));
    expect(posted()).toHaveLength(1);
    await seen(ticket('7', { status: 'Solved' }));
    await vi.waitFor(() => expect(posted()).toHaveLength(2));
    expect(posted()[1]![0]).toMatchObject({ status: 'Solved' });
    await vi.waitFor(() => expect(worker.tickets.get(keyOf('7'))).toMatchObject({ status: 'Solved', category: 'resolved' }));
  });

  it('does not observe a ticket without a tag of the workspace; tagging it sends what its page showed, after the tag', async () => {
    await seen(ticket('8'));
    await readingKept('8');
    expect((await queue()).pending).toEqual({});
    expect(posted()).toEqual([]);

    const body = {
      id: crypto.randomUUID(), horizon: 'now' as const, lineOfBusiness: 'front', stakeholders: [], impact: 'cust', priority: 'high' as const, kpis: [],
      summary: 'Quotes are late', visibility: 'team' as const, state: 'open' as const, ticketRef: ticket('8'),
    };
    await dispatch({ type: 'annotation:save', payload: { body } }, {});
    await vi.waitFor(() => expect(posted()).toHaveLength(1));
    expect(posted()[0]![0]).toMatchObject({ ticketId: '8', status: 'Open', assignee: 'Ana Ruiz', priority: 'Urgent', found: PAGE.found });
    const order = worker.calls.filter((c) => c.method === 'POST').map((c) => c.path);
    expect(order).toEqual(['/api/v1/annotations', '/api/v1/tickets/observations']);
  });

  it('holds a tagged ticket\'s reading while its tag waits offline, and sends both in order when Steward answers again', async () => {
    worker.mode = 'offline';
    const body = {
      id: crypto.randomUUID(), horizon: 'now' as const, lineOfBusiness: 'front', stakeholders: [], impact: 'cust', priority: 'high' as const, kpis: [],
      summary: 'Quotes are late', visibility: 'team' as const, state: 'open' as const, ticketRef: ticket('9'),
    };
    await dispatch({ type: 'annotation:save', payload: { body } }, {});
    await vi.waitFor(async () => expect(Object.keys((await queue()).pending)).toEqual([slotOf(CONN, keyOf('9'))]));
    await vi.waitFor(async () => expect((await outboxItem.getValue())[0]?.attempts).toBe(1));
    worker.mode = 'up';
    // The tag's retry is not due yet: the reading waits for it rather than being refused.
    await flushObservations(undefined, () => Date.now() + 3_600_000);
    expect(posted()).toEqual([]);
    // What the alarm does once the tag's backoff is over: the tag, then the reading.
    await flushOutbox(undefined, () => Date.now() + 3_600_000);
    await flushObservations(undefined, () => Date.now() + 3_600_000);
    expect(worker.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/v1/annotations', '/api/v1/tickets/observations']);
    expect(worker.tickets.get(keyOf('9'))).toMatchObject({ status: 'Open', assignee: null });
  });

  it('coalesces readings of a ticket made offline and sends the latest once Steward answers again', async () => {
    tagOn('7');
    await refreshTicket(keyOf('7'));
    worker.mode = 'offline';
    for (const status of ['Open', 'Pending', 'Solved']) {
      const before = (await queue()).readings[keyOf('7')]?.at ?? '';
      await seen(ticket('7', { status }));
      await vi.waitFor(async () => expect((await queue()).readings[keyOf('7')]!.at > before).toBe(true));
      await vi.waitFor(async () => expect((await queue()).pending[slotOf(CONN, keyOf('7'))]?.observation.status).toBe(status));
    }
    const waiting = (await queue()).pending[slotOf(CONN, keyOf('7'))]!;
    expect(waiting).toMatchObject({ rev: 2, attempts: 1, lastError: expect.stringMatching(/Offline/) });
    expect(posted()).toEqual([]);

    worker.mode = 'up';
    // What the alarm does, once the backoff is over.
    await flushObservations(undefined, () => Date.now() + 3_600_000);
    expect(posted().map((batch) => batch.map((o) => o.status))).toEqual([['Solved']]);
    expect((await queue()).pending).toEqual({});
  });

  it('keeps observations with a backoff when Steward is in trouble', async () => {
    tagOn('7');
    await refreshTicket(keyOf('7'));
    await observeSeen(ticket('7'), PAGE);
    const trouble = (async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith('/tickets/observations')
        ? new Response(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.' } }), { status: 500 })
        : worker.fetch(input, init)) as typeof fetch;
    const t0 = Date.now();
    await flushObservations(trouble, () => t0);
    const waiting = (await queue()).pending[slotOf(CONN, keyOf('7'))]!;
    expect(waiting).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/having trouble/) });
    expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(t0);
    await flushObservations(undefined, () => t0 + 1000);
    expect(posted()).toEqual([]);
    await flushObservations(undefined, () => t0 + 3_600_000);
    expect(posted()).toHaveLength(1);
  });

  it('on a refused sign-in marks the connection for reconnecting and keeps the observations for after', async () => {
    tagOn('7');
    await refreshTicket(keyOf('7'));
    await observeSeen(ticket('7'), PAGE);
    worker.mode = 'revoked';
    await flushObservations();
    expect((await connectionItem.getValue())?.revokedAt).toBeTruthy();
    expect(Object.keys((await queue()).pending)).toEqual([slotOf(CONN, keyOf('7'))]);
    const calls = worker.calls.length;
    await flushObservations(undefined, () => Date.now() + 3_600_000);
    expect(worker.calls).toHaveLength(calls);

    worker.mode = 'up';
    await connectionItem.setValue(conn); // reconnected with a new invite
    await flushObservations();
    expect((await queue()).pending).toEqual({});
    expect(worker.tickets.get(keyOf('7'))).toMatchObject({ status: 'Open', assignee: 'Ana Ruiz' });
  });

  it('drops a refused observation quietly: logged for debugging, never shown as the user\'s failed work', async () => {
    const tag = tagOn('7');
    await refreshTicket(keyOf('7'));
    await observeSeen(ticket('7'), PAGE);
    worker.stored.set(tag.id, { ...tag, deletedAt: new Date().toISOString() }); // someone deleted the tag meanwhile
    await flushObservations();
    const q = await queue();
    expect(q.pending).toEqual({});
    expect(q.lastError?.message).toMatch(/refused 1 observation: .*tag it first/);
    expect(await outboxItem.getValue()).toEqual([]);
    expect(summarise([], await outboxItem.getValue())).toMatchObject({ pending: 0, stuck: 0 });
  });

  it('forgets observations for a workspace signed out of', async () => {
    tagOn('7');
    await refreshTicket(keyOf('7'));
    await observeSeen(ticket('7'), PAGE);
    worker.mode = 'offline';
    await dispatch({ type: 'connection:disconnect', payload: {} }, {});
    await flushObservations();
    expect((await queue()).pending).toEqual({});
  });
});

describe('a ticket\'s facts for the side panel', () => {
  const facts = (over: Partial<TicketFacts> = {}): TicketFacts => ({
    key: keyOf('7'), tool: 'zendesk', tenant: 'acme', ticketId: '7', url: 'https://acme.zendesk.com/agent/tickets/7', title: 'Printer jams',
    status: 'Solved', category: 'resolved', statusSince: '2026-11-19T15:00:00.000Z', statusSinceKind: 'seen', createdAt: null, updatedAt: null,
    assignee: 'Ana Ruiz', priority: 'Urgent', firstSeenAt: '2026-11-18T09:00:00.000Z', lastSeenAt: '2026-11-19T15:00:00.000Z', source: 'page',
    reopenedCount: 0, events: [], ...over,
  });
  const view = (refresh = true) => dispatch({ type: 'ticket:facts', payload: { ticket: ticket('7'), refresh } }, {}) as Promise<FactsView>;
  const factsCalls = () => worker.calls.filter((c) => c.path === '/api/v1/tickets/facts');

  it('fetches them once a minute at most, and caches them per workspace and ticket', async () => {
    tagOn('7');
    worker.tickets.set(keyOf('7'), facts());
    expect(await view()).toEqual({ facts: facts(), fetchedAt: expect.any(String) });
    expect(await view()).toMatchObject({ facts: { status: 'Solved' } });
    expect(factsCalls()).toHaveLength(1);
    expect(Object.keys(await ticketFactsItem.getValue())).toEqual([`${CONN}|${keyOf('7')}`]);
  });

  it('answers null when the Worker knows nothing about the ticket yet', async () => {
    tagOn('7');
    expect(await view()).toEqual({ facts: null, fetchedAt: expect.any(String) });
  });

  it('shows what was last fetched when offline, saying so; and when the sign-in was refused, saying so', async () => {
    tagOn('7');
    worker.tickets.set(keyOf('7'), facts());
    await view();
    // A fetch an hour old.
    const cache = await ticketFactsItem.getValue();
    const slot = `${CONN}|${keyOf('7')}`;
    await ticketFactsItem.setValue({ [slot]: { ...cache[slot]!, fetchedAt: new Date(Date.now() - 3_600_000).toISOString() } });
    worker.mode = 'offline';
    expect(await view()).toMatchObject({ facts: { status: 'Solved' }, notice: { kind: 'offline', message: expect.stringMatching(/Offline/) } });
    worker.mode = 'revoked';
    expect(await view()).toMatchObject({ facts: { status: 'Solved' }, notice: { kind: 'revoked' } });
    expect((await connectionItem.getValue())?.revokedAt).toBeTruthy();
    expect(await view()).toMatchObject({ facts: { status: 'Solved' }, notice: { kind: 'revoked', message: expect.stringMatching(/Reconnect/) } });
  });

  it('fetches them again when an observation changed what the Worker knows, so an open panel shows it', async () => {
    tagOn('7');
    await refreshTicket(keyOf('7'));
    expect((await view()).facts).toBeNull();
    await seen(ticket('7', { status: 'Solved' }));
    await vi.waitFor(async () => expect(Object.values(await ticketFactsItem.getValue())[0]?.value).toMatchObject({ status: 'Solved', category: 'resolved' }));
  });

  it('forgets them for a workspace signed out of', async () => {
    tagOn('7');
    worker.tickets.set(keyOf('7'), facts());
    await view();
    await dispatch({ type: 'connection:disconnect', payload: {} }, {});
    expect(await ticketFactsItem.getValue()).toEqual({});
  });
});
