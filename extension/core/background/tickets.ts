import { ApiRequestError, NetworkError } from '../../../shared/api/client';
import { ticketKey, type TicketRef } from '../../../shared/schemas';
import { errorText } from '../contract/errors';
import type { TicketView } from '../contract/messages';
import { outboxItem, ticketCacheItem } from '../contract/storage';
import { connectionList, connectionState, liveClient, markRevoked } from './connection';
import { expediteRetries } from './outbox';
import { flushOutbox } from './outbox-flush';
import { currentProviderCompanies, currentTaxonomy, EMPTY_TAXONOMY } from './taxonomy';
import { storeTicket } from './ticket-cache';

/** Fetches a ticket's annotations and caches them; returns a notice when that failed. */
export async function refreshTicket(key: string, fetchImpl?: typeof fetch): Promise<TicketView['notice']> {
  const live = await liveClient(fetchImpl);
  if (!live) return undefined;
  try {
    const { items } = await live.client.listAnnotations({ ticket: key });
    // Switched to another workspace while this was on its way: this answer is not that one's.
    if (!(await storeTicket(key, items, live.id))) return undefined;
    void sendWaitingNow(fetchImpl).catch((err: unknown) => console.warn('Steward: could not send the waiting tags', err));
    return undefined;
  } catch (err) {
    if (err instanceof NetworkError) return { kind: 'offline', message: 'Offline: showing what was last seen. New tags are kept and sent when Steward is reachable.' };
    if (err instanceof ApiRequestError && err.status === 401) {
      await markRevoked();
      return { kind: 'revoked', message: 'Your sign-in is no longer valid. Reconnect in the options page.' };
    }
    return { kind: 'error', message: errorText(err) };
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

/** What the side panel shows for a ticket (or a page without one): its tags, what is queued, the pick-lists. */
export async function ticketView(ticket: TicketRef | null, refresh: boolean): Promise<TicketView> {
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
