// The side panel's ticket facts, through the real path: panel → `ticket:facts` → background →
// facts cache → typed client → (a stand-in for) the Worker; and the one-click resolve through
// the outbox. What the tool says shows under the ticket's title; where tool and tags disagree,
// the panel says so, from the page's own reading before the Worker answers.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connectionItem, tabTicketsItem, ticketFactsItem } from '../../extension/core/contract/storage';
import { day } from '../../extension/ui/annotation-words';
import { SidePanel } from '../../extension/ui/SidePanel';
import { currentStatus, eventText, recordText, reopenedText, resolveQuestion } from '../../extension/ui/ticket-facts-words';
import type { Annotation, Member, TicketEvent, TicketFacts, TicketRef } from '../../shared/schemas';
import { buttonIn, click, facts as dl, text } from './support/dom';
import { fakeAnnotations, type FakeAnnotations } from './support/fake-annotations';
import { wireBackground } from './support/background';

const KEY = 'rt:rt.example.com:42';
const sam: Member = { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null };
const DAY = 86_400_000;
/** A moment `days` ago (dates are shown as "4 Dec", with the year only when it is not this one). */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

const ticketWith = (status?: string): TicketRef => ({
  tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42', title: 'Printer jams',
  ...(status ? { status } : {}), observedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
});

const event = (kind: TicketEvent['kind'], from: string, to: string, at: string, seenBy: string | null = 'Sam Lee'): TicketEvent =>
  ({ kind, from, to, at, atKind: 'seen', source: 'page', seenBy });

function factsOf(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    key: KEY, tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42', title: 'Printer jams',
    status: 'open', category: 'open', statusSince: daysAgo(3), statusSinceKind: 'seen', createdAt: daysAgo(20), updatedAt: daysAgo(1),
    assignee: 'Ana Ruiz', priority: '50', firstSeenAt: daysAgo(10), lastSeenAt: new Date(Date.now() - 2 * 3600_000).toISOString(), source: 'page',
    reopenedCount: 0, events: [], ...over,
  };
}

let worker: FakeAnnotations;
let root: HTMLElement;
/** Holds the Worker's answers about ticket facts until released (a slow Worker). */
let factsGate: Promise<void> | null = null;
let releaseFacts = () => {};

function tagged(over: Partial<Annotation> = {}): Annotation {
  const at = daysAgo(5);
  const a: Annotation = {
    id: crypto.randomUUID(), workspaceId: 'w1', ticketKey: KEY, ticketRef: ticketWith('open'), pageUrl: null, horizon: 'now', lineOfBusiness: 'front',
    stakeholders: [], impact: 'cust', priority: 'high', kpis: [], summary: 'Front desk cannot print patient forms', detail: null, eventDate: null,
    state: 'open', visibility: 'team', sharedWith: null, providerStatus: null, author: { id: sam.id, name: sam.name }, createdAt: at, updatedAt: at,
    version: 1, deletedAt: null, jargon: [], labels: { lineOfBusiness: 'Front office', stakeholders: [], impact: 'Customers', kpis: [] },
    ...over,
  };
  worker.stored.set(a.id, a);
  return a;
}

async function showTicket(status?: string) {
  const [tab] = await fakeBrowser.tabs.query({ active: true, currentWindow: true });
  await tabTicketsItem.setValue({ [String(tab!.id)]: ticketWith(status) });
}

