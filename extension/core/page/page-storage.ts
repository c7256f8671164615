import { rawKey, type StoredValue } from '../contract/storage-keys';
import { ext } from './page-context';

/**
 * Stored values read by code injected into host pages, with `storage.local` alone: the keys
 * come from the declarations the storage items are made from (contract/storage-keys.ts), and
 * the storage library stays in the background and the extension's pages.
 */
export async function readLocal<T>(value: StoredValue<T>): Promise<T> {
  const key = rawKey(value);
  return ((await ext.storage.local.get(key))[key] as T | undefined) ?? value.fallback;
}

/** Several stored values in one read (one trip to the browser's storage, not one per value). */
export async function readLocalAll<T extends readonly StoredValue<unknown>[]>(...values: T): Promise<{ [I in keyof T]: T[I] extends StoredValue<infer V> ? V : never }> {
  const keys = values.map(rawKey);
  const found = await ext.storage.local.get(keys);
  return values.map((value, i) => (found[keys[i]!] as unknown) ?? value.fallback) as { [I in keyof T]: T[I] extends StoredValue<infer V> ? V : never };
}

/** Calls `onChange` once per write that changes any of `values`; answers how to stop. */
export function watchLocal(values: StoredValue<unknown>[], onChange: () => void): () => void {
  const keys = values.map(rawKey);
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && keys.some((key) => key in changes)) onChange();
  };
  ext.storage.onChanged.addListener(listener);
  return () => ext.storage.onChanged.removeListener(listener);
}
