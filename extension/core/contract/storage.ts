import { storage } from '#imports';
import { browser } from 'wxt/browser';
import type { OutboxEntry } from './outbox-entry';
import {
  BADGE_COUNTS, CONNECTION, CUSTOM_MATCHERS, CUSTOM_PATTERNS, ENABLED_SITES, OBSERVATIONS, OTHER_CONNECTIONS, OUTBOX, PROVIDER_COMPANIES, PROVIDER_INBOX, rawKey, TAB_TICKETS, TAXONOMY, TICKET_CACHE, TICKET_FACTS,
  connectionIdOf, type Connection, type StoredValue,
} from './storage-keys';

export type {  Connection, EnabledSite, PerConnection, SavedPattern, TicketCache } from './storage-keys';
export { connectionIdOf } from './storage-keys';

/** A stored value (see storage-keys.ts) as a storage item, with its version and migrations. */
// biome-ignore lint/suspicious/noExplicitAny: a migration takes an older shape of the value, whatever it was (WXT types it so)
type Migrations = Record<number, (old: any) => any>;
function item<T>(value: StoredValue<T>, opts: { version?: number; migrations?: Migrations } = {}) {
  return storage.defineItem<T>(value.key, { fallback: value.fallback, ...opts });
}

export const connectionItem = item(CONNECTION, { version: 1 });

export const otherConnectionsItem = item(OTHER_CONNECTIONS, { version: 1 });

export const outboxItem = item(OUTBOX, {
  version: 2,
  migrations: {
    // v2: each entry names the connection it belongs to. Until then there was one connection,
    // and entries went to whichever it was: they belong to the one connected now. With none,
    // they are left unassigned and the next connection made takes them, as before.
    2: async (entries: OutboxEntry[]) => {
      const raw = (await browser.storage.local.get(rawKey(CONNECTION)))[rawKey(CONNECTION)] as Connection | null | undefined;
      const id = raw ? connectionIdOf(raw) : '';
      return entries.map((e) => (e.connectionId !== undefined ? e : { ...e, connectionId: id }));
    },
  },
});

export const ticketCacheItem = item(TICKET_CACHE, { version: 1 });

export const badgeCountsItem = item(BADGE_COUNTS, { version: 1 });

export const tabTicketsItem = item(TAB_TICKETS);

export const enabledSitesItem = item(ENABLED_SITES, { version: 1 });

export const customPatternsItem = item(CUSTOM_PATTERNS, { version: 1 });

export const customMatchersItem = item(CUSTOM_MATCHERS, { version: 1 });

// v2: one cache per connection. It is only a cache: start empty rather than guess whose it was.
export const taxonomyItem = item(TAXONOMY, { version: 2, migrations: { 2: () => ({}) } });

export const providerCompaniesItem = item(PROVIDER_COMPANIES, { version: 1 });

export const providerInboxItem = item(PROVIDER_INBOX, { version: 1 });

export const observationsItem = item(OBSERVATIONS, { version: 1 });

export const ticketFactsItem = item(TICKET_FACTS, { version: 1 });
