// The provider's side panel, through the real path (panel → typed message → background →
// outbox in storage → typed client → stand-in Workers): it opens on the inbox of what the
// client shared with the provider's company, read-only, with an answer form whose answers go
// through the outbox; and one provider person signed in to two clients sees both, each
// answer going to its own client's Steward.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { flushOutbox } from '../../extension/core/background/outbox-flush';
import { connectionIdOf, connectionItem, otherConnectionsItem, outboxItem, tabTicketsItem, type Connection } from '../../extension/core/contract/storage';
import { SidePanel } from '../../extension/ui/SidePanel';
import type { Annotation, Member, TicketRef, Workspace } from '../../shared/schemas';
import { buttonIn, click, facts, hasButton, key, labelled, text, type } from './support/dom';
import { fakeAnnotations, type FakeAnnotations } from './support/fake-annotations';
import { wireBackground } from './support/background';

const ACME_URL = 'https://steward.acme.example';
const GLOBEX_URL = 'https://steward.globex.example';
const workspace = (id: string, name: string): Workspace => ({
  id, name, timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z',
});
const ACME = workspace('w-acme', 'Acme Dental');
const GLOBEX = workspace('w-globex', 'Globex Clinics');
const pat = (id: string, workspaceId: string): Member => ({
  id, workspaceId, name: 'Pat Kim', email: null, role: 'provider', providerCompany: 'BrightIT', createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null,
});
const acmeConn: Connection = { workerUrl: ACME_URL, token: 'stw_acme', member: pat('m-pat-acme', ACME.id), workspace: ACME };
const globexConn: Connection = { workerUrl: GLOBEX_URL, token: 'stw_globex', member: pat('m-pat-globex', GLOBEX.id), workspace: GLOBEX };

const rtTicket = (id: string): TicketRef => ({
  tool: 'rt', tenant: 'rt.acme.example', ticketId: id, url: `https://rt.acme.example/Ticket/Display.html?id=${id}`, title: `Ticket ${id}`,
  observedAt: '2026-11-20T10:00:00.000Z',
});

let acme: FakeAnnotations;
let globex: FakeAnnotations;
let root: HTMLElement;
let tabId: number;

/** An item the client already shared (or not) with a provider company. */
function shared(worker: FakeAnnotations, summary: string, over: Partial<Annotation> = {}): Annotation {
  const id = crypto.randomUUID();
  const at = over.createdAt ?? '2026-11-18T09:00:00.000Z';
  const ref = rtTicket(String(worker.stored.size + 40));
  const a: Annotation = {
    id, workspaceId: 'w', ticketKey: `rt:rt.acme.example:${ref.ticketId}`, ticketRef: ref, pageUrl: null, horizon: 'now', lineOfBusiness: 'front',
    stakeholders: ['dana'], impact: 'cust', priority: 'high', kpis: [], summary, detail: null, eventDate: null, state: 'open',
    visibility: 'provider', sharedWith: 'BrightIT', providerStatus: null, author: { id: 'm-sam', name: 'Sam Lee' }, createdAt: at, updatedAt: at,
    version: 1, deletedAt: null, jargon: [], labels: { lineOfBusiness: 'Front office', stakeholders: ['Dana Ortiz'], impact: 'Customers', kpis: [] },
    ...over,
  };
  worker.stored.set(id, a);
  return a;
}