beforeEach(async () => {
  fakeBrowser.reset();
  factsGate = null;
  worker = fakeAnnotations({ id: sam.id, name: sam.name });
  vi.stubGlobal('fetch', (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (factsGate && String(input).includes('/tickets/facts')) await factsGate;
    return worker.fetch(input, init);
  }) as typeof fetch);
  wireBackground();
  await connectionItem.setValue({
    workerUrl: 'https://steward.example.com', token: 'stw_x', member: sam,
    workspace: { id: 'w1', name: 'Acme Dental', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
  });
  const win = await fakeBrowser.windows.create({ focused: true });
  await fakeBrowser.tabs.create({ url: ticketWith().url, active: true, windowId: win!.id });
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  // A held answer is let go: the background shares a fetch on its way with later askers.
  releaseFacts();
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

async function openPanel() {
  await act(async () => {
    render(<SidePanel />, root);
  });
  await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toContain('#42'));
}
const q = (testId: string) => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
const prompt = () => q('resolve-prompt');
/** The Worker answered about the ticket's facts (the panel says what it knows, or that it knows nothing). */
const factsShown = () => vi.waitFor(() => expect(q('fact-record') ?? q('facts-empty') ?? q('facts-notice')).not.toBeNull());

describe('the ticket\'s facts under its title', () => {
  it('shows the status as the tool shows it and since when, assignee, priority, dates, where it was seen and how fresh', async () => {
    tagged();
    worker.tickets.set(KEY, factsOf());
    await showTicket('open');
    await openPanel();
    await vi.waitFor(() => expect(text(q('ticket-status'))).toBe(`Status in Request Tracker: open · seen so since ${day(daysAgo(3))}`));
    expect(dl(root.querySelector('.fact-list')!)).toEqual({
      Assignee: 'Ana Ruiz', 'Priority in Request Tracker': '50', Opened: day(daysAgo(20)), 'Last updated': day(daysAgo(1)),
      Seen: 'by you on the page 3 min ago', 'Steward’s record': 'read on the ticket’s page, last 2 h ago',
    });
    // One status line in the header, as before (the browser tests read it there).
    expect(root.querySelectorAll('.ticket .hint')).toHaveLength(1);
  });

  it('lists the history newest first, compact, with who saw each change', async () => {
    tagged();
    worker.tickets.set(KEY, factsOf({
      events: [
        event('assignee_changed', 'Bo Chen', 'Ana Ruiz', daysAgo(9), 'Ana Ruiz'),
        event('status_changed', 'new', 'open', daysAgo(8)),
        event('status_changed', 'open', 'stalled', daysAgo(7)),
        event('status_changed', 'stalled', 'resolved', daysAgo(5)),
        event('status_changed', 'resolved', 'open', daysAgo(3)),
        event('reopened', 'resolved', 'open', daysAgo(3)),
      ],
    }));
    await showTicket('open');
    await openPanel();
    const history = await vi.waitFor(() => {
      const found = q('ticket-history');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(text(history.querySelector('summary'))).toBe('History in Request Tracker (6)');
    const lines = () => [...history.querySelectorAll('li')].map((li) => text(li));
    expect(lines()).toEqual([
      `Reopened (resolved → open)${day(daysAgo(3))} · seen by you on the page`,
      `Status resolved → open${day(daysAgo(3))} · seen by you on the page`,
      `Status stalled → resolved${day(daysAgo(5))} · seen by you on the page`,
      `Status open → stalled${day(daysAgo(7))} · seen by you on the page`,
    ]);
    await click(buttonIn(history, 'Show all 6'));
    expect(lines().at(-1)).toBe(`Assigned from Bo Chen to Ana Ruiz${day(daysAgo(9))} · seen by Ana Ruiz on the page`);
    expect(buttonIn(history, 'Show fewer').getAttribute('aria-expanded')).toBe('true');
  });

  it('says when Steward has no history yet, and what would start one', async () => {
    await showTicket('open');
    await openPanel();
    await factsShown();
    expect(text(q('facts-empty'))).toBe('Tag this ticket and Steward keeps a record of what Request Tracker says about it.');
    expect(text(q('ticket-status'))).toBe('Status in Request Tracker: open');
  });

  it('flags a record nobody has refreshed for 30 days, instead of showing it as current', async () => {
    tagged();
    worker.tickets.set(KEY, factsOf({ lastSeenAt: daysAgo(45) }));
    await showTicket();
    await openPanel();
    await vi.waitFor(() => expect(text(q('fact-record'))).toBe(`read on the ticket’s page, not seen since ${day(daysAgo(45))}`));
    expect(q('fact-record')!.classList.contains('stale')).toBe(true);
    // The page shows no status: the record's, said as such.
    expect(text(q('ticket-status'))).toBe(`Status in Request Tracker: open · seen so since ${day(daysAgo(3))} (as Steward last heard)`);
  });
});

describe('when the tool and the tags disagree', () => {
  it('asks to resolve an open tag once the page shows the ticket resolved, before the Worker answers, and resolves it in one click', async () => {
    const tag = tagged();
    factsGate = new Promise((r) => (releaseFacts = r));
    await showTicket('resolved');
    await openPanel();
    await vi.waitFor(() => expect(prompt()).not.toBeNull());
    expect(q('fact-record')).toBeNull(); // the Worker has not answered yet
    expect(text(prompt())).toMatch(/^Resolve the tag\? Request Tracker says this ticket is resolved, but its tag is still open\./);
    // The panel opened with the keyboard in the tag form (a person's click comes after that).
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('summary'));

    await click(buttonIn(prompt()!, 'Resolve the tag'));
    await vi.waitFor(() => expect(worker.stored.get(tag.id)).toMatchObject({ state: 'resolved', version: 2 }));
    expect(worker.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ version: 1, state: 'resolved' }]);
    await vi.waitFor(() => expect(prompt()).toBeNull());
    // The button is gone: the keyboard lands on what happened.
    await vi.waitFor(() => expect(document.activeElement?.textContent).toBe('The tag is resolved.'));
  });

  it('asks from Steward\'s record when the page shows no status, and resolves every open tag at once', async () => {
    const tags = [tagged(), tagged({ summary: 'Label printer offline' }), tagged({ summary: 'Old issue', state: 'dropped' })];
    worker.tickets.set(KEY, factsOf({ status: 'resolved', category: 'resolved', statusSince: daysAgo(2) }));
    await showTicket();
    await openPanel();
    await vi.waitFor(() => expect(text(prompt())).toMatch(
      new RegExp(`^Resolve the tags\\? Request Tracker says this ticket is resolved \\(seen so since ${day(daysAgo(2))}\\), but 2 of its tags are still open\\.`),
    ));
    await click(buttonIn(prompt()!, 'Resolve all 2 tags'));
    await vi.waitFor(() => expect(tags.map((t) => worker.stored.get(t.id)!.state)).toEqual(['resolved', 'resolved', 'dropped']));
    await vi.waitFor(() => expect(prompt()).toBeNull());
  });

  it('asks nothing while the ticket is open, and lets the person keep a tag open', async () => {
    tagged();
    await showTicket('open');
    await openPanel();
    await factsShown();
    expect(prompt()).toBeNull();

    await showTicket('resolved');
    await vi.waitFor(() => expect(prompt()).not.toBeNull());
    await click(buttonIn(prompt()!, 'Keep it open'));
    expect(prompt()).toBeNull();
    expect(worker.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('says when a resolved tag\'s ticket was reopened in the tool, and reopens the tag in one click', async () => {
    const tag = tagged({ state: 'resolved', updatedAt: daysAgo(4) });
    worker.tickets.set(KEY, factsOf({
      reopenedCount: 1,
      events: [event('status_changed', 'open', 'resolved', daysAgo(6)), event('status_changed', 'resolved', 'open', daysAgo(2)), event('reopened', 'resolved', 'open', daysAgo(2))],
    }));
    await showTicket('open');
    await openPanel();
    await vi.waitFor(() => expect(text(q('reopened-note')?.querySelector('p'))).toBe(`Reopened in Request Tracker on ${day(daysAgo(2))} — your tag is resolved.`));
    expect(prompt()).toBeNull();
    await click(buttonIn(q('reopened-note')!, 'Reopen the tag'));
    await vi.waitFor(() => expect(worker.stored.get(tag.id)).toMatchObject({ state: 'open' }));
  });

  it('says nothing of a reopening that came before the tag was resolved', async () => {
    tagged({ state: 'resolved', updatedAt: daysAgo(1) });
    worker.tickets.set(KEY, factsOf({ events: [event('reopened', 'resolved', 'open', daysAgo(2))] }));
    await showTicket('open');
    await openPanel();
    await factsShown();
    expect(q('reopened-note')).toBeNull();
  });

  it('sees a reopening on the page at once, before Steward\'s record has it', async () => {
    tagged({ state: 'resolved' });
    worker.tickets.set(KEY, factsOf({ status: 'resolved', category: 'resolved' }));
    await showTicket('open');
    await openPanel();
    await vi.waitFor(() => expect(text(q('reopened-note')?.querySelector('p'))).toBe('Reopened in Request Tracker: the page shows it open again — your tag is resolved.'));
  });
});

describe('when the facts cannot be had', () => {
  it('offline: shows what was last fetched and says so', async () => {
    tagged();
    worker.tickets.set(KEY, factsOf());
    const slot = `https://steward.example.com#w1|${KEY}`;
    await ticketFactsItem.setValue({ [slot]: { value: factsOf({ assignee: 'Bo Chen' }), fetchedAt: daysAgo(1), connectionId: 'https://steward.example.com#w1' } });
    worker.mode = 'offline';
    await showTicket('open');
    await openPanel();
    await vi.waitFor(() => expect(text(q('facts-notice'))).toBe('Offline: the ticket’s history is as Steward last heard it.'));
    expect(dl(root.querySelector('.fact-list')!).Assignee).toBe('Bo Chen');
  });

  it('a refused sign-in: the panel says to reconnect', async () => {
    tagged();
    await showTicket('resolved');
    worker.mode = 'revoked';
    await act(async () => {
      render(<SidePanel />, root);
    });
    await vi.waitFor(() => expect(text(root)).toMatch(/Your sign-in is no longer valid/));
  });

  it('a Steward server without ticket history: says so, and the page\'s own reading still counts', async () => {
    tagged();
    vi.stubGlobal('fetch', (async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).includes('/tickets/facts')
        ? new Response(JSON.stringify({ error: { code: 'not_found', message: 'There is no GET /api/v1/tickets/facts here.' } }), { status: 404 })
        : worker.fetch(input, init)) as typeof fetch);
    await showTicket('resolved');
    await openPanel();
    await vi.waitFor(() => expect(text(q('facts-notice'))).toMatch(/does not keep ticket history yet/));
    expect(prompt()).not.toBeNull();
  });
});

describe('the words, one by one', () => {
  const ref = ticketWith('Solved');
  it('lets the page\'s reading win over Steward\'s record, with the record\'s date only when they agree', () => {
    expect(currentStatus({ ...ref, tool: 'zendesk' }, factsOf({ status: 'open' }))).toMatchObject({ word: 'Solved', category: 'resolved', since: null, from: 'page' });
    expect(currentStatus({ ...ref, tool: 'zendesk' }, factsOf({ status: 'solved', statusSince: '2026-12-03T10:00:00Z', statusSinceKind: 'happened' })))
      .toMatchObject({ since: { at: '2026-12-03T10:00:00Z', kind: 'happened' } });
    expect(currentStatus(ticketWith(), null)).toBeNull();
  });

  it('asks nothing without an open tag or a finished ticket', () => {
    const open = [{ id: 'a' } as Annotation];
    expect(resolveQuestion({ word: 'open', category: 'open', since: null, from: 'page' }, open, 'rt')).toBeNull();
    expect(resolveQuestion({ word: 'closed', category: 'closed', since: null, from: 'page' }, [], 'rt')).toBeNull();
    expect(resolveQuestion({ word: 'closed', category: 'closed', since: null, from: 'page' }, open, 'zendesk')?.detail).toBe('Zendesk says this ticket is closed, but its tag is still open.');
  });

  it('says whose tag is resolved', () => {
    const theirs = { author: { id: 'm9', name: 'Ana' }, updatedAt: daysAgo(5) } as Annotation;
    const f = factsOf({ events: [event('reopened', 'Solved', 'Open', daysAgo(1))] });
    const open = { word: 'Open', category: 'open' as const, since: null, from: 'page' as const };
    expect(reopenedText(open, f, [theirs], sam, 'zendesk')).toBe(`Reopened in Zendesk on ${day(daysAgo(1))} — its tag is resolved.`);
    expect(reopenedText(open, f, [theirs, theirs], sam, 'zendesk')).toMatch(/its 2 tags are resolved\.$/);
  });

  it('words each kind of change, and where a record came from', () => {
    expect(eventText(event('title_changed', 'Printer', 'Printer jams daily', daysAgo(1)))).toBe('Title changed to “Printer jams daily”');
    expect(eventText({ ...event('assignee_changed', '', 'Ana Ruiz', daysAgo(1)), from: null })).toBe('Assigned to Ana Ruiz');
    expect(recordText(factsOf({ source: 'api', tool: 'zendesk', lastSeenAt: new Date().toISOString() })).text).toBe('from Zendesk’s API, last just now');
  });
});
