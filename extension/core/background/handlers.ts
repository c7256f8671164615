import { browser } from 'wxt/browser';
import { ApiRequestError, NetworkError } from '../../shared/api/client';
import { ticketKey, type TicketRef } from '../../shared/schemas';
import { forgetCached } from './cached';
import {
  connect, connectionById, connectionList, connectionState, disconnect, liveClient, markRevoked, switchConnection, toMessageError,
} from './connection';
import { MessageError, type Envelope, type Handlers, type MessageType, type TabNotice, type TicketView, type WireError } from './messages';
import { enqueue, enqueueChange, expediteRetries, flushOutbox, resolveEntry } from './outbox';
import { inboxView, providerInboxItem } from './provider-inbox';
import { currentProviderCompanies, currentTaxonomy, EMPTY_TAXONOMY, providerCompaniesItem, taxonomyItem } from './taxonomy';
import { disableSite, enableSite, syncSites, watchSitePermissions } from './sites';
import { connectionIdOf, connectionItem, outboxItem, tabTicketsItem, ticketCacheItem } from './storage';

const FLUSH_ALARM = 'steward-outbox';
/** Keep the per-ticket cache bounded: the most recently fetched tickets win. */
const CACHE_LIMIT = 300;

/** Fetches a ticket's annotations and caches them; returns a notice when that failed. */
export async function refreshTicket(key: string, fetchImpl?: typeof fetch): Promise<TicketView['notice']> {
  const live = await liveClient(fetchImpl);
  if (!live) return undefined;
  try {
    const { items } = await live.client.listAnnotations({ ticket: key });
    // Switched to another workspace while this was on its way: this answer is not that one's.
    const active = await connectionItem.getValue();
    if (!active || connectionIdOf(active) !== live.id) return undefined;
    const cache = await ticketCacheItem.getValue();
    const next = { ...cache, [key]: { items, fetchedAt: new Date().toISOString(), connectionId: live.id } };
    const keys = Object.keys(next);
    if (keys.length > CACHE_LIMIT) {
      keys.sort((a, b) => next[a]!.fetchedAt.localeCompare(next[b]!.fetchedAt));
      for (const old of keys.slice(0, keys.length - CACHE_LIMIT)) delete next[old];
    }
    await ticketCacheItem.setValue(next);
    void sendWaitingNow(fetchImpl).catch((err: unknown) => console.warn('Steward: could not send the waiting tags', err));
    return undefined;
  } catch (err) {
    if (err instanceof NetworkError) return { kind: 'offline', message: 'Offline: showing what was last seen. New tags are kept and sent when Steward is reachable.' };
    if (err instanceof ApiRequestError && err.status === 401) {
      await markRevoked();
      return { kind: 'revoked', message: 'Your sign-in is no longer valid. Reconnect in the options page.' };
    }
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Steward answered again: send the tags waiting for a retry now instead of at their backoff
 * time, which after a long outage is up to 10 minutes away. This runs whenever a ticket's tags
 * are fetched — opening the side panel, coming back to a ticket tab — which is when a person
 * looks for the tag they made offline. The entries keep their ids, so a tag the Worker already
 * has is the same annotation again, never a second one.
 */
async function sendWaitingNow(fetchImpl?: typeof fetch): Promise<void> {
  // A flush already running picked its entries before this: let it finish, then send the rest.
  await flushOutbox(fetchImpl);
  if ((await expediteRetries()) > 0) await flushOutbox(fetchImpl);
}

async function ticketView(ticket: TicketRef | null, refresh: boolean): Promise<TicketView> {
  const key = ticket ? ticketKey(ticket) : null;
  const notice = key && refresh ? await refreshTicket(key) : undefined;
  const connection = await connectionState();
  const id = connection.status === 'disconnected' ? null : connection.id;
  // Providers neither tag nor share: the Worker keeps the lists from them.
  const shares = connection.status !== 'disconnected' && connection.member.role !== 'provider';
  const outbox = await outboxItem.getValue();
  const pending = outbox.filter((e) => e.ticketKey === key && e.connectionId === id);
  // Steward refused whom a tag is shared with: the cached list of providers is out of date.
  const staleCompanies = pending.some((e) => e.stuck?.fields?.sharedWith);
  const [cache, connections, taxonomy, providerCompanies] = await Promise.all([
    ticketCacheItem.getValue(), connectionList(),
    shares ? currentTaxonomy() : EMPTY_TAXONOMY,
    shares ? currentProviderCompanies({ force: staleCompanies }) : null,
  ]);
  const cached = key ? cache[key] : undefined;
  return {
    ticket,
    taxonomy,
    providerCompanies,
    // An entry with no connection named predates several workspaces: it is the active one's.
    cache: cached && (!cached.connectionId || cached.connectionId === id) ? cached : null,
    pending,
    connection,
    connections,
    notice,
  };
}

async function openSidePanel(tabId: number | undefined): Promise<boolean> {
  // Chrome: sidePanel.open needs the user gesture that sent this message.
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { open(o: { tabId: number }): Promise<void> } } }).chrome?.sidePanel;
  if (chromeSidePanel && tabId !== undefined) {
    await chromeSidePanel.open({ tabId });
    return true;
  }
  const sidebar = (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
  if (sidebar) {
    await sidebar.open();
    return true;
  }
  return false;
}

