import { storage } from '#imports';
import type { Taxonomy } from '../../shared/schemas';
import { liveClient } from './connection';

/** The workspace's pick-lists, cached so the tag form opens instantly and works offline. */
export interface CachedTaxonomy {
  workspaceId: string;
  taxonomy: Taxonomy;
  fetchedAt: string;
}

export const taxonomyItem = storage.defineItem<CachedTaxonomy | null>('local:taxonomy', { fallback: null, version: 1 });

export const EMPTY_TAXONOMY: Taxonomy = { linesOfBusiness: [], stakeholders: [], impactKinds: [], kpis: [] };

/** Lists change rarely: refetch at most this often unless asked. */
const FRESH_MS = 5 * 60_000;

/**
 * The taxonomy of the connected workspace: from the cache when fresh, else from the Worker
 * (falling back to the cache when the Worker cannot be reached).
 */
export async function currentTaxonomy(opts: { force?: boolean; fetchImpl?: typeof fetch } = {}): Promise<Taxonomy> {
  const live = await liveClient(opts.fetchImpl);
  const cached = await taxonomyItem.getValue();
  const mine = cached && live && cached.workspaceId === live.conn.workspace.id ? cached : null;
  if (!live) return mine?.taxonomy ?? EMPTY_TAXONOMY;
  if (mine && !opts.force && Date.now() - Date.parse(mine.fetchedAt) < FRESH_MS) return mine.taxonomy;
  try {
    const taxonomy = await live.client.taxonomy();
    await taxonomyItem.setValue({ workspaceId: live.conn.workspace.id, taxonomy, fetchedAt: new Date().toISOString() });
    return taxonomy;
  } catch {
    return mine?.taxonomy ?? EMPTY_TAXONOMY;
  }
}
