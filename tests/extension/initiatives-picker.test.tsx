// "Add to initiative…" on a tag card and the side panel's "Part of:" line, through the real path:
// the panel → typed message → background → typed client → (a stand-in for) the Worker.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch } from '../../extension/core/background/handlers';
import { connectionItem, tabTicketsItem } from '../../extension/core/contract/storage';
import { SidePanel } from '../../extension/ui/SidePanel';
import type { Annotation, Initiative, Member, TicketRef } from '../../shared/schemas';
import { fakeAnnotations, type FakeAnnotations } from './support/fake-annotations';

const ticket: TicketRef = {
  tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42', title: 'Printer jams',
  observedAt: '2026-11-20T10:00:00.000Z',
};
const KEY = 'rt:rt.example.com:42';
const sam: Member = { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null };

let worker: FakeAnnotations;
let root: HTMLElement;

async function connectAs(member: Member) {
  await connectionItem.setValue({
    workerUrl: 'https://steward.example.com', token: 'stw_x', member,
    workspace: { id: 'w1', name: 'Acme Dental', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
  });
}

/** A tag on the ticket the Worker already has, by `author`. */
async function tagged(overrides: Partial<Annotation> = {}, author = sam): Promise<Annotation> {
  const id = crypto.randomUUID();
  const at = '2026-11-20T09:00:00.000Z';
  const a: Annotation = {
    id, workspaceId: 'w1', ticketKey: KEY, ticketRef: ticket, pageUrl: null, horizon: 'now', lineOfBusiness: 'front', stakeholders: ['dana'],
    impact: 'cust', priority: 'high', kpis: ['wait'], summary: 'Front desk cannot print patient forms', detail: null, eventDate: null, state: 'open',
    visibility: 'provider', providerStatus: null, author: { id: author.id, name: author.name }, createdAt: at, updatedAt: at, version: 1, deletedAt: null,
    jargon: [], labels: { lineOfBusiness: 'Front office', stakeholders: ['Dana Ortiz'], impact: 'Customers', kpis: ['Check-in wait'] },
    ...overrides,
  };
  worker.stored.set(id, a);
  return a;
}

beforeEach(async () => {
  fakeBrowser.reset();
  worker = fakeAnnotations({ id: sam.id, name: sam.name });
  vi.stubGlobal('fetch', worker.fetch);
  // Pages talk to the real background handlers, as in the browser.
  fakeBrowser.runtime.onMessage.addListener(((message: unknown, sender: { tab?: { id?: number } }, sendResponse: (r: unknown) => void) => {
    void dispatch(message, sender).then(sendResponse);
    return true;
  }) as never);
  await connectAs(sam);
  const win = await fakeBrowser.windows.create({ focused: true });
  const tab = await fakeBrowser.tabs.create({ url: ticket.url, active: true, windowId: win!.id });
  await tabTicketsItem.setValue({ [String(tab.id)]: ticket });
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function openPanel() {
  await act(async () => {
    render(<SidePanel />, root);
  });
  await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toContain('#42'));
}

const card = (summary: string | RegExp = /./) => {
  const found = [...root.querySelectorAll<HTMLElement>('.annotation')].find((li) => {
    const text = li.querySelector('.summary')?.textContent ?? li.querySelector('textarea')?.value ?? '';
    return typeof summary === 'string' ? text === summary : summary.test(text);
  });
  if (!found) throw new Error(`No card for ${summary}`);
  return found;
};
const buttonIn = (el: Element, name: string | RegExp) => {
  const found = [...el.querySelectorAll('button')].find((b) => (typeof name === 'string' ? b.textContent === name : name.test(b.textContent ?? '')));
  if (!found) throw new Error(`No button ${name} in ${el.textContent}`);
  return found;
};
const click = (el: HTMLElement) => act(async () => el.click());
const key = (el: Element, k: string, ctrl = false) =>
  act(async () => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, ctrlKey: ctrl, bubbles: true }));
  });
function type(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

const propose = async (title: string): Promise<Initiative> =>
  (await worker.fetch('https://steward.example.com/api/v1/initiatives', { method: 'POST', body: JSON.stringify({ title, gap: `${title} is missing.` }) })).json();
const combobox = () => root.querySelector<HTMLInputElement>('[role="combobox"]')!;
const options = () => [...root.querySelectorAll('[role="option"]')].map((o) => o.textContent);

describe('add to initiative', () => {
  it('creates an initiative from the tag with the keyboard alone, and the panel says the ticket is part of it', async () => {
    const a = await tagged();
    await openPanel();
    await click(buttonIn(card(a.summary), 'Add to initiative…'));
    expect(document.activeElement).toBe(combobox());
    await vi.waitFor(() => expect(root.textContent).toContain('No initiative yet: type a title to create one.'));
    await act(async () => type(combobox(), 'Online check-in'));
    expect(options()).toEqual(['Create “Online check-in”']);
    await key(combobox(), 'Enter');
    await vi.waitFor(() => expect(root.querySelector('.initiative-picker [role="status"]')?.textContent).toBe('Added to “Online check-in”: its first tag.'));
    const created = worker.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/initiatives')!;
    // The tag's summary is the gap to start from; the options page fills in the rest.
    expect(created.body).toEqual({ title: 'Online check-in', gap: a.summary, annotationIds: [a.id] });
    // The opener has the focus back.
    expect(document.activeElement?.textContent).toBe('Add to initiative…');

    await act(async () => render(null, root));
    await openPanel();
    await vi.waitFor(() => expect(root.querySelector('.ticket-initiatives')?.textContent).toBe('Part of: Online check-in (proposed)'));
  });

  it('picks an existing initiative with the arrow keys; Esc closes without linking', async () => {
    const a = await tagged();
    await propose('New phones');
    const phones2 = await propose('Phone headsets');
    await propose('Kiosks');
    await openPanel();
    await click(buttonIn(card(a.summary), 'Add to initiative…'));
    await vi.waitFor(() => expect(options()).toHaveLength(3));
    await act(async () => type(combobox(), 'phone'));
    expect(options()).toEqual(['Phone headsets (Proposed)', 'New phones (Proposed)', 'Create “phone”']);
    await key(combobox(), 'Escape');
    expect(root.querySelector('[role="combobox"]')).toBeNull();
    expect(worker.calls.some((c) => c.path.endsWith('/evidence'))).toBe(false);

    await click(buttonIn(card(a.summary), 'Add to initiative…'));
    await vi.waitFor(() => expect(options()).toHaveLength(3));
    await act(async () => type(combobox(), 'phone'));
    await key(combobox(), 'ArrowDown');
    await key(combobox(), 'ArrowUp');
    expect(combobox().getAttribute('aria-activedescendant')).toBe(`pick-${a.id}-${phones2.id}`);
    await key(combobox(), 'Enter');
    await vi.waitFor(() => expect(root.querySelector('.initiative-picker')?.textContent).toContain('Added to “Phone headsets”: its first tag.'));
    expect(worker.calls.filter((c) => c.path.endsWith('/evidence')).map((c) => [c.path, c.body])).toEqual([[`/api/v1/initiatives/${phones2.id}/evidence`, { link: [a.id] }]]);
  });

  it('offers nothing for a private draft: private tags never leave their author', async () => {
    const a = await tagged({ visibility: 'private' });
    await openPanel();
    expect(() => buttonIn(card(a.summary), 'Add to initiative…')).toThrow();
  });
});
