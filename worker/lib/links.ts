/**
 * Signed, expiring links for people without an account (executives' report views,
 * unsubscribe). A link is `<payload>.<signature>`, the payload `kind.id.expiry` in base64url
 * and the signature an HMAC-SHA256 with the deployment's STEWARD_LINK_SECRET.
 */

export type LinkKind = 'report' | 'unsubscribe' | 'provider';

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromB64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function key(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

export function requireSecret(secret: string | undefined): string {
  if (!secret || secret.length < 16) {
    throw new Error('STEWARD_LINK_SECRET is not set (at least 16 characters): set it with `wrangler secret put STEWARD_LINK_SECRET`.');
  }
  return secret;
}

export async function signLink(secret: string, kind: LinkKind, id: string, expiresAt: Date | null): Promise<string> {
  const payload = new TextEncoder().encode(`${kind}.${id}.${expiresAt ? Math.floor(expiresAt.getTime() / 1000) : 0}`);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', await key(secret), payload));
  return `${b64url(payload)}.${b64url(sig)}`;
}

/** The id a link carries if its signature is right, its kind matches and it has not expired. */
export async function verifyLink(secret: string, token: string, kind: LinkKind, now = new Date()): Promise<string | null> {
  const [p, s] = token.split('.');
  if (!p || !s || token.length > 400) return null;
  let payload: Uint8Array;
  let sig: Uint8Array;
  try {
    payload = fromB64url(p);
    sig = fromB64url(s);
  } catch {
    return null;
  }
  // crypto.subtle.verify compares in constant time.
  if (!(await crypto.subtle.verify('HMAC', await key(secret), sig, payload))) return null;
  const [k, id, exp] = new TextDecoder().decode(payload).split('.');
  if (k !== kind || !id) return null;
  const expiry = Number(exp);
  if (expiry && expiry * 1000 < now.getTime()) return null;
  return id;
}
