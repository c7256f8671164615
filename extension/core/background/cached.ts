import type { WxtStorageItem } from '#imports';
import type { StewardClient } from '../../../shared/api/client';
import type { PerConnection } from '../contract/storage';
import { liveClient } from './connection';

/**
 * A value of the connection's workspace (default: the active one): from the cache when
 * younger than `freshMs` (unless `force`), else from the Worker, falling back to the cache when
 * the Worker cannot be reached. `undefined` when there is neither.
 */
export async function cachedPerConnection<T>(
  item: WxtStorageItem<PerConnection<T>, Record<string, unknown>>,
  fetchValue: (client: StewardClient) => Promise<T>,
  opts: { freshMs: number; force?: boolean; fetchImpl?: typeof fetch; connectionId?: string },
): Promise<T | undefined> {
  const live = await liveClient(opts.fetchImpl, opts.connectionId);
  const all = await item.getValue();
  const mine = opts.connectionId ? all[opts.connectionId] : live ? all[live.id] : undefined;
  if (!live) return mine?.value;
  if (mine && !opts.force && Date.now() - Date.parse(mine.fetchedAt) < opts.freshMs) return mine.value;
  // Pages ask again while a fetch is on its way (every storage change reloads them): share it.
  const flight = `${item.key}|${live.id}`;
  let fetching = inFlight.get(flight) as Promise<T> | undefined;
  if (!fetching) {
    fetching = (async () => {
      const value = await fetchValue(live.client);
      await item.setValue({ ...(await item.getValue()), [live.id]: { value, fetchedAt: new Date().toISOString() } });
      return value;
    })().finally(() => inFlight.delete(flight));
    inFlight.set(flight, fetching);
  }
  try {
    return await fetching;
  } catch {
    return mine?.value;
  }
}

const inFlight = new Map<string, Promise<unknown>>();

/** Forgets what was cached for a workspace signed out of. */
export async function forgetCached(item: WxtStorageItem<PerConnection<unknown>, Record<string, unknown>>, connectionId: string): Promise<void> {
  const all = await item.getValue();
  if (!(connectionId in all)) return;
  const { [connectionId]: _gone, ...rest } = all;
  await item.setValue(rest);
}