export const handlers: Handlers = {
  async 'ticket:seen'({ ticket }, { tabId }) {
    if (tabId !== undefined) {
      const tabs = await tabTicketsItem.getValue();
      if (ticket) tabs[String(tabId)] = ticket;
      else delete tabs[String(tabId)];
      await tabTicketsItem.setValue(tabs);
    }
    if (ticket) void refreshTicket(ticketKey(ticket));
    return { connection: (await connectionState()).status };
  },
  async 'ticket:forTab'({ tabId }) {
    return (await tabTicketsItem.getValue())[String(tabId)] ?? null;
  },
  'ticket:view': ({ ticket, refresh }) => ticketView(ticket, refresh),
  async 'annotation:save'({ body, connectionId }) {
    const queued = await enqueue(body, new Date(), await signedIn(connectionId));
    void flushOutbox();
    return { queued };
  },
  async 'annotation:change'({ change, connectionId }) {
    const queued = await enqueueChange(change, new Date(), await signedIn(connectionId));
    void flushOutbox();
    return { queued };
  },
  async 'outbox:resolve'({ entryId, resolution }) {
    const queued = await resolveEntry(entryId, resolution);
    void flushOutbox();
    return { queued };
  },
  'outbox:flush': () => flushOutbox(),
  'connection:get': () => connectionState(),
  async 'connection:connect'({ workerUrl, code }) {
    const state = await connect(workerUrl, code);
    void flushOutbox();
    return state;
  },
  async 'connection:disconnect'({ id }) {
    const active = await connectionState();
    const gone = id ?? (active.status === 'disconnected' ? undefined : active.id);
    const state = await disconnect(undefined, id);
    if (gone) await Promise.all([taxonomyItem, providerCompaniesItem, providerInboxItem].map((item) => forgetCached(item, gone)));
    return state;
  },
  'connection:list': () => connectionList(),
  async 'connection:switch'({ id }) {
    const state = await switchConnection(id);
    void flushOutbox();
    return state;
  },
  'provider:inbox': ({ scope, refresh }) => inboxView(scope, refresh),
  async 'sidepanel:open'(_payload, { tabId }) {
    return { opened: await openSidePanel(tabId) };
  },
  async 'options:open'() {
    await browser.runtime.openOptionsPage();
    return {};
  },
  async api({ call, connectionId }) {
    const live = await liveClient(undefined, connectionId);
    if (!live) throw new MessageError('unauthorized', 'Connect Steward first (Settings → Connect).');
    try {
      const method = live.client[call.method] as (...args: unknown[]) => Promise<unknown>;
      return await method(...call.args);
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 401) await markRevoked(live.id);
      throw err;
    }
  },
  'site:enable': ({ origin }) => enableSite(origin),
  'site:disable': ({ origin }) => disableSite(origin),
};

/** The workspace a page's change goes to: the one it names, if still signed in to, else the active one. */
async function signedIn(connectionId: string | undefined): Promise<string | undefined> {
  if (!connectionId) return undefined;
  if (!(await connectionById(connectionId))) {
    throw new MessageError('not_found', 'This browser is no longer signed in to that workspace. Connect to it again, then make the change again.');
  }
  return connectionId;
}

function isEnvelope(message: unknown): message is Envelope {
  return typeof message === 'object' && message !== null && typeof (message as Envelope).type === 'string' && (message as Envelope).type in handlers;
}

/** Routes every typed request to its handler; failures travel back as a WireError. */
export async function dispatch(message: unknown, sender: { tab?: { id?: number } }): Promise<unknown> {
  if (!isEnvelope(message)) return undefined;
  const handler = handlers[message.type as MessageType] as (p: unknown, s: { tabId?: number }) => Promise<unknown>;
  try {
    return await handler(message.payload, { tabId: sender.tab?.id });
  } catch (err) {
    const e = toMessageError(err);
    return { __stewardError: true, code: e.code, message: e.message, fields: e.fields } satisfies WireError;
  }
}

/** Tells the badges on open ticket tabs that the connection changed (connected, revoked…). */
async function notifyTicketTabs(): Promise<void> {
  const notice: TabNotice = { type: 'connection:changed', connection: (await connectionState()).status };
  const tabs = Object.keys(await tabTicketsItem.getValue());
  await Promise.allSettled(tabs.map((id) => browser.tabs.sendMessage(Number(id), notice)));
}

export function startBackground(): void {
  connectionItem.watch(() => void notifyTicketTabs());
  browser.runtime.onMessage.addListener((message, sender) => dispatch(message, sender) as Promise<unknown>);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FLUSH_ALARM) void flushOutbox();
  });
  browser.tabs.onRemoved.addListener(async (tabId) => {
    const tabs = await tabTicketsItem.getValue();
    if (String(tabId) in tabs) {
      delete tabs[String(tabId)];
      await tabTicketsItem.setValue(tabs);
    }
  });
  watchSitePermissions();
  // The outbox must survive the service worker being stopped: an alarm wakes it to retry.
  void browser.alarms.create(FLUSH_ALARM, { periodInMinutes: 1 });
  void flushOutbox();
  void syncSites().catch((err: unknown) => console.warn('Steward: could not restore the sites it was turned on for', err));
  // The toolbar icon opens the popup (which has "Open side panel"); the badge opens the panel
  // directly. Set explicitly: earlier versions set `true`, which would hide the popup.
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } } }).chrome?.sidePanel;
  void chromeSidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
}
