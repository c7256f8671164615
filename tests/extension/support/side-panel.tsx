// The side panel on an RT ticket, wired as in the browser: the panel → typed message → the real
// background handlers → typed client → a stand-in for the Worker (fake-annotations.ts). Shared by
// the side-panel tests that drive tag cards.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connectionItem, tabTicketsItem } from '../../../extension/core/contract/storage';
import { SidePanel } from '../../../extension/ui/SidePanel';
import type { Annotation, Member, TicketRef } from '../../../shared/schemas';
import { fakeAnnotations, type FakeAnnotations } from './fake-annotations';
import { wireBackground } from './background';

export const ticket: TicketRef = {
  tool: 'rt', tenant: 'rt.example.com', ticketId: '42', url: 'https://rt.example.com/Ticket/Display.html?id=42', title: 'Printer jams',
  observedAt: '2026-11-20T10:00:00.000Z',
};
const KEY = 'rt:rt.example.com:42';
export const sam: Member = { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z', lastActiveAt: null };

/** The stand-in Worker and the panel's root element of the running test (live bindings). */
export let worker: FakeAnnotations;
export let root: HTMLElement;

export async function connectAs(member: Member) {
  await connectionItem.setValue({
    workerUrl: 'https://steward.example.com', token: 'stw_x', member,
    workspace: { id: 'w1', name: 'Acme Dental', timeZone: 'UTC', schedule: { cadence: 'weekly', weekday: 1, monthDay: null, hour: 8 }, jargonWords: [], createdAt: '2026-11-01T00:00:00.000Z' },
  });
}

/** A tag on the ticket the Worker already has, by `author`. */
export async function tagged(overrides: Partial<Annotation> = {}, author = sam): Promise<Annotation> {
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

/** Registers the set-up and clean-up of every test in the calling file. */
export function setUpSidePanel(): void {
  beforeEach(async () => {
    fakeBrowser.reset();
    worker = fakeAnnotations({ id: sam.id, name: sam.name });
    vi.stubGlobal('fetch', worker.fetch);
    wireBackground();
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
}

export async function openPanel() {
  await act(async () => {
    render(<SidePanel />, root);
  });
  await vi.waitFor(() => expect(root.querySelector('h1')?.textContent).toContain('#42'));
}

export const card = (summary: string | RegExp = /./) => {
  const found = [...root.querySelectorAll<HTMLElement>('.annotation')].find((li) => {
    const text = li.querySelector('.summary')?.textContent ?? li.querySelector('textarea')?.value ?? '';
    return typeof summary === 'string' ? text === summary : summary.test(text);
  });
  if (!found) throw new Error(`No card for ${summary}`);
  return found;
};
export const buttonIn = (el: Element, name: string | RegExp) => {
  const found = [...el.querySelectorAll('button')].find((b) => (typeof name === 'string' ? b.textContent === name : name.test(b.textContent ?? '')));
  if (!found) throw new Error(`No button ${name} in ${el.textContent}`);
  return found;
};
export const click = (el: HTMLElement) => act(async () => el.click());
export const key = (el: Element, k: string, ctrl = false) =>
  act(async () => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, ctrlKey: ctrl, bubbles: true }));
  });
export function type(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}
