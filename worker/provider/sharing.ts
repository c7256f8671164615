import { SHARED_WITH_ONLY_PROVIDER, type Visibility } from '../../shared/schemas';
import { ApiError } from '../errors';

const list = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * Which provider company an item is shared with after a create or an edit:
 * - not shared with a provider → null (and naming one is a mistake);
 * - a company named → that company, spelled as the workspace knows it, if it is one of the
 *   workspace's providers (else 422 naming the field);
 * - none named → the item keeps its company, or gets the workspace's only provider;
 *   with several providers staff must choose (422); with none yet it stays unnamed and the
 *   first provider company to join gets it (see migration 0004).
 */
export function resolveSharedWith(
  visibility: Visibility,
  requested: string | null | undefined,
  current: string | null,
  companies: string[],
): string | null {
  if (visibility !== 'provider') {
    if (requested) throw new ApiError(400, 'validation_failed', `sharedWith ${SHARED_WITH_ONLY_PROVIDER}.`, { sharedWith: SHARED_WITH_ONLY_PROVIDER });
    return null;
  }
  if (requested) {
    const match = companies.find((c) => c.toLowerCase() === requested.toLowerCase());
    if (!match) {
      const message = companies.length
        ? `is not a provider of this workspace; choose one of: ${list(companies)}`
        : 'is not a provider of this workspace (an admin invites providers under People)';
      throw new ApiError(422, 'unprocessable', `sharedWith ${message}.`, { sharedWith: message });
    }
    return match;
  }
  if (requested === undefined && current) return current;
  if (companies.length === 1) return companies[0]!;
  if (companies.length === 0) return null;
  const message = `is required: this workspace has several providers (${list(companies)}); choose the one to share with`;
  throw new ApiError(422, 'unprocessable', `sharedWith ${message}.`, { sharedWith: message });
}
