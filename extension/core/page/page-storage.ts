import { browser } from 'wxt/browser';
import { rawKey, type StoredValue } from '../contract/storage-keys';

/**
 * Stored values read by code injected into host pages, with `storage.local` alone: the keys
 * come from the declarations the storage items are made from (contract/storage-keys.ts), and
 * the storage library stays in the background and the extension's pages.
 */
export async function readLocal<T>(value: StoredValue<T>): Promise<T> {
  const key = rawKey(value);
  return ((await browser.storage.local.get(key))[key] as T | undefined) ?? value.fallback;
}

/** Calls `onChange` once per write that changes any of `values`; answers how to stop. */
export function watchLocal(values: StoredValue<unknown>[], onChange: () => void): () => void {
  const keys = values.map(rawKey);
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && keys.some((key) => key in changes)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
