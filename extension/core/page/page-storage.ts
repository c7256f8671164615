import { browser } from 'wxt/browser';
import type { OutboxEntry } from './outbox-entry';
import type { SavedPattern, TicketCache } from './storage';

/**
 * Read-only views of the storage items the badge needs, for code injected into host pages:
 * the same keys as the items declared in storage.ts (WXT stores `local:outbox` under
 * `outbox`), without the storage library, which the background and pages keep using.
 */
function localItem<T>(key: string, fallback: T) {
  return {
    async getValue(): Promise<T> {
      return ((await browser.storage.local.get(key))[key] as T | undefined) ?? fallback;
    },
    watch(onChange: () => void): () => void {
      const listener = (changes: Record<string, unknown>, area: string) => {
        if (area === 'local' && key in changes) onChange();
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}

export const outboxView = localItem<OutboxEntry[]>('outbox', []);
export const ticketCacheView = localItem<Record<string, TicketCache>>('ticketCache', {});
export const customPatternsView = localItem<SavedPattern[]>('customPatterns', []);
