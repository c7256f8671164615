/**
 * Connector credentials at rest: AES-GCM (Web Crypto) under the STEWARD_CONNECTOR_KEY secret.
 *
 * The setting holds one or more keys, newest first: `k2:<secret>,k1:<secret>` (a bare
 * `<secret>` is key `k1`). Values are sealed with the first and opened with whichever key id
 * they name, so a key is rotated by putting a new one in front (each connection is re-sealed
 * with it at its next pull, worker/connector/pull.ts), then dropping the old one. Each secret is at least 32
 * characters; the AES key is derived from it with HKDF, so any long random text will do
 * (`openssl rand -base64 32`).
 *
 * The sealed value is bound to where it is stored (workspace and connection id as additional
 * data), so a sealed value copied into another row does not open.
 */

const MIN_SECRET = 32;

export class MissingKeyError extends Error {
  constructor() {
    super(
      'Steward cannot store credentials: this deployment has no STEWARD_CONNECTOR_KEY. Ask whoever runs Steward to set it (wrangler secret put STEWARD_CONNECTOR_KEY, at least 32 random characters), then save the connection again.',
    );
    this.name = 'MissingKeyError';
  }
}

interface Keyring {
  current: string;
  keys: Map<string, string>;
}

function keyring(setting: string | undefined): Keyring | null {
  const entries = (setting ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!entries.length) return null;
  const keys = new Map<string, string>();
  for (const entry of entries) {
    const m = /^([a-z0-9_-]{1,16}):(.+)$/i.exec(entry);
    const [id, secret] = m ? [m[1]!, m[2]!] : ['k1', entry];
    if (secret.length < MIN_SECRET) throw new Error(`STEWARD_CONNECTOR_KEY key "${id}" is shorter than ${MIN_SECRET} characters.`);
    if (!keys.has(id)) keys.set(id, secret);
  }
  return { current: [...keys.keys()][0]!, keys };
}

const derived = new Map<string, Promise<CryptoKey>>();

function aesKey(secret: string): Promise<CryptoKey> {
  let key = derived.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey'])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('steward-connector'), info: new TextEncoder().encode('credentials v1') },
          base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'],
        ));
    derived.set(secret, key);
  }
  return key;
}

function b64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** `v1.<key id>.<iv>.<ciphertext>`; throws MissingKeyError when no key is configured. */
export async function seal(plain: string, setting: string | undefined, boundTo: string): Promise<string> {
  const ring = keyring(setting);
  if (!ring) throw new MissingKeyError();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(boundTo) },
    await aesKey(ring.keys.get(ring.current)!), new TextEncoder().encode(plain),
  );
  return `v1.${ring.current}.${b64(iv)}.${b64(new Uint8Array(data))}`;
}

/** The key id new values are sealed with, or null without a key. */
export function currentKeyId(setting: string | undefined): string | null {
  return keyring(setting)?.current ?? null;
}

/** The key id a sealed value names (to find values still under an old key). */
export function keyIdOf(sealed: string): string | null {
  return /^v1\.([^.]+)\./.exec(sealed)?.[1] ?? null;
}

/**
 * Opens a sealed value. The error says what an operator can fix, never anything of the value.
 */
export async function unseal(sealed: string, setting: string | undefined, boundTo: string): Promise<string> {
  const ring = keyring(setting);
  if (!ring) throw new MissingKeyError();
  const [version, id, iv, data] = sealed.split('.');
  if (version !== 'v1' || !id || !iv || !data) throw new Error('The stored credentials are damaged: paste them again.');
  const secret = ring.keys.get(id);
  if (!secret) throw new Error(`The stored credentials were sealed with key "${id}", which STEWARD_CONNECTOR_KEY no longer holds: put it back, or paste the credentials again.`);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: unb64(iv), additionalData: new TextEncoder().encode(boundTo) }, await aesKey(secret), unb64(data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new Error(`The stored credentials do not open with key "${id}" (changed key, or copied from elsewhere): paste them again.`);
  }
}

/** "…f3a9": enough to tell two secrets apart, never enough to use one. */
export function hint(secret: string): string {
  return `…${secret.slice(-4)}`;
}
