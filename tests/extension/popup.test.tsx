import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch } from '../../extension/core/background/handlers';
import type { OutboxEntry } from '../../extension/core/contract/outbox-entry';
import { connectionItem, enabledSitesItem, outboxItem, tabTicketsItem, ticketCacheItem } from '../../extension/core/contract/storage';
import { Popup } from '../../extension/ui/Popup';
import type { Annotation, AnnotationCreate, TicketRef } from '../../shared/schemas';
import { fakeSiteApis } from './support/site-apis';
import { wireBackground } from './support/background';

const RT_TICKET = 'https://rt.example.com/Ticket/Display.html?id=7';
const member = { id: 'm1', workspaceId: 'w1', name: 'Sam Lee', email: null, role: 'staff', providerCompany: null, createdAt: '2026-11-01T00:00:00.000Z' };
const workspace = { id: 'w1', name: 'Acme Dental', timeZone: 'UTC', createdAt: '2026-11-01T00:00:00.000Z' };
// The Worker is never reached in these tests: entries below are not due, and nothing else fetches.
const connection = { workerUrl: 'https://steward.example.com', token: 'stw_x', member, workspace } as unknown as NonNullable<Awaited<ReturnType<typeof connectionItem.getValue>>>;

const ref = (id: string, title?: string): TicketRef => ({
  tool: 'rt', tenant: 'rt.example.com', ticketId: id, url: `https://rt.example.com/Ticket/Display.html?id=${id}`, observedAt: '2026-11-20T10:00:00.000Z', ...(title ? { title } : {}),
});
const tag = (id: string, createdAt: string, ticket: TicketRef, summary = `Tag ${id}`) =>
  ({ id, summary, priority: 'high', createdAt, updatedAt: createdAt, ticketRef: ticket, ticketKey: `rt:rt.example.com:${ticket.ticketId}`, pageUrl: null, deletedAt: null }) as unknown as Annotation;
const queued = (id: string, summary: string, extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id, kind: 'create', connectionId: 'https://steward.example.com#w1', body: { summary, ticketRef: ref('7', 'Printer jams') } as AnnotationCreate, ticketKey: 'rt:rt.example.com:7',
  queuedAt: '2026-11-20T10:00:00.000Z', attempts: 1, nextAttemptAt: '2999-01-01T00:00:00.000Z', ...extra,
});

let root: HTMLElement;
let apis: ReturnType<typeof fakeSiteApis>;

beforeEach(async () => {
  fakeBrowser.reset();
  apis = fakeSiteApis();
  wireBackground();
  vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
  vi.spyOn(window, 'close').mockImplementation(() => {});
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
  delete (globalThis as { chrome?: unknown }).chrome;
});

/** The popup opens over the active tab of the focused window. */
async function onTab(url: string) {
  const win = await fakeBrowser.windows.create({ focused: true });
  const tab = await fakeBrowser.tabs.create({ url, active: true, windowId: win!.id });
  return tab.id!;
}

const text = () => root.textContent ?? '';
const button = (name: string | RegExp) =>
  [...root.querySelectorAll('button')].find((b) => (typeof name === 'string' ? b.textContent === name : name.test(b.textContent ?? '')));

async function mount() {
  await act(async () => {
    render(<Popup />, root);
  });
  await vi.waitFor(() => expect(root.querySelector('[aria-busy]')).toBeNull());
}

