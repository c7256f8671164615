import type { Env } from '../env';
import { requireSecret, signLink, verifyLink } from '../lib/links';
import { publicUrl } from '../report/service';

/**
 * A provider member's personal web view is `/p/<token>`, the token signing a provider_links
 * row id without expiry: the row, not the signature, decides whether it still works, so
 * revoking it (or removing the member) ends the link at once.
 */
export async function providerViewUrl(env: Env, linkId: string, base?: string): Promise<string> {
  const token = await signLink(requireSecret(env.STEWARD_LINK_SECRET), 'provider', linkId, null);
  return `${publicUrl(env, base)}/p/${token}`;
}

/**
 * The digest's unsubscribe link. It must keep working after the web-view link is rotated
 * (RFC 8058 expects the address in an old email to work), so it signs the member instead,
 * as an `unsubscribe` link whose id says what it unsubscribes from; report unsubscribe
 * links carry delivery ids, so the two can never be mistaken for each other.
 */
export async function digestUnsubscribeUrl(env: Env, memberId: string, base?: string): Promise<string> {
  const token = await signLink(requireSecret(env.STEWARD_LINK_SECRET), 'unsubscribe', `digest:${memberId}`, null);
  return `${publicUrl(env, base)}/p/${token}/unsubscribe`;
}

/** The member id a digest unsubscribe token carries, or null. */
export async function verifyDigestUnsubscribe(env: Env, token: string): Promise<string | null> {
  const secret = env.STEWARD_LINK_SECRET;
  if (!secret) return null;
  const id = await verifyLink(secret, token, 'unsubscribe');
  return id?.startsWith('digest:') ? id.slice('digest:'.length) : null;
}

/** The provider_links id a web-view token carries, or null. */
export async function verifyProviderToken(env: Env, token: string): Promise<string | null> {
  const secret = env.STEWARD_LINK_SECRET;
  return secret ? verifyLink(secret, token, 'provider') : null;
}
