import type { ProviderCompany, Taxonomy } from '../../../shared/schemas';
import { providerCompaniesItem, taxonomyItem } from '../contract/storage';
import { cachedPerConnection } from './cached';

export const EMPTY_TAXONOMY: Taxonomy = { linesOfBusiness: [], stakeholders: [], impactKinds: [], kpis: [] };

/** Lists change rarely: refetch at most this often unless asked. */
const FRESH_MS = 5 * 60_000;

/**
 * The taxonomy of the connected workspace: from the cache when fresh, else from the Worker
 * (falling back to the cache when the Worker cannot be reached).
 */
export async function currentTaxonomy(opts: { force?: boolean; fetchImpl?: typeof fetch } = {}): Promise<Taxonomy> {
  return (await cachedPerConnection(taxonomyItem, (c) => c.taxonomy(), { freshMs: FRESH_MS, ...opts })) ?? EMPTY_TAXONOMY;
}

/**
 * The provider companies of the connected workspace, to choose whom an item is shared with;
 * null when they were never loaded (offline from the start). An admin who just invited a
 * provider sees it within minutes, or at once with `force`.
 */
export async function currentProviderCompanies(opts: { force?: boolean; fetchImpl?: typeof fetch } = {}): Promise<ProviderCompany[] | null> {
  return (await cachedPerConnection(providerCompaniesItem, async (c) => (await c.providerCompanies()).items, { freshMs: FRESH_MS, ...opts })) ?? null;
}