describe('popup', () => {
  it('offers to connect, and on an unknown self-hosted site says so and offers to enable Steward there', async () => {
    await onTab('https://helpdesk.example.com/view/17');
    await mount();
    expect(text()).toContain('Not connected.');
    expect(button('Connect')).toBeDefined();
    expect(text()).toContain(
      "Steward doesn't recognise a ticket on this page. If this is your ticketing tool, enable Steward on this site or add a URL pattern in Settings.",
    );
    expect(button('Enable Steward on this site')).toBeDefined();
    expect(text()).toContain('No tags yet.');

    await act(async () => button('Connect')!.click());
    expect(fakeBrowser.runtime.openOptionsPage).toHaveBeenCalled();
  });

  it('enables the site from the click: asks for access inside the gesture, then registers the ticket script', async () => {
    const tabId = await onTab(RT_TICKET);
    await mount();
    expect(text()).toContain('This looks like a Request Tracker ticket. Enable Steward on this site to tag it.');

    // No await before the browser's prompt: it must be asked inside the click.
    button('Enable Steward on this site')!.click();
    expect(apis.request).toHaveBeenCalledWith({ origins: ['https://rt.example.com/*'] });

    await vi.waitFor(() => expect(text()).toContain('Steward is on for rt.example.com.'));
    expect([...apis.registered.keys()]).toEqual(['steward-site:https://rt.example.com']);
    expect(apis.injected).toEqual([{ tabId, files: ['/ticket.js'] }]);
    await vi.waitFor(() => expect(button('Disable Steward on this site')).toBeDefined());
  });

  it('says what to do when the user refuses access, and enables nothing', async () => {
    await onTab(RT_TICKET);
    apis.answer(false);
    await mount();
    button('Enable Steward on this site')!.click();
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'Steward was not allowed on rt.example.com. To use it there, choose Enable again and click Allow when your browser asks.',
    ));
    expect(apis.registered.size).toBe(0);
    expect(await enabledSitesItem.getValue()).toEqual([]);
  });

  it('on an enabled site without a recognised ticket points to URL patterns, and disables the site', async () => {
    const tabId = await onTab('https://rt.example.com/Search/Results.html');
    apis.granted.add('https://rt.example.com/*');
    await dispatch({ type: 'site:enable', payload: { origin: 'https://rt.example.com' } }, {});
    await mount();
    expect(text()).toContain("Steward is on for rt.example.com. It doesn't recognise a ticket on this page. If this is a ticket, add a URL pattern for it in Settings.");

    await act(async () => button('Disable Steward on this site')!.click());
    await vi.waitFor(() => expect(text()).toContain('Steward is off for rt.example.com.'));
    expect(apis.registered.size).toBe(0);
    expect(apis.tabMessages).toEqual([{ tabId, message: { type: 'site:disabled' } }]);
    expect(button('Enable Steward on this site')).toBeDefined();
  });

  it('shows who is connected, the ticket on this page, what waits to be sent and what needs attention, and the five newest tags', async () => {
    const tabId = await onTab(RT_TICKET);
    await connectionItem.setValue(connection);
    await tabTicketsItem.setValue({ [String(tabId)]: ref('7', 'Printer jams') });
    await ticketCacheItem.setValue({
      'rt:rt.example.com:7': { fetchedAt: '2026-11-20T10:00:00.000Z', items: [1, 2, 3].map((n) => tag(`a${n}`, `2026-11-0${n}T10:00:00.000Z`, ref('7', 'Printer jams'))) },
      'rt:rt.example.com:8': { fetchedAt: '2026-11-20T10:00:00.000Z', items: [4, 5, 6].map((n) => tag(`b${n}`, `2026-11-0${n}T10:00:00.000Z`, ref('8'))) },
    });
    await outboxItem.setValue([
      queued('q1', 'Check-in is slow', { lastError: 'Offline: will send when Steward is reachable again.' }),
      queued('q2', 'Quotes are late', { stuck: { code: 'conflict', message: 'This annotation id is already used.' } }),
    ]);
    await mount();

    expect(root.querySelector('[data-testid="who"]')?.textContent).toBe('Connected as Sam Lee in Acme Dental');
    expect(root.querySelector('.ticket-line')?.textContent).toBe('Request Tracker #7 · Printer jams');
    expect(root.querySelector('[data-testid="pending"]')?.textContent).toBe('1 tag waiting to be sent. Offline: will send when Steward is reachable again.');
    const attention = root.querySelector('[aria-label="Tags that need attention"]')!;
    expect(attention.textContent).toContain('Quotes are late');
    expect(attention.textContent).toContain('This annotation id is already used.');

    const recent = [...root.querySelectorAll('[aria-label="Recent tags"] li')];
    expect(recent.map((li) => li.querySelector('.summary')?.textContent)).toEqual(['Tag b6', 'Tag b5', 'Tag b4', 'Tag a3', 'Tag a2']);
    expect(recent[0]!.querySelector('a')?.getAttribute('href')).toBe('https://rt.example.com/Ticket/Display.html?id=8');
    expect(recent[3]!.querySelector('a')?.textContent).toBe('Request Tracker #7 · Printer jams');
  });

  it('after a revoked sign-in offers to reconnect and says queued tags wait for it', async () => {
    await onTab(RT_TICKET);
    await connectionItem.setValue({ ...connection, revokedAt: '2026-11-20T11:00:00.000Z' });
    await outboxItem.setValue([queued('q1', 'Check-in is slow')]);
    await mount();
    expect(text()).toContain('The sign-in for Sam Lee in Acme Dental is no longer valid');
    expect(button('Reconnect')).toBeDefined();
    expect(root.querySelector('[data-testid="pending"]')?.textContent).toBe('1 tag waiting to be sent. They will be sent once you reconnect.');
  });

  it('says Steward already works on the cloud tools it is built for, and offers nothing to enable', async () => {
    await onTab('https://acme.zendesk.com/agent/tickets/5');
    await mount();
    expect(root.querySelector('[data-testid="site"]')?.textContent).toContain('Steward already works here');
    expect(button(/Enable|Disable/)).toBeUndefined();
  });

  it('on the browser’s own pages offers no site action and no side panel', async () => {
    await onTab('chrome://newtab/');
    await mount();
    expect(text()).toContain('Steward works on the pages of your ticketing tool.');
    expect(button(/Enable|Disable|side panel/)).toBeUndefined();
  });

  it('opens the side panel for the window from the click, then closes', async () => {
    const tabId = await onTab(RT_TICKET);
    const open = vi.fn(async (_o: { windowId: number }) => {});
    (globalThis as { chrome?: unknown }).chrome = { sidePanel: { open } };
    await mount();
    button('Open side panel')!.click();
    const windowId = (await fakeBrowser.tabs.get(tabId)).windowId;
    expect(open).toHaveBeenCalledWith({ windowId });
    await vi.waitFor(() => expect(window.close).toHaveBeenCalled());
  });

  it('when the background does not answer, says so and what to do', async () => {
    await onTab(RT_TICKET);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    await mount();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      "Steward did not answer (Could not establish connection. Receiving end does not exist.). Close this popup and open it again; if that keeps happening, reload Steward on your browser's extensions page.",
    );
  });
});
