import { ApiRequestError, NetworkError } from '../../../shared/api/client';
import { ticketKey, type TicketFacts, type TicketRef } from '../../../shared/schemas';
import { errorText } from '../contract/errors';
import type { FactsView, Notice } from '../contract/messages';
import type { FactsCache } from '../contract/observation-entry';
import { connectionIdOf, connectionItem, ticketFactsItem } from '../contract/storage';
import { liveClient, markRevoked } from './connection';
import { inTurn } from './in-turn';

/**
 * The one writer of the ticket facts cache: what the Worker last said about a ticket (its
 * status as the tool shows it, since when, its history), per workspace and ticket, so the side
 * panel shows it at once and offline. Fetched when the panel opens on a ticket, and again when
 * an observation changed what the Worker knows.
 */

/** The panel asks on every tab switch: a minute-old answer is fresh enough. */
const FRESH_MS = 60_000;
const CACHE_LIMIT = 300;

const serial = inTurn();

const factsSlot = (connectionId: string, key: string): string => `${connectionId}|${key}`;

/** The `limit` most recently fetched entries. */
function newest(cache: Record<string, FactsCache>, limit = CACHE_LIMIT): Record<string, FactsCache> {
  const keys = Object.keys(cache);
  if (keys.length <= limit) return cache;
  const kept = new Set(keys.sort((a, b) => cache[b]!.fetchedAt.localeCompare(cache[a]!.fetchedAt)).slice(0, limit));
  return Object.fromEntries(Object.entries(cache).filter(([k]) => kept.has(k)));
}

function store(slot: string, value: TicketFacts | null, connectionId: string): Promise<void> {
  return serial(async () => {
    const cache = await ticketFactsItem.getValue();
    await ticketFactsItem.setValue(newest({ ...cache, [slot]: { value, fetchedAt: new Date().toISOString(), connectionId } }));
  });
}

const inFlight = new Map<string, Promise<Notice | undefined>>();

/** Asks the Worker for one ticket's facts through workspace `connectionId` and caches them; answers a notice when that failed. */
function fetchFacts(connectionId: string, key: string, fetchImpl?: typeof fetch): Promise<Notice | undefined> {
  const slot = factsSlot(connectionId, key);
  // A panel reloads on every storage change: share a fetch already on its way.
  let fetching = inFlight.get(slot);
  if (!fetching) {
    fetching = (async (): Promise<Notice | undefined> => {
      const live = await liveClient(fetchImpl, connectionId);
      if (!live) return undefined;
      try {
        const { ticket } = await live.client.ticketFacts(key);
        await store(slot, ticket, connectionId);
        return undefined;
      } catch (err) {
        if (err instanceof NetworkError) return { kind: 'offline', message: 'Offline: the ticket’s history is as Steward last heard it.' };
        if (err instanceof ApiRequestError && err.status === 401) {
          await markRevoked(connectionId);
          return { kind: 'revoked', message: 'Your sign-in is no longer valid, so the ticket’s history cannot be updated. Reconnect in Settings.' };
        }
        if (err instanceof ApiRequestError && err.status === 404) {
          return { kind: 'error', message: 'This Steward server does not keep ticket history yet (it may need an update). What the page shows is below.' };
        }
        return { kind: 'error', message: `The ticket’s history could not be loaded: ${errorText(err)}` };
      }
    })().finally(() => inFlight.delete(slot));
    inFlight.set(slot, fetching);
  }
  return fetching;
}

/**
 * A ticket's facts for the active workspace: from the cache, and from the Worker too when
 * `refresh` and the cache is older than a minute (the cached ones stay when that fails).
 */
export async function factsView(ticket: TicketRef, refresh: boolean, fetchImpl?: typeof fetch): Promise<FactsView> {
  const conn = await connectionItem.getValue();
  if (!conn) return { facts: null, fetchedAt: null };
  const id = connectionIdOf(conn);
  const slot = factsSlot(id, ticketKey(ticket));
  const before = (await ticketFactsItem.getValue())[slot];
  let notice: Notice | undefined;
  if (conn.revokedAt) notice = { kind: 'revoked', message: 'Your sign-in is no longer valid, so the ticket’s history cannot be updated. Reconnect in Settings.' };
  else if (refresh && !(before && Date.now() - Date.parse(before.fetchedAt) < FRESH_MS)) notice = await fetchFacts(id, ticketKey(ticket), fetchImpl);
  const cached = (await ticketFactsItem.getValue())[slot];
  return { facts: cached?.value ?? null, fetchedAt: cached?.fetchedAt ?? null, ...(notice ? { notice } : {}) };
}

/** The Worker learnt something about these tickets (`connectionId|ticketKey`): fetch again the ones a panel has shown. */
export async function refreshCachedFacts(slots: string[], fetchImpl?: typeof fetch): Promise<void> {
  const cache = await ticketFactsItem.getValue();
  await Promise.all(slots.filter((s) => s in cache).map((slot) => {
    const { connectionId } = cache[slot]!;
    return fetchFacts(connectionId, slot.slice(connectionId.length + 1), fetchImpl);
  }));
}

/** Forgets what was cached for a workspace signed out of. */
export function forgetFacts(connectionId: string): Promise<void> {
  return serial(async () => {
    const cache = await ticketFactsItem.getValue();
    const kept = Object.entries(cache).filter(([, c]) => c.connectionId !== connectionId);
    if (kept.length !== Object.keys(cache).length) await ticketFactsItem.setValue(Object.fromEntries(kept));
  });
}
