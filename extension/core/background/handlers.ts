import { browser } from 'wxt/browser';
import { ApiRequestError } from '../../../shared/api/client';
import { ticketKey } from '../../../shared/schemas';
import { isFinished, statusCategory } from '../../../shared/tickets/status';
import { MessageError } from '../contract/errors';
import { toWireError, type Envelope, type Handlers, type MessageType } from '../contract/messages';
import { providerCompaniesItem, providerInboxItem, taxonomyItem } from '../contract/storage';
import { forgetCached } from './cached';
import { disableTool, enableTool } from './cloud-tools';
import {
  connect, connectionById, connectionList, connectionState, disconnect, liveClient, markRevoked, switchConnection, toMessageError,
} from './connection';
import { policyView, syncPolicySites } from './managed-policy';
import { signInWithCompany } from './oidc-sign-in';
import { enqueue, enqueueChange, resolveEntry } from './outbox';
import { flushAll, flushObservations } from './observation-flush';
import { observeSeen, observeTagged } from './observations';
import { flushOutbox } from './outbox-flush';
import { inboxView } from './provider-inbox';
import { disableSite, enableSite } from './sites';
import { setTabTicket, ticketForTab } from './tab-tickets';
import { factsView, forgetFacts } from './ticket-facts';
import { loadReaders } from './ticket-readers';
import { refreshTicket, ticketView } from './tickets';

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

const handlers: Handlers = {
  async 'ticket:seen'({ ticket, facts }, { tabId }) {
    if (tabId !== undefined) await setTabTicket(tabId, ticket);
    if (ticket) {
      const fetched = refreshTicket(ticketKey(ticket));
      // Whether the ticket carries a tag of the workspace is known once its tags are fetched.
      if (facts) {
        void fetched
          .then(() => observeSeen(ticket, facts))
          .then((queued) => (queued === 'queued' || queued === 'coalesced' ? flushObservations() : undefined))
          .catch((err: unknown) => console.warn('Steward: could not keep what the ticket page shows', err));
      }
    }
    // The badge offers to resolve an open tag on a ticket its tool calls done: the full mapping lives here, not in the page.
    const done = ticket?.status && isFinished(statusCategory(ticket.tool, ticket.status).category) ? { done: ticket.status } : {};
    return { connection: (await connectionState()).status, ...done };
  },
  'ticket:readers': ({ tool }, { tabId, frameId }) => loadReaders(tool, tabId, frameId),
  'ticket:forTab': ({ tabId }) => ticketForTab(tabId),
  'ticket:view': ({ ticket, refresh }) => ticketView(ticket, refresh),
  'ticket:facts': ({ ticket, refresh }) => factsView(ticket, refresh),
  async 'annotation:save'({ body, connectionId }) {
    const queued = await enqueue(body, new Date(), await signedIn(connectionId));
    // What the ticket's page shows goes with a new tag (sent once the tag landed).
    await observeTagged(body, queued.connectionId).catch((err: unknown) => console.warn('Steward: could not keep what the ticket page shows', err));
    void flushAll();
    return { queued };
  },
  async 'annotation:change'({ change, connectionId }) {
    const queued = await enqueueChange(change, new Date(), await signedIn(connectionId));
    void flushOutbox();
    return { queued };
  },
  async 'outbox:resolve'({ entryId, resolution }) {
    const queued = await resolveEntry(entryId, resolution);
    void flushAll();
    return { queued };
  },
  async 'outbox:flush'() {
    const result = await flushOutbox();
    void flushObservations().catch((err: unknown) => console.warn('Steward: could not send ticket observations', err));
    return result;
  },
  'connection:get': () => connectionState(),
  async 'connection:connect'({ workerUrl, code }) {
    const state = await connect(workerUrl, code);
    void flushAll();
    return state;
  },
  async 'connection:disconnect'({ id }) {
    const active = await connectionState();
    const gone = id ?? (active.status === 'disconnected' ? undefined : active.id);
    const state = await disconnect(undefined, id);
    if (gone) await Promise.all([...[taxonomyItem, providerCompaniesItem, providerInboxItem].map((item) => forgetCached(item, gone)), forgetFacts(gone)]);
    return state;
  },
  'connection:list': () => connectionList(),
  async 'connection:switch'({ id }) {
    const state = await switchConnection(id);
    void flushAll();
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
  async 'connection:company'({ workerUrl, workspaceId }) {
    const state = await signInWithCompany(workerUrl, workspaceId);
    void flushOutbox();
    return state;
  },
  'policy:get': () => policyView(),
  'policy:sites': () => syncPolicySites(),
  'tool:enable': ({ tool }) => enableTool(tool),
  'tool:disable': ({ tool }) => disableTool(tool),
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
export async function dispatch(message: unknown, sender: { tab?: { id?: number }; frameId?: number }): Promise<unknown> {
  if (!isEnvelope(message)) return undefined;
  const handler = handlers[message.type as MessageType] as (p: unknown, s: { tabId?: number; frameId?: number }) => Promise<unknown>;
  try {
    return await handler(message.payload, { tabId: sender.tab?.id, frameId: sender.frameId });
  } catch (err) {
    return toWireError(toMessageError(err));
  }
}
