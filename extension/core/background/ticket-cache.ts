import { storage } from '#imports';
import type { Annotation } from '../../../shared/schemas';
import { connectionIdOf, connectionItem, ticketCacheItem, type TicketCache } from '../contract/storage';
import { inTurn } from './in-turn';

/**
 * The one writer of the per-ticket cache (the tags the badge, popup and side panel show at
 * once and offline). It holds the active workspace's tags only. Fetches, the outbox's
 * confirmed changes and workspace switches all land here, one at a time, so a fetch that
 * read the cache before a switch cannot write the previous workspace's tags after it.
 */

/** Keep the cache bounded: the most recently fetched tickets win. */
const CACHE_LIMIT = 300;

const serial = inTurn();

async function activeId(): Promise<string | null> {
  const active = await connectionItem.getValue();
  return active ? connectionIdOf(active) : null;
}

/** The `limit` most recently fetched tickets of `cache`. */
export function newestTickets(cache: Record<string, TicketCache>, limit = CACHE_LIMIT): Record<string, TicketCache> {
  const keys = Object.keys(cache);
  if (keys.length <= limit) return cache;
  const kept = new Set(keys.sort((a, b) => cache[b]!.fetchedAt.localeCompare(cache[a]!.fetchedAt)).slice(0, limit));
  return Object.fromEntries(Object.entries(cache).filter(([k]) => kept.has(k)));
}

/**
 * A ticket's tags as the Worker just listed them, fetched through `connectionId`. Kept only
 * while that is still the active workspace; answers whether it was kept.
 */
export function storeTicket(key: string, items: Annotation[], connectionId: string, now = new Date()): Promise<boolean> {
  return serial(async () => {
    if ((await activeId()) !== connectionId) return false;
    const cache = await ticketCacheItem.getValue();
    await ticketCacheItem.setValue(newestTickets({ ...cache, [key]: { items, fetchedAt: now.toISOString(), connectionId } }));
    return true;
  });
}

/** Puts a stored annotation in its ticket's list, when it is the active workspace's. */
export function rememberAnnotation(saved: Annotation, connectionId: string): Promise<void> {
  return serial(async () => {
    if (!saved.ticketKey || connectionId !== ((await activeId()) ?? '')) return;
    const cache = await ticketCacheItem.getValue();
    const current = cache[saved.ticketKey] ?? { items: [], fetchedAt: new Date(0).toISOString(), connectionId };
    const at = current.items.findIndex((a) => a.id === saved.id);
    // An edit keeps the tag where it was in the list; a new one goes first.
    const items = at === -1 ? [saved, ...current.items] : current.items.map((a, i) => (i === at ? saved : a));
    await ticketCacheItem.setValue({ ...cache, [saved.ticketKey]: { ...current, items } });
  });
}

/** Takes a deleted annotation out of its ticket's list. */
export function forgetAnnotation(ticket: string | null, id: string): Promise<void> {
  return serial(async () => {
    if (!ticket) return;
    const cache = await ticketCacheItem.getValue();
    const current = cache[ticket];
    if (!current?.items.some((a) => a.id === id)) return;
    await ticketCacheItem.setValue({ ...cache, [ticket]: { ...current, items: current.items.filter((a) => a.id !== id) } });
  });
}

type Write = Parameters<typeof storage.setItems>[0][number];

/**
 * Writes a change of the active workspace together with an empty cache, in one storage write:
 * nothing ever reads the new workspace beside the previous one's tags.
 */
export function switchWorkspace(writes: Write[]): Promise<void> {
  return serial(() => storage.setItems([...writes, { item: ticketCacheItem, value: {} }]));
}
