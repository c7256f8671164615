import { rawKey, type StoredValue } from '../contract/storage-keys';
import { ext } from './page-context';

/**
 * Stored values read by code injected into host pages, with `storage.local` alone: the keys
 * come from the declarations the storage items are made from (contract/storage-keys.ts), and
 * the storage library stays in the background and the extension's pages.
 */
export async function readLocal<T>(value: StoredValue<T>): Promise<T> {
  const key = rawKey(value);
  return ((await ext().storage.local.get(key))[key] as T | undefined) ?? value.fallback;
}

/** Calls `onChange` once per write that changes any of `values`; answers how to stop. */
export function watchLocal(values: StoredValue<unknown>[], onChange: () => void): () => void {
  const keys = values.map(rawKey);
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && keys.some((key) => key in changes)) onChange();
  };
  ext().storage.onChanged.addListener(listener);
  return () => ext().storage.onChanged.removeListener(listener);
}

type Values<T extends readonly StoredValue<unknown>[]> = { [I in keyof T]: T[I] extends StoredValue<infer V> ? V : never };

/**
 * The stored values a ticket page needs, read from storage once, together, as the page starts:
 * after that, each change comes with its new value (`storage.onChanged`), so the page keeps them
 * current without reading again however often the background writes.
 */
export interface PageStore {
  /** Some of the values, as last known (once the one read has answered). */
  get<T extends readonly StoredValue<unknown>[]>(...values: T): Promise<Values<T>>;
  /** Calls `onChange` after a write changes any of `values`; the values it gets are the new ones. */
  watch(values: StoredValue<unknown>[], onChange: () => void): void;
  stop(): void;
}

export function pageStore(values: StoredValue<unknown>[]): PageStore {
  const keys = values.map(rawKey);
  const held = new Map<string, unknown>();
  const watchers: Array<{ keys: string[]; onChange(): void }> = [];
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    for (const key of keys) if (key in changes) held.set(key, changes[key]!.newValue);
    for (const { keys: watched, onChange } of watchers) if (watched.some((key) => key in changes)) onChange();
  };
  const { storage } = ext();
  storage.onChanged.addListener(listener);
  // A change heard while the read is on its way is newer than what the read finds: it is kept.
  const read = storage.local.get(keys).then((found) => {
    for (const key of keys) if (!held.has(key)) held.set(key, found[key]);
  });
  return {
    async get(...wanted) {
      await read;
      return wanted.map((value) => held.get(rawKey(value)) ?? value.fallback) as Values<typeof wanted>;
    },
    watch(watched, onChange) {
      watchers.push({ keys: watched.map(rawKey), onChange });
    },
    stop: () => storage.onChanged.removeListener(listener),
  };
}