beforeEach(async () => {
  fakeBrowser.reset();
  acme = fakeAnnotations({ id: acmeConn.member.id, name: 'Pat Kim', role: 'provider', providerCompany: 'BrightIT' });
  globex = fakeAnnotations({ id: globexConn.member.id, name: 'Pat Kim', role: 'provider', providerCompany: 'BrightIT' });
  // Each client runs its own Steward: requests go to the one their address names.
  vi.stubGlobal('fetch', ((input: RequestInfo | URL, init?: RequestInit) =>
    (String(input).startsWith(GLOBEX_URL) ? globex : acme).fetch(input, init)) as typeof fetch);
  wireBackground();
  await connectionItem.setValue(acmeConn);
  // The provider works in its own PSA: Steward sees no ticket of the client's there.
  const win = await fakeBrowser.windows.create({ focused: true });
  tabId = (await fakeBrowser.tabs.create({ url: 'https://brightit.halopsa.com/tickets?id=0091', active: true, windowId: win!.id })).id!;
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

async function openPanel() {
  await act(async () => {
    render(<SidePanel />, root);
  });
  await vi.waitFor(() => expect(root.querySelector('[data-testid="inbox-counts"]')).not.toBeNull());
}
const cards = () => [...root.querySelectorAll<HTMLElement>('.inbox-group .inbox-item')];
const card = (summary: string) => {
  const found = cards().find((li) => li.querySelector('.summary')?.textContent === summary);
  if (!found) throw new Error(`No item "${summary}" in: ${cards().map((c) => c.querySelector('.summary')?.textContent).join(' | ')}`);
  return found;
};
const counts = () => text(root.querySelector('[data-testid="inbox-counts"]'));

describe('provider side panel: the inbox', () => {
  it('opens on what the client shared with the company, waiting items first, read-only, with no tag form', async () => {
    shared(acme, 'Printers jam at the front desk', { createdAt: '2026-11-19T09:00:00.000Z' });
    shared(acme, 'Backups fail every Sunday', { createdAt: '2026-11-17T09:00:00.000Z' });
    shared(acme, 'New laptops for billing', {
      createdAt: '2026-11-10T09:00:00.000Z', updatedAt: '2026-11-19T12:00:00.000Z',
      providerStatus: { status: 'in_progress', eta: '2026-12-04', at: '2026-11-19T12:00:00.000Z' },
    });
    shared(acme, 'Shared with another provider', { sharedWith: 'Northwind IT' });
    shared(acme, 'Kept in the team', { visibility: 'team', sharedWith: null });
    await openPanel();

    expect(text(root.querySelector('h1'))).toBe('Shared with BrightIT by Acme Dental');
    await vi.waitFor(() => expect(cards()).toHaveLength(3));
    expect(cards().map((c) => c.querySelector('.summary')?.textContent)).toEqual([
      'Backups fail every Sunday', 'Printers jam at the front desk', 'New laptops for billing',
    ]);
    expect(counts()).toBe('2 waiting for your answer · 0 past the date you gave · 3 shared in all');
    expect(root.querySelector('form[aria-label="Tag this ticket"]')).toBeNull();

    const answered = card('New laptops for billing');
    expect(text(answered.querySelector('[data-testid="answer-state"]'))).toBe('Your answer: In progress, expected 4 Dec');
    expect(text(card('Backups fail every Sunday').querySelector('[data-testid="answer-state"]'))).toBe('Waiting for your answer');
    const f = facts(card('Backups fail every Sunday'));
    expect(f).toMatchObject({ 'Line of business': 'Front office', For: 'Dana Ortiz', Impact: 'Customers', Ticket: 'Acme Dental’s Request Tracker #41 · Ticket 41' });
    expect(f.Shared).toMatch(/ by Sam Lee$/);
    expect(card('Backups fail every Sunday').querySelector('a')?.getAttribute('href')).toBe('https://rt.acme.example/Ticket/Display.html?id=41');
    // Read-only: the client's tag is not the provider's to change.
    for (const c of cards()) for (const word of ['Edit', 'Resolve', 'Drop', 'Delete']) expect(hasButton(c, word)).toBe(false);
    expect(hasButton(answered, 'Update your answer')).toBe(true);
  });

  it('answers through the outbox with a client-made id: status, ETA and note reach the Worker once', async () => {
    const item = shared(acme, 'Backups fail every Sunday');
    shared(acme, 'Printers jam at the front desk', { createdAt: '2026-11-19T09:00:00.000Z' });
    await openPanel();
    await vi.waitFor(() => expect(cards()).toHaveLength(2));
    const c = card('Backups fail every Sunday');
    await click(buttonIn(c, 'Answer'));
    const form = c.querySelector<HTMLFormElement>('form[aria-label="Answer"]')!;
    // Focus starts on the choice of where it stands.
    expect(document.activeElement).toBe(form.querySelector('input[type="radio"]'));
    expect([...form.querySelectorAll('.choices label')].map((l) => text(l))).toEqual([
      'Acknowledged', 'In progress', 'Waiting on the client (Acme Dental)', 'Done',
    ]);
    await key(form, 'Enter', true);
    expect(text(form.querySelector('[role="alert"]'))).toBe('Choose where the item stands.');

    await click(labelled(form, 'In progress'));
    await type(labelled(form, /^Expected by/), '2026-12-04');
    await type(labelled<HTMLTextAreaElement>(form, /^Note for Acme Dental/), 'Replacement disk ordered.');
    acme.mode = 'offline'; // it is kept while Steward cannot be reached
    await click(buttonIn(form, 'Send answer'));

    await vi.waitFor(async () => expect((await outboxItem.getValue())[0]).toMatchObject({
      kind: 'answer', annotationId: item.id, connectionId: connectionIdOf(acmeConn), offline: true,
      answer: { status: 'in_progress', eta: '2026-12-04', note: 'Replacement disk ordered.' },
    }));
    await vi.waitFor(() => expect(text(card('Backups fail every Sunday').querySelector('[data-testid="answer-state"]')))
      .toBe('Your answer (sending): In progress, expected 4 Dec: Replacement disk ordered.'));
    expect(counts()).toBe('1 waiting for your answer · 0 past the date you gave · 2 shared in all');
    expect(document.activeElement?.textContent).toBe('Update your answer'); // back where the person was

    acme.mode = 'up';
    acme.loseNextAnswer(); // it lands, but the reply is lost: sent again with the same id
    await flushOutbox(undefined, () => Date.now() + 3_600_000);
    await flushOutbox(undefined, () => Date.now() + 7_200_000);
    await vi.waitFor(async () => expect(await outboxItem.getValue()).toEqual([]));
    const posts = acme.calls.filter((x) => x.method === 'POST' && x.path.endsWith('/updates'));
    expect(posts.length).toBe(2);
    expect(new Set(posts.map((p) => p.body.id)).size).toBe(1);
    expect(posts[0]!.body).toEqual({ id: expect.any(String), providerStatus: 'in_progress', eta: '2026-12-04', note: 'Replacement disk ordered.' });
    expect(acme.updates.filter((u) => u.annotationId === item.id)).toHaveLength(1);
    // The inbox is fetched again and shows the answer as Steward has it.
    await vi.waitFor(() => expect(text(card('Backups fail every Sunday').querySelector('[data-testid="answer-state"]')))
      .toBe('Your answer: In progress, expected 4 Dec'));
    expect(counts()).toBe('1 waiting for your answer · 0 past the date you gave · 2 shared in all');
    expect(globex.calls).toEqual([]);
  });

  it('says when an answer could not be recorded (the item is no longer shared), and lets it go', async () => {
    const item = shared(acme, 'Backups fail every Sunday');
    await openPanel();
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    acme.stored.set(item.id, { ...item, visibility: 'team', sharedWith: null }); // the client un-shared it meanwhile
    const c = card('Backups fail every Sunday');
    await click(buttonIn(c, 'Answer'));
    await click(labelled(c, 'Done'));
    await click(buttonIn(c, 'Send answer'));
    await vi.waitFor(() => expect(text(root.querySelector('.inbox-item .attention'))).toMatch(/^Your answer “Done” was not recorded: This item is no longer shared with you/));
    await click(buttonIn(root.querySelector('.inbox-item .attention')!, 'Discard the answer'));
    await vi.waitFor(async () => expect(await outboxItem.getValue()).toEqual([]));
  });

  it('links only to web addresses, whatever an older Steward stored', async () => {
    shared(acme, 'Ticket with a script address', { ticketRef: { ...rtTicket('77'), url: ' JaVaScRiPt:alert(1)' } });
    shared(acme, 'Page with a data address', { ticketRef: null, ticketKey: null, pageUrl: 'data:text/html,<script>alert(1)</script>' });
    shared(acme, 'Plain ticket');
    await openPanel();
    await vi.waitFor(() => expect(cards()).toHaveLength(3));
    const hrefs = [...root.querySelectorAll<HTMLAnchorElement>('.inbox-item a[href]')].map((a) => a.getAttribute('href'));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\//);
    expect(card('Ticket with a script address').querySelector('a[href]')).toBeNull();
    expect(card('Page with a data address').querySelector('a[href]')).toBeNull();
  });

  it('shows the items of the ticket on the tab first, when its key matches one of the client\'s', async () => {
    const item = shared(acme, 'Backups fail every Sunday');
    shared(acme, 'Printers jam at the front desk');
    await tabTicketsItem.setValue({ [String(tabId)]: item.ticketRef! });
    await openPanel();
    await vi.waitFor(() => expect(root.querySelectorAll('[aria-labelledby="here-heading"] .inbox-item')).toHaveLength(1));
    expect(text(root.querySelector('#here-heading'))).toBe('On this ticket');
    expect(text(root.querySelector('[aria-labelledby="here-heading"] .summary'))).toBe('Backups fail every Sunday');
  });
});

describe('one provider person, several clients', () => {
  beforeEach(async () => {
    await otherConnectionsItem.setValue([globexConn]);
    shared(acme, 'Acme: backups fail every Sunday');
    shared(globex, 'Globex: the lab printer is offline');
  });

  it('shows all clients grouped by client, and each answer goes to its own client\'s Steward', async () => {
    await openPanel();
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    expect(cards().map((c) => text(c.querySelector('.summary')))).toEqual(['Acme: backups fail every Sunday']);
    const switcher = labelled<HTMLSelectElement>(root, 'Workspace');
    expect([...switcher.options].map((o) => o.text)).toEqual(['Acme Dental (BrightIT)', 'Globex Clinics (BrightIT)']);

    await click(labelled(root, 'All clients'));
    await vi.waitFor(() => expect(cards()).toHaveLength(2));
    expect([...root.querySelectorAll('.inbox-group h2')].map((h) => text(h))).toEqual(['Acme Dental', 'Globex Clinics']);
    expect(text(root.querySelector('h1'))).toBe('Shared with you by your clients');
    expect(counts()).toBe('2 waiting for your answer · 0 past the date you gave · 2 shared in all');

    const other = card('Globex: the lab printer is offline');
    await click(buttonIn(other, 'Answer'));
    await click(labelled(other, 'Acknowledged'));
    await click(buttonIn(other, 'Send answer'));
    await vi.waitFor(() => expect(globex.updates.map((u) => u.providerStatus)).toEqual(['acknowledged']));
    expect(acme.calls.filter((x) => x.method === 'POST')).toEqual([]);
    expect((await outboxItem.getValue())).toEqual([]);
    // Its timeline is read from its own client's Steward too.
    await click(buttonIn(card('Globex: the lab printer is offline'), 'Show timeline'));
    await vi.waitFor(() => expect(text(card('Globex: the lab printer is offline').querySelector('.timeline'))).toContain('Pat Kim (BrightIT) — Acknowledged.'));
    expect(globex.calls.some((x) => x.method === 'GET' && x.path.startsWith('/api/v1/annotations/'))).toBe(true);
  });

  it('switches the workspace it works in from the panel header', async () => {
    await openPanel();
    await type(labelled<HTMLSelectElement>(root, 'Workspace'), connectionIdOf(globexConn));
    await vi.waitFor(() => expect(text(root.querySelector('h1'))).toBe('Shared with BrightIT by Globex Clinics'));
    await vi.waitFor(() => expect(cards().map((c) => text(c.querySelector('.summary')))).toEqual(['Globex: the lab printer is offline']));
    expect((await connectionItem.getValue())?.workspace.id).toBe(GLOBEX.id);
    expect((await otherConnectionsItem.getValue()).map((c) => c.workspace.id)).toEqual([ACME.id]);
  });
});
