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
 * The stored values a ticket page needs, each read from storage once: after that, each change
 * comes with its new value (`storage.onChanged`), so the page keeps them current without
 * reading again however often the background writes.
 */
export interface PageStore {
  /** The values, read together the first time they are asked for (one trip to storage). */
  get<T extends readonly StoredValue<unknown>[]>(...values: T): Promise<Values<T>>;
  /** Calls `onChange` after a write changes any of `values` (once anything was read); the values it gets are the new ones. */
  watch(values: StoredValue<unknown>[], onChange: () => void): void;
  stop(): void;
}

export function pageStore(): PageStore {
  const held = new Map<string, unknown>();
  const reading = new Map<string, Promise<unknown>>();
  const watchers: Array<{ keys: string[]; onChange(): void }> = [];
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    for (const key of Object.keys(changes)) {
      // Newer than any read still on its way for this key: that read will not overwrite it.
      if (held.has(key) || reading.has(key)) held.set(key, changes[key]!.newValue);
    }
    for (const { keys, onChange } of watchers) if (keys.some((key) => key in changes)) onChange();
  };
  // Storage is first touched by the first read, not before: in a page, the first call into it
  // costs more than drawing the badge. Changes are followed from that read on (before it,
  // nothing is held and the read itself is current).
  let listening = false;
  return {
    async get(...values) {
      if (!listening) {
        listening = true;
        ext().storage.onChanged.addListener(listener);
      }
      const keys = values.map(rawKey);
      const missing = keys.filter((key) => !held.has(key) && !reading.has(key));
      if (missing.length) {
        const read = ext().storage.local.get(missing).then(
          (found) => {
            for (const key of missing) if (!held.has(key)) held.set(key, found[key]);
          },
          (err: unknown) => {
            for (const key of missing) reading.delete(key); // asked again next time
            throw err;
          },
        );
        for (const key of missing) reading.set(key, read);
      }
      await Promise.all(keys.map((key) => reading.get(key)));
      return values.map((value, i) => held.get(keys[i]!) ?? value.fallback) as Values<typeof values>;
    },
    watch(values, onChange) {
      watchers.push({ keys: values.map(rawKey), onChange });
    },
    stop: () => listening && ext().storage.onChanged.removeListener(listener),
  };
}
